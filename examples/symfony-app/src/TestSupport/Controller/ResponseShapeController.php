<?php

namespace App\TestSupport\Controller;

use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\RedirectResponse;
use Runtime\Supercharger\EarlyHints;
use Symfony\Component\HttpFoundation\Response;

/**
 * Responses whose headers and status the server must pass through unchanged.
 */
final class ResponseShapeController
{
    public function cookies(): JsonResponse
    {
        $response = new JsonResponse(['cookies' => 3]);
        $response->headers->setCookie(Cookie::create('first', 'one'));
        $response->headers->setCookie(Cookie::create('second', 'two', 0, '/_test'));
        $response->headers->setCookie(Cookie::create('third', 'three', 0, '/', null, false, true, false, Cookie::SAMESITE_STRICT));

        return $response;
    }

    public function redirect(): RedirectResponse
    {
        return new RedirectResponse('/hello/redirected', Response::HTTP_FOUND);
    }

    /**
     * 103 Early Hints, then the page; "sent" says whether the hints left.
     */
    public function earlyHints(): JsonResponse
    {
        $sent = EarlyHints::send(['</style.css>; rel=preload; as=style', '</app.js>; rel=preload; as=script']);

        return new JsonResponse(['sent' => $sent], 200, ['Link' => '</style.css>; rel=preload; as=style']);
    }

    public function status(string $code): Response
    {
        return new Response('', (int) $code);
    }
}
