<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Decides which changes are leaks. Each check compares every root with its fingerprint after
 * the previous request, so what is seen is what one request left behind after its reset.
 *
 * A cache that warms up changes once per new code path (the first request to a route loads
 * metadata, compiles a template) and then stays put; a leak changes again every time the
 * code that feeds it runs. So a name is reported when requests to the same route changed it
 * twice, and only once per name. The changed paths are narrowed to the deepest ones: a grown
 * array in a nested object is named "service->holder->items", not as each of its ancestors.
 */
final class LeakDetector
{
    /** Bounds the memory of change counts on workers that serve very many distinct routes. */
    private const MAX_TRACKED_CHANGES = 20000;

    /** @var array<string, RootFingerprint> "kind name" => fingerprint after the previous request */
    private array $previous = [];
    /** @var array<string, int> "kind name\0route" => requests to that route that changed the name */
    private array $changes = [];
    /** @var array<string, true> "kind name" => already reported */
    private array $reported = [];

    /** @return list<StateLeak> leaks not reported before */
    public function compare(StateRoot $root, RootFingerprint $current, string $route): array
    {
        $key = $root->kind . ' ' . $root->name;
        $previous = $this->previous[$key] ?? null;
        $this->previous[$key] = $current;
        if ($previous === null || $previous->hash === $current->hash) {
            return [];
        }

        $changed = array_merge(
            array_keys(array_diff_assoc(array_intersect_key($current->paths, $previous->paths), $previous->paths)),
            self::addedProperties($current->paths, $previous->paths),
        );
        $leaks = [];
        foreach (self::deepest($changed) ?: [''] as $path) {
            $name = $root->name . $path;
            if ($this->changedTwice($root->kind . ' ' . $name, $route)) {
                $leaks[] = new StateLeak($root->kind, $name, $route);
            }
        }

        return $leaks;
    }

    /** Counts one more change of a name by a request to $route; true the first time it reaches two. */
    private function changedTwice(string $name, string $route): bool
    {
        if (isset($this->reported[$name])) {
            return false;
        }
        $key = $name . "\0" . $route;
        if (!isset($this->changes[$key]) && \count($this->changes) >= self::MAX_TRACKED_CHANGES) {
            return false;
        }
        $this->changes[$key] = ($this->changes[$key] ?? 0) + 1;
        if ($this->changes[$key] < 2) {
            return false;
        }
        $this->reported[$name] = true;

        return true;
    }

    /**
     * Properties that appeared on an object that already existed (dynamic properties, typed
     * properties initialized late). New array elements and the insides of new objects are
     * not listed: the array or property holding them has changed and is named instead.
     *
     * @param array<string, string> $current
     * @param array<string, string> $previous
     * @return list<string>
     */
    private static function addedProperties(array $current, array $previous): array
    {
        $added = [];
        foreach (array_diff_key($current, $previous) as $path => $hash) {
            $separator = strrpos($path, '->');
            if ($separator === false || str_contains(substr($path, $separator), '[')) {
                continue;
            }
            $holder = substr($path, 0, $separator);
            if ($holder === '' || isset($previous[$holder])) {
                $added[] = $path;
            }
        }

        return $added;
    }

    /**
     * @param list<string> $paths
     * @return list<string> the paths none of whose descendants is in the list
     */
    private static function deepest(array $paths): array
    {
        $deepest = [];
        foreach ($paths as $path) {
            foreach ($paths as $candidate) {
                if (str_starts_with($candidate, $path . '->') || str_starts_with($candidate, $path . '[')) {
                    continue 2;
                }
            }
            $deepest[] = $path;
        }

        return $deepest;
    }
}
