<?php

declare(strict_types=1);

/*
 * Test runner of runtime-state-scan.
 *  - Every fixture tests/state-scan/fixtures/<rule>/{leaky,clean}/*.php is scanned on its own (with the
 *    directory's container.xml when there is one); the findings must equal the `// expect: RS00X` markers
 *    of the file (leaky files must have at least one, clean files none).
 *  - The CLI is exercised as a user would: formats, exit codes, baseline, suppression, path rules and
 *    the container-aware modes, including booting the fixture Symfony app in tests/state-scan/fixtures/app.
 * Prints "N passed, M failed" last and exits non-zero when anything failed.
 */

use Runtime\Supercharger\StateScan\Container\ContainerXmlReader;
use Runtime\Supercharger\StateScan\Container\KernelContainerLoader;
use Runtime\Supercharger\StateScan\Finding;
use Runtime\Supercharger\StateScan\RuleCatalog;
use Runtime\Supercharger\StateScan\Scanner;
use Runtime\Supercharger\StateScan\Vendor\VendorBaseline;
use Runtime\Supercharger\StateScan\Vendor\VendorPackages;

$root = dirname(__DIR__, 2);
require $root . '/tools/state-scan/src/autoload.php';
require __DIR__ . '/support/TestRun.php';
require __DIR__ . '/support/Cli.php';
require __DIR__ . '/support/Evaluation.php';

$fixtures = __DIR__ . '/fixtures';
$run = new TestRun();
$cli = new Cli($root . '/tools/state-scan/bin/runtime-state-scan');
// The CLI keeps per-file results between runs; the tests keep theirs in a folder of their own.
putenv('RUNTIME_STATE_SCAN_CACHE_DIR=' . TestRun::temporaryDirectory());

/** "line rule" entries from the `expect:` markers of a file, sorted. */
function expectations(string $file): array
{
    $expected = [];
    foreach (PhpToken::tokenize((string) file_get_contents($file)) as $token) {
        $at = $token->is(T_COMMENT) ? strpos($token->text, 'expect:') : false;
        if ($at === false) {
            continue;
        }
        foreach (explode(' ', substr($token->text, $at + 7)) as $word) {
            if (RuleCatalog::exists(trim($word))) {
                $expected[] = sprintf('%d %s', $token->line, trim($word));
            }
        }
    }
    sort($expected);
    return $expected;
}

/** @param iterable<array{line: int, rule: string}|Finding> $findings */
function actual(iterable $findings, ?string $file = null): array
{
    $actual = [];
    foreach ($findings as $finding) {
        $finding = $finding instanceof Finding ? $finding->toArray() : $finding;
        if ($file === null || realpath($finding['file']) === realpath($file)) {
            $actual[] = sprintf('%d %s', $finding['line'], $finding['rule']);
        }
    }
    sort($actual);
    return $actual;
}

// --- Rule fixtures, scanned through the library -------------------------------------------------------
foreach (glob($fixtures . '/RS*', GLOB_ONLYDIR) as $ruleDirectory) {
    $container = is_file($ruleDirectory . '/container.xml')
        ? ContainerXmlReader::read((string) file_get_contents($ruleDirectory . '/container.xml'))
        : null;
    foreach (['leaky', 'clean'] as $kind) {
        foreach (glob(sprintf('%s/%s/*.php', $ruleDirectory, $kind)) as $file) {
            $name = sprintf('fixture %s/%s/%s', basename($ruleDirectory), $kind, basename($file));
            $expected = expectations($file);
            $result = (new Scanner())->scan([$file], $container);
            $run->check($name, function () use ($kind, $expected, $result): void {
                TestRun::assert($kind === 'clean' ? $expected === [] : $expected !== [], "$kind fixture has wrong markers");
                TestRun::assertSame($expected, actual($result->findings), 'findings');
            });
        }
    }
}

$run->check('suppressions with reasons are counted as suppressed', function () use ($fixtures): void {
    $result = (new Scanner())->scan([$fixtures . '/RS009-suppression/clean']);
    TestRun::assertSame(4, $result->suppressedCount, 'suppressed count');
});

