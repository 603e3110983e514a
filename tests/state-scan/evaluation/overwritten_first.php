<?php

namespace Evaluation\OverwrittenFirst;

use Psr\Log\LoggerInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\RequestStack;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\DataCollector\DataCollector;
use Symfony\Component\HttpKernel\HttpKernelInterface;

// Request data kept in a property reaches a later request only if something reads it before the later
// request overwrites it. These cases draw that line: overwritten before every read (clean), and the ways
// an earlier value can still be read (leaky): a branch or an exception that skips the overwrite, a reader
// that does not overwrite, a closure that runs later.

// case: clean request data overwritten at the top of the method before a private helper reads it
final class SignatureCheck
{
    private string $payload = '';

    public function __construct(private readonly string $secret)
    {
    }

    public function verify(Request $request): bool
    {
        $this->payload = $request->getContent();
        return $this->matches((string) $request->headers->get('X-Signature'));
    }

    private function matches(string $signature): bool
    {
        return hash_equals(hash_hmac('sha256', $this->payload, $this->secret), $signature);
    }
}

// case: leaky request data overwritten only on one branch, read on every path
final class SearchTerm
{
    private string $term = '';

    public function term(Request $request): string
    {
        if ($request->query->has('q')) {
            $this->term = (string) $request->query->get('q'); // expect: RS004
        }
        return $this->term;
    }
}

// case: leaky overwrite inside try, read by the catch block after an exception skipped it
final class OrderImport
{
    private string $customer = '';

    public function __construct(private readonly RequestStack $stack, private readonly LoggerInterface $logger)
    {
    }

    public function import(): void
    {
        try {
            $this->customer = $this->customerOf($this->stack->getCurrentRequest()); // expect: RS004
            $this->logger->info('importing for ' . $this->customer);
        } catch (\RuntimeException $e) {
            $this->logger->error('import failed for ' . $this->customer);
        }
    }

    private function customerOf(?Request $request): string
    {
        if ($request === null) {
            throw new \RuntimeException('no request');
        }
        return (string) $request->query->get('customer');
    }
}

// case: leaky overwrite inside try whose exception is swallowed, read after the try
final class AcceptedLanguage
{
    private string $language = 'en';

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function language(): string
    {
        try {
            $this->language = $this->parse((string) $this->stack->getCurrentRequest()?->headers->get('Accept-Language')); // expect: RS004
        } catch (\InvalidArgumentException) {
            // keep the previous value
        }
        return $this->language;
    }

    private function parse(string $header): string
    {
        if ($header === '') {
            throw new \InvalidArgumentException('no header');
        }
        return substr($header, 0, 2);
    }
}

// case: leaky public getter reads what another method left
final class LastSearch
{
    private ?string $query = null;

    public function search(Request $request): array
    {
        $this->query = (string) $request->query->get('q'); // expect: RS004
        return [];
    }

    public function lastQuery(): ?string
    {
        return $this->query;
    }
}

// case: leaky property overwritten first but read by a closure that may run later
final class DeferredAudit
{
    private string $user = '';

    public function record(Request $request): \Closure
    {
        $this->user = (string) $request->getUser(); // expect: RS004
        return function (): string {
            return 'audit ' . $this->user;
        };
    }
}

// case: clean HTTP kernel decorator keeping a clone of the main request, assigned first in handle()
final class CachingKernel implements HttpKernelInterface
{
    private ?Request $request = null;
    private array $traces = [];

    public function __construct(private readonly HttpKernelInterface $kernel)
    {
    }

    public function handle(Request $request, int $type = HttpKernelInterface::MAIN_REQUEST, bool $catch = true): Response
    {
        if (HttpKernelInterface::MAIN_REQUEST === $type) {
            $this->traces = [];
            $this->request = clone $request;
        }
        $this->traces[$request->getPathInfo()][] = 'miss';
        return $this->kernel->handle($request, $type, $catch);
    }

    public function getRequest(): ?Request
    {
        return $this->request;
    }

    public function getTraces(): array
    {
        return $this->traces;
    }
}

