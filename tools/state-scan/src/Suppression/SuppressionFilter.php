<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Suppression;

use Runtime\Supercharger\StateScan\Finding;
use Runtime\Supercharger\StateScan\RuleCatalog;

/** Applies a file's suppression comments to its findings and reports the invalid comments themselves. */
final class SuppressionFilter
{
    /**
     * @param list<Finding> $findings of one file
     * @param list<Suppression> $suppressions of the same file
     * @return array{0: list<Finding>, 1: int} remaining findings (including RS009 for invalid comments), suppressed count
     */
    public static function apply(string $file, array $findings, array $suppressions): array
    {
        $remaining = [];
        $suppressed = 0;
        foreach ($findings as $finding) {
            if (self::isSuppressed($finding, $suppressions)) {
                ++$suppressed;
            } else {
                $remaining[] = $finding;
            }
        }
        $rule = RuleCatalog::get(RuleCatalog::SUPPRESSION_WITHOUT_REASON);
        foreach ($suppressions as $suppression) {
            if ($suppression->isValid()) {
                continue;
            }
            $problem = $suppression->unknownRules !== []
                ? sprintf('Unknown rule or keyword: %s.', implode(', ', $suppression->unknownRules))
                : ($suppression->rules === [] ? 'No rule id is named.' : 'The reason is missing.');
            $remaining[] = new Finding(
                $file,
                $suppression->line,
                $rule->id,
                sprintf('ignore %s', $suppression->rules === [] ? '(no rule)' : implode(',', $suppression->rules)),
                $rule->message . ' ' . $problem,
                $rule->hint,
            );
        }
        return [$remaining, $suppressed];
    }

    /** @param list<Suppression> $suppressions */
    private static function isSuppressed(Finding $finding, array $suppressions): bool
    {
        foreach ($suppressions as $suppression) {
            if ($suppression->covers($finding->rule, $finding->line)) {
                return true;
            }
        }
        return false;
    }
}
