<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/** What the scanner learned about one class-like declaration, needed to reason across files. */
final class ClassFacts
{
    /** @var array<string, array<string, true>> lower-case method name => set of static symbols ("Class::$x") it writes */
    public array $staticWritesByMethod = [];

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

    public function recordStaticWrite(string $method, string $symbol): void
    {
        $this->staticWritesByMethod[strtolower($method)][$symbol] = true;
    }

    public function writesStaticIn(string $method, string $symbol): bool
    {
        return isset($this->staticWritesByMethod[strtolower($method)][$symbol]);
    }
}
