<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Cli;

use Runtime\Supercharger\StateScan\Analysis\ReportCache;
use Runtime\Supercharger\StateScan\Baseline\Baseline;
use Runtime\Supercharger\StateScan\Container\ContainerModel;
use Runtime\Supercharger\StateScan\Container\ContainerXmlReader;
use Runtime\Supercharger\StateScan\Container\KernelContainerLoader;
use Runtime\Supercharger\StateScan\Report\JsonReporter;
use Runtime\Supercharger\StateScan\Report\Reporter;
use Runtime\Supercharger\StateScan\Report\SarifReporter;
use Runtime\Supercharger\StateScan\Report\TextReporter;
use Runtime\Supercharger\StateScan\ScanResult;
use Runtime\Supercharger\StateScan\Scanner;
use Runtime\Supercharger\StateScan\Vendor\VendorBaseline;
use Runtime\Supercharger\StateScan\Vendor\VendorPackages;

/** The runtime-state-scan command: parses options, runs the scan, prints the report, picks the exit status. */
final class Application
{
    public const EXIT_CLEAN = 0;
    public const EXIT_FINDINGS = 1;
    public const EXIT_USAGE = 2;

    /** @param resource $stdout @param resource $stderr */
    public function __construct(private $stdout = STDOUT, private $stderr = STDERR)
    {
    }

    /** @param list<string> $arguments without the program name */
    public function run(array $arguments): int
    {
        try {
            $options = Options::parse($arguments);
            if ($options->help) {
                fwrite($this->stdout, HelpText::render());
                return self::EXIT_CLEAN;
            }
            return $this->scan($options);
        } catch (UsageError $error) {
            fwrite($this->stderr, 'runtime-state-scan: ' . $error->getMessage() . "\nTry --help.\n");
            return self::EXIT_USAGE;
        } catch (\InvalidArgumentException | \RuntimeException $error) {
            fwrite($this->stderr, 'runtime-state-scan: ' . $error->getMessage() . "\n");
            return self::EXIT_USAGE;
        }
    }

    private function scan(Options $options): int
    {
        $baseline = $options->baseline !== null ? Baseline::load($options->baseline) : null;
        $vendorFiles = $options->vendor !== null ? VendorPackages::collect($options->vendor, $options->packages) : [];
        $vendorBaseline = $options->vendor !== null && $options->vendorBaseline !== 'none' && $options->generateVendorBaseline === null
            ? VendorBaseline::load($options->vendorBaseline ?? VendorBaseline::SHIPPED) : null;
        $result = (new Scanner(cache: $options->cacheDir !== null ? new ReportCache($options->cacheDir) : null))->scan($options->vendor !== null && $options->paths === ['src/'] && !is_dir('src') ? [] : $options->paths, $this->container($options), $vendorFiles);

        if ($options->generateVendorBaseline !== null) {
            $vendor = array_values(array_filter($result->findings, static fn ($finding): bool => $finding->package !== null));
            if (@file_put_contents($options->generateVendorBaseline, VendorBaseline::render($vendor)) === false) {
                throw new \RuntimeException(sprintf('Cannot write vendor baseline "%s".', $options->generateVendorBaseline));
            }
            fwrite($this->stderr, sprintf("Vendor baseline with %d finding(s) written to %s; give each a reason.\n", count($vendor), $options->generateVendorBaseline));
            return self::EXIT_CLEAN;
        }
        $result = self::acceptVendorFindings($result, $options->ignoredPackages, $vendorBaseline);

        if ($options->generateBaseline !== null) {
            $written = @file_put_contents($options->generateBaseline, Baseline::render($options->generateBaseline, $result->findings));
            if ($written === false) {
                throw new \RuntimeException(sprintf('Cannot write baseline "%s".', $options->generateBaseline));
            }
            fwrite($this->stderr, sprintf("Baseline with %d finding(s) written to %s.\n", count($result->findings), $options->generateBaseline));
            return self::EXIT_CLEAN;
        }
        if ($baseline !== null) {
            [$remaining, $accepted] = $baseline->filter($result->findings);
            $result = $result->withFindings($remaining, $accepted);
        }
        fwrite($this->stdout, $this->reporter($options->format)->render($result));
        return $result->findings === [] ? self::EXIT_CLEAN : self::EXIT_FINDINGS;
    }

    /** Drops vendor findings of ignored packages and those the vendor baseline has reviewed. @param list<string> $ignored */
    private static function acceptVendorFindings(ScanResult $result, array $ignored, ?VendorBaseline $baseline): ScanResult
    {
        $remaining = [];
        foreach ($result->findings as $finding) {
            if ($finding->package === null
                || (!($ignored !== [] && VendorPackages::wanted($finding->package, $ignored)) && $baseline?->reasonFor($finding) === null)
            ) {
                $remaining[] = $finding;
            }
        }
        return $result->withVendorAccepted($remaining, count($result->findings) - count($remaining));
    }

    private function container(Options $options): ?ContainerModel
    {
        if ($options->kernelFile !== null) {
            return KernelContainerLoader::load($options->kernelFile);
        }
        if ($options->containerXml !== null) {
            $xml = @file_get_contents($options->containerXml);
            if ($xml === false) {
                throw new \RuntimeException(sprintf('Container XML "%s" cannot be read.', $options->containerXml));
            }
            return ContainerXmlReader::read($xml);
        }
        return null;
    }

    private function reporter(string $format): Reporter
    {
        return match ($format) {
            'json' => new JsonReporter(),
            'sarif' => new SarifReporter(getcwd() ?: '.'),
            default => new TextReporter(),
        };
    }
}
