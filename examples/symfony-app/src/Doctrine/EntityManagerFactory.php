<?php

namespace App\Doctrine;

use Doctrine\DBAL\DriverManager;
use Doctrine\ORM\EntityManager;
use Doctrine\ORM\EntityManagerInterface;
use Doctrine\ORM\ORMSetup;
use Doctrine\ORM\Proxy\ProxyFactory;
use Psr\Cache\CacheItemPoolInterface;
use Symfony\Component\Cache\Adapter\ArrayAdapter;
use Symfony\Component\Cache\Adapter\PhpFilesAdapter;

/**
 * Builds the ORM without DoctrineBundle (which Debian does not package):
 * attribute mapping of src/Entity, a SQLite file, and a schema created on
 * first use.
 */
final class EntityManagerFactory
{
    private SchemaInitializer $schemaInitializer;
    private string $databasePath;
    private string $cacheDir;
    private bool $debug;

    public function __construct(SchemaInitializer $schemaInitializer, string $databasePath, string $cacheDir, bool $debug)
    {
        $this->schemaInitializer = $schemaInitializer;
        $this->databasePath = $databasePath;
        $this->cacheDir = $cacheDir;
        $this->debug = $debug;
    }

    public function create(): EntityManagerInterface
    {
        $config = ORMSetup::createAttributeMetadataConfiguration(
            [\dirname(__DIR__).'/Entity'],
            $this->debug,
            $this->cacheDir.'/proxies',
            $this->createMetadataCache()
        );
        // Production must not fail on a cold proxy directory either.
        $config->setAutoGenerateProxyClasses(ProxyFactory::AUTOGENERATE_FILE_NOT_EXISTS);

        $this->ensureDirectory(\dirname($this->databasePath));
        $connection = DriverManager::getConnection(
            ['driver' => 'pdo_sqlite', 'path' => $this->databasePath],
            $config
        );

        $entityManager = new EntityManager($connection, $config);
        $this->schemaInitializer->ensureSchema($entityManager, $this->databasePath.'.lock');

        return $entityManager;
    }

    private function createMetadataCache(): CacheItemPoolInterface
    {
        if ($this->debug) {
            return new ArrayAdapter();
        }

        return new PhpFilesAdapter('orm', 0, $this->cacheDir.'/metadata');
    }

    private function ensureDirectory(string $directory): void
    {
        if (!is_dir($directory) && !@mkdir($directory, 0777, true) && !is_dir($directory)) {
            throw new \RuntimeException(sprintf('Cannot create the database directory "%s".', $directory));
        }
    }
}
