<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

use Psr\Link\LinkInterface;
use Symfony\Component\HttpFoundation\Request;

/**
 * 103 Early Hints for Symfony 5.4 (which has no Response::sendEarlyHints()): the browser starts
 * fetching the preloaded assets while the controller still works. Call it from a controller or a
 * kernel.request listener, before any output:
 *
 *     EarlyHints::send(['</build/app.css>; rel=preload; as=style']);
 *     EarlyHints::preload('/build/app.js', 'script');
 *     EarlyHints::fromRequest($request);   // the links WebLink's preload() put on the request
 *
 * Every method returns false (and does nothing) outside runtime-supercharger, once the response
 * head has left, or for an empty list; hints are advisory, so callers need not check.
 */
final class EarlyHints
{
    /** @param list<string> $links Link header values, e.g. '</app.css>; rel=preload; as=style' */
    public static function send(array $links): bool
    {
        if ($links === [] || !\function_exists('runtime_supercharger_send_early_hints')) {
            return false;
        }

        return runtime_supercharger_send_early_hints(array_values($links));
    }

    /** One `rel=preload` link; `$as`: style, script, font, image, fetch ... */
    public static function preload(string $uri, string $as, bool $crossorigin = false): bool
    {
        $link = sprintf('<%s>; rel=preload; as=%s', $uri, $as);

        return self::send([$crossorigin ? $link.'; crossorigin' : $link]);
    }

    /**
     * The links symfony/web-link's preload()/prefetch() helpers collected in the request's
     * `_links` attribute (a PSR-13 link provider), as Link header values.
     */
    public static function fromRequest(Request $request): bool
    {
        $provider = $request->attributes->get('_links');
        if (!\is_object($provider) || !method_exists($provider, 'getLinks')) {
            return false;
        }
        $links = [];
        foreach ($provider->getLinks() as $link) {
            if ($link instanceof LinkInterface) {
                $links[] = self::format($link);
            }
        }

        return self::send($links);
    }

    private static function format(LinkInterface $link): string
    {
        $value = '<'.$link->getHref().'>';
        if ($link->getRels() !== []) {
            $value .= '; rel="'.implode(' ', $link->getRels()).'"';
        }
        foreach ($link->getAttributes() as $name => $attribute) {
            if ($attribute === true) {
                $value .= '; '.$name;
            } elseif (\is_string($attribute) || \is_int($attribute)) {
                $value .= sprintf('; %s="%s"', $name, addcslashes((string) $attribute, '"\\'));
            }
        }

        return $value;
    }
}
