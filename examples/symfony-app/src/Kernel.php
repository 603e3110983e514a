<?php

namespace App;

use App\Support\EnvironmentFlag;
use App\Support\StderrLog;
use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

class Kernel extends BaseKernel
{
    use MicroKernelTrait {
        getCacheDir as private microKernelCacheDir;
    }

    /** Routes and services under /_test/ exist only when this variable is true. */
    public const TEST_ROUTES_VARIABLE = 'APP_TEST_ROUTES';

    private static int $constructions = 0;

    private int $instanceNumber;
    private bool $testRoutesEnabled;

    public function __construct(string $environment, bool $debug)
    {
        parent::__construct($environment, $debug);

        $this->instanceNumber = ++self::$constructions;
        $this->testRoutesEnabled = EnvironmentFlag::isEnabled(self::TEST_ROUTES_VARIABLE);

        // Tests count kernel constructions per process from this line.
        StderrLog::line(sprintf('[app] kernel constructed pid=%d', getmypid()));
    }

    public function boot(): void
    {
        $firstBoot = !$this->booted;

        parent::boot();

        if ($firstBoot) {
            StderrLog::line(sprintf('[app] kernel booted pid=%d', getmypid()));
        }
    }

    /**
     * 1 for the first kernel constructed in this process, 2 for the next, ...
     */
    public function getInstanceNumber(): int
    {
        return $this->instanceNumber;
    }

    public function areTestRoutesEnabled(): bool
    {
        return $this->testRoutesEnabled;
    }

    /**
     * There is no composer.json to anchor the parent's detection: the project
     * is the directory above src/.
     */
    public function getProjectDir(): string
    {
        return \dirname(__DIR__);
    }

    /**
     * The compiled container and router differ with the test routes switch, so
     * each variant gets its own cache directory; otherwise a cache warmed with
     * one setting would silently serve the other.
     */
    public function getCacheDir(): string
    {
        $cacheDir = $this->microKernelCacheDir();

        return $this->testRoutesEnabled ? $cacheDir.'-test-routes' : $cacheDir;
    }

    private function configureContainer(ContainerConfigurator $container): void
    {
        $configDir = $this->getProjectDir().'/config';

        $container->import($configDir.'/packages/*.yaml');
        $container->import($configDir.'/services.yaml');

        if ($this->testRoutesEnabled) {
            $container->import($configDir.'/services_test_support.yaml');
        }
    }

    private function configureRoutes(RoutingConfigurator $routes): void
    {
        $configDir = $this->getProjectDir().'/config';

        $routes->import($configDir.'/routes/app.php');

        if ($this->testRoutesEnabled) {
            $routes->import($configDir.'/routes/test_support.php');
        }
    }
}
