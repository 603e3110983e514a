<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * State the verifier does not compare, each entry with the reason it cannot carry data from
 * one request into the next. Kept short on purpose: every entry hides a class of reports.
 * Caches that warm up once per code path need no entry (LeakDetector tells them apart).
 */
final class IgnoredState
{
    /** Our own worker code keeps per-process counters and the verifier's baselines. */
    private const IGNORED_NAMESPACE = 'Runtime\\Supercharger\\';

    /**
     * Objects whose whole state the framework assigns at the start of every request, before
     * any application code can read it.
     *
     * @var array<class-string, string> class => reason
     */
    private const OVERWRITTEN_PER_REQUEST = [
        // RouterListener calls fromRequest() on it for every main request.
        'Symfony\\Component\\Routing\\RequestContext' => 'set from each request by RouterListener',
    ];

    /**
     * Debug-mode framework memos keyed by class name, filled as classes load: never request data.
     *
     * @var array<class-string, string> class => reason
     */
    private const DEBUG_MEMOS = [
        'Symfony\\Component\\ErrorHandler\\DebugClassLoader' => 'debug mode: per-class results of its checks',
    ];

    /**
     * Single properties the framework assigns at the start of every request.
     *
     * @var array<class-string, array<string, string>> class => property => reason
     */
    private const OVERWRITTEN_PROPERTIES_PER_REQUEST = [
        'Symfony\\Component\\HttpKernel\\Kernel' => ['startTime' => 'debug kernels stamp it when each request boots'],
    ];

    public function isIgnoredClass(string $class): bool
    {
        return str_starts_with($class, self::IGNORED_NAMESPACE) || isset(self::DEBUG_MEMOS[$class]);
    }

    public static function isOverwrittenProperty(object $object, string $property): bool
    {
        foreach (self::OVERWRITTEN_PROPERTIES_PER_REQUEST as $class => $properties) {
            if (isset($properties[$property]) && $object instanceof $class) {
                return true;
            }
        }

        return false;
    }

    public function isIgnoredService(object $service): bool
    {
        return $this->isIgnoredClass($service::class) || isset(self::OVERWRITTEN_PER_REQUEST[$service::class]);
    }
}
