<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Evaluation;

use Runtime\Supercharger\StateScan\Analysis\FileReport;

/**
 * Classes whose objects only console commands (or other boot code) use: every place in the scanned code
 * that names the class or one of its ancestors (`new`, a type, a static call, instanceof) is boot code,
 * and there is at least one. Their state lives in a CLI process, never in a worker (FrameworkBundle's
 * DotenvVault, used by the secrets:* commands). A class that implements an interface never qualifies:
 * the container hands objects to framework code through interfaces (autoconfiguration, tagged iterators,
 * env var loaders, log processors) without the class being named anywhere. Nor does a class with an
 * ancestor that is not scanned, or one named by top-level code.
 */
final class ConsoleOnlyClasses
{
    /** @var array<string, list<array{0: ?string, 1: ?string, 2: bool}>> lower-case class => [caller class, caller method, only X::class] */
    private array $references = [];
    /** @var array<string, bool> */
    private array $verdicts = [];

    /** @param list<FileReport> $reports */
    public function __construct(array $reports, private readonly ClassHierarchy $hierarchy, private readonly RequestScope $scope)
    {
        foreach ($reports as $report) {
            foreach ($report->classReferences as [$callerClass, $callerMethod, $class, $nameOnly]) {
                $this->references[strtolower($class)][] = [$callerClass, $callerMethod, $nameOnly];
            }
        }
    }

    public function isConsoleOnly(?string $class): bool
    {
        if ($class === null) {
            return false;
        }
        return $this->verdicts[strtolower($class)] ??= $this->compute($class);
    }

    private function compute(string $class): bool
    {
        $family = [strtolower($class) => true];
        foreach ([$class, ...array_values($this->hierarchy->ancestors($class))] as $name) {
            $facts = $this->hierarchy->facts($name);
            if (($facts === null && !self::isBuiltIn($name)) || ($facts !== null && $facts->kind === 'interface') || ($facts?->interfaces ?? []) !== []) {
                return false;
            }
            $family[strtolower($name)] = true;
        }
        $bootUses = 0;
        foreach (array_keys($family) as $member) {
            foreach ($this->references[$member] ?? [] as [$callerClass, $callerMethod, $nameOnly]) {
                if ($callerClass !== null && isset($family[strtolower($callerClass)])) {
                    continue; // the class naming itself or its parents
                }
                if ($callerClass === null) {
                    // `X::class` in a configuration file names a service class; anything else there uses it.
                    if ($nameOnly) {
                        continue;
                    }
                    return false;
                }
                if (!$this->scope->isBootOnly($callerClass, $callerMethod ?? '{property}')) {
                    return false;
                }
                ++$bootUses;
            }
        }
        return $bootUses > 0;
    }

    private static function isBuiltIn(string $name): bool
    {
        return (class_exists($name, false) || interface_exists($name, false)) && (new \ReflectionClass($name))->isInternal();
    }
}
