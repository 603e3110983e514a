<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Evaluation;

use Runtime\Supercharger\StateScan\Analysis\ClassFlow;
use Runtime\Supercharger\StateScan\Analysis\FileReport;
use Runtime\Supercharger\StateScan\Analysis\Observation;
use Runtime\Supercharger\StateScan\Container\ContainerModel;
use Runtime\Supercharger\StateScan\Container\ServiceDefinition;
use Runtime\Supercharger\StateScan\Finding;
use Runtime\Supercharger\StateScan\RuleCatalog as R;

/**
 * Turns observations into findings, using the whole code base and, when given, the container:
 * state covered by a reset is dropped, instance state is reported only for shared services.
 */
final class Evaluator
{
    private readonly ClassHierarchy $hierarchy;
    private readonly ?ServiceIndex $services;
    private readonly RequestScope $scope;
    private readonly ConsoleOnlyClasses $consoleOnly;
    /** @var array<string, true> lower-case classes request code creates with `new` and does not keep */
    private readonly array $perUseClasses;
    /** @var array<string, int> lower-case method names that some scanned request code calls => most arguments passed */
    private readonly array $requestCalls;

    /** @param list<FileReport> $reports */
    public function __construct(private readonly array $reports, private readonly ?ContainerModel $container = null)
    {
        $this->hierarchy = new ClassHierarchy(
            (static function () use ($reports): \Generator {
                foreach ($reports as $report) {
                    yield from $report->classes;
                }
            })(),
            $container,
        );
        $this->services = $container === null ? null : new ServiceIndex($container, $this->hierarchy);
        $this->scope = new RequestScope($this->hierarchy);
        $this->consoleOnly = new ConsoleOnlyClasses($reports, $this->hierarchy, $this->scope);
        $this->requestCalls = $this->methodsCalledFromRequestCode();
        $this->perUseClasses = $this->classesCreatedPerUse();
    }

    /**
     * Method names called by scanned code that runs per request (not at boot, not at construction, not at
     * the top level of a bootstrap file), with the most arguments any such call passes. A setter no such code
     * calls is configuration: the container or a bootstrap calls it once.
     * @return array<string, int>
     */
    private function methodsCalledFromRequestCode(): array
    {
        $called = [];
        foreach ($this->reports as $report) {
            foreach ($report->methodCalls as [$class, $method, $callee, $arguments]) {
                // Configuration methods delegating to others (Environment::addExtension() -> ExtensionSet) are no request code.
                if ($arguments > ($called[$callee] ?? -1) && $method !== null && !ClassFlow::hasSetterName(strtolower($method))
                    && !$this->scope->isConstructionOnly($class, $method)
                ) {
                    $called[$callee] = $arguments;
                }
            }
        }
        return $called;
    }

    /**
     * Classes that scanned request code instantiates without keeping the object in a property: such objects
     * (wrappers, results, value objects) are made per use, never shared; one created and stored anywhere is not.
     * @return array<string, true>
     */
    private function classesCreatedPerUse(): array
    {
        $perUse = [];
        $stored = [];
        foreach ($this->reports as $report) {
            foreach ($report->instantiations as [$callerClass, $callerMethod, $class, $kept]) {
                $key = strtolower($class);
                if ($kept || $callerMethod === null || $this->scope->isConstructionOnly($callerClass, $callerMethod)) {
                    $stored[$key] = true;
                } else {
                    $perUse[$key] = true;
                }
            }
        }
        return array_diff_key($perUse, $stored);
    }

    /**
     * A write in a setter-style method that no request code calls is configuration, not per-request state.
     * A call with fewer arguments than the setter requires is a call to another method of that name.
     */
    private function isConfigurationSetter(Observation $observation): bool
    {
        return $observation->setter !== null && ($this->requestCalls[$observation->setter] ?? -1) < $observation->setterArity;
    }

    /** @return list<Finding> unsorted, before suppressions and baseline */
    public function findings(): array
    {
        $findings = [];
        foreach ($this->reports as $report) {
            if ($report->parseError !== null) {
                $findings[] = $this->finding($report->file, $report->parseErrorLine, R::PARSE_ERROR, '(file)', $report->parseError . '.');
                continue;
            }
            array_push($findings, ...$this->fileFindings($report));
        }
        return $findings;
    }

