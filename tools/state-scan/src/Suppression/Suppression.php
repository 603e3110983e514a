<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Suppression;

/** One `runtime-state-scan: ignore ...` comment. It covers findings on its own line and the line below. */
final class Suppression
{
    /**
     * @param list<string> $rules rule ids named by the comment
     * @param list<string> $unknownRules names that are not rule ids
     */
    public function __construct(
        public readonly int $line,
        public readonly array $rules,
        public readonly ?string $reason,
        public readonly array $unknownRules = [],
    ) {
    }

    public function isValid(): bool
    {
        return $this->reason !== null && $this->rules !== [] && $this->unknownRules === [];
    }

    public function covers(string $rule, int $line): bool
    {
        return $this->isValid()
            && ($line === $this->line || $line === $this->line + 1)
            && in_array($rule, $this->rules, true);
    }
}
