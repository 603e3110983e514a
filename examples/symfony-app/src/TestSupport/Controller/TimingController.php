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

    /**
     * Answers at once, then works this long after the response: a shutdown function runs at
     * the request's end, after fastcgi_finish_request() sent the response (like a
     * kernel.terminate listener sending mail).
     */
    public function workAfterResponse(string $ms): JsonResponse
    {
        $milliseconds = (int) $ms;
        register_shutdown_function(static function () use ($milliseconds): void {
            usleep($milliseconds * 1000);
        });

        return new JsonResponse(['works_after_response_ms' => $milliseconds]);
    }

    /**
     * Uses this much CPU time (what max_execution_time counts), whatever else runs.
     */
    public function spin(string $ms): JsonResponse
    {
        $cpu = static function (): float {
            $usage = getrusage();

            return $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']
                + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e6;
        };
        $until = $cpu() + (int) $ms / 1000;
        $turns = 0;
        while ($cpu() < $until) {
            ++$turns;
        }

        return new JsonResponse(['spun_ms' => (int) $ms, 'turns' => $turns]);
    }
}