    /** @return list<Finding> */
    private function fileFindings(FileReport $report): array
    {
        $findings = [];
        $requestScoped = [];
        foreach ($report->observations as $observation) {
            if ($observation->rule === R::REQUEST_SCOPED_PROPERTY) {
                $requestScoped[$observation->symbol] = true;
            }
        }
        // Instance state is reported once per property: the first surviving observation wins.
        $instanceReported = [];
        foreach ($report->observations as $observation) {
            $services = [];
            $keep = !$this->scope->isBootOnly($observation->ownerClass, $observation->method)
                && !$this->consoleOnly->isConsoleOnly($observation->ownerClass) && match ($observation->rule) {
                R::STATIC_PROPERTY => $this->keepStatic($observation, $services),
                R::REQUEST_SCOPED_PROPERTY => !isset($instanceReported[$observation->symbol])
                    && $this->keepInstanceState($observation, $services),
                R::SUPERGLOBAL => $this->keepSuperglobal($observation),
                R::MUTABLE_SERVICE => !isset($requestScoped[$observation->symbol])
                    && !isset($instanceReported[$observation->symbol])
                    && $this->keepInstanceState($observation, $services),
                default => true,
            };
            if (!$keep) {
                continue;
            }
            if ($observation->rule === R::MUTABLE_SERVICE || $observation->rule === R::REQUEST_SCOPED_PROPERTY) {
                $instanceReported[$observation->symbol] = true;
            }
            $findings[] = $this->finding($report->file, $observation->line, $observation->rule, $observation->symbol, $observation->detail, $services);
        }
        return $findings;
    }

    /**
     * A superglobal the class's reset method assigns (`$_SESSION = []` in a session listener) holds only the
     * current request's data wherever the class reads it; the reset method itself is that reset.
     */
    private function keepSuperglobal(Observation $observation): bool
    {
        $class = $observation->ownerClass ?? '';
        // This server rebuilds the superglobals for every request, so a read in request code gets the current
        // request's value. A value kept in a property, a static or a static variable is reported where it is
        // kept (RS001, RS004, RS008: "request-derived via $_SERVER"); what those rules do not see is a read
        // while a long-lived object is built: the constructor keeps whatever it derives from the request that
        // happened to build the service (Monolog's WebProcessor).
        if ($class === '' || !$this->scope->isConstructionOnly($class, $observation->method) || $this->scope->isRequestObject($class)
            || ($this->services !== null && array_filter($this->services->servicesRunning($class), static fn (ServiceDefinition $s): bool => $s->shared) === [])
        ) {
            return false;
        }
        $resetMethods = $this->services?->resetMethods($class) ?? ($this->hierarchy->implementsReset($class) ? ['reset'] : []);
        if ($resetMethods === []) {
            return true;
        }
        if ($observation->method !== null && in_array(strtolower($observation->method), array_map('strtolower', $resetMethods), true)) {
            return false;
        }
        $variable = strstr($observation->symbol, ' in ', true);
        return $variable === false || !$this->hierarchy->restoresIn($class, $resetMethods, $variable);
    }

    /** @param list<string> $services filled with affected service ids */
    private function keepStatic(Observation $observation, array &$services): bool
    {
        $class = $observation->stateClass ?? '';
        if ($this->isConfigurationSetter($observation)) {
            return false;
        }
        // Only a reset method that assigns the static restores it: `self::$count++` in reset() is a leak itself.
        $resetMethods = $this->services?->resetMethods($class)
            ?? ($this->hierarchy->implementsReset($class) ? ['reset'] : []);
        if ($resetMethods !== [] && $this->hierarchy->restoresIn($class, $resetMethods, $observation->symbol)) {
            return false;
        }
        if ($this->services !== null) {
            $services = self::ids($this->services->servicesRunning($class));
        }
        return true;
    }

    /** @param list<string> $services filled with affected service ids */
    private function keepInstanceState(Observation $observation, array &$services): bool
    {
        $class = $observation->ownerClass ?? '';
        if ($this->scope->isRequestObject($class) || $this->scope->isConstructionOnly($class, $observation->method)
            || $this->isConfigurationSetter($observation) || isset($this->perUseClasses[strtolower($class)])
        ) {
            return false;
        }
        // A property an end-of-work method (clear(), onKernelTerminate()...) restores ends with the work it belongs to.
        if ($this->hierarchy->restoresIn($class, RequestScope::endOfWorkMethods($this->hierarchy, $class), $observation->symbol)) {
            return false;
        }
        // Overwritten at the start of every request's work (HttpKernelInterface::handle(), collect()): no later
        // request can read the value an earlier one left.
        if (RequestScope::overwrittenAtStartOfWork($this->hierarchy, $class, $observation->symbol)) {
            return false;
        }
        if ($this->services === null) {
            return !$this->hierarchy->implementsReset($class) || !$this->hierarchy->resetRestores($class, ['reset'], $observation->symbol);
        }
        $services = self::ids($this->services->leakingServices($class, $observation->method, $observation->symbol));
        return $services !== [];
    }

    /** @param list<ServiceDefinition> $definitions @return list<string> */
    private static function ids(array $definitions): array
    {
        $ids = array_map(static fn (ServiceDefinition $service): string => $service->id, $definitions);
        sort($ids, SORT_STRING);
        return array_values(array_unique($ids));
    }

    /** @param list<string> $services */
    private function finding(string $file, int $line, string $rule, string $symbol, string $detail, array $services = []): Finding
    {
        $definition = R::get($rule);
        $message = trim($definition->message . ' ' . $detail);
        if ($services !== []) {
            $message .= sprintf(' Service%s: %s.', count($services) > 1 ? 's' : '', implode(', ', $services));
        }
        return new Finding($file, $line, $rule, $symbol, $message, $definition->hint, $services);
    }
}
