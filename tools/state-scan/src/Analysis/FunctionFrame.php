<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/** Per-function state while walking a function, method or closure body. */
final class FunctionFrame
{
    /** @var array<string, true> variables imported with `global` */
    public array $globals = [];

    /** @var array<string, string> local variables known to hold a request-scoped object => description */
    public array $requestScopedVariables = [];

    /** Whether the function sets a property to true (a once-only guard such as $this->initialized). */
    public bool $setsFlag = false;

    /** @var array<string, int> `static $x` variables declared here => line */
    public array $staticLocals = [];

    /** @var list<Observation> process-wide setting and handler calls, judged when the function ends */
    public array $processCalls = [];

    /** @var array<string, true> lower-case global functions this function calls */
    public array $calledFunctions = [];

    /** @var array<string, true> process-call symbols already reported for this function */
    public array $reportedCalls = [];

    /** Whether `$this` is another object here: a closure bound to it with bind(), bindTo() or call(). */
    public bool $foreignThis = false;

    /** @var array<string, true> observation keys already emitted in this frame */
    private array $seen = [];

    public function __construct(
        /** Human-readable scope, e.g. "App\Foo::bar()" or "App\Foo::bar() {closure}". */
        public readonly string $label,
        /** Method or function name; "{closure}" for closures and arrow functions. */
        public readonly string $method,
        public readonly ?ClassFacts $class,
        public readonly bool $isStatic,
        /** The class method whose body contains this scope (itself, or the method a closure is written in). */
        public readonly ?string $enclosingMethod = null,
    ) {
    }

    /** Returns true the first time a key is seen, so each thing is reported once per scope. */
    public function firstTime(string $key): bool
    {
        if (isset($this->seen[$key])) {
            return false;
        }
        $this->seen[$key] = true;
        return true;
    }
}
