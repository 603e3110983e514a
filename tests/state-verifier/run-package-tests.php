<?php

declare(strict_types=1);

/*
 * The runtime's PHP as a package (src/php): composer.json is valid and declares the PSR-4
 * mapping, every namespace matches its folder, and the one autoloader (src/php/autoload.php)
 * loads every class from the file PSR-4 names. Composer itself is not needed.
 * Prints "N passed, M failed" last and exits non-zero when anything failed.
 */

$root = dirname(__DIR__, 2);
$phpDir = $root . '/src/php';
$failures = [];
$passed = 0;

function check(string $name, callable $test): void
{
    global $failures, $passed;
    try {
        $test();
        ++$passed;
        echo "ok   {$name}\n";
    } catch (Throwable $e) {
        $failures[] = $name;
        echo "FAIL {$name}: {$e->getMessage()}\n";
    }
}

function expect(bool $condition, string $message): void
{
    if (!$condition) {
        throw new RuntimeException($message);
    }
}

/** @return array<string, string> class name => file, from each file's own declarations */
function declared_classes(string $folder): array
{
    $classes = [];
    $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($folder, FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
        if ($file->getExtension() !== 'php') {
            continue;
        }
        $namespace = null;
        $names = [];
        $tokens = PhpToken::tokenize((string) file_get_contents($file->getPathname()));
        foreach ($tokens as $i => $token) {
            if ($token->is(T_NAMESPACE)) {
                $namespace = next_name($tokens, $i);
            } elseif ($token->is([T_CLASS, T_INTERFACE, T_TRAIT, T_ENUM]) && !is_class_constant($tokens, $i)) {
                $names[] = next_name($tokens, $i);
            }
        }
        expect(count($names) === 1, "{$file}: declares " . count($names) . ' classes, PSR-4 wants one');
        $classes[$namespace . '\\' . $names[0]] = $file->getPathname();
    }
    ksort($classes);
    return $classes;
}

/** @param list<PhpToken> $tokens */
function next_name(array $tokens, int $i): string
{
    for ($j = $i + 1; $j < count($tokens); ++$j) {
        if ($tokens[$j]->is([T_STRING, T_NAME_QUALIFIED])) {
            return $tokens[$j]->text;
        }
        if (!$tokens[$j]->isIgnorable()) {
            break;
        }
    }
    throw new RuntimeException('no name after ' . $tokens[$i]->text);
}

/** `Foo::class` and `new class` are no declarations. @param list<PhpToken> $tokens */
function is_class_constant(array $tokens, int $i): bool
{
    for ($j = $i - 1; $j >= 0; --$j) {
        if (!$tokens[$j]->isIgnorable()) {
            return $tokens[$j]->is([T_DOUBLE_COLON, T_NEW]);
        }
    }
    return false;
}

$composer = json_decode((string) file_get_contents($phpDir . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
$psr4 = $composer['autoload']['psr-4'] ?? [];

check('composer.json names a library and its licence', function () use ($composer): void {
    expect(preg_match('{^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$}', $composer['name']) === 1,
        "bad package name {$composer['name']}");
    expect($composer['type'] === 'library', 'type is not library');
    expect($composer['license'] === 'MIT', 'licence differs from LICENSE');
    expect(isset($composer['require']['php']), 'no php requirement');
});

check('composer.json version is the CMake project version', function () use ($composer, $root): void {
    preg_match('/project\(runtime-supercharger VERSION ([0-9.]+)/', (string) file_get_contents($root . '/CMakeLists.txt'), $m);
    expect(($m[1] ?? null) === $composer['version'], "composer.json {$composer['version']}, CMake " . ($m[1] ?? '?'));
});

check('one PSR-4 root: Runtime\\Supercharger\\ is Runtime/', function () use ($psr4, $phpDir): void {
    expect($psr4 === ['Runtime\\Supercharger\\' => 'Runtime/'], 'psr-4 is ' . json_encode($psr4));
    expect(is_dir($phpDir . '/Runtime'), 'Runtime/ is missing');
});

$classes = declared_classes($phpDir . '/Runtime');

check('every namespace matches its folder and every class its file name', function () use ($classes, $psr4, $phpDir): void {
    expect(count($classes) > 20, 'only ' . count($classes) . ' classes found');
    foreach ($classes as $class => $file) {
        foreach ($psr4 as $prefix => $folder) {
            $expected = $phpDir . '/' . $folder . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            expect(str_starts_with($class, $prefix) && $expected === $file, "{$class} is in {$file}, PSR-4 says {$expected}");
        }
    }
});

check('no autoload.php per folder: src/php/autoload.php is the only one', function () use ($phpDir): void {
    $found = glob($phpDir . '/Runtime/{,*/,*/*/}autoload.php', GLOB_BRACE) ?: [];
    expect($found === [], 'found ' . implode(', ', $found));
    $bootstrap = (string) file_get_contents($phpDir . '/worker-bootstrap.php');
    expect(str_contains($bootstrap, "require __DIR__ . '/autoload.php';"), 'worker-bootstrap.php does not load it');
});

check('the autoloader loads every class from its PSR-4 file', function () use ($classes, $phpDir): void {
    // Parents and interfaces from Debian's packages, as the example app loads them.
    foreach (['Symfony/Component/Runtime', 'Symfony/Component/HttpKernel', 'Symfony/Component/DependencyInjection',
              'Doctrine/ORM'] as $package) {
        require_once "/usr/share/php/{$package}/autoload.php";
    }
    require $phpDir . '/autoload.php';
    foreach ($classes as $class => $file) {
        expect(class_exists($class) || interface_exists($class), "{$class} is not found");
        expect((new ReflectionClass($class))->getFileName() === realpath($file), "{$class} came from elsewhere");
    }
    expect(!class_exists('Runtime\\Supercharger\\NoSuchClass'), 'a missing class was found');
});

echo "\n{$passed} passed, " . count($failures) . " failed\n";
exit($failures === [] ? 0 : 1);
