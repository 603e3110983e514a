<?php

declare(strict_types=1);

/** Minimal test harness: named checks, assertions, temporary directories, and the closing summary line. */
final class TestRun
{
    private int $passed = 0;
    private int $failed = 0;

    /** @var list<string> */
    private static array $temporary = [];

    public function check(string $name, callable $test): void
    {
        try {
            $test();
            ++$this->passed;
            echo "ok - $name\n";
        } catch (\Throwable $failure) {
            ++$this->failed;
            echo "not ok - $name\n    " . str_replace("\n", "\n    ", $failure->getMessage()) . "\n";
        }
    }

    public static function assert(bool $condition, string $what): void
    {
        if (!$condition) {
            throw new \RuntimeException("assertion failed: $what");
        }
    }

    public static function assertSame(mixed $expected, mixed $actual, string $what): void
    {
        if ($expected !== $actual) {
            throw new \RuntimeException(sprintf(
                "%s differs\n expected: %s\n   actual: %s",
                $what,
                json_encode($expected, JSON_UNESCAPED_SLASHES),
                json_encode($actual, JSON_UNESCAPED_SLASHES),
            ));
        }
    }

    public static function temporaryDirectory(): string
    {
        $directory = sys_get_temp_dir() . '/runtime-state-scan-test-' . bin2hex(random_bytes(6));
        mkdir($directory, 0777, true);
        self::$temporary[] = $directory;
        return $directory;
    }

    /** Prints the summary and returns the process exit status. */
    public function finish(): int
    {
        foreach (self::$temporary as $directory) {
            self::remove($directory);
        }
        echo sprintf("%d passed, %d failed\n", $this->passed, $this->failed);
        return $this->failed === 0 ? 0 : 1;
    }

    private static function remove(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            foreach (array_diff(scandir($path) ?: [], ['.', '..']) as $entry) {
                self::remove("$path/$entry");
            }
            rmdir($path);
        } else {
            unlink($path);
        }
    }
}
