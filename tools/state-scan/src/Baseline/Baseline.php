<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Baseline;

use Runtime\Supercharger\StateScan\Finding;

/**
 * Accepted findings, matched on rule + file + symbol (never the line, so edits above a finding
 * do not invalidate the baseline). File paths are stored relative to the baseline file.
 */
final class Baseline
{
    private const VERSION = 1;

    /** @var array<string, true> */
    private array $keys = [];

    /** @param list<array{rule: string, file: string, symbol: string}> $entries */
    private function __construct(private readonly string $directory, array $entries)
    {
        foreach ($entries as $entry) {
            $this->keys[self::key($entry['rule'], $entry['file'], $entry['symbol'])] = true;
        }
    }

    /** @throws \RuntimeException when the file is missing or malformed */
    public static function load(string $path): self
    {
        $content = @file_get_contents($path);
        if ($content === false) {
            throw new \RuntimeException(sprintf('Baseline "%s" cannot be read.', $path));
        }
        try {
            $data = json_decode($content, true, 16, JSON_THROW_ON_ERROR);
        } catch (\JsonException $error) {
            throw new \RuntimeException(sprintf('Baseline "%s" is not valid JSON: %s', $path, $error->getMessage()));
        }
        $entries = is_array($data) ? ($data['findings'] ?? null) : null;
        if (!is_array($entries)) {
            throw new \RuntimeException(sprintf('Baseline "%s" has no "findings" list.', $path));
        }
        foreach ($entries as $entry) {
            if (!is_array($entry) || !is_string($entry['rule'] ?? null) || !is_string($entry['file'] ?? null)
                || !is_string($entry['symbol'] ?? null)
            ) {
                throw new \RuntimeException(sprintf('Baseline "%s" has an entry without rule, file and symbol.', $path));
            }
        }
        return new self(self::directoryOf($path), $entries);
    }

    /** @param list<Finding> $findings */
    public static function render(string $path, array $findings): string
    {
        $directory = self::directoryOf($path);
        $entries = [];
        foreach ($findings as $finding) {
            $entry = ['rule' => $finding->rule, 'file' => PathMath::relative($directory, $finding->file), 'symbol' => $finding->symbol];
            $entries[self::key($entry['rule'], $entry['file'], $entry['symbol'])] = $entry;
        }
        ksort($entries, SORT_STRING);
        $document = ['version' => self::VERSION, 'tool' => 'runtime-state-scan', 'findings' => array_values($entries)];
        return json_encode($document, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR) . "\n";
    }

    /**
     * @param list<Finding> $findings
     * @return array{0: list<Finding>, 1: int} findings not in the baseline, number accepted
     */
    public function filter(array $findings): array
    {
        $remaining = [];
        $accepted = 0;
        foreach ($findings as $finding) {
            $key = self::key($finding->rule, PathMath::relative($this->directory, $finding->file), $finding->symbol);
            if (isset($this->keys[$key])) {
                ++$accepted;
            } else {
                $remaining[] = $finding;
            }
        }
        return [$remaining, $accepted];
    }

    private static function key(string $rule, string $file, string $symbol): string
    {
        return $rule . "\0" . $file . "\0" . $symbol;
    }

    private static function directoryOf(string $path): string
    {
        return PathMath::absolute(dirname($path));
    }
}
