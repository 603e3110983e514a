<?php

namespace App\TestSupport\State;

use Symfony\Contracts\Service\ResetInterface;

/**
 * Who the current request acts for, shaped like Symfony's TokenStorage (security-core is not
 * packaged here). Shared by the container, so only its reset keeps one user's identity out
 * of the next request (test_state_isolation.py).
 */
final class CurrentUserStorage implements ResetInterface
{
    private ?string $user = null;

    public function getUser(): ?string
    {
        return $this->user;
    }

    public function setUser(?string $user): void
    {
        $this->user = $user;
    }

    public function reset(): void
    {
        $this->user = null;
    }
}
