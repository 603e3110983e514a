<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Container;

/** The parts of a compiled service definition that decide whether its state can leak between requests. */
final class ServiceDefinition
{
    public const RESET_TAG = 'kernel.reset';

    /**
     * @param list<array{name: string, attributes: array<string, string>}> $tags
     * @param list<string> $calls methods the container calls after construction (setter injection)
     */
    public function __construct(
        public readonly string $id,
        public readonly ?string $class,
        public readonly bool $shared,
        public readonly bool $lazy,
        public readonly bool $abstract,
        public readonly array $tags,
        public readonly array $calls,
    ) {
    }

    /** Methods the kernel.reset tag makes the services resetter call; empty when the service is not tagged. */
    public function resetMethods(): array
    {
        $methods = [];
        foreach ($this->tags as $tag) {
            if ($tag['name'] === self::RESET_TAG) {
                $methods[] = $tag['attributes']['method'] ?? 'reset';
            }
        }
        return $methods;
    }

    public function isTaggedForReset(): bool
    {
        return $this->resetMethods() !== [];
    }

    public function callsMethod(string $method): bool
    {
        foreach ($this->calls as $call) {
            if (strcasecmp($call, $method) === 0) {
                return true;
            }
        }
        return false;
    }
}
