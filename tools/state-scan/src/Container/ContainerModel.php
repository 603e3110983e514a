<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Container;

/** The service definitions of a compiled container, indexed for look-up by class. */
final class ContainerModel
{
    /** @var array<string, list<ServiceDefinition>> lower-case class => definitions */
    private array $byClass = [];

    /**
     * @param list<ServiceDefinition> $services
     * @param array<string, list<string>> $ancestry lower-case class => parents, interfaces and traits, when the
     *        container was read from a booted kernel (reflection in the child process); empty otherwise
     */
    public function __construct(public readonly array $services, private readonly array $ancestry = [])
    {
        foreach ($services as $service) {
            if ($service->class !== null && !$service->abstract) {
                $this->byClass[strtolower($service->class)][] = $service;
            }
        }
    }

    /** @return list<string> class names that have at least one concrete service definition */
    public function serviceClasses(): array
    {
        $classes = [];
        foreach ($this->byClass as $definitions) {
            $classes[] = $definitions[0]->class;
        }
        return $classes;
    }

    /** @return list<ServiceDefinition> */
    public function servicesOfClass(string $class): array
    {
        return $this->byClass[strtolower($class)] ?? [];
    }

    /** @return list<string>|null ancestors known from the booted kernel, null when unknown */
    public function ancestorsOf(string $class): ?array
    {
        return $this->ancestry[strtolower($class)] ?? null;
    }
}
