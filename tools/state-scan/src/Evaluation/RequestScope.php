<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Evaluation;

use Runtime\Supercharger\StateScan\Analysis\ClassFlow;

/**
 * Which code runs while requests are served. Kernel construction and configuration, bundles,
 * compiler passes, DI extensions, config loaders, cache warmers and console commands run at boot
 * (or in a CLI process), never per request; events, exceptions, requests, responses, query and
 * template-compilation objects are created per use, not shared services; a private helper called
 * only from such code, or from a constructor, is boot code too. The lists name framework classes:
 * a package is often scanned without its parents, so ancestors are matched by name.
 */
final class RequestScope
{
    /** Ancestors (lower-case) whose methods all run at boot or in the console. */
    private const BOOT_CLASSES = [
        'symfony\component\httpkernel\bundle\bundleinterface',
        'symfony\component\dependencyinjection\compiler\compilerpassinterface',
        'symfony\component\dependencyinjection\extension\extensioninterface',
        'symfony\component\dependencyinjection\extension\prependextensioninterface',
        'symfony\component\dependencyinjection\containerbuilder',
        'symfony\component\dependencyinjection\loader\configurator\abstractconfigurator',
        'symfony\component\config\definition\configurationinterface',
        'symfony\component\config\loader\loaderinterface',
        'symfony\component\httpkernel\cachewarmer\cachewarmerinterface',
        'symfony\component\httpkernel\cacheclearer\cacheclearerinterface',
        'symfony\component\console\command\command',
        'symfony\component\console\application',
        // Common base classes, listed because a package is often scanned without its parents.
        'symfony\component\dependencyinjection\extension\extension',
        'symfony\component\httpkernel\dependencyinjection\extension',
        'symfony\component\dependencyinjection\compiler\abstractrecursivepass',
        'symfony\component\config\loader\loader',
        'symfony\component\config\loader\fileloader',
        'symfony\component\dependencyinjection\loader\fileloader',
        'symfony\component\httpkernel\bundle\bundle',
        'symfony\component\httpkernel\cachewarmer\cachewarmer',
        'symfony\bundle\frameworkbundle\cachewarmer\abstractphpfilecachewarmer',
        // Test clients and test cases drive a kernel from a test process, never inside a worker.
        'symfony\component\browserkit\abstractbrowser',
        'phpunit\framework\testcase',
        // Twig template compilation: runs once per template (at cache warm-up or on first use), its
        // output is cached code; the compiler's visitors and token parsers keep per-compilation state.
        'twig\nodevisitor\nodevisitorinterface',
        'twig\nodetraverser',
        'twig\tokenparser\tokenparserinterface',
        // Doctrine mapping metadata: built once per entity class when its mapping loads, then cached.
        'doctrine\persistence\mapping\classmetadata',
        'doctrine\persistence\mapping\driver\mappingdriver',
        // Process-wide error handlers, registered once at boot.
        'monolog\errorhandler',
        'symfony\component\errorhandler\errorhandler',
        'symfony\component\errorhandler\debugclassloader',
    ];

    /** Namespaces that only run in console processes. */
    private const CLI_NAMESPACES = ['symfony\component\console\\', 'doctrine\orm\tools\\'];

    /** Namespace segments of console code (App\Command\, FrameworkBundle\Console\) and of container building (bundles). */
    private const BOOT_SEGMENTS = ['\\command\\', '\\console\\', '\\dependencyinjection\\', '\\test\\', '\\tests\\'];

    /** The dependency-injection component itself is also the run-time container: only these parts are boot code. */
    private const DI_BOOT_NAMESPACES = [
        'symfony\component\dependencyinjection\compiler\\', 'symfony\component\dependencyinjection\loader\\',
        'symfony\component\dependencyinjection\dumper\\', 'symfony\component\dependencyinjection\config\\',
        'symfony\component\dependencyinjection\extension\\',
    ];

    /** Kernel methods that run while the kernel is constructed, configured and booted. */
    private const KERNEL_BOOT_METHODS = [
        '__construct', 'boot', 'reboot', 'shutdown', 'prebootstrap', 'preboot', 'getcachedir', 'getlogdir', 'getbuilddir', 'getprojectdir',
        'registerbundles', 'registercontainerconfiguration', 'configurecontainer', 'configureroutes', 'build',
        'initializebundles', 'initializecontainer', 'buildcontainer', 'getcontainerbuilder', 'preparecontainer',
        'getkernelparameters', 'dumpcontainer', 'getcontainerclass', 'getcontainerbaseclass', 'getconfigdir',
        'getbundlesdir', 'getbundlespath', 'loadroutes', 'registercontainerconfigurationfile',
    ];

