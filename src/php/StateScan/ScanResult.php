<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan;

/** Outcome of one scan: the findings still open plus counts of what was accepted. */
final class ScanResult
{
    /** @param list<Finding> $findings sorted by file, line, rule */
    public function __construct(
        public readonly array $findings,
        public readonly int $fileCount,
        public readonly int $suppressedCount,
        public readonly int $baselinedCount = 0,
    ) {
    }

    /** @param list<Finding> $findings */
    public function withFindings(array $findings, int $baselined): self
    {
        return new self($findings, $this->fileCount, $this->suppressedCount, $this->baselinedCount + $baselined);
    }
}
