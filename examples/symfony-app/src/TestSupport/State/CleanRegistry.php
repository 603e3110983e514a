<?php

namespace App\TestSupport\State;

use Symfony\Contracts\Service\ResetInterface;

/**
 * The same per-request memory as LeakyRegistry, reset between requests (autoconfigured
 * kernel.reset): the state verifier must stay silent about it.
 */
final class CleanRegistry implements ResetInterface
{
    /** @var list<string> */
    private array $seen = [];

    public function remember(string $value): int
    {
        $this->seen[] = $value;

        return \count($this->seen);
    }

    public function reset(): void
    {
        $this->seen = [];
    }
}
