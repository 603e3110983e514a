<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

use Symfony\Component\DependencyInjection\Container;

/**
 * Shared services already instantiated in a compiled Symfony container. The container keeps
 * them in its protected $services (public) and $privates (private) arrays; reading those
 * instantiates nothing, unlike get(). Services tagged kernel.reset were reset before the
 * verifier runs, so what is compared is their state after their reset.
 */
final class ServiceSource
{
    public function __construct(
        private readonly object $container,
        private readonly IgnoredState $ignored,
    ) {
    }

    /** @return array<string, object> service id => instance */
    public function instantiated(): array
    {
        if (!$this->container instanceof Container) {
            return [];
        }
        $read = \Closure::bind(
            static fn (Container $container): array => [
                property_exists($container, 'services') ? $container->services : [],
                property_exists($container, 'privates') ? $container->privates : [],
            ],
            null,
            Container::class,
        );
        [$public, $private] = $read($this->container);
        $services = [];
        foreach ($public + $private as $id => $service) {
            if (\is_object($service) && $service !== $this->container) {
                $services[(string) $id] = $service;
            }
        }
        ksort($services, \SORT_STRING);

        return $services;
    }

    /**
     * @param array<string, object> $services
     * @return iterable<StateRoot>
     */
    public function roots(array $services): iterable
    {
        foreach ($services as $id => $service) {
            if (!$this->ignored->isIgnoredService($service)) {
                yield new StateRoot(StateRoot::SERVICE, $id, $service);
            }
        }
    }

    /**
     * Objects fingerprinted as roots of their own, by spl_object_id.
     *
     * @param array<string, object> $services
     * @return array<int, string>
     */
    public function boundaries(array $services): array
    {
        $boundaries = [spl_object_id($this->container) => 'service_container'];
        foreach ($services as $id => $service) {
            $boundaries[spl_object_id($service)] ??= $id;
        }

        return $boundaries;
    }
}
