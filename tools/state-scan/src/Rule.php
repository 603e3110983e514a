<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan;

/** One check the scanner performs: a stable id, a short name and the advice shown with each finding. */
final class Rule
{
    public function __construct(
        public readonly string $id,
        public readonly string $name,
        public readonly string $message,
        public readonly string $hint,
        public readonly string $level = 'warning',
    ) {
    }
}
