<?php

namespace App\Controller;

use App\Kernel;
use App\Service\RequestCounter;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * Shows whether per-request state survives into the next request: with
 * services reset between requests, "seen_before_in_this_request" is always 0.
 */
final class CounterController
{
    private RequestCounter $counter;
    private Kernel $kernel;

    public function __construct(RequestCounter $counter, Kernel $kernel)
    {
        $this->counter = $counter;
        $this->kernel = $kernel;
    }

    public function counter(Request $request): JsonResponse
    {
        $seenBefore = $this->counter->record($request->getRequestUri());

        return new JsonResponse([
            'seen_before_in_this_request' => $seenBefore,
            'resets' => $this->counter->getResetCount(),
            'pid' => getmypid(),
            'kernel_instance' => $this->kernel->getInstanceNumber(),
        ]);
    }
}
