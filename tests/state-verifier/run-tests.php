<?php

declare(strict_types=1);

/*
 * Tests of the runtime state verifier (src/php/Runtime/Verifier) without the server: each test
 * drives StateVerifier::routed() and check() as the worker does for every request, mutating
 * fixture state between checks, and compares the leaks reported with the expected names.
 * Prints "N passed, M failed" last and exits non-zero when anything failed.
 */

use Fixture\StateVerifier\Bag;
use Fixture\StateVerifier\CleanService;
use Fixture\StateVerifier\FakeKernel;
use Fixture\StateVerifier\Holder;
use Fixture\StateVerifier\LeakyService;
use Fixture\StateVerifier\StaticCache;
use Runtime\Supercharger\Verifier\LeakSink;
use Runtime\Supercharger\Verifier\Limits;
use Runtime\Supercharger\Verifier\RequestSampler;
use Runtime\Supercharger\Verifier\StateLeak;
use Runtime\Supercharger\Verifier\StateVerifier;
use Symfony\Component\DependencyInjection\Container;

$root = dirname(__DIR__, 2);
require $root . '/src/php/autoload.php';
require '/usr/share/php/Symfony/Component/DependencyInjection/autoload.php';
require '/usr/share/php/Symfony/Component/HttpKernel/autoload.php';
require dirname(__DIR__) . '/state-scan/support/TestRun.php';
require __DIR__ . '/fixtures/Services.php';

/** Collects "kind name" of every leak reported. */
final class CollectingSink implements LeakSink
{
    /** @var list<string> */
    public array $leaks = [];

    public function report(array $leaks, int $request): void
    {
        foreach ($leaks as $leak) {
            $this->leaks[] = $leak->kind . ' ' . $leak->name;
        }
    }
}

/**
 * Runs $requests simulated requests: $request($n) mutates state, then the verifier checks.
 *
 * @return list<string> leaks reported, "kind name"
 */
function verify(Container $container, int $requests, callable $request, ?Limits $limits = null, ?callable $route = null, int $every = 1): array
{
    $sink = new CollectingSink();
    $verifier = new StateVerifier(new FakeKernel($container), $sink, $limits ?? new Limits(), new RequestSampler($every));
    // The worker's reset step: the check runs (or is skipped by sampling) after each request's reset.
    $afterReset = $verifier->after(static function (): void {
    });
    for ($n = 1; $n <= $requests; ++$n) {
        $request($n);
        $verifier->routed($route !== null ? $route($n) : 'route');
        $afterReset();
    }

    return $sink->leaks;
}

$run = new TestRun();

$run->check('a service whose array grows every request is named once, with its property', function (): void {
    $container = new Container();
    $container->set('app.leaky', $leaky = new LeakyService());
    $leaks = verify($container, 5, fn (int $n) => $leaky->handle("request $n"));
    TestRun::assertSame(['service app.leaky->entries'], $leaks, 'leaks');
});

$run->check('a function static variable that grows every request is named', function (): void {
    $leaks = verify(new Container(), 4, fn (int $n) => \Fixture\StateVerifier\remember_visitor("visitor $n"));
    TestRun::assertSame(['static_variable Fixture\StateVerifier\remember_visitor()[\'visitors\']'], $leaks, 'leaks');
});

