<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Evaluation;

use Runtime\Supercharger\StateScan\Analysis\ClassFacts;
use Runtime\Supercharger\StateScan\Container\ContainerModel;

/**
 * Class relationships across all scanned files, completed with what the booted kernel knew
 * (reflection) for classes outside the scanned paths.
 */
final class ClassHierarchy
{
    /** Interfaces whose implementations are reset between requests by Symfony's services resetter. */
    private const RESET_INTERFACES = [
        'symfony\contracts\service\resetinterface',
        'symfony\component\httpkernel\datacollector\datacollectorinterface',
        'monolog\resettableinterface',
        // The base class of data collectors, listed because a bundle is often scanned without HttpKernel.
        'symfony\component\httpkernel\datacollector\datacollector',
    ];

    /** @var array<string, ClassFacts> lower-case name => facts */
    private array $facts = [];

    /** @var array<string, array<string, string>> memoized ancestors: lower-case => (lower-case => name) */
    private array $ancestors = [];

    /** @param iterable<ClassFacts> $classes */
    public function __construct(iterable $classes, private readonly ?ContainerModel $container = null)
    {
        foreach ($classes as $class) {
            $this->facts[strtolower($class->name)] ??= $class;
        }
    }

    public function facts(string $class): ?ClassFacts
    {
        return $this->facts[strtolower($class)] ?? null;
    }

    /** Parents, interfaces and used traits, transitively. @return array<string, string> lower-case => name */
    public function ancestors(string $class): array
    {
        $key = strtolower($class);
        if (isset($this->ancestors[$key])) {
            return $this->ancestors[$key];
        }
        $this->ancestors[$key] = []; // guards against cyclic declarations
        $result = [];
        foreach ($this->container?->ancestorsOf($class) ?? [] as $name) {
            $result[strtolower($name)] = $name;
        }
        $facts = $this->facts($class);
        if ($facts === null) {
            $result += self::internalAncestors($class);
        }
        if ($facts !== null) {
            $direct = [...$facts->interfaces, ...$facts->traits];
            if ($facts->parent !== null) {
                $direct[] = $facts->parent;
            }
            foreach ($direct as $name) {
                $result[strtolower($name)] = $name;
                $result += $this->ancestors($name);
            }
        }
        return $this->ancestors[$key] = $result;
    }

    /**
     * Parents and interfaces of a class built into PHP (\RuntimeException is a Throwable). Only classes that
     * are already loaded and internal are reflected: scanned code is never autoloaded.
     * @return array<string, string>
     */
    private static function internalAncestors(string $class): array
    {
        if (!class_exists($class, false) && !interface_exists($class, false)) {
            return [];
        }
        $reflection = new \ReflectionClass($class);
        if (!$reflection->isInternal()) {
            return [];
        }
        $names = $reflection->getInterfaceNames();
        for ($parent = $reflection->getParentClass(); $parent !== false; $parent = $parent->getParentClass()) {
            $names[] = $parent->getName();
        }
        $result = [];
        foreach ($names as $name) {
            $result[strtolower($name)] = $name;
        }
        return $result;
    }

    /** True when the class or one of its ancestors is a known reset interface. */
    public function implementsReset(string $class): bool
    {
        $ancestors = $this->ancestors($class);
        foreach (self::RESET_INTERFACES as $interface) {
            if (isset($ancestors[$interface])) {
                return true;
            }
        }
        return false;
    }

    public function isOrExtends(string $class, string $ancestor): bool
    {
        return strcasecmp($class, $ancestor) === 0 || isset($this->ancestors($class)[strtolower($ancestor)]);
    }

    /**
     * Whether one of the given reset methods, or a method of the class it calls, assigns the symbol.
     * @param list<string> $methods
     */
    public function restoresIn(string $class, array $methods, string $symbol): bool
    {
        $seen = [];
        $pending = array_map('strtolower', $methods);
        while ($pending !== []) {
            $method = array_pop($pending);
            if (isset($seen[$method])) {
                continue;
            }
            $seen[$method] = true;
            foreach ([$class, ...array_values($this->ancestors($class))] as $candidate) {
                $facts = $this->facts($candidate);
                if ($facts === null) {
                    continue;
                }
                if ($facts->restoresIn($method, $symbol)) {
                    return true;
                }
                array_push($pending, ...$facts->calleesOf($method));
            }
        }
        return false;
    }

    /**
     * Whether the reset of a resettable class covers the instance property: its reset method restores it,
     * or the reset method is not in the scanned code (then it cannot be checked and is trusted).
     * @param list<string> $methods
     */
    public function resetRestores(string $class, array $methods, string $symbol): bool
    {
        return !$this->declaresAny($class, $methods) || $this->restoresIn($class, $methods, $symbol);
    }

    /** @param list<string> $methods */
    private function declaresAny(string $class, array $methods): bool
    {
        foreach ([$class, ...array_values($this->ancestors($class))] as $candidate) {
            foreach ($methods as $method) {
                if (isset($this->facts($candidate)?->methods[strtolower($method)])) {
                    return true;
                }
            }
        }
        return false;
    }
}
