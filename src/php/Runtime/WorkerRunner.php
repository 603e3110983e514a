<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

use Runtime\Supercharger\Verifier\StateVerifier;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\HttpKernel\KernelInterface;
use Symfony\Component\HttpKernel\TerminableInterface;
use Symfony\Component\Runtime\RunnerInterface;

/**
 * The worker loop: boot once, warm up, then handle -> send -> terminate -> reset per request.
 * runtime_supercharger_handle_request() populates the superglobals for each request and runs
 * the two closures; it returns false when the worker must stop (limit, shutdown, unsafe state).
 */
final class WorkerRunner implements RunnerInterface
{
    /** @param array<string, mixed> $options */
    public function __construct(
        private readonly HttpKernelInterface $kernel,
        private readonly array $options = [],
    ) {
    }

    public function run(): int
    {
        $kernel = $this->kernel;
        if ($kernel instanceof KernelInterface) {
            $kernel->boot();
        }
        (new Warmup($this->options))->run($kernel);

        // Checks what each reset leaves behind (diagnostics; off by default).
        $verifier = StateVerifier::isRequested($this->options) ? new StateVerifier($kernel, sampler: StateVerifier::samplerFor($this->options)) : null;
        $handler = static function () use ($kernel, $verifier): void {
            $request = Request::createFromGlobals();
            $response = $kernel->handle($request);
            // The route name labels the master's request metrics (bounded, unlike raw paths).
            $route = $request->attributes->get('_route');
            if (\is_string($route)) {
                \runtime_supercharger_annotate('route', $route);
            }
            $verifier?->routed(\is_string($route) ? $route : null);
            $response->send();
            if ($kernel instanceof TerminableInterface) {
                $kernel->terminate($request, $response);
            }
        };

        $reset = self::resetter($kernel);
        if ($verifier !== null) {
            $reset = $verifier->after($reset);
        }
        while (\runtime_supercharger_handle_request($handler, $reset)) {
        }

        return 0;
    }

    /**
     * Resets services exactly once per request, after the response was sent. For a Symfony
     * Kernel, boot() on a booted kernel runs 'services_resetter' once and clears the flag that
     * would make the next handle() reset again. A reset that throws makes the worker unsafe:
     * the native side reports it and the worker retires.
     */
    private static function resetter(HttpKernelInterface $kernel): \Closure
    {
        if ($kernel instanceof KernelInterface) {
            return static function () use ($kernel): void {
                $kernel->boot();
            };
        }

        return static function () use ($kernel): void {
            if (method_exists($kernel, 'getContainer')) {
                $container = $kernel->getContainer();
                if ($container->has('services_resetter')) {
                    $container->get('services_resetter')->reset();
                }
            }
        };
    }
}