$run->check('a method static memo warmed once per route is no leak', function (): void {
    $leaks = verify(
        new Container(),
        6,
        fn (int $n) => \Fixture\StateVerifier\Formatter::format("key$n"),
        route: fn (int $n) => "route$n",
    );
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('sampled mode (1 in 3 per route) still names a leak, after more requests', function (): void {
    $container = new Container();
    $container->set('app.leaky', $leaky = new LeakyService());
    $checked = [];
    $leaks = verify($container, 7, function (int $n) use ($leaky, &$checked): void {
        $leaky->handle("request $n");
    }, every: 3);
    TestRun::assertSame(['service app.leaky->entries'], $leaks, 'leaks after requests 1, 4 and 7 were checked');
    TestRun::assertSame([], verify($container, 6, fn (int $n) => $leaky->handle("request $n"), every: 3), 'only 1 and 4 checked: one change');
});

$run->check('sampling counts each route on its own', function (): void {
    $sampler = new RequestSampler(100);
    $decisions = [];
    foreach (['a', 'b', 'a', 'b', 'a'] as $route) {
        $decisions[] = $sampler->shouldCheck($route);
    }
    TestRun::assertSame([true, true, false, false, false], $decisions, 'first request of each route checked');
    for ($n = 4; $n <= 100; ++$n) {
        $sampler->shouldCheck('a');
    }
    TestRun::assert($sampler->shouldCheck('a'), 'the 101st request of a route is checked');
    TestRun::assertSame(null, RequestSampler::intervalFrom('0'), 'interval 0 rejected');
    TestRun::assertSame(100, RequestSampler::intervalFrom('100'), 'interval parsed');
});

$run->check('a service reset after each request stays silent', function (): void {
    $container = new Container();
    $container->set('app.clean', $clean = new CleanService());
    $leaks = verify($container, 5, function (int $n) use ($clean): void {
        $clean->handle("request $n");
        $clean->reset();
    });
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('the first request sets the baseline: state written by it is no leak', function (): void {
    $container = new Container();
    $container->set('app.leaky', $leaky = new LeakyService());
    $leaks = verify($container, 4, function (int $n) use ($leaky): void {
        if ($n === 1) {
            $leaky->handle('warm-up');
        }
    });
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('a dynamic property added to a service is reported', function (): void {
    $container = new Container();
    $container->set('app.dynamic', $service = new \stdClass());
    $leaks = verify($container, 3, function (int $n) use ($service): void {
        if ($n >= 2) {
            $service->lastUser = "user$n";
        }
    });
    TestRun::assertSame(['service app.dynamic->lastUser'], $leaks, 'leaks');
});

$run->check('a nested change is named by its deepest path; cycles terminate', function (): void {
    $container = new Container();
    $container->set('app.holder', $holder = new Holder());
    $leaks = verify($container, 4, fn (int $n) => $holder->bag->counts["user$n"] = $n);
    TestRun::assertSame(['service app.holder->bag->counts'], $leaks, 'leaks');
});

$run->check('a service used by another is reported on itself only', function (): void {
    $container = new Container();
    $container->set('app.leaky', $leaky = new LeakyService());
    $user = new \stdClass();
    $user->dependency = $leaky;
    $container->set('app.user', $user);
    $leaks = verify($container, 3, fn (int $n) => $leaky->handle("request $n"));
    TestRun::assertSame(['service app.leaky->entries'], $leaks, 'leaks');
});

$run->check('a cache warmed once by each new route is no leak', function (): void {
    $container = new Container();
    $container->set('app.metadata', $cache = new \stdClass());
    $cache->loaded = [];
    $leaks = verify(
        $container,
        8,
        fn (int $n) => $cache->loaded["Entity$n"] ??= "metadata of route $n",
        route: fn (int $n) => "route$n",
    );
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('a change made twice by the same route is a leak, even between other routes', function (): void {
    $container = new Container();
    $container->set('app.tokens', $tokens = new \stdClass());
    $tokens->user = null;
    $routes = [1 => 'home', 2 => 'login', 3 => 'home', 4 => 'login', 5 => 'home'];
    $leaks = verify(
        $container,
        5,
        function (int $n) use ($tokens, $routes): void {
            if ($routes[$n] === 'login') {
                $tokens->user = "user$n";
            }
        },
        route: fn (int $n) => $routes[$n],
    );
    TestRun::assertSame(['service app.tokens->user'], $leaks, 'leaks');
});

$run->check('a service instantiated after the first request gets its own baseline', function (): void {
    $container = new Container();
    $leaks = verify($container, 5, function (int $n) use ($container): void {
        if ($n === 3) {
            $lazy = new LeakyService();
            $lazy->handle('built lazily');
            $container->set('app.lazy', $lazy);
        }
    });
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('replacing an object by an equal new one is no change', function (): void {
    $container = new Container();
    $holder = new \stdClass();
    $container->set('app.holder', $holder);
    $leaks = verify($container, 4, function () use ($holder): void {
        $holder->bag = new Bag();
    });
    TestRun::assertSame([], $leaks, 'leaks');
});

$run->check('static properties of user classes are compared; unchanged ones are silent', function (): void {
    StaticCache::$seen = [];
    $leaks = verify(new Container(), 3, fn (int $n) => StaticCache::$seen[] = $n);
    TestRun::assertSame(['static_property Fixture\StateVerifier\StaticCache::$seen'], $leaks, 'leaks');
});

$run->check('global variables are compared, superglobals are not', function (): void {
    $GLOBALS['verifier_fixture_counter'] = 0;
    $leaks = verify(new Container(), 3, function (int $n): void {
        ++$GLOBALS['verifier_fixture_counter'];
        $_SERVER['REQUEST_URI'] = "/request/$n";
    });
    unset($GLOBALS['verifier_fixture_counter']);
    TestRun::assertSame(["global \$GLOBALS['verifier_fixture_counter']"], $leaks, 'leaks');
});

$run->check('a graph larger than the limits is cut at the same place every time', function (): void {
    $container = new Container();
    $big = new \stdClass();
    $big->items = array_fill(0, 5000, 'same');
    $big->tail = 0;
    $container->set('app.big', $big);
    $limits = new Limits(maxNodesPerRoot: 1000);
    $unchanged = verify($container, 3, fn () => null, $limits);
    TestRun::assertSame([], $unchanged, 'leaks without changes');
    $changed = verify($container, 3, fn (int $n) => $big->items[10] = "changed $n", $limits);
    TestRun::assertSame(['service app.big->items'], $changed, 'leaks with a change inside the limit');
});

$run->check('an internal error disables the verifier instead of failing the request', function (): void {
    $sink = new class () implements LeakSink {
        public function report(array $leaks, int $request): void
        {
            throw new \LogicException('sink failure');
        }
    };
    $verifier = new StateVerifier(new FakeKernel(new Container()), $sink);
    $reset = $verifier->after(static function (): void {
    });
    $reset();
    $reset();
    TestRun::assert(true, 'no exception escaped');
});

exit($run->finish());
