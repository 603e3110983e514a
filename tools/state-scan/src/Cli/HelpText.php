<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Cli;

use Runtime\Supercharger\StateScan\RuleCatalog;

/** The --help output. */
final class HelpText
{
    public static function render(): string
    {
        $rules = '';
        foreach (RuleCatalog::all() as $rule) {
            $rules .= sprintf("  %s  %s\n", $rule->id, $rule->name);
        }
        return <<<TEXT
            runtime-state-scan: find state that leaks between requests when a Symfony kernel stays in memory (worker mode).

            Usage:
              runtime-state-scan [options] [--] [PATH...]

            PATH is a PHP file or a directory (default: src/). Directories named vendor/ and var/ are
            skipped while walking a directory; pass them explicitly to scan them.

            Options:
              --format FORMAT            text (default), json or sarif (SARIF 2.1.0)
              --kernel FILE              container-aware mode: FILE returns a kernel, or a closure
                                         `function (array \$context) { return new Kernel(...); }`;
                                         it is booted in a separate PHP process
              --container-xml FILE       container-aware mode from the compiled container's debug dump
                                         (var/cache/<env>/<Kernel>*Container.xml)
              --baseline FILE            do not report findings listed in FILE (matched on rule, file, symbol)
              --generate-baseline FILE   write all current findings to FILE and exit 0
              --vendor DIR               also scan the third-party packages under DIR (vendor/, or an include
                                         root such as /usr/share/php); their findings are reported apart,
                                         by package, and the shipped baseline of reviewed findings applies
              --packages LIST            with --vendor: only these packages (comma-separated, * patterns)
              --ignore-package LIST      with --vendor: do not report findings of these packages
              --vendor-baseline FILE     with --vendor: reviewed vendor findings (package, rule, symbol,
                                         reason) instead of the shipped one; "none" for no baseline
              --generate-vendor-baseline FILE  with --vendor: write the vendor findings to FILE and exit 0
              --cache-dir DIR            keep per-file results in DIR between runs (default:
                                         \$RUNTIME_STATE_SCAN_CACHE_DIR, \$XDG_CACHE_HOME/runtime-state-scan
                                         or ~/.cache/runtime-state-scan); a changed file is analysed again
              --no-cache                 analyse every file, keep nothing
              -h, --help                 show this help

            Suppress one finding with a comment on its line or the line above:
              // runtime-state-scan: ignore RS001 reason: <why this is safe>

            Exit status: 0 no findings, 1 findings reported, 2 usage or setup error.

            Rules:
            {$rules}
            TEXT;
    }
}
