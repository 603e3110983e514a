<?php

namespace Evaluation\Bounded;

// case: clean balanced stack pushed and popped around each sub-request
final class NestingTracker
{
    private array $stack = [];

    public function enter(string $name): void
    {
        $this->stack[] = $name;
    }

    public function leave(): void
    {
        array_pop($this->stack);
    }
}

// case: clean balanced depth counter
final class Depth
{
    private int $depth = 0;

    public function enter(): void
    {
        ++$this->depth;
    }

    public function leave(): void
    {
        --$this->depth;
    }
}

// case: clean sort of a configured list
final class SortedPriorities
{
    public function __construct(private array $priorities)
    {
    }

    public function sorted(): array
    {
        sort($this->priorities);
        return $this->priorities;
    }
}

// case: clean clearing of a property to a constant
final class Clearable
{
    private ?array $cache = null;

    public function __construct(private readonly array $source)
    {
    }

    public function all(): array
    {
        return $this->cache ??= array_values($this->source);
    }

    public function clear(): void
    {
        $this->cache = null;
    }
}

// case: leaky function-static cache of per-call arguments
function remember_user(string $name): string
{
    static $names = []; // expect: RS008
    $names[] = $name;
    return $name;
}

// case: leaky global written from a function
function set_current_user(string $name): void
{
    global $currentUser;
    $currentUser = $name; // expect: RS002
}

// case: clean stateless service
final class PriceFormatter
{
    public function __construct(private readonly string $currency)
    {
    }

    public function format(float $amount): string
    {
        $formatted = number_format($amount, 2);
        return $formatted . ' ' . $this->currency;
    }
}

// case: clean memo on a clone (with-er)
final class Query
{
    private array $filters = [];

    public function with(string $filter): self
    {
        $copy = clone $this;
        $copy->filters[] = $filter;
        return $copy;
    }
}

// case: clean hi-lo id generator handing out a reserved block one id at a time
final class BlockIdGenerator
{
    private ?int $nextValue = null;
    private ?int $maxValue = null;

    public function __construct(private readonly \Doctrine\DBAL\Connection $connection, private readonly int $allocationSize = 10)
    {
    }

    public function generate(): int
    {
        if ($this->maxValue === null || $this->nextValue === $this->maxValue) {
            $current = (int) $this->connection->fetchOne('SELECT next_id FROM sequences FOR UPDATE');
            $this->nextValue = $current;
            $this->maxValue = $current + $this->allocationSize;
            $this->connection->executeStatement('UPDATE sequences SET next_id = ?', [$this->maxValue]);
        }
        return $this->nextValue++;
    }
}

// case: leaky quota refilled from the request when the counter reaches it
final class RequestQuota
{
    private int $used = 0;
    private int $quota = 0;

    public function consume(\Symfony\Component\HttpFoundation\Request $request): bool
    {
        if ($this->used >= $this->quota) {
            $this->used = 0;
            $this->quota = (int) $request->query->get('quota', 10); // expect: RS004
        }
        ++$this->used;
        return true;
    }
}
