<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

/**
 * Loads the front controller the Symfony Runtime way and hands the application to the runner.
 *
 * Two kinds of front controller work unchanged:
 *  - composer apps whose index.php requires vendor/autoload_runtime.php: that file resolves
 *    APP_RUNTIME (our Runtime by default here) and runs our runner itself;
 *  - files that just return a closure `function (array $context) { return new Kernel(...); }`.
 */
final class WorkerBootstrap
{
    /** Apps that return a closure without loading an autoloader get Debian's symfony/runtime. */
    private static function ensureSymfonyRuntime(): void
    {
        if (class_exists(\Symfony\Component\Runtime\SymfonyRuntime::class)) {
            return;
        }
        $autoload = stream_resolve_include_path('Symfony/Component/Runtime/autoload.php');
        if ($autoload === false) {
            throw new \RuntimeException('symfony/runtime is not installed: the app must load it (composer require symfony/runtime) or install php-symfony-runtime.');
        }
        require_once $autoload;
    }

    /** @param array<string, string> $options from runtime_supercharger_options() */
    public static function run(array $options): int
    {
        $entry = $options['entry'] ?? '';
        if ($entry === '' || !is_file($entry)) {
            throw new \RuntimeException(sprintf('The entry file "%s" does not exist.', $entry));
        }
        $documentRoot = $options['document_root'] ?? dirname($entry);
        Preflight::check($options['preflight_files'] ?? '');

        // The front controller sees what it sees under php-fpm.
        $_SERVER['SCRIPT_FILENAME'] = $entry;
        $_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/' . ltrim(substr($entry, strlen($documentRoot)), '/');
        $_SERVER['DOCUMENT_ROOT'] = $documentRoot;
        // What symfony/runtime's worker-mode runners (FrankenPHP, RoadRunner) declare, before
        // the runtime boots: the kernel's runtime_mode parameters read it; requests keep it.
        $_SERVER['APP_RUNTIME_MODE'] = $_ENV['APP_RUNTIME_MODE'] = 'web=1&worker=1';
        if (!isset($_SERVER['APP_RUNTIME']) && !isset($_ENV['APP_RUNTIME'])) {
            $_SERVER['APP_RUNTIME'] = Runtime::class;
        }
        $_SERVER['APP_RUNTIME_OPTIONS'] = ($_SERVER['APP_RUNTIME_OPTIONS'] ?? []) + [
            'runtime_supercharger' => $options,
        ];

        $app = require $entry;

        if (!$app instanceof \Closure) {
            throw new \RuntimeException(sprintf(
                'The entry file "%s" must return a closure (Symfony Runtime convention), got %s.',
                $entry,
                get_debug_type($app),
            ));
        }
        self::ensureSymfonyRuntime();
        $runtime = new Runtime($_SERVER['APP_RUNTIME_OPTIONS'] + ['project_dir' => dirname($entry, 2)]);
        [$app, $arguments] = $runtime->getResolver($app)->resolve();

        return $runtime->getRunner($app(...$arguments))->run();
    }
}
