<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\StreamedResponse;

final class StreamController
{
    private const CHUNKS = 5;
    private const PAUSE_MICROSECONDS = 100000;

    public function stream(): StreamedResponse
    {
        return new StreamedResponse(static function (): void {
            for ($chunk = 1; $chunk <= self::CHUNKS; ++$chunk) {
                echo "chunk {$chunk}\n";
                // Push through a userland output buffer if one is active, then the SAPI's.
                if (ob_get_level() > 0) {
                    ob_flush();
                }
                flush();
                if ($chunk < self::CHUNKS) {
                    usleep(self::PAUSE_MICROSECONDS);
                }
            }
        }, 200, [
            'Content-Type' => 'text/plain; charset=UTF-8',
            'X-Accel-Buffering' => 'no',
        ]);
    }
}
