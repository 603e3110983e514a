<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Report;

use Runtime\Supercharger\StateScan\ScanResult;

/** Human-readable report: one block per finding, then a summary line. */
final class TextReporter implements Reporter
{
    public function render(ScanResult $result): string
    {
        $out = '';
        $package = null;
        foreach ($result->findings as $finding) {
            if ($finding->package !== null && $finding->package !== $package) {
                $package = $finding->package;
                $out .= sprintf("== vendor package %s ==\n\n", $package);
            }
            $out .= sprintf("%s:%d: %s %s\n", $finding->file, $finding->line, $finding->rule, $finding->symbol);
            $out .= sprintf("    %s\n", $finding->message);
            $out .= sprintf("    fix: %s\n\n", $finding->hint);
        }
        $accepted = [];
        if ($result->suppressedCount > 0) {
            $accepted[] = sprintf('%d suppressed', $result->suppressedCount);
        }
        if ($result->baselinedCount > 0) {
            $accepted[] = sprintf('%d in baseline', $result->baselinedCount);
        }
        if ($result->vendorAcceptedCount > 0) {
            $accepted[] = sprintf('%d vendor findings reviewed or ignored', $result->vendorAcceptedCount);
        }
        $vendor = count(array_filter($result->findings, static fn ($finding): bool => $finding->package !== null));
        if ($vendor > 0) {
            $accepted[] = sprintf('%d of the findings in vendor packages', $vendor);
        }
        $out .= sprintf(
            "%d finding%s in %d file%s scanned%s.\n",
            count($result->findings),
            count($result->findings) === 1 ? '' : 's',
            $result->fileCount,
            $result->fileCount === 1 ? '' : 's',
            $accepted === [] ? '' : ' (' . implode(', ', $accepted) . ')',
        );
        return $out;
    }
}
