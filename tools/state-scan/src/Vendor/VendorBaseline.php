<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Vendor;

use Runtime\Supercharger\StateScan\Finding;

/**
 * Reviewed findings in third-party packages, each with a one-line reason, matched on package + rule +
 * symbol (never a path: the same package may sit in vendor/ or in /usr/share/php).
 * The shipped file covers the Symfony, Doctrine, Twig and Monolog versions Debian 12 ships.
 */
final class VendorBaseline
{
    public const SHIPPED = __DIR__ . '/debian-bookworm-baseline.json';

    /** @var array<string, string> key => reason */
    private array $reasons = [];

    /** @throws \RuntimeException when the file is missing, malformed, or an entry has no reason */
    public static function load(string $path): self
    {
        $content = @file_get_contents($path);
        if ($content === false) {
            throw new \RuntimeException(sprintf('Vendor baseline "%s" cannot be read.', $path));
        }
        try {
            $data = json_decode($content, true, 16, JSON_THROW_ON_ERROR);
        } catch (\JsonException $error) {
            throw new \RuntimeException(sprintf('Vendor baseline "%s" is not valid JSON: %s', $path, $error->getMessage()));
        }
        $baseline = new self();
        foreach (is_array($data) && is_array($data['findings'] ?? null) ? $data['findings'] : [null] as $entry) {
            foreach (['package', 'rule', 'symbol', 'reason'] as $field) {
                if (!is_array($entry) || !is_string($entry[$field] ?? null) || trim($entry[$field]) === '') {
                    throw new \RuntimeException(sprintf('Vendor baseline "%s" has an entry without package, rule, symbol and reason.', $path));
                }
            }
            $baseline->reasons[self::key($entry['package'], $entry['rule'], $entry['symbol'])] = $entry['reason'];
        }
        return $baseline;
    }

    /** @param list<Finding> $findings vendor findings (package set) */
    public static function render(array $findings): string
    {
        $entries = [];
        foreach ($findings as $finding) {
            $entries[self::key((string) $finding->package, $finding->rule, $finding->symbol)] = [
                'package' => $finding->package, 'rule' => $finding->rule, 'symbol' => $finding->symbol, 'reason' => 'TODO: review',
            ];
        }
        ksort($entries, SORT_STRING);
        $document = ['version' => 1, 'tool' => 'runtime-state-scan', 'findings' => array_values($entries)];
        return json_encode($document, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR) . "\n";
    }

    public function reasonFor(Finding $finding): ?string
    {
        return $finding->package === null ? null : ($this->reasons[self::key($finding->package, $finding->rule, $finding->symbol)] ?? null);
    }

    public function count(): int
    {
        return count($this->reasons);
    }

    private static function key(string $package, string $rule, string $symbol): string
    {
        return $package . "\0" . $rule . "\0" . $symbol;
    }
}
