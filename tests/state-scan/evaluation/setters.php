<?php

namespace Evaluation\Setters;

use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;

// case: clean setter that only the container calls (no request code calls it)
final class TemplateRenderer
{
    private string $cacheDir = '/tmp';
    private array $paths = [];

    public function setCacheDir(string $cacheDir): void
    {
        $this->cacheDir = $cacheDir;
    }

    public function addPath(string $path, string $namespace = 'main'): void
    {
        $this->paths[$namespace][] = $path;
    }
}

// case: clean registration called only from a compiler pass (boot)
final class HandlerRegistry
{
    private array $handlers = [];

    public function registerHandler(string $name, string $class): void
    {
        $this->handlers[$name] = $class;
    }
}

// case: clean compiler pass that registers handlers at build time
final class RegisterHandlersPass implements CompilerPassInterface
{
    public function process(ContainerBuilder $container): void
    {
        (new HandlerRegistry())->registerHandler('csv', 'App\Csv');
    }
}

// case: leaky setter of a shared service called by request code on every request
final class UserContext
{
    private ?string $userName = null;

    public function __construct(private readonly \Psr\Log\LoggerInterface $logger)
    {
    }

    public function setUserName(string $name): void
    {
        $this->userName = $name; // expect: RS004
    }
}

// case: clean controller calling the setter per request
final class ProfileController
{
    public function __construct(private readonly UserContext $context)
    {
    }

    public function show(string $name): void
    {
        $this->context->setUserName($name);
    }
}

// case: clean two-argument setter; request code only calls a one-argument method of the same name elsewhere
final class QueryConfiguration
{
    private array $attributes = [];

    public function __construct(private readonly \Psr\Log\LoggerInterface $logger)
    {
    }

    public function addNamedAlias(string $name, string $dql): void
    {
        $this->attributes['aliases'][$name] = $dql;
    }
}

// case: clean metadata object whose one-argument method shares the setter's name
final class AliasMetadataLoader
{
    public function load(object $metadata, array $row): void
    {
        $metadata->addNamedAlias(['name' => $row['name']]);
    }
}

// case: leaky two-argument registry filled by request code with both arguments
final class RouteAliases
{
    private array $aliases = [];

    public function __construct(private readonly \Psr\Log\LoggerInterface $logger)
    {
    }

    public function addRouteAlias(string $name, string $route): void
    {
        $this->aliases[$name] = $route; // expect: RS004
    }
}

// case: clean controller-like code registers an alias per request
final class AliasController
{
    public function __construct(private readonly RouteAliases $aliases)
    {
    }

    public function __invoke(\Symfony\Component\HttpFoundation\Request $request): void
    {
        $this->aliases->addRouteAlias($request->query->get('name', ''), $request->getPathInfo());
    }
}
