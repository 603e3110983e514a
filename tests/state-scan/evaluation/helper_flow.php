<?php

namespace Evaluation\HelperFlow;

use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\RequestStack;

// case: clean request header returned by a private helper into a property overwritten before its only read
final class TenantResolver
{
    private ?string $tenant = null;

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function tenant(): ?string
    {
        $this->tenant = $this->headerValue('X-Tenant');
        return $this->tenant;
    }

    private function headerValue(string $name): ?string
    {
        return $this->stack->getCurrentRequest()?->headers->get($name);
    }
}

// case: clean cookie read through two helper levels into a property overwritten before its only read
final class Preferences
{
    private array $preferences = [];

    public function load(): array
    {
        $this->preferences = $this->decode();
        return $this->preferences;
    }

    private function decode(): array
    {
        return json_decode($this->raw(), true) ?: [];
    }

    private function raw(): string
    {
        return $_COOKIE['prefs'] ?? '{}';
    }
}

// case: leaky time through a static helper
final class Expiry
{
    private int $expiresAt = 0;

    public function extend(): void
    {
        $this->expiresAt = self::now() + 3600; // expect: RS004
    }

    private static function now(): int
    {
        return time();
    }
}

// case: leaky request passed to a helper that extracts a value
final class ClientInfo
{
    private string $agent = '';

    public function capture(Request $request): void
    {
        $this->agent = $this->agentOf($request); // expect: RS004
    }

    private function agentOf(Request $request): string
    {
        return (string) $request->headers->get('User-Agent');
    }
}

// case: leaky value read from a local variable assigned from the request
final class SearchState
{
    private string $query = '';

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function remember(): void
    {
        $request = $this->stack->getCurrentRequest();
        $query = trim((string) $request?->query->get('q'));
        $this->query = $query; // expect: RS004
    }
}

// case: leaky closure parameter stored by the closure
final class Deferred
{
    private mixed $last = null;

    public function callback(): \Closure
    {
        return function (mixed $value): void {
            $this->last = $value; // expect: RS004
        };
    }
}

// case: leaky value derived from a property that holds request data
final class Greeting
{
    private string $user = '';
    private string $greeting = '';

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function prepare(): void
    {
        $this->user = (string) $this->stack->getCurrentRequest()?->query->get('user');
        $this->greeting = 'Hello ' . $this->user; // expect: RS004
    }
}

// case: clean helper returning configuration
final class MailerConfig
{
    private ?string $from = null;

    public function __construct(private readonly array $config)
    {
    }

    public function from(): string
    {
        return $this->from ??= $this->configured('from');
    }

    private function configured(string $key): string
    {
        return (string) ($this->config[$key] ?? 'noreply@example.com');
    }
}

// case: clean helper returning constants
final class DefaultHeaders
{
    private ?array $headers = null;

    public function headers(): array
    {
        return $this->headers ??= $this->defaults();
    }

    private function defaults(): array
    {
        return ['X-Frame-Options' => 'DENY', 'X-Content-Type-Options' => 'nosniff'];
    }
}
