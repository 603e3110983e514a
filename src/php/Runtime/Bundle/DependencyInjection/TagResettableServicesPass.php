<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle\DependencyInjection;

use Runtime\Supercharger\Bundle\Resetter\EntityManagerResetter;
use Runtime\Supercharger\Bundle\Resetter\OpenTransactionResetter;
use Symfony\Component\DependencyInjection\Argument\IteratorArgument;
use Symfony\Component\DependencyInjection\ChildDefinition;
use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\DependencyInjection\Definition;
use Symfony\Component\DependencyInjection\Reference;

/**
 * Tags every shared service of a known resettable class with kernel.reset (unless the app
 * already did, so nothing is reset twice per request), and registers the adapters for the
 * state that needs more than one method call: entity managers and open transactions.
 */
final class TagResettableServicesPass implements CompilerPassInterface
{
    public const ADAPTERS_PARAMETER = 'runtime_supercharger.resetters';
    private const RESET_TAG = 'kernel.reset';
    private const ENTITY_MANAGER = 'Doctrine\\ORM\\EntityManagerInterface';
    private const CONNECTION = 'Doctrine\\DBAL\\Connection';
    private const REGISTRY_ID = 'doctrine';

    public function process(ContainerBuilder $container): void
    {
        $managers = [];
        $connections = [];
        foreach ($container->getDefinitions() as $id => $definition) {
            if ($definition->isAbstract() || $definition->isSynthetic() || !$definition->isShared()) {
                continue;
            }
            $class = self::classOf($container, (string) $id, $definition);
            if ($class === null) {
                continue;
            }
            // Watched without being instantiated: only what a request created gets reset.
            $watched = new Reference((string) $id, ContainerInterface::IGNORE_ON_UNINITIALIZED_REFERENCE);
            if (is_a($class, self::ENTITY_MANAGER, true)) {
                $managers[(string) $id] = $watched;
            } elseif (is_a($class, self::CONNECTION, true)) {
                $connections[(string) $id] = $watched;
            } elseif (!$definition->hasTag(self::RESET_TAG)) {
                $method = ResettableClasses::methodFor($class);
                if ($method !== null) {
                    $definition->addTag(self::RESET_TAG, ['method' => $method]);
                }
            }
        }

        $adapters = [];
        if ($connections !== []) {
            // Registered first: a transaction is rolled back before its manager is cleared.
            $adapters[] = self::register($container, 'runtime_supercharger.resetter.open_transactions', OpenTransactionResetter::class, [new IteratorArgument($connections)]);
        }
        if ($managers !== []) {
            $registry = $container->has(self::REGISTRY_ID)
                ? new Reference(self::REGISTRY_ID, ContainerInterface::IGNORE_ON_INVALID_REFERENCE)
                : null;
            $adapters[] = self::register($container, 'runtime_supercharger.resetter.entity_managers', EntityManagerResetter::class, [new IteratorArgument($managers), $registry]);
        }
        $container->setParameter(self::ADAPTERS_PARAMETER, $adapters);
    }

    /** @param list<mixed> $arguments */
    private static function register(ContainerBuilder $container, string $id, string $class, array $arguments): string
    {
        $container->setDefinition($id, (new Definition($class, $arguments)))
            ->setPublic(true)
            ->addTag(self::RESET_TAG, ['method' => 'reset']);

        return $id;
    }

    /** The service's class, following parent definitions; services named after a class or interface count too. */
    private static function classOf(ContainerBuilder $container, string $id, Definition $definition): ?string
    {
        $class = $definition->getClass();
        while ($class === null && $definition instanceof ChildDefinition && $container->hasDefinition($definition->getParent())) {
            $definition = $container->getDefinition($definition->getParent());
            $class = $definition->getClass();
        }
        $class = $class === null ? $id : $container->getParameterBag()->resolveValue($class);
        if (!\is_string($class)) {
            return null;
        }
        try {
            return class_exists($class) || interface_exists($class) ? $class : null;
        } catch (\Throwable) {
            return null; // a class whose file fails to load is not ours to judge
        }
    }
}
