<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/** What the scanner learned about one class-like declaration, needed to reason across files. */
final class ClassFacts
{
    /** @var array<string, array<string, true>> lower-case method => symbols ("Class::$x") it restores by assignment */
    public array $restoresByMethod = [];

    /** @var array<string, array<string, true>> lower-case callee => lower-case callers ($this->m(), self::m(), static::m()) */
    public array $callersOf = [];

    /** @var array<string, array<string, true>> lower-case method => symbols it assigns first thing (see HeadWrites) */
    public array $headWritesByMethod = [];

    /** @var array<string, true> lower-case names of the methods declared here */
    public array $methods = [];

    /** @var array<string, true> lower-case names of the private methods declared here */
    public array $privateMethods = [];

    /**
     * @param 'class'|'interface'|'trait'|'enum' $kind
     * @param list<string> $interfaces implemented (classes) or extended (interfaces)
     * @param list<string> $traits
     */
    public function __construct(
        public readonly string $name,
        public readonly string $kind,
        public readonly ?string $parent,
        public readonly array $interfaces,
        public readonly array $traits,
        public readonly string $file,
    ) {
    }

    public function recordMethod(string $method, bool $private): void
    {
        $this->methods[strtolower($method)] = true;
        if ($private) {
            $this->privateMethods[strtolower($method)] = true;
        }
    }

    public function recordCall(string $caller, string $callee): void
    {
        $this->callersOf[strtolower($callee)][strtolower($caller)] = true;
    }

    /** A plain assignment (or unset) of the whole property: after it, the property holds a known value. */
    public function recordRestore(string $method, string $symbol): void
    {
        $this->restoresByMethod[strtolower($method)][$symbol] = true;
    }

    public function recordHeadWrite(string $method, string $symbol): void
    {
        $this->headWritesByMethod[strtolower($method)][$symbol] = true;
    }

    public function restoresIn(string $method, string $symbol): bool
    {
        return isset($this->restoresByMethod[strtolower($method)][$symbol]);
    }

    /** Methods of this class that the given one calls on $this, self or static. @return list<string> */
    public function calleesOf(string $method): array
    {
        $caller = strtolower($method);
        $callees = [];
        foreach ($this->callersOf as $callee => $callers) {
            if (isset($callers[$caller])) {
                $callees[] = $callee;
            }
        }
        return $callees;
    }
}
