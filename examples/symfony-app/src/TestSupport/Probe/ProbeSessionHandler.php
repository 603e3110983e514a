<?php

namespace App\TestSupport\Probe;

/**
 * A user session save handler class (files in one directory), registered once per worker
 * the way a shared service registers its handler.
 */
final class ProbeSessionHandler implements \SessionHandlerInterface
{
    public function __construct(private readonly string $directory)
    {
    }

    public function open(string $path, string $name): bool
    {
        return true;
    }

    public function close(): bool
    {
        return true;
    }

    public function read(string $id): string|false
    {
        $file = $this->file($id);

        return is_file($file) ? (string) file_get_contents($file) : '';
    }

    public function write(string $id, string $data): bool
    {
        return file_put_contents($this->file($id), $data) !== false;
    }

    public function destroy(string $id): bool
    {
        $file = $this->file($id);

        return !is_file($file) || unlink($file);
    }

    public function gc(int $max_lifetime): int|false
    {
        return 0;
    }

    private function file(string $id): string
    {
        return $this->directory . '/sess_' . preg_replace('/[^A-Za-z0-9,-]/', '', $id);
    }
}
