<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Container;

/** Boots an application kernel in a child PHP process and reads back its container description. */
final class KernelContainerLoader
{
    /** @throws \RuntimeException when the kernel cannot be booted or described */
    public static function load(string $kernelFile): ContainerModel
    {
        if (!is_file($kernelFile)) {
            throw new \RuntimeException(sprintf('Kernel file "%s" does not exist.', $kernelFile));
        }
        $output = self::temporaryFile();
        $log = self::temporaryFile();
        try {
            $command = [PHP_BINARY, __DIR__ . '/dump-container.php', realpath($kernelFile), $output];
            $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']], $pipes);
            if (!is_resource($process)) {
                throw new \RuntimeException('Could not start a PHP process to boot the kernel.');
            }
            $status = proc_close($process);
            $json = (string) file_get_contents($output);
            if ($status !== 0 || $json === '') {
                throw new \RuntimeException(sprintf(
                    "Booting the kernel from %s failed (exit status %d):\n%s",
                    $kernelFile,
                    $status,
                    self::tail((string) file_get_contents($log)),
                ));
            }
            $dump = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
            return ContainerXmlReader::read((string) $dump['xml'], (array) $dump['ancestry']);
        } finally {
            @unlink($output);
            @unlink($log);
        }
    }

    private static function temporaryFile(): string
    {
        $file = tempnam(sys_get_temp_dir(), 'runtime-state-scan-');
        if ($file === false) {
            throw new \RuntimeException('Could not create a temporary file.');
        }
        return $file;
    }

    private static function tail(string $text): string
    {
        $lines = explode("\n", trim($text));
        return implode("\n", array_slice($lines, -20));
    }
}
