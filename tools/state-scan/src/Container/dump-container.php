<?php

declare(strict_types=1);

/*
 * Child process of runtime-state-scan --kernel: boots the application's kernel, obtains the compiled
 * container's XML dump and the class ancestry of every service, and writes both as JSON.
 * Runs in its own process so the scanner never loads application code.
 *
 * Usage: php dump-container.php <kernel-file> <output-json-file>
 */

use Runtime\Supercharger\StateScan\Container\ContainerXmlReader;
use Runtime\Supercharger\StateScan\Container\KernelContainerDump;

if ($argc !== 3) {
    fwrite(STDERR, "usage: dump-container.php <kernel-file> <output-json-file>\n");
    exit(2);
}
[, $kernelFile, $outputFile] = $argv;

require __DIR__ . '/../autoload.php';

// Symfony's autoload_runtime.php re-runs SCRIPT_FILENAME unless it is empty; we only want the return value.
$_SERVER['SCRIPT_FILENAME'] = '';

try {
    $dump = KernelContainerDump::fromKernelFile($kernelFile);
    file_put_contents($outputFile, json_encode($dump, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
} catch (\Throwable $error) {
    fwrite(STDERR, sprintf("%s: %s in %s:%d\n", $error::class, $error->getMessage(), $error->getFile(), $error->getLine()));
    exit(1);
}
exit(0);
