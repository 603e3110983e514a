<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Compares each root with its first fingerprint (taken after the first request in which the
 * root existed, normally the warm-up request) and names what changed, once per name.
 *
 * When a root's hash differs, the changed paths are narrowed to the deepest ones: a grown
 * array in a nested object is reported as "service->holder->items", not as every ancestor.
 * Paths first seen after the baseline join it, so later changes below them are named too.
 */
final class LeakDetector
{
    /** @var array<string, RootFingerprint> "kind name" => baseline */
    private array $baselines = [];
    /** @var array<string, true> "kind name" => already reported */
    private array $reported = [];

    /** @return list<StateLeak> leaks not reported before */
    public function compare(StateRoot $root, RootFingerprint $current): array
    {
        $key = $root->kind . ' ' . $root->name;
        $baseline = $this->baselines[$key] ?? null;
        if ($baseline === null) {
            $this->baselines[$key] = $current;

            return [];
        }
        if ($baseline->hash === $current->hash) {
            return [];
        }

        $added = self::addedProperties($current->paths, $baseline->paths);
        $changed = array_merge(
            array_keys(array_diff_assoc(array_intersect_key($current->paths, $baseline->paths), $baseline->paths)),
            $added,
        );
        // Added properties stay out of the baseline: they remain a difference from it.
        $this->baselines[$key] = new RootFingerprint(
            $baseline->hash,
            $baseline->paths + array_diff_key($current->paths, array_flip($added)),
            $baseline->nodes,
        );

        $leaks = [];
        foreach (self::deepest($changed) ?: [''] as $path) {
            $name = $root->name . $path;
            if (!isset($this->reported[$root->kind . ' ' . $name])) {
                $this->reported[$root->kind . ' ' . $name] = true;
                $leaks[] = new StateLeak($root->kind, $name);
            }
        }

        return $leaks;
    }

    /**
     * Properties that appeared on an object that already existed (dynamic properties, typed
     * properties initialized late). New array elements and the insides of new objects are
     * not listed: the array or property holding them has changed and is reported instead.
     *
     * @param array<string, string> $current
     * @param array<string, string> $baseline
     * @return list<string>
     */
    private static function addedProperties(array $current, array $baseline): array
    {
        $added = [];
        foreach (array_diff_key($current, $baseline) as $path => $hash) {
            $separator = strrpos($path, '->');
            if ($separator === false || str_contains(substr($path, $separator), '[')) {
                continue;
            }
            $holder = substr($path, 0, $separator);
            if ($holder === '' || isset($baseline[$holder])) {
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
