<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;

final class HomeController
{
    public function index(): JsonResponse
    {
        return new JsonResponse(['app' => 'runtime-supercharger example', 'ok' => true]);
    }

    public function hello(string $name): JsonResponse
    {
        return new JsonResponse(['hello' => $name]);
    }
}
