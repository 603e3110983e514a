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
        /** Vendor findings accepted by the vendor baseline or an ignored package. */
        public readonly int $vendorAcceptedCount = 0,
    ) {
    }

    /** @param list<Finding> $findings */
    public function withFindings(array $findings, int $baselined): self
    {
        return new self($findings, $this->fileCount, $this->suppressedCount, $this->baselinedCount + $baselined, $this->vendorAcceptedCount);
    }

    /** @param list<Finding> $findings */
    public function withVendorAccepted(array $findings, int $accepted): self
    {
        return new self($findings, $this->fileCount, $this->suppressedCount, $this->baselinedCount, $this->vendorAcceptedCount + $accepted);
    }
}
