<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/**
 * A raw fact found in one file that may become a finding. Whether it does depends on the whole
 * code base (class hierarchy, reset support) and, in container-aware mode, on the service definitions.
 */
final class Observation
{
    public function __construct(
        public readonly string $rule,
        public readonly int $line,
        public readonly string $symbol,
        /** Extra sentence appended to the rule message, e.g. where the write happens. */
        public readonly string $detail,
        /** Class, trait or enum whose code contains the observation (null outside classes). */
        public readonly ?string $ownerClass = null,
        /** Method (or "{closure}") that contains it; null for declarations. */
        public readonly ?string $method = null,
        /** Class holding the state: the owner for instance properties, the referenced class for statics. */
        public readonly ?string $stateClass = null,
        public readonly ?string $property = null,
        /** Lower-case name of the setter-style method that stores its argument here (see ClassFlow), or null. */
        public readonly ?string $setter = null,
        /** Parameters the setter requires: a call with fewer arguments is a call to another method of that name. */
        public readonly int $setterArity = 0,
    ) {
    }
}
