<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Parsing;

/**
 * Expands the paths given on the command line into the PHP files to scan.
 * Directories named vendor or var are skipped while walking, but are scanned when given explicitly.
 */
final class SourceFiles
{
    private const SKIPPED_DIRECTORIES = ['vendor', 'var', '.git', 'node_modules'];

    /**
     * @param list<string> $paths
     * @return list<string> sorted, without duplicates
     * @throws \InvalidArgumentException when a path does not exist
     */
    public static function collect(array $paths): array
    {
        $files = [];
        foreach ($paths as $path) {
            if (is_file($path)) {
                $files[self::normalize($path)] = true;
                continue;
            }
            if (!is_dir($path)) {
                throw new \InvalidArgumentException(sprintf('Path "%s" does not exist.', $path));
            }
            foreach (self::walk(rtrim($path, '/')) as $file) {
                $files[$file] = true;
            }
        }
        $list = array_keys($files);
        sort($list, SORT_STRING);
        return $list;
    }

    /** @return \Generator<string> */
    private static function walk(string $directory): \Generator
    {
        $entries = scandir($directory);
        if ($entries === false) {
            return;
        }
        sort($entries, SORT_STRING);
        foreach ($entries as $entry) {
            if ($entry === '.' || $entry === '..') {
                continue;
            }
            $path = $directory . '/' . $entry;
            if (is_dir($path)) {
                if (!in_array($entry, self::SKIPPED_DIRECTORIES, true) && !is_link($path)) {
                    yield from self::walk($path);
                }
            } elseif (str_ends_with($entry, '.php')) {
                yield self::normalize($path);
            }
        }
    }

    private static function normalize(string $path): string
    {
        return str_starts_with($path, './') ? substr($path, 2) : $path;
    }
}
