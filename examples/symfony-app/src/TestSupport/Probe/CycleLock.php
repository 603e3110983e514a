<?php

namespace App\TestSupport\Probe;

/**
 * Holds an exclusive flock() until destroyed. Put in a reference cycle, only the garbage
 * collector frees it: php-fpm does at request end, and so must a worker.
 */
final class CycleLock
{
    public ?self $self = null;

    /** @var resource */
    private $handle;

    public function __construct(string $file)
    {
        $this->handle = fopen($file, 'c');
        flock($this->handle, LOCK_EX);
    }

    public function __destruct()
    {
        flock($this->handle, LOCK_UN);
        fclose($this->handle);
    }
}
