<?php

namespace Evaluation\Command;

// case: clean console helper keeping progress (console processes only)
final class ProgressTracker
{
    private int $done = 0;

    public function advance(): void
    {
        $this->done++;
        $_SERVER['PROGRESS'] = (string) $this->done;
    }
}
