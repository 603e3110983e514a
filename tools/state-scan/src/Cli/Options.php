<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Cli;

use Runtime\Supercharger\StateScan\Analysis\ReportCache;

/** Parsed command line. */
final class Options
{
    public const FORMATS = ['text', 'json', 'sarif'];

    /** @param list<string> $paths */
    public function __construct(
        public readonly array $paths,
        public readonly string $format = 'text',
        public readonly ?string $kernelFile = null,
        public readonly ?string $containerXml = null,
        public readonly ?string $baseline = null,
        public readonly ?string $generateBaseline = null,
        public readonly bool $help = false,
        /** Vendor scanning mode: root of the third-party packages (vendor/, /usr/share/php). */
        public readonly ?string $vendor = null,
        /** @var list<string> package patterns to scan under the vendor root; empty: all */
        public readonly array $packages = [],
        /** @var list<string> package patterns whose findings are not reported */
        public readonly array $ignoredPackages = [],
        /** Reviewed vendor findings; null: the shipped Debian baseline; 'none': no baseline. */
        public readonly ?string $vendorBaseline = null,
        public readonly ?string $generateVendorBaseline = null,
        /** Folder of per-file results kept between runs; null: no cache (--no-cache, or no home folder). */
        public readonly ?string $cacheDir = null,
    ) {
    }

    /**
     * @param list<string> $arguments command-line arguments without the program name
     * @throws UsageError
     */
    public static function parse(array $arguments): self
    {
        $values = [
            'format' => 'text', 'kernel' => null, 'container-xml' => null, 'baseline' => null, 'generate-baseline' => null,
            'vendor' => null, 'packages' => null, 'ignore-package' => null, 'vendor-baseline' => null,
            'generate-vendor-baseline' => null, 'cache-dir' => null,
        ];
        $noCache = false;
        $paths = [];
        $help = false;
        $onlyPaths = false;
        for ($i = 0; $i < count($arguments); ++$i) {
            $argument = $arguments[$i];
            if ($onlyPaths || $argument === '' || $argument[0] !== '-' || $argument === '-') {
                $paths[] = $argument;
                continue;
            }
            if ($argument === '--') {
                $onlyPaths = true;
                continue;
            }
            if ($argument === '--help' || $argument === '-h') {
                $help = true;
                continue;
            }
            if ($argument === '--no-cache') {
                $noCache = true;
                continue;
            }
            [$name, $value] = str_contains($argument, '=') ? explode('=', $argument, 2) : [$argument, null];
            $name = substr($name, 2);
            if (!str_starts_with($argument, '--') || !array_key_exists($name, $values)) {
                throw new UsageError(sprintf('Unknown option "%s".', $argument));
            }
            if ($value === null) {
                if (!isset($arguments[$i + 1])) {
                    throw new UsageError(sprintf('Option --%s needs a value.', $name));
                }
                $value = $arguments[++$i];
            }
            if ($value === '') {
                throw new UsageError(sprintf('Option --%s needs a non-empty value.', $name));
            }
            // Package lists may be given comma-separated and repeated.
            $values[$name] = in_array($name, ['packages', 'ignore-package'], true) && $values[$name] !== null
                ? $values[$name] . ',' . $value : $value;
        }
        $vendorOnly = ['packages', 'ignore-package', 'vendor-baseline', 'generate-vendor-baseline'];
        foreach ($vendorOnly as $name) {
            if ($values[$name] !== null && $values['vendor'] === null) {
                throw new UsageError(sprintf('Option --%s needs --vendor.', $name));
            }
        }
        if (!in_array($values['format'], self::FORMATS, true)) {
            throw new UsageError(sprintf('Unknown format "%s"; use one of: %s.', $values['format'], implode(', ', self::FORMATS)));
        }
        if ($values['kernel'] !== null && $values['container-xml'] !== null) {
            throw new UsageError('Use either --kernel or --container-xml, not both.');
        }
        return new self(
            $paths === [] ? ['src/'] : $paths,
            $values['format'],
            $values['kernel'],
            $values['container-xml'],
            $values['baseline'],
            $values['generate-baseline'],
            $help,
            $values['vendor'],
            self::list($values['packages']),
            self::list($values['ignore-package']),
            $values['vendor-baseline'],
            $values['generate-vendor-baseline'],
            $noCache ? null : ($values['cache-dir'] ?? ReportCache::defaultDirectory()),
        );
    }

    /** @return list<string> */
    private static function list(?string $value): array
    {
        return $value === null ? [] : array_values(array_filter(array_map('trim', explode(',', $value)), 'strlen'));
    }
}
