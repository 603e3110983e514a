<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * The fingerprint of one root value: a hash of everything reachable within the limits, plus
 * the hashes of the object properties and nested arrays met on the way, keyed by their path
 * below the root ("->items", "->cache['key']->entries"), so a change can be named precisely.
 */
final class RootFingerprint
{
    /** @param array<string, string> $paths path below the root => hash */
    public function __construct(
        public readonly string $hash,
        public readonly array $paths,
        public readonly int $nodes,
    ) {
    }
}