// --- Labelled evaluation set: recall and precision ------------------------------------------------------
$run->check('evaluation set: recall >= 0.98 and precision >= 0.95', function (): void {
    $directory = __DIR__ . '/evaluation';
    $findings = array_map(static fn (Finding $f): array => $f->toArray(), (new Scanner())->scan([$directory])->findings);
    $evaluation = Evaluation::score($directory, 'expectations', $findings);
    printf(
        "# evaluation set: %d cases (%d leaky, %d clean), %d expected findings: recall %.3f, precision %.3f\n",
        count($evaluation->cases),
        $evaluation->count('leaky'),
        $evaluation->count('clean'),
        $evaluation->truePositives + count($evaluation->falseNegatives),
        $evaluation->recall(),
        $evaluation->precision(),
    );
    foreach ($evaluation->falseNegatives as $missed) {
        echo "#   missed: $missed\n";
    }
    foreach ($evaluation->falsePositives as $extra) {
        echo "#   false positive: $extra\n";
    }
    TestRun::assertSame([], $evaluation->mislabelled, 'cases whose label disagrees with their expect markers');
    TestRun::assert(count($evaluation->cases) >= 60, 'at least 60 cases');
    TestRun::assert($evaluation->recall() >= 0.98, sprintf('recall %.3f >= 0.98', $evaluation->recall()));
    TestRun::assert($evaluation->precision() >= 0.95, sprintf('precision %.3f >= 0.95', $evaluation->precision()));
});

// --- CLI: help, usage errors, formats -----------------------------------------------------------------
$leakyStatic = $fixtures . '/RS001-static-mutable-property/leaky';
$run->check('cli --help exits 0', function () use ($cli): void {
    [$status, $out] = $cli->run(['--help']);
    TestRun::assertSame(0, $status, 'exit status');
    TestRun::assert(str_contains($out, 'Usage:') && str_contains($out, 'RS009'), 'help lists usage and rules');
});
foreach ([
    'unknown option' => ['--frobnicate'],
    'unknown format' => ['--format', 'xml', $leakyStatic],
    'missing option value' => ['--baseline'],
    'kernel and container-xml together' => ['--kernel', 'a.php', '--container-xml', 'b.xml', $leakyStatic],
    'path that does not exist' => [$fixtures . '/does-not-exist'],
    'unreadable baseline' => ['--baseline', $fixtures . '/does-not-exist.json', $leakyStatic],
] as $case => $arguments) {
    $run->check("cli usage error: $case exits 2", function () use ($cli, $arguments): void {
        [$status, , $err] = $cli->run($arguments);
        TestRun::assertSame(2, $status, 'exit status');
        TestRun::assert($err !== '', 'an error message is printed');
    });
}
$run->check('cli text format shows file:line, rule, symbol, message and fix', function () use ($cli, $leakyStatic): void {
    [$status, $out] = $cli->run([$leakyStatic]);
    TestRun::assertSame(1, $status, 'exit status');
    TestRun::assert(str_contains($out, 'static_cache.php:12: RS001 Fixture\StaticProperty\TemplateCache::$hits'), 'finding line');
    TestRun::assert(str_contains($out, 'fix: '), 'hint');
    TestRun::assert(str_contains($out, '4 findings in 1 file scanned.'), 'summary');
});
$run->check('cli json format lists findings with all fields', function () use ($cli, $leakyStatic): void {
    [$status, $out] = $cli->run(['--format', 'json', $leakyStatic]);
    TestRun::assertSame(1, $status, 'exit status');
    $findings = json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    TestRun::assertSame(4, count($findings), 'finding count');
    foreach ($findings as $finding) {
        foreach (['file', 'line', 'rule', 'symbol', 'message', 'hint'] as $key) {
            TestRun::assert(isset($finding[$key]), "finding has $key");
        }
    }
});
$run->check('cli sarif format is a SARIF 2.1.0 log', function () use ($cli, $leakyStatic): void {
    [$status, $out] = $cli->run(['--format=sarif', $leakyStatic]);
    TestRun::assertSame(1, $status, 'exit status');
    $log = json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    TestRun::assertSame('2.1.0', $log['version'], 'version');
    TestRun::assert(str_contains($log['$schema'], 'sarif-2.1.0'), 'schema');
    $run = $log['runs'][0];
    TestRun::assertSame('runtime-state-scan', $run['tool']['driver']['name'], 'driver name');
    $rules = $run['tool']['driver']['rules'];
    TestRun::assertSame(4, count($run['results']), 'result count');
    foreach ($run['results'] as $result) {
        TestRun::assertSame($result['ruleId'], $rules[$result['ruleIndex']]['id'], 'ruleIndex points at ruleId');
        TestRun::assert(in_array($result['level'], ['none', 'note', 'warning', 'error'], true), 'level');
        TestRun::assert($result['message']['text'] !== '', 'message');
        $location = $result['locations'][0]['physicalLocation'];
        TestRun::assert($location['region']['startLine'] >= 1, 'startLine');
        $uri = $location['artifactLocation']['uri'];
        TestRun::assert(str_starts_with($uri, 'file://') || isset($location['artifactLocation']['uriBaseId']), 'uri base');
    }
});
$run->check('cli clean code exits 0 with an empty json list', function () use ($cli, $fixtures): void {
    [$status, $out] = $cli->run(['--format', 'json', $fixtures . '/RS001-static-mutable-property/clean']);
    TestRun::assertSame(0, $status, 'exit status');
    TestRun::assertSame([], json_decode($out, true), 'findings');
});

