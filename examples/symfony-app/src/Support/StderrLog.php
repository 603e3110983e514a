<?php

namespace App\Support;

/**
 * Writes one diagnostic line to the process's standard error.
 *
 * The STDERR constant only exists in the CLI SAPI; php://stderr works under
 * every SAPI (built-in server, FPM, embedded).
 */
final class StderrLog
{
    public static function line(string $message): void
    {
        $stream = @fopen('php://stderr', 'w');
        if (false === $stream) {
            return;
        }
        fwrite($stream, $message."\n");
        fclose($stream);
    }
}
