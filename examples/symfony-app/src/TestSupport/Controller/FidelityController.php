<?php

namespace App\TestSupport\Controller;

use App\Support\StderrLog;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\StreamedResponse;

/**
 * Behaviour the server must share with php-fpm: client aborts, the app's log lines.
 */
final class FidelityController
{
    /**
     * Writes and flushes `chunks` pieces of `bytes` bytes, `pause_ms` apart. With ignore=1 the
     * script asks to run on after the client leaves (ignore_user_abort). The last line on
     * stderr tells how far it got and what connection_status() said.
     */
    public function abortStream(Request $request): StreamedResponse
    {
        $chunks = max(1, min(100, $request->query->getInt('chunks', 10)));
        $bytes = max(1, min(1 << 20, $request->query->getInt('bytes', 8192)));
        $pauseMs = max(0, min(2000, $request->query->getInt('pause_ms', 300)));
        $ignore = $request->query->getBoolean('ignore');
        $tag = (string) $request->query->get('tag', 'abort');

        return new StreamedResponse(static function () use ($chunks, $bytes, $pauseMs, $ignore, $tag): void {
            $previous = ignore_user_abort($ignore);
            try {
                for ($chunk = 1; $chunk <= $chunks; ++$chunk) {
                    echo str_repeat('x', $bytes);
                    if (ob_get_level() > 0) {
                        ob_flush();
                    }
                    flush();
                    usleep($pauseMs * 1000);
                }
                StderrLog::line(sprintf('[app] %s finished pid=%d status=%d aborted=%d',
                    $tag, getmypid(), connection_status(), connection_aborted()));
            } finally {
                ignore_user_abort((bool) $previous);
            }
        }, 200, ['Content-Type' => 'application/octet-stream', 'X-Accel-Buffering' => 'no']);
    }

    /**
     * Writes the request body to stderr as one line, as an application's logger would.
     */
    public function logLine(Request $request): Response
    {
        StderrLog::line(rtrim($request->getContent(), "\n"));
        // ?hold_ms=N: the request stays in flight while the master relays the line.
        usleep(min(1000, max(0, (int) $request->query->get('hold_ms', 0))) * 1000);

        return new Response("logged\n", 200, ['Content-Type' => 'text/plain']);
    }
}
