<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\Runtime\RunnerInterface;
use Symfony\Component\Runtime\SymfonyRuntime;

/**
 * Symfony Runtime for runtime-supercharger (APP_RUNTIME=Runtime\Supercharger\Runtime).
 *
 * Inside a runtime-supercharger worker, HTTP kernels run in the worker loop; anywhere else
 * (php-fpm, CLI) it behaves exactly like SymfonyRuntime, so one front controller serves both.
 */
class Runtime extends SymfonyRuntime
{
    /** @var array<string, mixed> */
    private array $workerOptions;

    /** @param array<string, mixed> $options */
    public function __construct(array $options = [])
    {
        $this->workerOptions = $options['runtime_supercharger'] ?? [];
        unset($options['runtime_supercharger']);
        parent::__construct($options);
    }

    public function getRunner(?object $application): RunnerInterface
    {
        if ($application instanceof HttpKernelInterface && \function_exists('runtime_supercharger_handle_request')) {
            return new WorkerRunner($application, $this->workerOptions);
        }

        return parent::getRunner($application);
    }
}