// --- Paths ----------------------------------------------------------------------------------------------
$run->check('cli defaults to src/ of the working directory', function () use ($cli, $fixtures): void {
    [$status, $out] = $cli->run(['--format', 'json'], $fixtures . '/app');
    TestRun::assertSame(1, $status, 'exit status');
    $files = array_unique(array_column(json_decode($out, true), 'file'));
    TestRun::assert($files !== [] && array_filter($files, static fn ($f) => !str_starts_with($f, 'src/')) === [], 'only src/ files');
});
$run->check('cli skips vendor/ and var/ unless given explicitly', function () use ($cli): void {
    $project = TestRun::temporaryDirectory();
    $leak = "<?php\nfunction leak() { static \$x = 0; return ++\$x; }\n";
    foreach (['vendor/acme/lib/Leak.php', 'var/cache/Leak.php', 'src/Clean.php'] as $path) {
        @mkdir(dirname("$project/$path"), 0777, true);
        file_put_contents("$project/$path", str_contains($path, 'Clean') ? "<?php\nfunction ok() { return 1; }\n" : $leak);
    }
    TestRun::assertSame(0, $cli->run([$project])[0], 'project scan exit status');
    TestRun::assertSame(1, $cli->run([$project . '/vendor'])[0], 'explicit vendor exit status');
    TestRun::assertSame(1, $cli->run([$project . '/var/cache/Leak.php'])[0], 'explicit var file exit status');
});

$run->check('cli cache: a second run reads the stored results, a changed file is analysed again', function () use ($cli): void {
    $project = TestRun::temporaryDirectory();
    $cache = TestRun::temporaryDirectory();
    mkdir("$project/src");
    file_put_contents("$project/src/Counter.php", "<?php\nfinal class Counter { private static int \$n = 0; public function hit(): int { return ++self::\$n; } }\n");
    $scan = static fn (string ...$extra): array => $cli->run(['--format', 'json', ...$extra, "$project/src"]);
    [$status, $first] = $scan('--cache-dir', $cache);
    TestRun::assertSame(1, $status, 'first run exit status');
    $entries = glob("$cache/*/*/*") ?: [];
    TestRun::assertSame(1, count($entries), 'one stored result per file');
    [, $second] = $scan('--cache-dir', $cache);
    TestRun::assertSame($first, $second, 'cached run reports the same');
    [, $uncached] = $scan('--no-cache');
    TestRun::assertSame($first, $uncached, 'uncached run reports the same');
    // Same size, same second: the contents decide, not the time stamp.
    file_put_contents("$project/src/Counter.php", "<?php\nfinal class Counter { private static int \$n = 0; public function hit(): int { return 1 + self::\$n; } }\n");
    [$status, $changed] = $scan('--cache-dir', $cache);
    TestRun::assertSame(0, $status, 'changed file exit status');
    TestRun::assertSame('[]', trim($changed), 'changed file findings');
    // A cache folder that cannot be written is no error.
    file_put_contents("$project/not-a-folder", '');
    [$status, , $err] = $cli->run(['--cache-dir', "$project/not-a-folder/x", "$project/src"]);
    TestRun::assertSame(0, $status, 'unwritable cache exit status');
    TestRun::assertSame('', $err, 'unwritable cache stderr');
});

