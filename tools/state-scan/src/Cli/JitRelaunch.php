<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Cli;

/**
 * Parsing a large tree is CPU-bound PHP: with opcache's JIT the scan takes about a quarter less
 * time. The CLI has opcache off by default and JIT cannot be switched on at run time, so the command
 * runs itself once more with it, passing its arguments and standard streams through.
 * RUNTIME_STATE_SCAN_NO_JIT=1 (or a PHP without opcache) keeps the current process.
 */
final class JitRelaunch
{
    private const GUARD = 'RUNTIME_STATE_SCAN_NO_JIT';

    /** @param list<string> $arguments @return int|null exit status of the relaunched scan, null to scan here */
    public static function run(string $script, array $arguments): ?int
    {
        if (getenv(self::GUARD) !== false || !extension_loaded('Zend OPcache') || !function_exists('proc_open')
            || (ini_get('opcache.enable_cli') === '1' && !in_array((string) ini_get('opcache.jit'), ['', '0', 'off', 'disable'], true))
        ) {
            return null;
        }
        $command = [
            PHP_BINARY, '-d', 'opcache.enable_cli=1', '-d', 'opcache.jit=tracing', '-d', 'opcache.jit_buffer_size=64M',
            $script, ...$arguments,
        ];
        $environment = getenv();
        $environment[self::GUARD] = '1';
        $process = @proc_open($command, [0 => STDIN, 1 => STDOUT, 2 => STDERR], $pipes, null, $environment);
        return is_resource($process) ? proc_close($process) : null;
    }
}
