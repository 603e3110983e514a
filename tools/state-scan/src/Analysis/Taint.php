<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/**
 * What a value can depend on: request-side sources (kind => how, e.g. 'request' => '$request->headers'),
 * and whether it went through a computation (a call or `new`) or is passed on as it came.
 * Immutable; the empty taint is a value fixed by construction-time state, constants or configuration.
 */
final class Taint
{
    public const REQUEST = 'request';
    public const TIME = 'time';
    public const RANDOM = 'randomness';
    public const DATABASE = 'database';
    public const ARGUMENT = 'argument';
    public const STATE = 'state';

    private static ?self $clean = null;

    /** @param array<string, string> $sources kind => first description seen */
    private function __construct(public readonly array $sources, public readonly bool $computed)
    {
    }

    public static function clean(): self
    {
        return self::$clean ??= new self([], false);
    }

    public static function of(string $kind, string $how, bool $computed = false): self
    {
        return new self([$kind => $how], $computed);
    }

    public function union(self $other): self
    {
        if ($other->sources === [] && (!$other->computed || $this->computed)) {
            return $this;
        }
        if ($this->sources === [] && (!$this->computed || $other->computed)) {
            return $other;
        }
        return new self($this->sources + $other->sources, $this->computed || $other->computed);
    }

    public function asComputed(): self
    {
        return $this->computed ? $this : new self($this->sources, true);
    }

    public function isClean(): bool
    {
        return $this->sources === [];
    }

    public function has(string $kind): bool
    {
        return isset($this->sources[$kind]);
    }

    /** Sources other than method arguments: the value can differ between requests whatever the caller passes. */
    public function withoutArguments(): self
    {
        $sources = $this->sources;
        unset($sources[self::ARGUMENT]);
        return count($sources) === count($this->sources) ? $this : new self($sources, $this->computed);
    }

    /** Why the value can differ between requests, for the strongest source; null when clean. */
    public function explain(): ?string
    {
        foreach ([self::REQUEST, self::DATABASE, self::TIME, self::RANDOM, self::STATE, self::ARGUMENT] as $kind) {
            if (isset($this->sources[$kind])) {
                $how = $this->sources[$kind];
                return match ($kind) {
                    self::TIME => sprintf('time-dependent via %s', $how),
                    self::RANDOM => sprintf('random via %s', $how),
                    self::DATABASE => sprintf('a database result via %s', $how),
                    self::STATE => sprintf('derived from %s, which holds request data', $how),
                    default => sprintf('request-derived via %s', $how),
                };
            }
        }
        return null;
    }

    public function equals(self $other): bool
    {
        return $this->sources === $other->sources && $this->computed === $other->computed;
    }
}
