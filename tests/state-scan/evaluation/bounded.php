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
