<?php

namespace Evaluation\Boot;

use Symfony\Component\Console\Command\Command;
use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Bundle\Bundle;
use Symfony\Component\HttpKernel\CacheWarmer\CacheWarmerInterface;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;
use Symfony\Contracts\EventDispatcher\Event;

// case: clean kernel directories read from the environment at boot
class AppKernel extends BaseKernel
{
    private static int $constructions = 0;
    private $lastRequest = null;

    public function __construct(string $environment, bool $debug)
    {
        parent::__construct($environment, $debug);
        ++self::$constructions;
    }

    public function getCacheDir(): string
    {
        return $_SERVER['APP_CACHE_DIR'] ?? parent::getCacheDir();
    }

    public function getLogDir(): string
    {
        return $_SERVER['APP_LOG_DIR'] ?? parent::getLogDir();
    }

    public function registerBundles(): iterable
    {
        return [];
    }

    public function registerContainerConfiguration(\Symfony\Component\Config\Loader\LoaderInterface $loader): void
    {
    }

    // case: leaky kernel handle() keeps the request
    public function handle(Request $request, int $type = self::MAIN_REQUEST, bool $catch = true): Response
    {
        $this->lastRequest = $request; // expect: RS003
        return parent::handle($request, $type, $catch);
    }
}

// case: clean compiler pass collecting tagged services
final class CollectHandlersPass implements CompilerPassInterface
{
    private array $handlers = [];

    public function process(ContainerBuilder $container): void
    {
        foreach ($container->findTaggedServiceIds('app.handler') as $id => $tags) {
            $this->handlers[] = $id;
        }
    }
}

// case: clean bundle build and boot
final class AppBundle extends Bundle
{
    private array $passes = [];
    private static bool $booted = false;

    public function build(ContainerBuilder $container): void
    {
        $this->passes[] = new CollectHandlersPass();
    }

    public function boot(): void
    {
        self::$booted = true;
        $this->passes = [];
    }
}

// case: clean cache warmer recording what it warmed
final class RoutesWarmer implements CacheWarmerInterface
{
    private array $warmed = [];

    public function isOptional(): bool
    {
        return true;
    }

    public function warmUp(string $cacheDir): array
    {
        $this->warmed[] = $cacheDir;
        return [];
    }
}

// case: clean console command with state
final class ImportCommand extends Command
{
    private int $imported = 0;

    protected function execute(\Symfony\Component\Console\Input\InputInterface $input, \Symfony\Component\Console\Output\OutputInterface $output): int
    {
        $this->imported++;
        $_SERVER['IMPORT_RUN'] = '1';
        return 0;
    }
}

// case: clean private helper called only from the constructor
final class ConfiguredClient
{
    private array $headers = [];

    public function __construct(array $options)
    {
        $this->configure($options);
    }

    private function configure(array $options): void
    {
        $this->headers = $options['headers'] ?? [];
        $this->headers[] = 'User-Agent: app';
    }
}

// case: clean event object carrying per-request data
final class OrderPlaced extends Event
{
    private ?Response $response = null;

    public function setResponse(Response $response): void
    {
        $this->response = $response;
    }
}

// case: clean exception with setters
final class ApiProblem extends \RuntimeException
{
    private array $details = [];

    public function addDetail(string $detail): void
    {
        $this->details[] = $detail;
    }
}

// case: clean data object with setters and no injected services
final class Address
{
    private string $street = '';
    private string $city = '';

    public function setStreet(string $street): void
    {
        $this->street = $street;
    }

    public function setCity(string $city): void
    {
        $this->city = $city;
    }
}

// case: clean dependency injected through a setter
final class NewsletterSender
{
    private ?\Psr\Log\LoggerInterface $logger = null;

    public function __construct(private readonly \Symfony\Component\Mailer\MailerInterface $mailer)
    {
    }

    public function setLogger(\Psr\Log\LoggerInterface $logger): void
    {
        $this->logger = $logger;
    }
}
