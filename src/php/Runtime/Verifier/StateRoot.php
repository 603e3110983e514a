<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/** One named place where state can outlive a request: a static property, a global, a service, a function's static variables. */
final class StateRoot
{
    public const STATIC_PROPERTY = 'static_property';
    public const GLOBAL = 'global';
    public const SERVICE = 'service';
    public const STATIC_VARIABLE = 'static_variable';

    public function __construct(
        public readonly string $kind,
        public readonly string $name,
        public readonly mixed $value,
    ) {
    }
}
