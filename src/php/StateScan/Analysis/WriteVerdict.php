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
    )
    {
    }

    /** A value fixed by construction state, constants or configuration (memoisation, lazy init, flags). */
    public static function clean(string $reason, bool $restores = false): self
    {
        return new self(self::CLEAN, $reason, $restores);
    }

    public static function requestDerived(string $reason, bool $restores = false, bool $fromRequestSource = false): self
    {
        return new self(self::REQUEST_DERIVED, $reason, $restores, $fromRequestSource);
    }

    public static function accumulating(string $reason): self
    {
        return new self(self::ACCUMULATING, $reason);
    }

    public function isLeakRisk(): bool
    {
        return $this->kind !== self::CLEAN;
    }
}
