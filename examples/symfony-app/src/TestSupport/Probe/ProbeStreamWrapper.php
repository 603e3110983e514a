<?php

namespace App\TestSupport\Probe;

/**
 * A user stream wrapper that serves one fixed string for any path.
 */
final class ProbeStreamWrapper
{
    /** @var resource|null */
    public $context;

    private int $position = 0;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened_path): bool
    {
        $this->position = 0;

        return true;
    }

    public function stream_read(int $count): string|false
    {
        $data = substr('probe-wrapper', $this->position, $count);
        $this->position += strlen($data);

        return $data;
    }

    public function stream_eof(): bool
    {
        return $this->position >= strlen('probe-wrapper');
    }

    public function stream_stat(): array|false
    {
        return [];
    }
}
