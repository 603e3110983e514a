<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan;

use Runtime\Supercharger\StateScan\Analysis\FileAnalyzer;
use Runtime\Supercharger\StateScan\Analysis\FileReport;
use Runtime\Supercharger\StateScan\Analysis\ReportCache;
use Runtime\Supercharger\StateScan\Container\ContainerModel;
use Runtime\Supercharger\StateScan\Evaluation\Evaluator;
use Runtime\Supercharger\StateScan\Parsing\SourceFiles;
use Runtime\Supercharger\StateScan\Suppression\SuppressionFilter;

/** Entry point of the library: scans paths, optionally against a container, and applies suppressions. */
final class Scanner
{
    public function __construct(
        private readonly FileAnalyzer $analyzer = new FileAnalyzer(),
        /** Per-file results of earlier runs; null: analyse every file. */
        private readonly ?ReportCache $cache = null,
    ) {
    }

    /**
     * @param list<string> $paths files or directories
     * @param array<string, string> $vendorFiles third-party file => package (VendorPackages::collect())
     * @throws \InvalidArgumentException when a path does not exist
     */
    public function scan(array $paths, ?ContainerModel $container = null, array $vendorFiles = []): ScanResult
    {
        $files = array_values(array_diff(SourceFiles::collect($paths), array_keys($vendorFiles)));
        array_push($files, ...array_keys($vendorFiles));
        $reports = array_map(
            fn (string $file): FileReport => $this->cache?->analyze($this->analyzer, $file) ?? $this->analyzer->analyze($file),
            $files,
        );
        return self::evaluate($reports, $container, $vendorFiles);
    }

    /** @param list<FileReport> $reports @param array<string, string> $vendorFiles file => package */
    public static function evaluate(array $reports, ?ContainerModel $container = null, array $vendorFiles = []): ScanResult
    {
        $byFile = [];
        foreach ((new Evaluator($reports, $container))->findings() as $finding) {
            $byFile[$finding->file][] = $finding;
        }
        $findings = [];
        $suppressed = 0;
        foreach ($reports as $report) {
            [$remaining, $count] = SuppressionFilter::apply($report->file, $byFile[$report->file] ?? [], $report->suppressions);
            $package = $vendorFiles[$report->file] ?? null;
            foreach ($remaining as $finding) {
                $findings[] = $package === null ? $finding : $finding->inPackage($package);
            }
            $suppressed += $count;
        }
        usort($findings, [Finding::class, 'compare']);
        return new ScanResult($findings, count($reports), $suppressed);
    }
}
