<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Baseline;

/** Lexical path arithmetic (no symlink resolution, works for files that do not exist yet). */
final class PathMath
{
    public static function absolute(string $path): string
    {
        if (!str_starts_with($path, '/')) {
            $path = (getcwd() ?: '/') . '/' . $path;
        }
        $parts = [];
        foreach (explode('/', $path) as $part) {
            if ($part === '' || $part === '.') {
                continue;
            }
            if ($part === '..') {
                array_pop($parts);
            } else {
                $parts[] = $part;
            }
        }
        return '/' . implode('/', $parts);
    }

    /** Path of $target relative to the directory $from, using ".." where needed. */
    public static function relative(string $from, string $target): string
    {
        $fromParts = array_values(array_filter(explode('/', self::absolute($from)), 'strlen'));
        $targetParts = array_values(array_filter(explode('/', self::absolute($target)), 'strlen'));
        $common = 0;
        while (isset($fromParts[$common], $targetParts[$common]) && $fromParts[$common] === $targetParts[$common]) {
            ++$common;
        }
        $up = array_fill(0, count($fromParts) - $common, '..');
        return implode('/', [...$up, ...array_slice($targetParts, $common)]);
    }
}
