<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Bounds on the work done to fingerprint one root (a static property, a global, a service)
 * and one whole check, so that verification cost stays predictable on large object graphs.
 * A root whose walk hits a bound is still fingerprinted deterministically: the same state
 * is cut at the same place, so only real changes show up as differences.
 */
final class Limits
{
    public function __construct(
        /** Nesting levels walked below a root; deeper values count only by type. */
        public readonly int $maxDepth = 8,
        /** Values (scalars, arrays, objects) visited per root. */
        public readonly int $maxNodesPerRoot = 20000,
        /** Values visited per check over all roots; roots past it are skipped for that check. */
        public readonly int $maxNodesPerCheck = 400000,
        /** String bytes hashed per root; longer strings beyond it count by length only. */
        public readonly int $maxBytesPerRoot = 4 * 1024 * 1024,
        /** Property paths remembered per root (they let a report name the changed property). */
        public readonly int $maxPathsPerRoot = 2000,
    ) {
    }
}