    private const KERNEL_CLASSES = [
        'symfony\component\httpkernel\kernel',
        'symfony\component\httpkernel\kernelinterface',
        'symfony\bundle\frameworkbundle\kernel\microkerneltrait',
    ];

    /** Ancestors (lower-case) of per-request objects that are never shared services. */
    private const REQUEST_OBJECTS = [
        'symfony\contracts\eventdispatcher\event',
        'symfony\component\eventdispatcher\event',
        'throwable',
        'symfony\component\httpfoundation\request',
        'symfony\component\httpfoundation\response',
        'symfony\component\httpfoundation\parameterbag',
        'symfony\component\httpfoundation\headerbag',
        'symfony\component\httpfoundation\responseheaderbag',
        'symfony\component\httpfoundation\cookie',
        'symfony\component\httpfoundation\file\file',
        // Created by HttpCache for each main request.
        'symfony\component\httpkernel\httpcache\responsecachestrategyinterface',
        // Doctrine: event arguments, collections of one entity, and the objects of one query.
        'doctrine\common\eventargs',
        'doctrine\common\collections\collection',
        'doctrine\common\collections\abstractlazycollection',
        'doctrine\orm\persistentcollection',
        'doctrine\orm\query\parserresult',
        'doctrine\orm\internal\hydration\abstracthydrator',
        'doctrine\orm\internal\hydration\iterableresult',
        'doctrine\orm\internal\commitordercalculator',
        'doctrine\orm\query\treewalkerchainiterator',
        'doctrine\orm\query\queryexpressionvisitor',
        'doctrine\orm\query\expr\orderby',
        'doctrine\orm\persisters\sqlvaluevisitor',
        'doctrine\orm\abstractquery',
        'doctrine\orm\querybuilder',
        'doctrine\orm\query\parser',
        'doctrine\orm\query\treewalker',
        'doctrine\orm\query\resultsetmapping',
        'doctrine\orm\query\ast\node',
        'doctrine\orm\query\expr\base',
        'doctrine\orm\mapping\builder\classmetadatabuilder',
        'doctrine\orm\mapping\builder\fieldbuilder',
        'doctrine\orm\mapping\builder\associationbuilder',
        // Profiles: one per request (HttpKernel) or per render (Twig), built by the profiler.
        'symfony\component\httpkernel\profiler\profile',
        'twig\profiler\profile',
        'twig\profiler\dumper\basedumper',
        // Twig: nodes, tokens and the parser state of one template compilation.
        'twig\node\node',
        'twig\token',
        'twig\tokenstream',
        'twig\parser',
        'twig\compiler',
        'twig\lexer',
    ];

    /**
     * Methods that end a unit of work: the owner or the kernel calls them when it is done (every request for
     * kernel.terminate listeners; the profiler calls a data collector's lateCollect() when it saves the profile).
     */
    private const END_OF_WORK_METHODS = [
        'clear', 'onkernelresponse', 'onkernelterminate', 'onkernelfinishrequest', 'onterminate', 'onfinishrequest', 'terminate',
        'latecollect',
    ];

    /**
     * Methods the framework calls on a long-lived object at the start of each request's work for it, before
     * anything else of that work: an HTTP kernel's handle() (the request itself; its main-request branch runs
     * once per request) and a data collector's collect() (the profiler calls lateCollect() and the getters
     * only for a profile it collected).
     */
    private const START_OF_WORK_METHODS = [
        'symfony\component\httpkernel\httpkernelinterface' => 'handle',
        'symfony\component\httpkernel\datacollector\datacollectorinterface' => 'collect',
        'symfony\component\httpkernel\datacollector\datacollector' => 'collect',
    ];

    /** @var array<string, bool> */
    private array $bootOnly = [];

    /** End-of-work methods declared by the class or its scanned ancestors. @return list<string> */
    public static function endOfWorkMethods(ClassHierarchy $hierarchy, string $class): array
    {
        $found = [];
        foreach ([$class, ...array_values($hierarchy->ancestors($class))] as $candidate) {
            foreach (array_keys($hierarchy->facts($candidate)?->methods ?? []) as $method) {
                if (in_array($method, self::END_OF_WORK_METHODS, true) || str_ends_with($method, 'complete')) {
                    $found[] = (string) $method;
                }
            }
        }
        return array_values(array_unique($found));
    }

