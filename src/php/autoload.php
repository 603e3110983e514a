<?php

/*
 * The one class loader of the runtime's PHP, for use without Composer: PSR-4, the namespace
 * Runtime\Supercharger\ is the folder Runtime/ (the worker runner, the Symfony Runtime, the
 * state verifier under Verifier/, the resetter bundle under Bundle/). composer.json next to
 * this file declares the same mapping for applications that install the package.
 *
 * worker-bootstrap.php requires it before the application; an application run elsewhere
 * (php-fpm, bin/console) without Composer requires it before its kernel is built.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Runtime\\Supercharger\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/Runtime/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