// --- Baseline ---------------------------------------------------------------------------------------------
$run->check('cli baseline accepts known findings from any working directory', function () use ($cli, $fixtures): void {
    $baseline = $fixtures . '/baseline/baseline.json';
    TestRun::assertSame(1, $cli->run([$fixtures . '/baseline/src'])[0], 'without baseline');
    TestRun::assertSame(0, $cli->run(['--baseline', $baseline, $fixtures . '/baseline/src'])[0], 'with baseline');
    TestRun::assertSame(0, $cli->run(['--baseline', 'baseline.json', 'src'], $fixtures . '/baseline')[0], 'relative paths');
});
$run->check('cli generated baseline matches on rule, file and symbol, not line', function () use ($cli, $fixtures): void {
    $project = TestRun::temporaryDirectory();
    mkdir("$project/src");
    $source = (string) file_get_contents($fixtures . '/baseline/src/LegacyService.php');
    file_put_contents("$project/src/LegacyService.php", $source);
    [$status] = $cli->run(['--generate-baseline', 'state-baseline.json'], $project);
    TestRun::assertSame(0, $status, 'generate exit status');
    $entries = json_decode((string) file_get_contents("$project/state-baseline.json"), true)['findings'];
    TestRun::assertSame(['RS001', 'RS004'], array_column($entries, 'rule'), 'baseline rules');
    TestRun::assertSame('src/LegacyService.php', $entries[0]['file'], 'path relative to the baseline');

    // Moving the code down does not invalidate the baseline.
    file_put_contents("$project/src/LegacyService.php", str_replace("<?php\n", "<?php\n\n\n// moved\n", $source));
    TestRun::assertSame(0, $cli->run(['--baseline', 'state-baseline.json'], $project)[0], 'shifted lines');

    // A new leak is still reported.
    file_put_contents("$project/src/LegacyService.php", str_replace('$this->seen[] = $key;', "\$this->seen[] = \$key;\n        \$this->last = \$key;", $source));
    [$status, $out] = $cli->run(['--baseline', 'state-baseline.json', '--format', 'json'], $project);
    TestRun::assertSame(1, $status, 'new finding exit status');
    TestRun::assertSame(['Fixture\Baseline\LegacyService::$last'], array_column(json_decode($out, true), 'symbol'), 'new finding');
});

// --- Vendor scanning mode ----------------------------------------------------------------------------------
$run->check('vendor package names: Composer layout and namespace layout (Debian /usr/share/php)', function (): void {
    $root = TestRun::temporaryDirectory();
    foreach (['Twig/Environment.php', 'Twig/Node/Node.php', 'Doctrine/ORM/UnitOfWork.php'] as $path) {
        @mkdir(dirname("$root/$path"), 0777, true);
        file_put_contents("$root/$path", "<?php\n");
    }
    $names = [];
    foreach ([
        'acme/leaky/src/Leak.php', 'Symfony/Component/HttpKernel/Kernel.php', 'Symfony/Bundle/FrameworkBundle/FrameworkBundle.php',
        'Symfony/Bridge/Twig/AppVariable.php', 'Symfony/Component/Security/Http/Firewall.php', 'Symfony/Contracts/Service/ResetInterface.php',
        'Doctrine/ORM/UnitOfWork.php', 'Twig/Environment.php', 'Twig/Node/Node.php',
    ] as $path) {
        $names[] = VendorPackages::packageOf($root, $path);
    }
    TestRun::assertSame([
        'acme/leaky', 'symfony/http-kernel', 'symfony/framework-bundle', 'symfony/twig-bridge', 'symfony/security-http',
        'symfony/service-contracts', 'doctrine/orm', 'twig/twig', 'twig/twig',
    ], $names, 'package names');
});

