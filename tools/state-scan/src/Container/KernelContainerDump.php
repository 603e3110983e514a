<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Container;

/**
 * Runs inside the child process only: boots a kernel and describes its container.
 * Uses the debug XML dump when FrameworkBundle wrote one, otherwise rebuilds and dumps the container.
 */
final class KernelContainerDump
{
    /** @return array{xml: string, ancestry: array<string, list<string>>} */
    public static function fromKernelFile(string $kernelFile): array
    {
        $kernel = self::createKernel($kernelFile);
        $kernel->boot();
        $xml = self::containerXml($kernel);
        return ['xml' => $xml, 'ancestry' => self::ancestry(ContainerXmlReader::read($xml))];
    }

    private static function createKernel(string $kernelFile): object
    {
        $application = require $kernelFile;
        if ($application instanceof \Closure || (is_object($application) && is_callable($application) && !self::isKernel($application))) {
            $application = $application(...self::runtimeArguments($application));
        }
        if (!is_object($application) || !self::isKernel($application)) {
            throw new \UnexpectedValueException(sprintf(
                '%s must return a Symfony kernel or a closure returning one, got %s.',
                $kernelFile,
                get_debug_type($application),
            ));
        }
        return $application;
    }

    private static function isKernel(object $candidate): bool
    {
        return $candidate instanceof \Symfony\Component\HttpKernel\KernelInterface;
    }

    /** Mirrors what Symfony Runtime passes to the application closure for the arguments we support. */
    private static function runtimeArguments(callable $application): array
    {
        $context = $_SERVER + $_ENV;
        $context['APP_ENV'] ??= getenv('APP_ENV') ?: 'dev';
        $context['APP_DEBUG'] ??= getenv('APP_DEBUG') !== false ? getenv('APP_DEBUG') : '1';
        $arguments = [];
        foreach ((new \ReflectionFunction(\Closure::fromCallable($application)))->getParameters() as $parameter) {
            $type = $parameter->getType();
            if ($type instanceof \ReflectionNamedType && $type->getName() === 'array' || $parameter->getName() === 'context') {
                $arguments[] = $context;
            } elseif ($parameter->isDefaultValueAvailable()) {
                $arguments[] = $parameter->getDefaultValue();
            } else {
                throw new \UnexpectedValueException(sprintf(
                    'Cannot provide argument $%s of the application closure; only "array $context" is supported.',
                    $parameter->getName(),
                ));
            }
        }
        return $arguments;
    }

    private static function containerXml(object $kernel): string
    {
        $container = $kernel->getContainer();
        if ($container->hasParameter('debug.container.dump')) {
            $file = $container->getParameter('debug.container.dump');
            if (is_string($file) && is_file($file)) {
                return (string) file_get_contents($file);
            }
        }
        // No debug dump (FrameworkBundle absent or debug off): build the container definitions again.
        // buildContainer() is protected; reflection may call it (no setAccessible() needed since PHP 8.1).
        $builder = (new \ReflectionMethod($kernel, 'buildContainer'))->invoke($kernel);
        $builder->compile();
        return (new \Symfony\Component\DependencyInjection\Dumper\XmlDumper($builder))->dump();
    }

    /** @return array<string, list<string>> */
    private static function ancestry(ContainerModel $model): array
    {
        $ancestry = [];
        foreach ($model->serviceClasses() as $class) {
            try {
                if (!class_exists($class) && !interface_exists($class)) {
                    continue;
                }
            } catch (\Throwable) {
                continue; // A class whose optional dependencies are missing cannot be described.
            }
            $names = [...array_values(class_parents($class) ?: []), ...array_values(class_implements($class) ?: [])];
            foreach ([$class, ...array_values(class_parents($class) ?: [])] as $owner) {
                array_push($names, ...array_values(class_uses($owner) ?: []));
            }
            $ancestry[strtolower($class)] = array_values(array_unique($names));
        }
        return $ancestry;
    }
}
