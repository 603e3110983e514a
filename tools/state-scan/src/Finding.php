<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan;

/** One reported problem: where it is, which rule, which symbol, and what to do about it. */
final class Finding
{
    /** @param list<string> $services ids of the container services affected (container-aware mode only) */
    public function __construct(
        public readonly string $file,
        public readonly int $line,
        public readonly string $rule,
        public readonly string $symbol,
        public readonly string $message,
        public readonly string $hint,
        public readonly array $services = [],
        /** Third-party package the file belongs to (vendor scanning mode); null for application code. */
        public readonly ?string $package = null,
    ) {
    }

    public function inPackage(?string $package): self
    {
        return new self($this->file, $this->line, $this->rule, $this->symbol, $this->message, $this->hint, $this->services, $package);
    }

    /** @return array{file: string, line: int, rule: string, symbol: string, message: string, hint: string, service: string|null, package?: string} */
    public function toArray(): array
    {
        return [
            'file' => $this->file,
            'line' => $this->line,
            'rule' => $this->rule,
            'symbol' => $this->symbol,
            'message' => $this->message,
            'hint' => $this->hint,
            'service' => $this->services === [] ? null : implode(', ', $this->services),
        ] + ($this->package === null ? [] : ['package' => $this->package]);
    }

    public static function compare(self $a, self $b): int
    {
        // Application findings first, then each package's.
        return [$a->package ?? '', $a->file, $a->line, $a->rule, $a->symbol] <=> [$b->package ?? '', $b->file, $b->line, $b->rule, $b->symbol];
    }
}
