<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Internal classes whose state an (array) cast cannot see or must not be compared:
 * connections and reflection objects have no comparable properties, and weak maps change
 * with garbage collection rather than with the application's state. SPL storages hide their
 * elements from the cast, so their element count is compared instead.
 */
final class OpaqueObjects
{
    private const OPAQUE = [
        \WeakMap::class,
        \WeakReference::class,
        \Generator::class,
        \Fiber::class,
        \PDO::class,
        \PDOStatement::class,
        \Reflector::class,
    ];

    private const STORAGES = [
        \SplObjectStorage::class,
        \SplDoublyLinkedList::class,
        \SplHeap::class,
        \SplPriorityQueue::class,
        \SplFixedArray::class,
    ];

    public static function isOpaque(object $value): bool
    {
        foreach (self::OPAQUE as $class) {
            if ($value instanceof $class) {
                return true;
            }
        }

        return false;
    }

    public static function countOfStorage(object $value): ?int
    {
        foreach (self::STORAGES as $class) {
            if ($value instanceof $class) {
                return \count($value);
            }
        }

        return null;
    }
}
