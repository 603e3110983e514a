<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Vendor;

/**
 * The PHP files of third-party packages under a vendor root, each with its package name.
 * Two layouts: Composer's vendor/<vendor>/<package>/ (lower-case directories), and an include
 * root laid out by namespace, like Debian's /usr/share/php (Symfony/Component/HttpKernel is
 * symfony/http-kernel, Doctrine/ORM doctrine/orm, Twig twig/twig). Test directories are skipped.
 */
final class VendorPackages
{
    private const SKIPPED_DIRECTORIES = ['tests', 'Tests', 'test', 'Test', 'fixtures', 'Fixtures', '.git', 'bin'];

    /**
     * @param list<string> $patterns package names or fnmatch() patterns to scan; empty: every package
     * @return array<string, string> file => package, sorted by file
     * @throws \InvalidArgumentException when the root is no directory
     */
    public static function collect(string $root, array $patterns = []): array
    {
        if (!is_dir($root)) {
            throw new \InvalidArgumentException(sprintf('Vendor directory "%s" does not exist.', $root));
        }
        $root = rtrim($root, '/');
        $files = [];
        foreach (self::walk($root) as $file) {
            $package = self::packageOf($root, substr($file, strlen($root) + 1));
            if ($package !== null && self::wanted($package, $patterns)) {
                $files[$file] = $package;
            }
        }
        ksort($files, SORT_STRING);
        return $files;
    }

    /** Package name of a path relative to the vendor root, or null for files outside any package. */
    public static function packageOf(string $root, string $relative): ?string
    {
        $parts = explode('/', $relative);
        if (count($parts) < 2) {
            return null;
        }
        if (strtolower($parts[0]) === $parts[0]) {
            return count($parts) >= 3 ? $parts[0] . '/' . $parts[1] : null;
        }
        $vendor = strtolower($parts[0]);
        if ($vendor === 'symfony' && count($parts) >= 4) {
            $suffix = match ($parts[1]) {
                'Bridge' => '-bridge',
                'Contracts' => '-contracts',
                default => '',
            };
            // Symfony/Component/Security/Core is symfony/security-core.
            if ($parts[2] === 'Security' && $parts[1] === 'Component' && count($parts) >= 5) {
                return 'symfony/security-' . self::kebab($parts[3]);
            }
            return 'symfony/' . self::kebab($parts[2]) . $suffix;
        }
        // A namespace directory with classes of its own (Twig/Environment.php, Monolog/Logger.php) is one
        // package, twig/twig; one with only sub-namespaces (Doctrine/ORM, Psr/Log) holds a package in each.
        if (count($parts) === 2 || self::isSinglePackage($root . '/' . $parts[0])) {
            return $vendor . '/' . $vendor;
        }
        return $vendor . '/' . self::kebab($parts[1]);
    }

    private static function isSinglePackage(string $directory): bool
    {
        static $known = [];
        return $known[$directory] ??= glob($directory . '/*.php') !== [];
    }

    /** @param list<string> $patterns */
    public static function wanted(string $package, array $patterns): bool
    {
        if ($patterns === []) {
            return true;
        }
        foreach ($patterns as $pattern) {
            if (fnmatch($pattern, $package)) {
                return true;
            }
        }
        return false;
    }

    /** HttpKernel -> http-kernel, ORM -> orm, DBAL -> dbal. */
    private static function kebab(string $name): string
    {
        return strtolower((string) preg_replace('/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/', '-', $name));
    }

    /** @return \Generator<string> */
    private static function walk(string $directory): \Generator
    {
        $entries = scandir($directory);
        if ($entries === false) {
            return;
        }
        foreach ($entries as $entry) {
            if ($entry === '.' || $entry === '..') {
                continue;
            }
            $path = $directory . '/' . $entry;
            if (is_dir($path)) {
                if (!in_array($entry, self::SKIPPED_DIRECTORIES, true)) {
                    yield from self::walk($path);
                }
            } elseif (str_ends_with($entry, '.php')) {
                yield $path;
            }
        }
    }
}
