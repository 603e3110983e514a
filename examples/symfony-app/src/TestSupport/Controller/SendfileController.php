<?php

namespace App\TestSupport\Controller;

use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * Delegates the response body to the server: X-Sendfile (a file path) or X-Accel-Redirect
 * (a URI under the configured sendfile roots). The body PHP writes must never reach the client.
 */
final class SendfileController
{
    public function sendfile(Request $request): Response
    {
        $header = $request->query->get('accel') !== null ? 'X-Accel-Redirect' : 'X-Sendfile';
        $value = (string) ($request->query->get('accel') ?? $request->query->get('path', ''));
        $response = new Response('body from PHP that the server replaces');
        $response->headers->set($header, $value);
        $response->headers->set('Content-Disposition', 'attachment; filename="download.txt"');
        if ($request->query->get('type') !== null) {
            $response->headers->set('Content-Type', (string) $request->query->get('type'));
        }

        return $response;
    }
}
