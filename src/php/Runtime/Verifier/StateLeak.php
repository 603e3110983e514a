<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/** A named piece of state that requests to one route keep changing. */
final class StateLeak
{
    public function __construct(
        /** One of the StateRoot kinds. */
        public readonly string $kind,
        /** Class::$property, $GLOBALS['name'] or a service id, followed by the changed path. */
        public readonly string $name,
        /** The route (or path) whose requests changed it. */
        public readonly string $route,
    ) {
    }
}
