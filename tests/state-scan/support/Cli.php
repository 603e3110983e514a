<?php

declare(strict_types=1);

/** Runs the runtime-state-scan launcher in a child process and captures its exit status and output. */
final class Cli
{
    public function __construct(private readonly string $launcher)
    {
    }

    /**
     * @param list<string> $arguments
     * @return array{0: int, 1: string, 2: string} exit status, stdout, stderr
     */
    public function run(array $arguments, ?string $workingDirectory = null): array
    {
        $process = proc_open(
            [PHP_BINARY, $this->launcher, ...$arguments],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            $workingDirectory,
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start the scanner');
        }
        // stderr stays small; reading stdout first cannot dead-lock on it.
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $stdout, $stderr];
    }
}
