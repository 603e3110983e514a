<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

use Symfony\Component\HttpKernel\HttpKernelInterface;

/**
 * Runtime state verification (--verify-state / verify_state: true): after every request's
 * reset, fingerprints static properties of user classes, global variables and instantiated
 * shared services, and reports what requests keep changing (see LeakDetector).
 *
 * It sees what static analysis cannot: state written by vendor code, dynamic properties,
 * services built by factories. Diagnostics only: it never throws into the worker loop; an
 * internal failure switches it off with one log line.
 */
final class StateVerifier
{
    private const OPTION = 'verify_state';
    /** Sampled mode: check one request in N of each route (option, or the environment variable). */
    private const EVERY_OPTION = 'verify_state_every';
    private const EVERY_VARIABLE = 'RUNTIME_VERIFY_STATE_EVERY';

    private readonly GraphHasher $hasher;
    private readonly LeakDetector $detector;
    private readonly StaticPropertySource $statics;
    private readonly GlobalVariableSource $globals;
    private readonly StaticVariableSource $staticVariables;
    private readonly IgnoredState $ignored;
    private int $requests = 0;
    private ?string $route = null;
    private bool $enabled = true;
    private bool $budgetWarned = false;

    public function __construct(
        private readonly HttpKernelInterface $kernel,
        private readonly LeakSink $reporter = new LeakReporter(),
        private readonly Limits $limits = new Limits(),
        private readonly RequestSampler $sampler = new RequestSampler(),
    ) {
        $this->ignored = new IgnoredState();
        $this->hasher = new GraphHasher($limits);
        $this->detector = new LeakDetector();
        $this->statics = new StaticPropertySource($this->ignored);
        $this->globals = new GlobalVariableSource();
        $this->staticVariables = new StaticVariableSource($this->ignored);
    }

    /** @param array<string, mixed> $options worker options (runtime_supercharger_options()) */
    public static function isRequested(array $options): bool
    {
        return filter_var($options[self::OPTION] ?? false, \FILTER_VALIDATE_BOOLEAN);
    }

    /**
     * The sampling interval from the worker options (verify_state_every) or the environment
     * (RUNTIME_VERIFY_STATE_EVERY, e.g. set in the pool's env); 1 (every request) by default.
     *
     * @param array<string, mixed> $options
     */
    public static function samplerFor(array $options): RequestSampler
    {
        $environment = getenv(self::EVERY_VARIABLE);

        return new RequestSampler(
            RequestSampler::intervalFrom($options[self::EVERY_OPTION] ?? null)
                ?? RequestSampler::intervalFrom($environment === false ? null : $environment)
                ?? 1,
        );
    }

    /** The route of the request being handled: changes are counted per route. */
    public function routed(?string $route): void
    {
        $this->route = $route;
    }

    /** The reset callable, followed by a check of what the reset left behind. */
    public function after(\Closure $reset): \Closure
    {
        return function () use ($reset): void {
            $reset();
            if ($this->sampler->shouldCheck($this->route ?? self::pathOfCurrentRequest())) {
                $this->checkSafely();
            } else {
                $this->route = null;
            }
        };
    }

    public function check(): void
    {
        ++$this->requests;
        $route = $this->route ?? self::pathOfCurrentRequest();
        $this->route = null;
        $services = $this->serviceSource();
        $instances = $services?->instantiated() ?? [];
        $this->hasher->setBoundaries($services?->boundaries($instances) ?? []);

        $remaining = $this->limits->maxNodesPerCheck;
        $leaks = [];
        foreach ($this->roots($services, $instances) as $root) {
            if ($remaining <= 0) {
                $this->warnBudget();
                break;
            }
            $fingerprint = $this->hasher->fingerprint($root->value, $remaining);
            $remaining -= $fingerprint->nodes;
            array_push($leaks, ...$this->detector->compare($root, $fingerprint, $route));
        }
        $this->hasher->setBoundaries([]);
        $this->reporter->report($leaks, $this->requests);
    }

    private function checkSafely(): void
    {
        if (!$this->enabled) {
            return;
        }
        try {
            $this->check();
        } catch (\Throwable $error) {
            $this->enabled = false;
            LeakReporter::line(sprintf(
                'runtime-supercharger: state verifier disabled after an internal error: %s: %s',
                $error::class,
                $error->getMessage(),
            ));
        }
    }

    /**
     * @param array<string, object> $instances
     * @return iterable<StateRoot>
     */
    private function roots(?ServiceSource $services, array $instances): iterable
    {
        yield from $this->statics->roots();
        yield from $this->staticVariables->roots();
        yield from $this->globals->roots();
        if ($services !== null) {
            yield from $services->roots($instances);
        }
    }

    /** Requests that matched no route (404s, listeners answering early) count by path. */
    private static function pathOfCurrentRequest(): string
    {
        $uri = $_SERVER['REQUEST_URI'] ?? '';

        return \is_string($uri) ? (string) strtok($uri, '?') : '';
    }

    private function serviceSource(): ?ServiceSource
    {
        if (!method_exists($this->kernel, 'getContainer')) {
            return null;
        }
        $container = $this->kernel->getContainer();

        return \is_object($container) ? new ServiceSource($container, $this->ignored) : null;
    }

    private function warnBudget(): void
    {
        if (!$this->budgetWarned) {
            $this->budgetWarned = true;
            LeakReporter::line(sprintf(
                'runtime-supercharger: state verifier: more than %d values to fingerprint; the rest is skipped on such requests',
                $this->limits->maxNodesPerCheck,
            ));
        }
    }
}
