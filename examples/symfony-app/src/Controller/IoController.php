<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;

/**
 * An I/O-bound request for benchmarks: the process waits, the CPU is idle.
 */
final class IoController
{
    private const WAIT_MICROSECONDS = 20000;

    public function io(): JsonResponse
    {
        usleep(self::WAIT_MICROSECONDS);

        return new JsonResponse(['io' => 'done', 'waited_us' => self::WAIT_MICROSECONDS]);
    }
}
