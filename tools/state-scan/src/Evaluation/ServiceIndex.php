<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Evaluation;

use Runtime\Supercharger\StateScan\Container\ContainerModel;
use Runtime\Supercharger\StateScan\Container\ServiceDefinition;

/** Answers "which services run this class's code, and which of them keep state across requests". */
final class ServiceIndex
{
    /** @var array<string, list<ServiceDefinition>> */
    private array $runningCode = [];

    public function __construct(private readonly ContainerModel $container, private readonly ClassHierarchy $hierarchy)
    {
    }

    /** Services whose class is the given class or a subclass / trait user of it. @return list<ServiceDefinition> */
    public function servicesRunning(string $class): array
    {
        $key = strtolower($class);
        if (!isset($this->runningCode[$key])) {
            $found = [];
            foreach ($this->container->serviceClasses() as $serviceClass) {
                if ($this->hierarchy->isOrExtends($serviceClass, $class)) {
                    array_push($found, ...$this->container->servicesOfClass($serviceClass));
                }
            }
            $this->runningCode[$key] = $found;
        }
        return $this->runningCode[$key];
    }

    /**
     * Shared services running the class's code whose state is not reset between requests.
     * A write in a method the container calls while building the service (setter injection) does not count;
     * a reset (ResetInterface, kernel.reset) covers only the properties its reset method restores.
     * @return list<ServiceDefinition>
     */
    public function leakingServices(string $class, ?string $writingMethod, string $symbol): array
    {
        return array_values(array_filter(
            $this->servicesRunning($class),
            fn (ServiceDefinition $service): bool => $service->shared
                && !$this->resetRestores($service, $symbol)
                && !($writingMethod !== null && $service->callsMethod($writingMethod)),
        ));
    }

    private function resetRestores(ServiceDefinition $service, string $symbol): bool
    {
        $class = $service->class ?? '';
        $methods = $this->hierarchy->implementsReset($class) ? ['reset'] : [];
        if ($service->isTaggedForReset()) {
            array_push($methods, ...$service->resetMethods());
        }
        return $methods !== [] && $this->hierarchy->resetRestores($class, array_values(array_unique($methods)), $symbol);
    }

    /** Methods that reset instances of the class: reset() for ResetInterface, plus kernel.reset tag methods. */
    public function resetMethods(string $class): array
    {
        $methods = $this->hierarchy->implementsReset($class) ? ['reset'] : [];
        foreach ($this->container->servicesOfClass($class) as $service) {
            array_push($methods, ...$service->resetMethods());
        }
        return array_values(array_unique($methods));
    }
}
