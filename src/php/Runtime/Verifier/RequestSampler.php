<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Sampled verification: checks the 1st, (N+1)th, (2N+1)th... request of each route, so every
 * route is checked from its first request on and a busy route costs one check per N requests.
 * N = 1 checks every request.
 */
final class RequestSampler
{
    /** Bounds the memory of per-route counters on workers that see very many distinct paths. */
    private const MAX_ROUTES = 10000;

    /** @var array<string, int> route => requests seen */
    private array $seen = [];

    public function __construct(public readonly int $every = 1)
    {
        if ($every < 1) {
            throw new \InvalidArgumentException('the sampling interval must be at least 1');
        }
    }

    /** Parses the verify_state_every option: a positive integer, or null when absent or invalid. */
    public static function intervalFrom(mixed $value): ?int
    {
        $interval = filter_var($value, \FILTER_VALIDATE_INT, ['options' => ['min_range' => 1]]);

        return $interval === false ? null : $interval;
    }

    /** Counts one more request to the route; true when this one is to be checked. */
    public function shouldCheck(string $route): bool
    {
        if ($this->every === 1) {
            return true;
        }
        if (!isset($this->seen[$route]) && \count($this->seen) >= self::MAX_ROUTES) {
            $route = "\0other";
        }
        $count = $this->seen[$route] = ($this->seen[$route] ?? 0) + 1;

        return ($count - 1) % $this->every === 0;
    }
}
