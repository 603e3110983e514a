<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use Runtime\Supercharger\StateScan\Suppression\Suppression;

/** Everything extracted from one source file; the syntax tree itself is not kept. */
final class FileReport
{
    /**
     * @param list<ClassFacts> $classes
     * @param list<Observation> $observations
     * @param list<Suppression> $suppressions
     */
    public function __construct(
        public readonly string $file,
        public readonly array $classes,
        public readonly array $observations,
        public readonly array $suppressions,
        public readonly ?string $parseError = null,
        public readonly int $parseErrorLine = 1,
        /** @var list<array{0: ?string, 1: ?string, 2: string}> [caller class, caller method, lower-case called method name] */
        public readonly array $methodCalls = [],
        /** @var list<array{0: ?string, 1: ?string, 2: string, 3: bool}> [caller class, caller method, class, stored in a property] */
        public readonly array $instantiations = [],
        /** @var list<array{0: ?string, 1: ?string, 2: string, 3: bool}> [caller class, caller method, referenced class, only its name (X::class)] */
        public readonly array $classReferences = [],
    ) {
    }
}
