<?php

namespace Evaluation\PerCallState;

use Symfony\Component\HttpFoundation\Request;

// case: clean error text is scratch: every reader assigns it first
final class StreamWriter
{
    private ?string $errorMessage = null;

    public function open(string $url): void
    {
        $this->errorMessage = null;
        set_error_handler([$this, 'onError']);
        $stream = fopen($url, 'a');
        restore_error_handler();
        if ($stream === false) {
            throw new \RuntimeException('Cannot open: ' . $this->errorMessage);
        }
    }

    private function onError(int $code, string $message): bool
    {
        $this->errorMessage = $message;
        return true;
    }
}

// case: clean byte count of the current write, read by a private helper after it is set
final class SocketWriter
{
    private int $lastSent = 0;

    public function write(string $data): void
    {
        $sent = 0;
        $this->lastSent = $sent;
        while ($sent < strlen($data)) {
            $sent += 1;
            $this->stalled($sent);
        }
    }

    private function stalled(int $sent): bool
    {
        if ($sent !== $this->lastSent) {
            $this->lastSent = $sent;
            return false;
        }
        return true;
    }
}

// case: leaky last error kept for a public getter that reads it without assigning
final class LastErrorKeeper
{
    private ?string $lastError = null;

    public function run(callable $job, Request $request): void
    {
        try {
            $job();
        } catch (\Throwable $e) {
            $this->lastError = $request->getPathInfo() . ': ' . $e->getMessage(); // expect: RS004
        }
    }

    public function lastError(): ?string
    {
        return $this->lastError;
    }
}

// case: leaky status message of the last call keeps its argument
final class VaultLike
{
    private ?string $lastMessage = null;

    public function seal(string $name): void
    {
        $this->lastMessage = null;
        $this->lastMessage = sprintf('Secret "%s" sealed.', $name); // expect: RS004
    }

    public function lastMessage(): ?string
    {
        return $this->lastMessage;
    }
}

// case: leaky trace list keyed by the request path, emptied by the entry method: the last request's paths stay
final class TracingCache
{
    private array $traces = [];

    public function handle(Request $request): string
    {
        $this->traces = [];
        return $this->lookup($request);
    }

    private function lookup(Request $request): string
    {
        $this->record($request, 'miss');
        return 'response';
    }

    private function record(Request $request, string $event): void
    {
        $this->traces[$request->getPathInfo()][] = $event; // expect: RS004
    }

    public function traces(): array
    {
        return $this->traces;
    }
}

// case: clean hit counter restarted by the entry method before its private helper counts
final class HitCounter
{
    private int $hits = 0;

    public function handle(Request $request): int
    {
        $this->hits = 0;
        $this->lookup($request);
        return $this->hits;
    }

    private function lookup(Request $request): void
    {
        $this->count();
    }

    private function count(): void
    {
        ++$this->hits;
    }
}

// case: leaky counter that only a separate public method restarts
final class UnrestartedCounter
{
    private int $hits = 0;

    public function start(): void
    {
        $this->hits = 0;
    }

    public function handle(Request $request): void
    {
        $this->count();
    }

    private function count(): void
    {
        ++$this->hits; // expect: RS004
    }
}

// case: leaky trace list that only a separate public method empties
final class UnclearedTracer
{
    private array $traces = [];

    public function start(): void
    {
        $this->traces = [];
    }

    public function handle(Request $request): void
    {
        $this->record($request->getPathInfo());
    }

    private function record(string $event): void
    {
        $this->traces[] = $event; // expect: RS004
    }
}

// case: clean lock handles taken out again by unlock()
final class LockTable
{
    private array $locks = [];

    public function lock(Request $request): bool
    {
        $key = sha1($request->getUri());
        if (!isset($this->locks[$key])) {
            $this->locks[$key] = fopen(sys_get_temp_dir() . '/' . $key, 'c');
        }
        return true;
    }

    public function unlock(Request $request): void
    {
        $key = sha1($request->getUri());
        if (isset($this->locks[$key])) {
            fclose($this->locks[$key]);
            unset($this->locks[$key]);
        }
    }
}

// case: leaky per-user cache whose entries only an explicit invalidate() removes
final class ProfileCache
{
    private array $profiles = [];

    public function profile(Request $request): array
    {
        $id = $request->query->get('user');
        return $this->profiles[$id] = ['id' => $id, 'seen' => time()]; // expect: RS004
    }

    public function invalidate(string $id): void
    {
        unset($this->profiles[$id]);
    }
}

// case: clean pending resources drained when the catalogue loads
final class PendingResources
{
    private array $resources = [];
    private array $loaded = [];

    public function register(string $format, string $resource): void
    {
        if ($format === 'lazy') {
            $this->load();
        }
        $this->resources[] = [$format, $resource];
    }

    public function load(): void
    {
        foreach ($this->resources as [$format, $resource]) {
            $this->loaded[$format] = $resource;
        }
        $this->resources = [];
    }
}

// case: leaky queue that is read but never emptied
final class ReadOnlyQueue
{
    private array $items = [];

    public function handle(Request $request): int
    {
        $this->items[] = $request->getPathInfo(); // expect: RS004
        $count = 0;
        foreach ($this->items as $item) {
            ++$count;
        }
        return $count;
    }
}

// case: clean handler closure over the current request, handed over and cleared in the same call
final class ExceptionHandlerConfigurator
{
    private ?\Closure $exceptionHandler = null;

    public function __construct(private readonly object $errorHandler)
    {
    }

    public function configure(\Symfony\Component\HttpKernel\Event\RequestEvent $event): void
    {
        if (!$this->exceptionHandler) {
            $request = $event->getRequest();
            $this->exceptionHandler = static function (\Throwable $e) use ($request): void {
                error_log($request->getPathInfo() . ': ' . $e->getMessage());
            };
        }
        if ($this->exceptionHandler) {
            $this->errorHandler->setExceptionHandler($this->exceptionHandler);
            $this->exceptionHandler = null;
        }
    }
}

// case: leaky handler closure over the current request kept after the call
final class KeptExceptionHandler
{
    private ?\Closure $exceptionHandler = null;

    public function configure(\Symfony\Component\HttpKernel\Event\RequestEvent $event): void
    {
        if (!$this->exceptionHandler) {
            $request = $event->getRequest();
            $this->exceptionHandler = static function (\Throwable $e) use ($request): void { // expect: RS004
                error_log($request->getPathInfo() . ': ' . $e->getMessage());
            };
        }
    }

    public function handler(): ?\Closure
    {
        return $this->exceptionHandler;
    }
}

// case: leaky set initialised lazily once, then filled by every call
final class SeenIds
{
    private ?array $seen = null;

    public function mark(string $id): void
    {
        if ($this->seen === null) {
            $this->seen = [];
        }
        $this->seen[$id] = true; // expect: RS004
    }
}
