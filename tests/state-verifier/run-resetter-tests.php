<?php

declare(strict_types=1);

/*
 * Tests of the resetter bundle's compiler pass (src/php/Runtime/Bundle): which services get the
 * kernel.reset tag, and which adapters are registered, on a ContainerBuilder.
 * Prints "N passed, M failed" last and exits non-zero when anything failed.
 */

use Runtime\Supercharger\Bundle\DependencyInjection\TagResettableServicesPass;
use Runtime\Supercharger\Bundle\Resetter\EntityManagerResetter;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\HttpKernel\DependencyInjection\ServicesResetter;
use Symfony\Contracts\Service\ResetInterface;

$root = dirname(__DIR__, 2);
require $root . '/src/php/autoload.php';
require '/usr/share/php/Symfony/Component/DependencyInjection/autoload.php';
require '/usr/share/php/Symfony/Component/HttpKernel/autoload.php';
require '/usr/share/php/Doctrine/ORM/autoload.php';
require dirname(__DIR__) . '/state-scan/support/TestRun.php';

final class ResettableFixture implements ResetInterface
{
    public function reset(): void
    {
    }
}

/** @return list<array<string, mixed>> kernel.reset tags of a service after the pass */
function resetTags(callable $configure, string $id): array
{
    $container = new ContainerBuilder();
    $configure($container);
    (new TagResettableServicesPass())->process($container);

    return $container->getDefinition($id)->getTag('kernel.reset');
}

$run = new TestRun();

$run->check('an untagged resettable service is tagged with its reset method', function (): void {
    $tags = resetTags(fn (ContainerBuilder $c) => $c->register('app.client', ResettableFixture::class), 'app.client');
    TestRun::assertSame([['method' => 'reset']], $tags, 'tags');
});

$run->check('a service the app tagged keeps its one tag', function (): void {
    $tags = resetTags(
        fn (ContainerBuilder $c) => $c->register('app.client', ResettableFixture::class)->addTag('kernel.reset', ['method' => 'clear']),
        'app.client',
    );
    TestRun::assertSame([['method' => 'clear']], $tags, 'tags');
});

$run->check('prototype-scoped and unknown services are left alone, the services resetter too', function (): void {
    $configure = function (ContainerBuilder $c): void {
        $c->register('app.per_use', ResettableFixture::class)->setShared(false);
        $c->register('app.plain', \stdClass::class);
        $c->register('services_resetter', ServicesResetter::class);
    };
    foreach (['app.per_use', 'app.plain', 'services_resetter'] as $id) {
        TestRun::assertSame([], resetTags($configure, $id), "tags of $id");
    }
});

$run->check('entity managers get the adapter, which is public and tagged', function (): void {
    $container = new ContainerBuilder();
    $container->register('Doctrine\\ORM\\EntityManagerInterface')->setFactory(['factory', 'create']);
    (new TagResettableServicesPass())->process($container);
    $adapters = $container->getParameter(TagResettableServicesPass::ADAPTERS_PARAMETER);
    TestRun::assertSame(['runtime_supercharger.resetter.entity_managers'], $adapters, 'adapters');
    $adapter = $container->getDefinition($adapters[0]);
    TestRun::assertSame(EntityManagerResetter::class, $adapter->getClass(), 'class');
    TestRun::assert($adapter->isPublic(), 'the bundle fetches it at boot');
    TestRun::assertSame([['method' => 'reset']], $adapter->getTag('kernel.reset'), 'tags');
});

exit($run->finish());
