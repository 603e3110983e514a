<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Report;

use Runtime\Supercharger\StateScan\Finding;
use Runtime\Supercharger\StateScan\ScanResult;

/** A JSON list of findings: file, line, rule, symbol, message, hint, service. */
final class JsonReporter implements Reporter
{
    public function render(ScanResult $result): string
    {
        return json_encode(
            array_map(static fn (Finding $finding): array => $finding->toArray(), $result->findings),
            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR,
        ) . "\n";
    }
}