/** A project with one leak in src/ and one in each of two vendor packages (tests skipped). */
function vendorProject(): string
{
    $project = TestRun::temporaryDirectory();
    $files = [
        'src/App.php' => "<?php\nnamespace App;\nfinal class App { private array \$seen = []; public function see(string \$x): void { \$this->seen[] = \$x; } }\n",
        'vendor/acme/leaky/src/Leak.php' => "<?php\nnamespace Acme\\Leaky;\nfinal class Leak { private static int \$calls = 0; public function call(): void { self::\$calls++; } }\n",
        'vendor/acme/other/src/Other.php' => "<?php\nnamespace Acme\\Other;\nfunction other(): int { static \$x = 0; return ++\$x; }\n",
        'vendor/acme/other/tests/OtherTest.php' => "<?php\nfunction test_only(): void { static \$y; }\n",
    ];
    foreach ($files as $path => $code) {
        @mkdir(dirname("$project/$path"), 0777, true);
        file_put_contents("$project/$path", $code);
    }
    return $project;
}

$run->check('cli --vendor reports vendor findings apart, by package', function () use ($cli): void {
    $project = vendorProject();
    [$status, $out] = $cli->run(['--format', 'json', '--vendor', 'vendor', '--vendor-baseline', 'none', 'src'], $project);
    TestRun::assertSame(1, $status, 'exit status');
    $packages = array_map(static fn (array $f): string => ($f['package'] ?? 'app') . ' ' . $f['rule'], json_decode($out, true));
    TestRun::assertSame(['app RS004', 'acme/leaky RS001', 'acme/other RS008'], $packages, 'app first, then packages; tests skipped');
    [, $text] = $cli->run(['--vendor', 'vendor', '--vendor-baseline', 'none', 'src'], $project);
    TestRun::assert(str_contains($text, '== vendor package acme/leaky =='), 'text groups by package');
});
$run->check('cli --vendor: --ignore-package and --packages choose what is reported', function () use ($cli): void {
    $project = vendorProject();
    [, $out] = $cli->run(['--format', 'json', '--vendor', 'vendor', '--vendor-baseline', 'none', '--ignore-package', 'acme/other', 'src'], $project);
    TestRun::assertSame([null, 'acme/leaky'], array_map(static fn (array $f) => $f['package'] ?? null, json_decode($out, true)), 'ignored package');
    [, $out] = $cli->run(['--format', 'json', '--vendor', 'vendor', '--vendor-baseline', 'none', '--packages', 'acme/o*', 'src'], $project);
    TestRun::assertSame([null, 'acme/other'], array_map(static fn (array $f) => $f['package'] ?? null, json_decode($out, true)), 'package filter');
    TestRun::assertSame(2, $cli->run(['--ignore-package', 'acme/other', 'src'], $project)[0], '--ignore-package without --vendor');
});
$run->check('cli --vendor-baseline accepts reviewed vendor findings and requires a reason for each', function () use ($cli): void {
    $project = vendorProject();
    $entry = ['package' => 'acme/leaky', 'rule' => 'RS001', 'symbol' => 'Acme\\Leaky\\Leak::$calls', 'reason' => 'metrics counter, meant to span requests'];
    file_put_contents("$project/vendor-baseline.json", json_encode(['version' => 1, 'findings' => [$entry]]));
    [, $out] = $cli->run(['--format', 'json', '--vendor', 'vendor', '--vendor-baseline', 'vendor-baseline.json', 'src'], $project);
    TestRun::assertSame([null, 'acme/other'], array_map(static fn (array $f) => $f['package'] ?? null, json_decode($out, true)), 'reviewed finding accepted');
    $entry['reason'] = ' ';
    file_put_contents("$project/vendor-baseline.json", json_encode(['version' => 1, 'findings' => [$entry]]));
    [$status, , $err] = $cli->run(['--vendor', 'vendor', '--vendor-baseline', 'vendor-baseline.json', 'src'], $project);
    TestRun::assertSame(2, $status, 'entry without a reason is an error');
    TestRun::assert(str_contains($err, 'reason'), 'message names the reason');
});
$run->check('the shipped vendor baseline gives every entry a reason and covers Debian\'s Symfony, Doctrine ORM, Twig and Monolog', function () use ($cli): void {
    $baseline = VendorBaseline::load(VendorBaseline::SHIPPED);
    TestRun::assert($baseline->count() > 0, 'entries loaded (each has a reason, or load() throws)');
    if (!is_dir('/usr/share/php/Symfony/Bundle/SecurityBundle') || !is_dir('/usr/share/php/Monolog')) {
        echo "#   Debian packages missing: coverage not checked\n";
        return;
    }
    [$status, $out] = $cli->run(['--vendor', '/usr/share/php', '--packages', 'symfony/*,doctrine/orm,twig/twig,monolog/monolog', TestRun::temporaryDirectory()]);
    TestRun::assertSame(0, $status, "no unreviewed vendor finding\n" . substr($out, 0, 2000));
});

