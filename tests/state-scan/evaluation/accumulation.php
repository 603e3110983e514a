<?php

namespace Evaluation\Accumulation;

// case: leaky list that every call appends to
final class EventLog
{
    private array $events = [];

    public function record(string $event): void
    {
        $this->events[] = $event; // expect: RS004
    }
}

// case: leaky request counter incremented per call
final class HitCounter
{
    private int $hits = 0;

    public function hit(): int
    {
        return ++$this->hits; // expect: RS004
    }
}

// case: leaky string concatenated on every call
final class OutputBuffer
{
    private string $buffer = '';

    public function write(string $chunk): void
    {
        $this->buffer .= $chunk; // expect: RS004
    }
}

// case: leaky array merged with its previous value
final class HeaderBag
{
    private array $headers = [];

    public function add(array $headers): void
    {
        $this->headers = array_merge($this->headers, $headers); // expect: RS004
    }
}

// case: leaky total summed with +=
final class Billing
{
    private float $total = 0.0;

    public function charge(float $amount): void
    {
        $this->total += $amount; // expect: RS004
    }
}

// case: leaky array_push on a property
final class Queue
{
    private array $jobs = [];

    public function push(string $job): void
    {
        array_push($this->jobs, $job); // expect: RS004
    }
}

// case: leaky registry of objects keyed by their id (identity map)
final class IdentityMap
{
    private array $entities = [];

    public function register(string $id, object $entity): void
    {
        $this->entities[$id] = $entity; // expect: RS004
    }
}

// case: leaky set of keys seen so far
final class SeenKeys
{
    private array $seen = [];

    public function mark(string $key): void
    {
        $this->seen[$key] = true; // expect: RS004
    }
}

// case: leaky static counter
final class StaticCounter
{
    private static int $calls = 0;

    public function call(): void
    {
        self::$calls++; // expect: RS001
    }
}

// case: leaky static list appended from a static method
final class StaticListeners
{
    private static array $listeners = [];

    public static function listen(callable $listener): void
    {
        self::$listeners[] = $listener; // expect: RS001
    }
}

// case: leaky per-route counter built from its previous value
final class RouteStats
{
    private array $counts = [];

    public function count(string $route): void
    {
        $this->counts[$route] = ($this->counts[$route] ?? 0) + 1; // expect: RS004
    }
}

// case: leaky spread of the previous list with a new entry
final class Breadcrumbs
{
    private array $crumbs = [];

    public function push(string $crumb): void
    {
        $this->crumbs = [...$this->crumbs, $crumb]; // expect: RS004
    }
}

// case: clean controller that calls the services above on every request
final class ApiController
{
    public function __construct(
        private readonly HeaderBag $headers,
        private readonly IdentityMap $map,
        private readonly Breadcrumbs $crumbs,
    ) {
    }

    public function show(string $id, object $entity): void
    {
        $this->headers->add(['X-Id' => $id]);
        $this->map->register($id, $entity);
        $this->crumbs->push($id);
    }
}
