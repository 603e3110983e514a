<?php

namespace Evaluation\Heuristics;

use Symfony\Component\HttpFoundation\RequestStack;

// case: clean fluent configuration method returning $this
final class MailerBuilder
{
    private array $headers = [];
    private int $retries = 0;

    public function addHeader(string $name, string $value): self
    {
        $this->headers[$name] = $value;
        return $this;
    }

    public function retry(int $times): self
    {
        $this->retries += $times;
        return $this;
    }
}

// case: leaky fluent method that keeps request data
final class ContextBuilder
{
    private ?string $path = null;

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function fromRequest(): self
    {
        $this->path = $this->stack->getCurrentRequest()?->getPathInfo(); // expect: RS004
        return $this;
    }
}

// case: clean transient state cleared before the method returns
final class Hydrator
{
    private ?array $rows = null;

    public function hydrate(array $rows): array
    {
        $this->rows = $rows;
        $result = array_map('strval', $this->rows);
        $this->cleanup();
        return $result;
    }

    private function cleanup(): void
    {
        $this->rows = null;
    }
}

// case: leaky state cleared before it is refilled (the last call's data stays)
final class LastBatch
{
    private array $items = [];

    public function load(array $items): void
    {
        $this->items = [];
        foreach ($items as $item) {
            $this->items[] = $item; // expect: RS004
        }
    }
}

// case: clean locale switched and restored in the same function
function format_number_c(float $value): string
{
    $locale = setlocale(LC_NUMERIC, '0');
    setlocale(LC_NUMERIC, 'C');
    $formatted = (string) $value;
    setlocale(LC_NUMERIC, $locale);
    return $formatted;
}

// case: leaky locale changed from user data and left changed
function use_user_locale(string $locale): void
{
    setlocale(LC_ALL, $locale); // expect: RS006
}

// case: clean error handler set and restored around a call
function quiet_match(string $pattern, string $subject): bool
{
    set_error_handler(static fn (): bool => true);
    try {
        return preg_match($pattern, $subject) === 1;
    } finally {
        restore_error_handler();
    }
}

// case: leaky error handler installed per call and never restored
function install_handler(callable $handler): void
{
    set_error_handler($handler); // expect: RS007
}

// case: clean static lookup table and static memo in a function
function html_entity(string $char): string
{
    static $table = ['<' => '&lt;', '>' => '&gt;'], $encoded = [];
    return $encoded[$char] ??= $table[$char] ?? htmlspecialchars($char);
}

// case: leaky static local keeping each call's argument
function last_visitor(?string $name = null): ?string
{
    static $last = null; // expect: RS008
    if ($name !== null) {
        $last = $name;
    }
    return $last;
}

// case: clean handler created once by the factory the property held
final class LazyHandler
{
    /** @var callable|object */
    private $handler;

    public function __construct(callable $factory)
    {
        $this->handler = $factory;
    }

    public function handle(array $record): void
    {
        if (\is_callable($this->handler)) {
            $this->handler = ($this->handler)($record, $this);
        }
    }
}

// case: clean shutdown function registered once behind a flag
final class FlushOnShutdown
{
    private bool $registered = false;

    public function handle(array $record): void
    {
        if (!$this->registered) {
            register_shutdown_function([$this, 'close']);
            $this->registered = true;
        }
    }

    public function close(): void
    {
    }
}

// case: leaky shutdown function registered on every call
final class ShutdownPerCall
{
    public function handle(array $record): void
    {
        register_shutdown_function(static fn () => error_log(json_encode($record))); // expect: RS007
    }
}

// case: clean per-request buffer cleared by a kernel.terminate listener
final class RequestTimings
{
    private array $timings = [];

    public function record(string $name, float $ms): void
    {
        $this->timings[$name] = $ms;
    }

    public function onKernelTerminate(): void
    {
        $this->timings = [];
    }
}

// case: clean once-only initialisation behind a flag
final class LazyRegistryInit
{
    private bool $initialized = false;
    private array $names = [];

    public function __construct(private readonly array $config)
    {
    }

    public function names(string $extra): array
    {
        if (!$this->initialized) {
            $this->initialized = true;
            $this->names[] = $extra;
        }
        return $this->names;
    }
}

// case: leaky once-only initialisation from the first request
final class FirstRequestDecides
{
    private static bool $initialized = false;
    private static bool $sendHeaders = true;

    public function handle(): void
    {
        if (!self::$initialized) {
            self::$initialized = true;
            self::$sendHeaders = str_contains($_SERVER['HTTP_USER_AGENT'] ?? '', 'Chrome'); // expect: RS001
        }
    }
}

// case: clean wrapper object created for each request and dropped afterwards
final class TimedListener
{
    private ?float $duration = null;

    public function __construct(private readonly \Closure $listener)
    {
    }

    public function __invoke(object $event): void
    {
        $start = microtime(true);
        ($this->listener)($event);
        $this->duration = microtime(true) - $start;
    }
}

// case: clean firewall that wraps its listeners per request
final class TracingFirewall
{
    public function __construct(private readonly array $listeners)
    {
    }

    public function handle(object $event): void
    {
        foreach ($this->listeners as $listener) {
            (new TimedListener($listener))($event);
        }
    }
}

// case: clean owner creating its buffer lazily (the buffer itself is judged below)
final class LazyBufferOwner
{
    private ?KeptBuffer $buffer = null;

    public function write(string $line): void
    {
        $this->buffer ??= new KeptBuffer();
        $this->buffer->add($line);
    }
}

// case: leaky buffer kept by its owner across requests
final class KeptBuffer
{
    private array $lines = [];

    public function add(string $line): void
    {
        $this->lines[] = $line; // expect: RS004
    }
}
