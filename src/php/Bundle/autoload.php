<?php

// Autoloader for Runtime\Supercharger\Bundle (this directory), for apps without composer:
// require it before the kernel is built, e.g. from the app's autoload file.

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Runtime\\Supercharger\\Bundle\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
