<?php

/*
 * Class loading for the example application without Composer.
 *
 * Debian ships every Symfony, Twig and Doctrine package with its own
 * autoload.php under /usr/share/php; requiring the top-level ones pulls in
 * their dependencies. The application's own classes follow PSR-4 (App\ -> src/).
 *
 * Like Composer's vendor/autoload.php, this file must not return `true`:
 * autoload_runtime.php relies on `require_once` returning true only when the
 * file was already loaded by someone else.
 */

(static function (): void {
    $debianPhpDir = '/usr/share/php';

    // Some Debian autoloaders (Doctrine's) require their dependencies relative
    // to the include path; embedders may run with a different include_path.
    $includePath = explode(PATH_SEPARATOR, (string) get_include_path());
    if (!in_array($debianPhpDir, $includePath, true)) {
        set_include_path(implode(PATH_SEPARATOR, [...$includePath, $debianPhpDir]));
    }

    $packages = [
        'Symfony/Component/Runtime',
        'Symfony/Component/Dotenv',
        'Symfony/Component/Yaml',
        'Symfony/Component/Mime',
        'Symfony/Bundle/FrameworkBundle',
        'Symfony/Bundle/TwigBundle',
        'Doctrine/ORM',
    ];
    foreach ($packages as $package) {
        require_once $debianPhpDir.'/'.$package.'/autoload.php';
    }

    // runtime-supercharger's resetter bundle (config/bundles.php) ships with the server: our
    // workers have already registered its autoloader; elsewhere (php-fpm, the CLI) take it
    // from RUNTIME_PHP_DIR or this repository's src/php. With Composer, the package
    // runtime-supercharger/runtime does this instead (docs/worker-mode.md).
    if (!class_exists(\Runtime\Supercharger\Bundle\RuntimeResetterBundle::class)) {
        $runtimePhpDir = getenv('RUNTIME_PHP_DIR') ?: \dirname(__DIR__, 2).'/src/php';
        require_once $runtimePhpDir.'/autoload.php';
    }

    $appSourceDir = __DIR__.'/src/';
    spl_autoload_register(static function (string $class) use ($appSourceDir): void {
        if (!str_starts_with($class, 'App\\')) {
            return;
        }
        $file = $appSourceDir.str_replace('\\', '/', substr($class, 4)).'.php';
        if (is_file($file)) {
            require $file;
        }
    });
})();
