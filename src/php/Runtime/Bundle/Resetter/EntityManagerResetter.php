<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle\Resetter;

use Doctrine\ORM\EntityManagerInterface;
use Doctrine\Persistence\ManagerRegistry;

/**
 * Empties the identity map and unit of work of every entity manager a request used, after
 * rolling back a transaction the request left open on its connection. A manager
 * closed by a failed flush cannot be reopened: the registry replaces it when it knows it;
 * otherwise the worker retires rather than serve requests with a dead manager.
 */
final class EntityManagerResetter
{
    /** @param iterable<string, EntityManagerInterface> $managers service id => manager, instantiated ones only */
    public function __construct(
        private readonly iterable $managers,
        private readonly ?ManagerRegistry $registry = null,
    ) {
    }

    public function reset(): void
    {
        foreach ($this->managers as $id => $manager) {
            if ($manager->isOpen()) {
                OpenTransactionResetter::rollBackAll($manager->getConnection());
                $manager->clear();
                continue;
            }
            $name = $this->registryName((string) $id);
            if ($name === null) {
                throw new WorkerMustRetire(sprintf('The entity manager "%s" is closed and no manager registry can replace it.', $id));
            }
            $this->registry->resetManager($name);
        }
    }

    private function registryName(string $serviceId): ?string
    {
        if ($this->registry === null) {
            return null;
        }
        foreach ($this->registry->getManagerNames() as $name => $id) {
            if ($id === $serviceId) {
                return (string) $name;
            }
        }

        return null;
    }
}
