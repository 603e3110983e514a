<?php

namespace App\Service;

use Symfony\Contracts\Service\ResetInterface;

/**
 * Holds state that belongs to a single request. The kernel's services
 * resetter calls reset() between requests (tag kernel.reset).
 */
final class RequestCounter implements ResetInterface
{
    /** @var list<string> */
    private array $recorded = [];
    private int $resetCount = 0;

    /**
     * Records an item and returns how many were recorded before it.
     */
    public function record(string $item): int
    {
        $before = \count($this->recorded);
        $this->recorded[] = $item;

        return $before;
    }

    /**
     * Resets since this service was created (it lives as long as the kernel's container).
     */
    public function getResetCount(): int
    {
        return $this->resetCount;
    }

    public function reset(): void
    {
        $this->recorded = [];
        ++$this->resetCount;
    }
}
