<?php

namespace App\TestSupport;

/**
 * Keeps a static array that grows on every call and is never reset, the kind
 * of cross-request state leak a state verifier must detect.
 */
final class DeliberateStaticLeak
{
    private const ENTRY_BYTES = 1024;

    /** @var list<string> */
    private static array $retained = [];

    /**
     * Retains one more entry and returns how many are retained in this process.
     */
    public function grow(): int
    {
        self::$retained[] = str_repeat('x', self::ENTRY_BYTES);

        return \count(self::$retained);
    }
}
