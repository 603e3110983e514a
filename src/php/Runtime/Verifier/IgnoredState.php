<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * State the verifier does not compare, each entry with the reason it cannot leak data from
 * one request into the next. Kept short on purpose: every entry hides a class of reports.
 */
final class IgnoredState
{
    /** Our own worker code keeps per-process counters and the verifier's baselines. */
    private const IGNORED_NAMESPACE = 'Runtime\\Supercharger\\';

    /**
     * Static properties that are caches keyed by code, not by request data: they fill as new
     * code paths run and hold no user input.
     *
     * @var array<string, array<string, string>> class => property => reason
     */
    private const IGNORED_STATICS = [
        // Filled with the known MIME types on first use of getFormat()/getMimeType().
        'Symfony\\Component\\HttpFoundation\\Request' => ['formats' => 'MIME type table'],
        // Doctrine's registry of type objects, one per mapped column type, created on first use.
        'Doctrine\\DBAL\\Types\\Type' => ['typeRegistry' => 'type registry'],
    ];

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

    public function isIgnoredClass(string $class): bool
    {
        return str_starts_with($class, self::IGNORED_NAMESPACE);
    }

    public function isIgnoredStatic(string $class, string $property): bool
    {
        return isset(self::IGNORED_STATICS[$class][$property]);
    }

    public function isIgnoredService(string $id, object $service): bool
    {
        return $this->isIgnoredClass($service::class) || isset(self::OVERWRITTEN_PER_REQUEST[$service::class]);
    }
}
