<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle;

use Runtime\Supercharger\Bundle\DependencyInjection\TagResettableServicesPass;
use Symfony\Component\DependencyInjection\Compiler\PassConfig;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\HttpKernel\Bundle\Bundle;

/**
 * Makes sure the state categories a long-lived worker must always reset are reset after
 * every request, even when the app did not tag them kernel.reset: Doctrine entity managers
 * and connections, array caches, resettable HTTP clients, loggers and buffers, token storage.
 * Enable it in config/bundles.php:
 *
 *     Runtime\Supercharger\Bundle\RuntimeResetterBundle::class => ['all' => true],
 *
 * See docs/resetters.md for every resetter.
 */
final class RuntimeResetterBundle extends Bundle
{
    public function build(ContainerBuilder $container): void
    {
        // After CachePoolPass (32) has given cache pools their classes, before
        // ResettableServicePass (-32) turns kernel.reset tags into the services resetter.
        $container->addCompilerPass(new TagResettableServicesPass(), PassConfig::TYPE_BEFORE_OPTIMIZATION, -16);
    }

    /**
     * The services resetter only resets services that exist; the adapters must exist from
     * the start to reset what they watch (which they never instantiate themselves).
     */
    public function boot(): void
    {
        if ($this->container === null || !$this->container->hasParameter(TagResettableServicesPass::ADAPTERS_PARAMETER)) {
            return;
        }
        foreach ((array) $this->container->getParameter(TagResettableServicesPass::ADAPTERS_PARAMETER) as $id) {
            $this->container->get($id);
        }
    }

    public function getPath(): string
    {
        return __DIR__;
    }
}
