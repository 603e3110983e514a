<?php

declare(strict_types=1);

/*
 * Bootstraps runtime-state-scan: a PSR-4 loader for our namespace and nikic/php-parser.
 * php-parser is taken from an already loaded copy (e.g. Composer), then from
 * $RUNTIME_STATE_SCAN_PHP_PARSER, then from the include path (Debian: /usr/share/php).
 */

spl_autoload_register(static function (string $class): void {
    $prefix = 'Runtime\\Supercharger\\StateScan\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

if (!class_exists(\PhpParser\ParserFactory::class)) {
    $candidates = [];
    $fromEnv = getenv('RUNTIME_STATE_SCAN_PHP_PARSER');
    if (is_string($fromEnv) && $fromEnv !== '') {
        $candidates[] = $fromEnv;
    }
    $fromIncludePath = stream_resolve_include_path('PhpParser/autoload.php');
    if ($fromIncludePath !== false) {
        $candidates[] = $fromIncludePath;
    }
    $candidates[] = '/usr/share/php/PhpParser/autoload.php';
    foreach ($candidates as $candidate) {
        if (is_file($candidate)) {
            require_once $candidate;
            break;
        }
    }
}
