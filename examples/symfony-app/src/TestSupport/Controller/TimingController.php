<?php

namespace App\TestSupport\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;

final class TimingController
{
    /**
     * Blocks inside C code (usleep), where PHP cannot run userland handlers.
     */
    public function sleep(string $ms): JsonResponse
    {
        $milliseconds = (int) $ms;
        usleep($milliseconds * 1000);

        return new JsonResponse(['slept_ms' => $milliseconds]);
    }
}
