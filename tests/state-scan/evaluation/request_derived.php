<?php

namespace Evaluation\RequestDerived;

use Doctrine\ORM\EntityManagerInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\RequestStack;
use Symfony\Component\Security\Core\Authentication\Token\Storage\TokenStorageInterface;

// case: clean header of the current request in a property that its only reader overwrites first
final class LocaleGuesser
{
    private ?string $locale = null;

    public function __construct(private readonly RequestStack $requestStack)
    {
    }

    public function guess(): ?string
    {
        $this->locale = $this->requestStack->getCurrentRequest()?->headers->get('Accept-Language');
        return $this->locale;
    }
}

// case: clean superglobal in a property overwritten before its only read (superglobals are rebuilt per request)
final class ClientAddress
{
    private string $address = '';

    public function address(): string
    {
        $this->address = $_SERVER['REMOTE_ADDR'] ?? '';
        return $this->address;
    }
}

// case: leaky session value memoised with ??=
final class CartTotal
{
    private ?int $items = null;

    public function __construct(private readonly RequestStack $requestStack)
    {
    }

    public function items(): int
    {
        return $this->items ??= (int) $this->requestStack->getSession()->get('cart_items'); // expect: RS004
    }
}

// case: clean user identifier from the token storage, overwritten before its only read
final class AuditTrail
{
    private string $actor = 'anonymous';

    public function __construct(private readonly TokenStorageInterface $tokens)
    {
    }

    public function actor(): string
    {
        $this->actor = (string) $this->tokens->getToken()?->getUserIdentifier();
        return $this->actor;
    }
}

// case: clean cookie from a request argument, overwritten before its only read
final class ThemeResolver
{
    private string $theme = 'light';

    public function resolve(Request $request): string
    {
        $this->theme = $request->cookies->get('theme', 'light');
        return $this->theme;
    }
}

// case: leaky time of the last call
final class LastSeen
{
    private int $at = 0;

    public function touch(): void
    {
        $this->at = time(); // expect: RS004
    }
}

// case: leaky random nonce generated per request
final class CspNonce
{
    private ?string $nonce = null;

    public function nonce(): string
    {
        return $this->nonce ??= bin2hex(random_bytes(16)); // expect: RS004
    }
}

// case: leaky database result memoised in a shared service
final class CurrentShop
{
    private ?object $shop = null;

    public function __construct(private readonly EntityManagerInterface $em)
    {
    }

    public function shop(int $id): ?object
    {
        return $this->shop ??= $this->em->find('App\Entity\Shop', $id); // expect: RS004
    }
}

// case: leaky argument of a public method kept for later
final class Translator
{
    private string $locale = 'en';

    public function __construct(private readonly array $catalogues)
    {
    }

    public function useLocale(string $locale): void
    {
        $this->locale = $locale; // expect: RS004
    }
}

// case: leaky request start time as a DateTime
final class Stopwatch
{
    private ?\DateTimeImmutable $started = null;

    public function start(): void
    {
        $this->started = new \DateTimeImmutable(); // expect: RS004
    }
}

// case: clean route parameters overwritten before their only read
final class RouteContext
{
    private array $parameters = [];

    public function __construct(private readonly RequestStack $stack)
    {
    }

    public function parameters(): array
    {
        $this->parameters = $this->stack->getMainRequest()->attributes->get('_route_params', []);
        return $this->parameters;
    }
}

// case: clean environment variable read through $_SERVER (process configuration)
final class ShellVerbosity
{
    private int $level = 0;

    public function __construct()
    {
        $this->level = (int) ($_SERVER['SHELL_VERBOSITY'] ?? $_ENV['SHELL_VERBOSITY'] ?? 0);
    }

    public function refresh(): void
    {
        $this->level = (int) ($_SERVER['SHELL_VERBOSITY'] ?? 0);
    }
}

// case: clean request header read through $_SERVER into a property overwritten before its only read
final class ClientLanguage
{
    private string $language = '';

    public function detect(): string
    {
        $fallback = $_SERVER['APP_LOCALE'] ?? 'en';
        $this->language = $_SERVER['HTTP_ACCEPT_LANGUAGE'] ?? $fallback;
        return $this->language;
    }
}