// --- Container-aware modes --------------------------------------------------------------------------------
$run->check('cli --container-xml names the affected services', function () use ($cli, $fixtures): void {
    $directory = $fixtures . '/RS004-container-aware';
    [$status, $out] = $cli->run(['--format', 'json', '--container-xml', "$directory/container.xml", $directory]);
    TestRun::assertSame(1, $status, 'exit status');
    $services = array_column(json_decode($out, true), 'service', 'symbol');
    TestRun::assertSame([
        'Fixture\Container\SharedCounter::$count' => 'app.shared_counter',
        'Fixture\Container\InlinedBuffer::$lines' => 'app.report (inline Fixture\Container\InlinedBuffer)',
        'Fixture\Container\SetterInjected::$sent' => 'app.mailer',
    ], $services, 'services per symbol');
});
$run->check('cli --container-xml rejects a file that is not a container dump', function () use ($cli, $fixtures): void {
    [$status, , $err] = $cli->run(['--container-xml', $fixtures . '/baseline/baseline.json', $fixtures . '/baseline/src']);
    TestRun::assertSame(2, $status, 'exit status');
    TestRun::assert(str_contains($err, 'container'), 'message');
});

$app = $fixtures . '/app';
$run->check('cli --kernel boots the fixture app and reports only leaking shared services', function () use ($cli, $app): void {
    [$status, $out, $err] = $cli->run(['--format', 'json', '--kernel', "$app/kernel.php", "$app/src"]);
    TestRun::assertSame(1, $status, "exit status ($err)");
    $findings = json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    $expected = [];
    $actual = [];
    foreach (glob("$app/src/{,*/}*.php", GLOB_BRACE) as $file) {
        array_push($expected, ...array_map(static fn ($e) => basename($file) . ":$e", expectations($file)));
        array_push($actual, ...array_map(static fn ($a) => basename($file) . ":$a", actual($findings, $file)));
    }
    sort($expected);
    sort($actual);
    TestRun::assertSame($expected, $actual, 'findings');
    foreach ($findings as $finding) {
        TestRun::assert(is_string($finding['service']) && str_starts_with($finding['service'], 'App\\Service\\'), 'service id');
    }
});
$run->check('kernel is booted in a child process, the scanner loads no application code', function () use ($app): void {
    $model = KernelContainerLoader::load("$app/kernel.php");
    TestRun::assert($model->servicesOfClass('App\Service\TaggedBuffer')[0]->isTaggedForReset(), 'kernel.reset tag read');
    TestRun::assert(!$model->servicesOfClass('App\Service\ReportBuilder')[0]->shared, 'non-shared service read');
    TestRun::assert(in_array('Symfony\Contracts\Service\ResetInterface', $model->ancestorsOf('App\Service\ResettableCache') ?? [], true), 'ancestry');
    TestRun::assert(!class_exists('App\Kernel', false) && !class_exists('Symfony\Component\HttpKernel\Kernel', false), 'no app classes loaded');
});
$run->check('cli --kernel works for a kernel without FrameworkBundle (container rebuilt and dumped)', function () use ($cli, $fixtures): void {
    $directory = $fixtures . '/plain-kernel';
    [$status, $out, $err] = $cli->run(['--format', 'json', '--kernel', "$directory/kernel.php", "$directory/src"]);
    TestRun::assertSame(1, $status, "exit status ($err)");
    TestRun::assertSame(['plain.counter'], array_column(json_decode($out, true), 'service'), 'services');
});
$run->check('cli --kernel fails with exit 2 when the file returns no kernel', function () use ($cli): void {
    $file = TestRun::temporaryDirectory() . '/kernel.php';
    file_put_contents($file, "<?php\nreturn 42;\n");
    [$status, , $err] = $cli->run(['--kernel', $file, __DIR__ . '/fixtures/baseline/src']);
    TestRun::assertSame(2, $status, 'exit status');
    TestRun::assert(str_contains($err, 'must return a Symfony kernel'), 'message');
});

exit($run->finish());
