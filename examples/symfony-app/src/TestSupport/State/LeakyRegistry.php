<?php

namespace App\TestSupport\State;

/**
 * A shared service that remembers something from every request and is never reset: the
 * cross-request leak the runtime state verifier must name (test_state_verifier.py).
 */
final class LeakyRegistry
{
    /** @var list<string> */
    private array $seen = [];

    public function remember(string $value): int
    {
        $this->seen[] = $value;

        return \count($this->seen);
    }
}
