<?php

namespace App\TestSupport\Controller;

use App\TestSupport\DeliberateStaticLeak;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * State that must (session) or must not (static leak) outlive a request.
 */
final class StateController
{
    private DeliberateStaticLeak $leak;

    public function __construct(DeliberateStaticLeak $leak)
    {
        $this->leak = $leak;
    }

    /**
     * Counts requests per session cookie: each client sees only its own count.
     */
    public function session(Request $request): JsonResponse
    {
        $session = $request->getSession();
        $count = (int) $session->get('count', 0) + 1;
        $session->set('count', $count);

        return new JsonResponse(['count' => $count, 'session_id' => $session->getId()]);
    }

    public function stateLeak(): JsonResponse
    {
        return new JsonResponse(['retained' => $this->leak->grow(), 'pid' => getmypid()]);
    }
}
