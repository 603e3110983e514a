<?php

// Autoloader for the Runtime\Supercharger namespace (this directory), usable without composer.

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Runtime\\Supercharger\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

// The resetter bundle ships next to this directory; apps served by our workers find it
// without adding anything to their own autoloading.
require_once \dirname(__DIR__) . '/Bundle/autoload.php';
