<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Tells the operator about leaks: one warning line on the worker's stderr per leak, and an
 * annotation "state_leak.<kind>" => name on the current request's report, which the master
 * counts in runtime_state_leak_total{kind}.
 */
final class LeakReporter implements LeakSink
{
    /** Leaves room for the other annotations of the request (the native limit is 64). */
    private const MAX_ANNOTATIONS_PER_REQUEST = 32;

    /** @param list<StateLeak> $leaks */
    public function report(array $leaks, int $request): void
    {
        $annotated = 0;
        foreach ($leaks as $leak) {
            self::line(sprintf(
                'runtime-supercharger: state leak: %s %s (changed again by a request to %s, request %d of pid %d)',
                $leak->kind,
                $leak->name,
                $leak->route === '' ? 'an unknown route' : $leak->route,
                $request,
                getmypid(),
            ));
            if ($annotated < self::MAX_ANNOTATIONS_PER_REQUEST && \function_exists('runtime_supercharger_annotate')) {
                // Values beyond the native 4096-byte limit are refused; keep the start of long names.
                \runtime_supercharger_annotate('state_leak.' . $leak->kind, substr($leak->name, 0, 4096));
                ++$annotated;
            }
        }
    }

    public static function line(string $message): void
    {
        $stream = @fopen('php://stderr', 'w');
        if ($stream !== false) {
            fwrite($stream, $message . "\n");
            fclose($stream);
        }
    }
}