// case: leaky HTTP kernel that assigns the request only after a call that can throw
final class LoggingKernel implements HttpKernelInterface
{
    private ?Request $request = null; // expect: RS003

    public function __construct(private readonly HttpKernelInterface $kernel, private readonly LoggerInterface $logger)
    {
    }

    public function handle(Request $request, int $type = HttpKernelInterface::MAIN_REQUEST, bool $catch = true): Response
    {
        $this->logger->info('request');
        $this->request = $request;
        return $this->kernel->handle($request, $type, $catch);
    }

    public function getRequest(): ?Request
    {
        return $this->request;
    }
}

// case: leaky HTTP kernel whose first assignment interpolates a call: what follows it may be skipped
final class TaggingKernel implements HttpKernelInterface
{
    private string $tag = '';
    private ?Request $request = null; // expect: RS003

    public function __construct(private readonly HttpKernelInterface $kernel)
    {
    }

    public function handle(Request $request, int $type = HttpKernelInterface::MAIN_REQUEST, bool $catch = true): Response
    {
        $this->tag = "req-{$this->nextId()}";
        $this->request = $request;
        return $this->kernel->handle($request, $type, $catch);
    }

    public function getRequest(): ?Request
    {
        return $this->request;
    }

    private function nextId(): string
    {
        return bin2hex(random_bytes(4));
    }
}

// case: leaky handle() of a class that is no HTTP kernel: nothing says every request calls it first
final class FormHandler
{
    private array $submitted = [];

    public function handle(Request $request): void
    {
        $this->submitted = $request->request->all(); // expect: RS004
    }

    public function submitted(): array
    {
        return $this->submitted;
    }
}

// case: clean data collector that keeps the sub-request it collects, assigned first in collect()
final class SubRequestCollector extends DataCollector
{
    private ?Request $currentRequest = null;

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function collect(Request $request, Response $response, ?\Throwable $exception = null): void
    {
        $this->currentRequest = $this->stack->getMainRequest() !== $request ? $request : null;
    }

    public function lateCollect(): void
    {
        $this->data['sub'] = $this->currentRequest?->getPathInfo();
    }

    public function reset(): void
    {
        $this->data = [];
    }

    public function getName(): string
    {
        return 'sub_request';
    }
}

// case: leaky data collector that assigns in collect() under a test that is not the main-request test
final class UserAgentCollector extends DataCollector
{
    private ?string $agent = null;

    public function collect(Request $request, Response $response, ?\Throwable $exception = null): void
    {
        if ($request->headers->has('User-Agent')) {
            $this->agent = $request->headers->get('User-Agent'); // expect: RS004
        }
        $this->data['agent'] = $this->agent;
    }

    public function reset(): void
    {
        $this->data = [];
    }

    public function getName(): string
    {
        return 'agent';
    }
}

// case: clean superglobal read in request code, used for the current response only
final class DoNotTrack
{
    public function enabled(): bool
    {
        return ($_SERVER['HTTP_DNT'] ?? '0') === '1';
    }
}

// case: leaky superglobal read while the service is built: the first request's host is kept
final class AbsoluteUrls
{
    private string $host;

    public function __construct()
    {
        $this->host = $_SERVER['HTTP_HOST'] ?? 'localhost'; // expect: RS005
    }

    public function url(string $path): string
    {
        return 'https://' . $this->host . $path;
    }
}

// case: leaky superglobal value kept in a static property at run time
final class FirstReferer
{
    private static ?string $referer = null;

    public function referer(): ?string
    {
        return self::$referer ??= $_SERVER['HTTP_REFERER'] ?? null; // expect: RS001
    }
}

// case: leaky superglobal value kept in a function static
function client_country(): string
{
    static $country = null; // expect: RS008
    $country ??= $_SERVER['HTTP_CF_IPCOUNTRY'] ?? 'XX';
    return $country;
}

// case: clean session write in request code (the session is per request)
final class FlashNotice
{
    public function add(string $message): void
    {
        $_SESSION['_flash'][] = $message;
    }
}
