<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Container;

/**
 * Reads the XML dump of a compiled container (Symfony's debug dump, var/cache/<env>/<Kernel>*Container.xml).
 * Inlined service definitions are kept too: they live as long as the service that holds them.
 */
final class ContainerXmlReader
{
    private const NAMESPACE_URI = 'http://symfony.com/schema/dic/services';

    /**
     * @param array<string, list<string>> $ancestry see ContainerModel
     * @throws \InvalidArgumentException when the document is not a container dump
     */
    public static function read(string $xml, array $ancestry = []): ContainerModel
    {
        $document = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        try {
            $loaded = $xml !== '' && $document->loadXML($xml, LIBXML_NONET);
            $errors = libxml_get_errors();
            libxml_clear_errors();
        } finally {
            libxml_use_internal_errors($previous);
        }
        $root = $document->documentElement;
        if (!$loaded || $root === null || $root->localName !== 'container') {
            $detail = isset($errors[0]) ? trim($errors[0]->message) : 'the root element is not <container>';
            throw new \InvalidArgumentException('Not a Symfony container XML dump: ' . $detail);
        }
        $services = [];
        foreach (self::children($root, 'services') as $section) {
            foreach (self::children($section, 'service') as $element) {
                self::collect($element, null, $services);
            }
        }
        return new ContainerModel($services, $ancestry);
    }

    /** @param list<ServiceDefinition> $services */
    private static function collect(\DOMElement $element, ?ServiceDefinition $holder, array &$services): void
    {
        if ($element->hasAttribute('alias')) {
            return;
        }
        $class = $element->getAttribute('class') ?: null;
        $ownShared = $element->getAttribute('shared') !== 'false';
        $definition = new ServiceDefinition(
            $holder === null
                ? $element->getAttribute('id')
                : sprintf('%s (inline %s)', $holder->id, $class ?? 'service'),
            $class,
            // An inlined service lives inside its holder, so the holder's lifetime is what counts.
            $holder === null ? $ownShared : $holder->shared,
            $element->getAttribute('lazy') === 'true',
            $element->getAttribute('abstract') === 'true',
            self::tags($element),
            array_map(
                static fn (\DOMElement $call): string => $call->getAttribute('method'),
                self::children($element, 'call'),
            ),
        );
        $services[] = $definition;
        foreach (self::descendantServices($element) as $inline) {
            self::collect($inline, $definition, $services);
        }
    }

    /** @return list<array{name: string, attributes: array<string, string>}> */
    private static function tags(\DOMElement $service): array
    {
        $tags = [];
        foreach (self::children($service, 'tag') as $tag) {
            $attributes = [];
            foreach ($tag->attributes ?? [] as $attribute) {
                $attributes[$attribute->name] = $attribute->value;
            }
            foreach (self::children($tag, 'attribute') as $child) {
                $attributes[$child->getAttribute('name')] = trim($child->textContent);
            }
            // The dumper writes the tag name as text when the tag also has a "name" attribute.
            $text = '';
            foreach ($tag->childNodes as $node) {
                if ($node instanceof \DOMText) {
                    $text .= $node->data;
                }
            }
            $name = trim($text) !== '' ? trim($text) : ($attributes['name'] ?? '');
            if (trim($text) === '') {
                unset($attributes['name']);
            }
            $tags[] = ['name' => $name, 'attributes' => $attributes];
        }
        return $tags;
    }

    /** Nested <service> elements below arguments, properties and calls, without descending into them. */
    private static function descendantServices(\DOMElement $element): array
    {
        $found = [];
        foreach ($element->childNodes as $child) {
            if (!$child instanceof \DOMElement) {
                continue;
            }
            if ($child->localName === 'service') {
                $found[] = $child;
            } else {
                array_push($found, ...self::descendantServices($child));
            }
        }
        return $found;
    }

    /** @return list<\DOMElement> */
    private static function children(\DOMElement $parent, string $name): array
    {
        $children = [];
        foreach ($parent->childNodes as $child) {
            if ($child instanceof \DOMElement && $child->localName === $name
                && ($child->namespaceURI === null || $child->namespaceURI === self::NAMESPACE_URI)
            ) {
                $children[] = $child;
            }
        }
        return $children;
    }
}
