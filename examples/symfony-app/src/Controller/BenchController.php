<?php

namespace App\Controller;

use Doctrine\DBAL\Connection;
use Doctrine\ORM\EntityManagerInterface;
use Symfony\Component\EventDispatcher\EventSubscriberInterface;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpKernel\Event\RequestEvent;
use Symfony\Component\HttpKernel\KernelEvents;

/**
 * Write endpoints for bench/chaos.sh: proves that a write the client saw acknowledged
 * (HTTP 200) is committed, even while workers are being killed.
 *
 *   POST /bench/tx        inserts one row (body = client token) in a DBAL transaction,
 *                         answers {"id": ..., "token": ...}
 *   GET  /bench/tx/count  answers {"count": ...}
 *
 * The rows live in their own table, so /db/read keeps measuring the same five items.
 * The routes are mapped here, before the router runs, so that the benchmark routes stay
 * in this one file; the constructor takes no service, so the listener costs nothing on
 * other routes.
 */
final class BenchController implements EventSubscriberInterface
{
    private const TABLE = 'bench_tx';
    private const TOKEN_MAX_LENGTH = 128;

    /** path => [method => action] */
    private const ROUTES = [
        '/bench/tx' => ['POST' => 'write'],
        '/bench/tx/count' => ['GET' => 'count'],
    ];

    public static function getSubscribedEvents(): array
    {
        // Above RouterListener (32), which skips requests whose controller is already set.
        return [KernelEvents::REQUEST => ['route', 64]];
    }

    public function route(RequestEvent $event): void
    {
        $request = $event->getRequest();
        $actions = self::ROUTES[$request->getPathInfo()] ?? null;
        if (null === $actions) {
            return;
        }
        $action = $actions[$request->getMethod()] ?? null;
        if (null === $action) {
            $event->setResponse(new JsonResponse(
                ['error' => 'method not allowed'],
                405,
                ['Allow' => implode(', ', array_keys($actions))]
            ));

            return;
        }
        $request->attributes->set('_route', 'bench_tx_'.$action);
        $request->attributes->set('_controller', self::class.'::'.$action);
    }

    public function write(Request $request, EntityManagerInterface $entityManager): JsonResponse
    {
        $token = trim((string) $request->getContent());
        if ('' === $token || \strlen($token) > self::TOKEN_MAX_LENGTH) {
            return new JsonResponse(['error' => 'the body must be a token of 1..128 bytes'], 400);
        }

        $connection = $entityManager->getConnection();
        $this->ensureTable($connection);
        $id = $connection->transactional(static function (Connection $connection) use ($token): int {
            $connection->insert(self::TABLE, ['token' => $token, 'created_at' => microtime(true)]);

            return (int) $connection->lastInsertId();
        });

        return new JsonResponse(['id' => $id, 'token' => $token]);
    }

    public function count(EntityManagerInterface $entityManager): JsonResponse
    {
        $connection = $entityManager->getConnection();
        $this->ensureTable($connection);

        return new JsonResponse(['count' => (int) $connection->fetchOne('SELECT COUNT(*) FROM '.self::TABLE)]);
    }

    private function ensureTable(Connection $connection): void
    {
        $connection->executeStatement(
            'CREATE TABLE IF NOT EXISTS '.self::TABLE
            .' (id INTEGER PRIMARY KEY AUTOINCREMENT, token TEXT NOT NULL, created_at REAL NOT NULL)'
        );
    }
}
