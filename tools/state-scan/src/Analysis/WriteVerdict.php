<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/** Whether one write to a property keeps per-request data, and why. */
final class WriteVerdict
{
    public const CLEAN = 'clean';
    public const REQUEST_DERIVED = 'request-derived';
    public const ACCUMULATING = 'accumulating';

    private function __construct(
        public readonly string $kind,
        public readonly string $reason,
        /** A whole-property assignment that is no accumulation: in a reset method it restores the property. */
        public readonly bool $restores = false,
        /** The value comes from the request, time, randomness or the database (not only from arguments). */
        public readonly bool $fromRequestSource = false,
        /** Lower-case name of the setter-style public method that stores its argument (set*, add*, register*...). */
        public readonly ?string $setter = null,
        /** Required parameters of that setter. */
        public readonly int $setterArity = 0,
    )
    {
    }

    /** A value fixed by construction state, constants or configuration (memoisation, lazy init, flags). */
    public static function clean(string $reason, bool $restores = false): self
    {
        return new self(self::CLEAN, $reason, $restores);
    }

    /**
     * Not kept between calls, but holding request data while it lives: values computed from the property are
     * still request-derived.
     */
    public static function cleanHoldingRequestData(string $reason): self
    {
        return new self(self::CLEAN, $reason, false, true);
    }

    public static function requestDerived(string $reason, bool $restores = false, bool $fromRequestSource = false): self
    {
        return new self(self::REQUEST_DERIVED, $reason, $restores, $fromRequestSource);
    }

    public static function accumulating(string $reason): self
    {
        return new self(self::ACCUMULATING, $reason);
    }

    /** The same verdict, noted as made in a setter-style method that requires the given number of arguments. */
    public function inSetter(string $method, int $arity): self
    {
        return new self($this->kind, $this->reason, $this->restores, $this->fromRequestSource, $method, $arity);
    }

    public function isLeakRisk(): bool
    {
        return $this->kind !== self::CLEAN;
    }
}
