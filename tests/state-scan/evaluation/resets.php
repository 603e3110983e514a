<?php

namespace Evaluation\Resets;

use Symfony\Contracts\Service\ResetInterface;

// case: clean resettable buffer fully restored by reset()
final class FullReset implements ResetInterface
{
    private array $records = [];
    private int $count = 0;

    public function log(string $record): void
    {
        $this->records[] = $record;
        $this->count++;
    }

    public function reset(): void
    {
        $this->records = [];
        $this->count = 0;
    }
}

// case: leaky partial reset forgets one property
final class PartialReset implements ResetInterface
{
    private array $records = [];
    private array $errors = [];

    public function log(string $record, bool $error): void
    {
        $this->records[] = $record;
        if ($error) {
            $this->errors[] = $record; // expect: RS004
        }
    }

    public function reset(): void
    {
        $this->records = [];
    }
}

// case: clean reset through a helper method
final class ResetThroughHelper implements ResetInterface
{
    private array $cache = [];

    public function put(string $key, string $value): void
    {
        $this->cache[$key] = $value;
    }

    public function reset(): void
    {
        $this->clear();
    }

    public function clear(): void
    {
        $this->cache = [];
    }
}

// case: clean static restored by reset()
final class StaticRestored implements ResetInterface
{
    private static array $memo = [];

    public function remember(string $key, string $value): void
    {
        self::$memo[$key] = $value;
    }

    public function reset(): void
    {
        self::$memo = [];
    }
}

// case: leaky static counter incremented inside reset()
final class ResetCounter implements ResetInterface
{
    private static int $resets = 0;
    private array $items = [];

    public function add(string $item): void
    {
        $this->items[] = $item;
    }

    public function reset(): void
    {
        $this->items = [];
        self::$resets++; // expect: RS001
    }
}

// case: leaky static in a resettable class that reset() never touches
final class StaticNotReset implements ResetInterface
{
    private static array $registry = [];
    private array $buffer = [];

    public function register(string $name): void
    {
        self::$registry[] = $name; // expect: RS001
        $this->buffer[] = $name;
    }

    public function reset(): void
    {
        $this->buffer = [];
    }
}

// case: leaky instance counter incremented by reset() itself
final class CountsResets implements ResetInterface
{
    private int $resetCount = 0;

    public function reset(): void
    {
        $this->resetCount++; // expect: RS004
    }
}

// case: clean Monolog-style resettable handler
final class BufferHandler implements \Monolog\ResettableInterface
{
    private array $buffer = [];

    public function handle(array $record): void
    {
        $this->buffer[] = $record;
    }

    public function reset(): void
    {
        $this->buffer = [];
    }
}

// case: leaky request value kept beside a reset property
final class PartialRequestState implements ResetInterface
{
    private array $seen = [];
    private ?string $lastPath = null;

    public function see(string $path): void
    {
        $this->seen[] = $path;
        $this->lastPath = $path; // expect: RS004
    }

    public function reset(): void
    {
        $this->seen = [];
    }
}

// case: clean request code registering names on every request
final class RegisteringController
{
    public function __invoke(StaticNotReset $registry, string $name): void
    {
        $registry->register($name);
    }
}

// case: clean native-session check in a listener whose reset() empties $_SESSION
final class NativeSessionListener implements ResetInterface
{
    public function isSessionEmpty(): bool
    {
        return empty($_SESSION);
    }

    public function reset(): void
    {
        $_SESSION = [];
    }
}

// case: clean session read in request code of a resettable listener (the server rebuilds $_SESSION per request)
final class SessionFlagListener implements ResetInterface
{
    private bool $seen = false;

    public function hasCart(): bool
    {
        return isset($_SESSION['cart']);
    }

    public function reset(): void
    {
        $this->seen = false;
    }
}
