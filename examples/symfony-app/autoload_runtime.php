<?php

/*
 * Our equivalent of the vendor/autoload_runtime.php that symfony/runtime's
 * Composer plugin generates.
 *
 * A front controller requires this file and returns a closure. This file then
 * requires the front controller itself to obtain that closure, resolves its
 * arguments through the runtime, runs the resulting application and exits
 * with the runner's status.
 *
 * When autoload.php was already loaded before this file (an application
 * server that requires the autoloader, then the front controller, to get the
 * closure for itself), this file does nothing and the front controller simply
 * returns its closure to that caller.
 */

if (true === (require_once __DIR__.'/autoload.php') || empty($_SERVER['SCRIPT_FILENAME'])) {
    return;
}

(static function (): void {
    // Debian's php.ini uses variables_order="GPCS": the process environment
    // never reaches $_SERVER/$_ENV under SAPIs like the built-in web server,
    // yet the runtime reads APP_* from there. Bridge those variables only.
    foreach (getenv() as $name => $value) {
        if (str_starts_with($name, 'APP_') && !isset($_SERVER[$name]) && !isset($_ENV[$name])) {
            $_SERVER[$name] = $value;
        }
    }
})();

$app = require $_SERVER['SCRIPT_FILENAME'];

if (!is_object($app)) {
    throw new TypeError(sprintf('Invalid return value: callable object expected, "%s" returned from "%s".', get_debug_type($app), $_SERVER['SCRIPT_FILENAME']));
}

$runtimeClass = $_SERVER['APP_RUNTIME'] ?? $_ENV['APP_RUNTIME'] ?? Symfony\Component\Runtime\SymfonyRuntime::class;

if (!is_string($runtimeClass) || !class_exists($runtimeClass)) {
    throw new LogicException(sprintf('APP_RUNTIME names the runtime class "%s", which does not exist or cannot be autoloaded. Register its autoloader before this file runs or unset APP_RUNTIME to use the default "%s".', is_string($runtimeClass) ? $runtimeClass : get_debug_type($runtimeClass), Symfony\Component\Runtime\SymfonyRuntime::class));
}

if (!is_subclass_of($runtimeClass, Symfony\Component\Runtime\RuntimeInterface::class)) {
    throw new LogicException(sprintf('APP_RUNTIME names the class "%s", which does not implement "%s".', $runtimeClass, Symfony\Component\Runtime\RuntimeInterface::class));
}

$runtimeOptions = ($_SERVER['APP_RUNTIME_OPTIONS'] ?? $_ENV['APP_RUNTIME_OPTIONS'] ?? []) + [
    'project_dir' => __DIR__,
];

$runtime = new $runtimeClass($runtimeOptions);

[$app, $args] = $runtime
    ->getResolver($app)
    ->resolve();

$app = $app(...$args);

exit(
    $runtime
        ->getRunner($app)
        ->run()
);
