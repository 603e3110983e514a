<?php

namespace App\Doctrine;

use App\Entity\Item;
use Doctrine\ORM\EntityManagerInterface;
use Doctrine\ORM\Tools\SchemaTool;

/**
 * Creates the schema and a few rows the first time the database is used.
 *
 * Several worker processes may reach an empty database at once, so creation
 * happens under an exclusive file lock and is re-checked inside it.
 */
final class SchemaInitializer
{
    public const SEED_NAMES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

    public function ensureSchema(EntityManagerInterface $entityManager, string $lockPath): void
    {
        if ($this->schemaExists($entityManager)) {
            return;
        }

        $lock = fopen($lockPath, 'c');
        if (false === $lock) {
            throw new \RuntimeException(sprintf('Cannot open the schema lock file "%s".', $lockPath));
        }

        try {
            if (!flock($lock, \LOCK_EX)) {
                throw new \RuntimeException(sprintf('Cannot lock the schema lock file "%s".', $lockPath));
            }
            if (!$this->schemaExists($entityManager)) {
                $this->createAndSeed($entityManager);
            }
        } finally {
            flock($lock, \LOCK_UN);
            fclose($lock);
        }
    }

    private function schemaExists(EntityManagerInterface $entityManager): bool
    {
        $table = $entityManager->getClassMetadata(Item::class)->getTableName();

        return $entityManager->getConnection()->createSchemaManager()->tablesExist([$table]);
    }

    private function createAndSeed(EntityManagerInterface $entityManager): void
    {
        $schemaTool = new SchemaTool($entityManager);
        $schemaTool->createSchema([$entityManager->getClassMetadata(Item::class)]);

        foreach (self::SEED_NAMES as $name) {
            $entityManager->persist(new Item($name));
        }
        $entityManager->flush();
        $entityManager->clear();
    }
}
