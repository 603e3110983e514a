<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle\Resetter;

use Doctrine\DBAL\Connection;

/**
 * Rolls back transactions a request left open (an exception between beginTransaction() and
 * commit()); otherwise the next request would run inside it and its writes would depend on
 * how that stranger's transaction ends. A rollback that fails leaves the connection in an
 * unknown state, so its exception propagates and the worker retires.
 */
final class OpenTransactionResetter
{
    /** @param iterable<string, Connection> $connections service id => connection, instantiated ones only */
    public function __construct(private readonly iterable $connections)
    {
    }

    public function reset(): void
    {
        foreach ($this->connections as $connection) {
            self::rollBackAll($connection);
        }
    }

    public static function rollBackAll(Connection $connection): void
    {
        while ($connection->isTransactionActive()) {
            $connection->rollBack();
        }
    }
}
