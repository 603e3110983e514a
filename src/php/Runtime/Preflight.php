<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

/**
 * Development mode (pools[].watch): the files changed since start are parsed before the
 * worker boots. Classes load lazily, so a syntax error in a controller would otherwise only
 * show at its first request, after the rolling reload had already retired the old workers;
 * failing the boot instead keeps them serving and puts the error in the server log.
 */
final class Preflight
{
    /** @param string $files newline-separated absolute paths */
    public static function check(string $files): void
    {
        foreach (array_filter(array_map('trim', explode("\n", $files)), 'strlen') as $file) {
            $code = @file_get_contents($file);
            if ($code === false) {
                continue; // deleted since: nothing to compile
            }
            try {
                token_get_all($code, TOKEN_PARSE);
            } catch (\ParseError $error) {
                throw new \RuntimeException(sprintf(
                    'syntax error in %s on line %d: %s; the previous workers keep serving',
                    $file,
                    $error->getLine(),
                    $error->getMessage(),
                ), 0, $error);
            }
        }
    }
}
