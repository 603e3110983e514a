<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle\DependencyInjection;

/**
 * Classes and interfaces known to hold per-request state, with the method that empties it.
 * Names are strings: a package that is not installed simply never matches.
 */
final class ResettableClasses
{
    /** @var array<string, string> class or interface => reset method */
    private const METHODS = [
        // Anything that declares itself resettable: HTTP clients, token storage, profilers,
        // in-memory registries, Symfony's ArrayAdapter and other array caches.
        'Symfony\\Contracts\\Service\\ResetInterface' => 'reset',
        'Symfony\\Component\\Cache\\ResettableInterface' => 'reset',
        // Monolog loggers and buffering handlers (BufferHandler, FingersCrossedHandler, ...).
        'Monolog\\ResettableInterface' => 'reset',
        // doctrine/cache 1.x in-memory cache.
        'Doctrine\\Common\\Cache\\ArrayCache' => 'flushAll',
    ];

    /** Resettable classes that must not be tagged. */
    private const EXCLUDED = [
        // The services resetter resets the tagged services: tagging it would recurse forever.
        'Symfony\\Component\\HttpKernel\\DependencyInjection\\ServicesResetter',
    ];

    /** The reset method for a class, or null when it holds no known per-request state. */
    public static function methodFor(string $class): ?string
    {
        foreach (self::EXCLUDED as $excluded) {
            if (is_a($class, $excluded, true)) {
                return null;
            }
        }
        foreach (self::METHODS as $type => $method) {
            if (is_a($class, $type, true)) {
                return $method;
            }
        }

        return null;
    }
}
