<?php

declare(strict_types=1);

/**
 * Scores the scanner on the labelled evaluation set (tests/state-scan/evaluation): every `// case: leaky|clean ...`
 * comment opens a case that runs to the next one; `// expect: RS00X` markers are the findings it must give.
 * A finding is a true positive when its line and rule match a marker.
 */
final class Evaluation
{
    /** @var list<array{file: string, line: int, label: string, title: string}> */
    public array $cases = [];
    public int $truePositives = 0;
    /** @var list<string> */
    public array $falsePositives = [];
    /** @var list<string> */
    public array $falseNegatives = [];
    /** @var list<string> */
    public array $mislabelled = [];

    /**
     * @param callable(string): list<string> $expectations "line rule" markers of a file
     * @param list<array{file: string, line: int, rule: string, symbol: string}> $findings
     */
    public static function score(string $directory, callable $expectations, array $findings): self
    {
        $evaluation = new self();
        $actualByFile = [];
        foreach ($findings as $finding) {
            $actualByFile[realpath($finding['file'])][] = sprintf('%d %s', $finding['line'], $finding['rule']);
        }
        foreach (glob($directory . '/*.php') as $file) {
            $expected = $expectations($file);
            $actual = $actualByFile[realpath($file)] ?? [];
            $evaluation->truePositives += count(array_intersect($expected, $actual));
            foreach (array_diff($actual, $expected) as $extra) {
                $evaluation->falsePositives[] = basename($file) . ':' . $extra;
            }
            foreach (array_diff($expected, $actual) as $missing) {
                $evaluation->falseNegatives[] = basename($file) . ':' . $missing;
            }
            $evaluation->readCases($file, $expected);
        }
        return $evaluation;
    }

    public function recall(): float
    {
        $relevant = $this->truePositives + count($this->falseNegatives);
        return $relevant === 0 ? 1.0 : $this->truePositives / $relevant;
    }

    public function precision(): float
    {
        $reported = $this->truePositives + count($this->falsePositives);
        return $reported === 0 ? 1.0 : $this->truePositives / $reported;
    }

    public function count(string $label): int
    {
        return count(array_filter($this->cases, static fn (array $case): bool => $case['label'] === $label));
    }

    /** @param list<string> $expected */
    private function readCases(string $file, array $expected): void
    {
        $lines = file($file) ?: [];
        $starts = [];
        foreach ($lines as $index => $text) {
            if (preg_match('~//\s*case:\s*(leaky|clean)\s+(.*)$~', $text, $match)) {
                $starts[] = ['file' => basename($file), 'line' => $index + 1, 'label' => $match[1], 'title' => trim($match[2])];
            }
        }
        foreach ($starts as $position => $case) {
            $end = $starts[$position + 1]['line'] ?? PHP_INT_MAX;
            $markers = array_filter($expected, static fn (string $e): bool => (int) $e >= $case['line'] && (int) $e < $end);
            if (($case['label'] === 'leaky') !== ($markers !== [])) {
                $this->mislabelled[] = sprintf('%s:%d %s', $case['file'], $case['line'], $case['title']);
            }
            $this->cases[] = $case;
        }
    }
}
