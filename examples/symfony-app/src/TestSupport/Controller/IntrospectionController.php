<?php

namespace App\TestSupport\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * Lets tests see what the application server handed to PHP.
 */
final class IntrospectionController
{
    private const JSON_FLAGS = \JSON_UNESCAPED_SLASHES | \JSON_INVALID_UTF8_SUBSTITUTE | \JSON_PARTIAL_OUTPUT_ON_ERROR;

    /**
     * The raw superglobals and request body, read directly rather than through
     * the Request object so tests check exactly what the SAPI populated.
     */
    public function server(): JsonResponse
    {
        $input = (string) file_get_contents('php://input');

        return $this->json([
            'server' => $_SERVER,
            'get' => $_GET,
            'post' => $_POST,
            'cookie' => $_COOKIE,
            'files' => $_FILES,
            'request' => $_REQUEST,
            'input' => ['md5' => md5($input), 'length' => \strlen($input)],
        ]);
    }

    /**
     * The request headers as the application sees them, minus the bookkeeping
     * header Symfony's HttpKernel adds on its own.
     */
    public function echoHeaders(Request $request): JsonResponse
    {
        $headers = $request->headers->all();
        unset($headers['x-php-ob-level']);

        return $this->json($headers);
    }

    public function ini(): JsonResponse
    {
        return $this->json([
            'memory_limit' => ini_get('memory_limit'),
            'max_execution_time' => ini_get('max_execution_time'),
            'zlib.output_compression' => ini_get('zlib.output_compression'),
        ]);
    }

    public function opcache(): JsonResponse
    {
        // opcache_get_status() warns and returns false under opcache.restrict_api.
        $status = \function_exists('opcache_get_status') ? @opcache_get_status(false) : false;
        if (!\is_array($status)) {
            return $this->json(['enabled' => false]);
        }

        return $this->json(['enabled' => (bool) ($status['opcache_enabled'] ?? false)] + $status);
    }

    /**
     * The SAPI name PHP reports to the application (PHP_SAPI and php_sapi_name()).
     */
    public function sapi(): JsonResponse
    {
        return $this->json(['constant' => \PHP_SAPI, 'function' => \php_sapi_name()]);
    }

    /**
     * @param array<mixed> $data
     */
    private function json(array $data): JsonResponse
    {
        $response = new JsonResponse();
        $response->setEncodingOptions(self::JSON_FLAGS);

        return $response->setData($data);
    }
}
