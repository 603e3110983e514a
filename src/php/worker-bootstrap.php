<?php

// Runs once in every worker process: loads the application, boots it, then serves requests
// in a loop (Runtime\Supercharger\WorkerRunner). Started by runtime-supercharger-worker only.

declare(strict_types=1);

require __DIR__ . '/autoload.php';

exit(\Runtime\Supercharger\WorkerBootstrap::run(\runtime_supercharger_options()));
