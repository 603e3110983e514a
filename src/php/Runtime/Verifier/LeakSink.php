<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/** Where the verifier sends the leaks found by one check. */
interface LeakSink
{
    /** @param list<StateLeak> $leaks */
    public function report(array $leaks, int $request): void;
}