    /**
     * Whether a start-of-work method of the class assigns the property first thing (HeadWrites): every
     * request then overwrites it before any of its code can read it, and an exception can skip the
     * overwrite only by failing that request's work at its very start.
     */
    public static function overwrittenAtStartOfWork(ClassHierarchy $hierarchy, string $class, string $symbol): bool
    {
        $ancestors = $hierarchy->ancestors($class);
        foreach (self::START_OF_WORK_METHODS as $interface => $method) {
            if (!isset($ancestors[$interface])) {
                continue;
            }
            foreach ([$class, ...array_values($ancestors)] as $candidate) {
                if (isset($hierarchy->facts($candidate)?->headWritesByMethod[$method][$symbol])) {
                    return true;
                }
            }
        }
        return false;
    }

    public function __construct(private readonly ClassHierarchy $hierarchy)
    {
    }

    /** Whether code of this class in this method (null: outside a method) never runs per request. */
    public function isBootOnly(?string $class, ?string $method): bool
    {
        return $this->classify($class, $method, false);
    }

    /** Boot code, or code that runs only while an object is constructed or torn down: it sets up instance state. */
    public function isConstructionOnly(?string $class, ?string $method): bool
    {
        return $this->classify($class, $method, true);
    }

    private function classify(?string $class, ?string $method, bool $constructionCounts): bool
    {
        if ($class === null || $method === null) {
            return false;
        }
        $key = strtolower($class . '::' . $method) . ($constructionCounts ? '+' : '');
        return $this->bootOnly[$key] ??= $this->computeBootOnly($class, strtolower($method), $constructionCounts, []);
    }

    /** Instance state of per-request objects (events, exceptions) does not outlive the request. */
    public function isRequestObject(string $class): bool
    {
        return $this->hasAncestor($class, self::REQUEST_OBJECTS);
    }

    /** @param array<string, true> $visiting guards against recursion between private helpers */
    private function computeBootOnly(string $class, string $method, bool $constructionCounts, array $visiting): bool
    {
        if ($this->hasAncestor($class, self::BOOT_CLASSES)) {
            return true;
        }
        if (self::inBootNamespace(strtolower($class))) {
            return true;
        }
        if (in_array($method, self::KERNEL_BOOT_METHODS, true) && $this->hasAncestor($class, self::KERNEL_CLASSES)) {
            return true;
        }
        if ($constructionCounts && in_array($method, ClassFlow::LIFECYCLE_METHODS, true)) {
            return true;
        }
        // A private helper whose only callers are boot or construction code.
        $facts = $this->hierarchy->facts($class);
        if ($facts === null || !isset($facts->privateMethods[$method]) || ($facts->callersOf[$method] ?? []) === []) {
            return false;
        }
        $visiting[$method] = true;
        foreach (array_keys($facts->callersOf[$method]) as $caller) {
            if (isset($visiting[$caller]) || !$this->computeBootOnly($class, (string) $caller, $constructionCounts, $visiting)) {
                return false;
            }
        }
        return true;
    }

    private static function inBootNamespace(string $lowerClass): bool
    {
        foreach ([...self::CLI_NAMESPACES, ...self::DI_BOOT_NAMESPACES] as $namespace) {
            if (str_starts_with($lowerClass, $namespace)) {
                return true;
            }
        }
        // Components keep run-time helpers in their DependencyInjection namespaces (ServicesResetter,
        // LazyLoadingFragmentHandler); bundles and applications keep container configuration there.
        if (str_starts_with($lowerClass, 'symfony\component\\')) {
            return false;
        }
        foreach (self::BOOT_SEGMENTS as $segment) {
            if (str_contains('\\' . $lowerClass, $segment)) {
                return true;
            }
        }
        return false;
    }

    /** @param list<string> $ancestors lower-case */
    private function hasAncestor(string $class, array $ancestors): bool
    {
        $all = $this->hierarchy->ancestors($class);
        $all[strtolower($class)] = $class;
        foreach ($ancestors as $ancestor) {
            if (isset($all[$ancestor])) {
                return true;
            }
        }
        return false;
    }
}
