<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Report;

use Runtime\Supercharger\StateScan\ScanResult;

/** Renders a scan result in one output format. */
interface Reporter
{
    public function render(ScanResult $result): string;
}
