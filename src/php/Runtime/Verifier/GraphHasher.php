<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Hashes a value and everything it reaches, within Limits, without calling user code:
 * objects are read through an (array) cast, which sees private, protected and dynamic
 * properties and never triggers __get, lazy initialization or __debugInfo.
 *
 * Objects registered as boundaries (container services, the container itself) are hashed
 * as a reference to their label: each is fingerprinted as its own root, so a change is
 * reported once, on the service that holds it, and not on every service that uses it.
 * Object identities are never hashed, so replacing an object by an equal one is no change.
 * An object reached twice hashes the same both times, so a new reference to it elsewhere
 * does not change the hash of the path where it was first met.
 */
final class GraphHasher
{
    /** Strings up to this length go into the hash input as they are; longer ones as a digest. */
    private const INLINE_STRING_BYTES = 64;

    /** @var array<int, string> spl_object_id => label */
    private array $boundaries = [];

    private int $nodes = 0;
    private int $nodeAllowance = 0;
    private int $bytes = 0;
    /** @var array<int, string|null> spl_object_id => hash, null while the object is being hashed */
    private array $seen = [];
    /** @var array<string, string> */
    private array $paths = [];

    public function __construct(private readonly Limits $limits)
    {
    }

    /** @param array<int, string> $boundaries spl_object_id => label */
    public function setBoundaries(array $boundaries): void
    {
        $this->boundaries = $boundaries;
    }

    public function fingerprint(mixed $value, int $nodeAllowance): RootFingerprint
    {
        $this->nodes = 0;
        $this->nodeAllowance = min($nodeAllowance, $this->limits->maxNodesPerRoot);
        $this->bytes = 0;
        $this->seen = [];
        $this->paths = [];
        try {
            $hash = $this->hash($value, '', 0);

            return new RootFingerprint($hash, $this->paths, $this->nodes);
        } finally {
            $this->seen = [];
            $this->paths = [];
        }
    }

    private function hash(mixed $value, string $path, int $depth): string
    {
        ++$this->nodes;

        return match (true) {
            \is_string($value) => $this->hashString($value),
            \is_array($value) => $this->hashArray($value, $path, $depth),
            \is_object($value) => $this->hashObject($value, $path, $depth),
            \is_resource($value) => 'r:' . get_resource_type($value),
            \is_float($value) => 'd:' . var_export($value, true),
            default => get_debug_type($value) . ':' . var_export($value, true),
        };
    }

    private function hashString(string $value): string
    {
        $length = \strlen($value);
        if ($length <= self::INLINE_STRING_BYTES) {
            return 's:' . $value;
        }
        if ($this->bytes + $length > $this->limits->maxBytesPerRoot) {
            return 's#' . $length;
        }
        $this->bytes += $length;

        return 's=' . hash('xxh128', $value);
    }

    /** @param array<mixed> $value */
    private function hashArray(array $value, string $path, int $depth): string
    {
        $count = \count($value);
        if ($depth >= $this->limits->maxDepth || $this->exhausted()) {
            return 'a#' . $count;
        }
        $input = 'a' . $count . '{';
        foreach ($value as $key => $item) {
            if ($this->exhausted()) {
                $input .= '...';
                break;
            }
            $itemPath = $path . '[' . var_export($key, true) . ']';
            $itemHash = $this->hash($item, $itemPath, $depth + 1);
            $input .= $key . '=' . $itemHash . ';';
            if (\is_array($item) || \is_object($item)) {
                $this->remember($itemPath, $itemHash);
            }
        }

        return 'a=' . hash('xxh128', $input);
    }

    private function hashObject(object $value, string $path, int $depth): string
    {
        $id = spl_object_id($value);
        if (isset($this->boundaries[$id]) && $path !== '') {
            return '@' . $this->boundaries[$id];
        }
        $class = $value::class;
        if (\array_key_exists($id, $this->seen)) {
            return $this->seen[$id] ?? 'cycle:' . $class;
        }
        $this->seen[$id] = null;
        $hash = $this->hashObjectOnce($value, $class, $path, $depth);
        $this->seen[$id] = $hash;

        return $hash;
    }

    private function hashObjectOnce(object $value, string $class, string $path, int $depth): string
    {
        if ($value instanceof \UnitEnum) {
            return 'enum:' . $class . '::' . $value->name;
        }
        if ($value instanceof \Closure) {
            return $this->hashClosure($value);
        }
        if (OpaqueObjects::isOpaque($value)) {
            return 'o:' . $class;
        }
        if ($depth >= $this->limits->maxDepth || $this->exhausted()) {
            return 'o#' . $class;
        }

        $input = 'o:' . $class . '{';
        foreach ((array) $value as $mangled => $property) {
            if ($this->exhausted()) {
                $input .= '...';
                break;
            }
            $name = self::propertyName((string) $mangled);
            if (IgnoredState::isOverwrittenProperty($value, $name)) {
                continue;
            }
            $propertyPath = $path . '->' . $name;
            $propertyHash = $this->hash($property, $propertyPath, $depth + 1);
            $input .= $mangled . '=' . $propertyHash . ';';
            $this->remember($propertyPath, $propertyHash);
        }
        $countable = OpaqueObjects::countOfStorage($value);
        if ($countable !== null) {
            $input .= '#' . $countable;
        }

        return 'o=' . hash('xxh128', $input);
    }

    /** A closure is its code location and bound object's class; captured values are not walked. */
    private function hashClosure(\Closure $closure): string
    {
        $function = new \ReflectionFunction($closure);
        $bound = $function->getClosureThis();

        return 'closure:' . $function->getFileName() . ':' . $function->getStartLine()
            . ($bound !== null ? ':' . $bound::class : '');
    }

    private function remember(string $path, string $hash): void
    {
        if (\count($this->paths) < $this->limits->maxPathsPerRoot) {
            $this->paths[$path] = $hash;
        }
    }

    private function exhausted(): bool
    {
        return $this->nodes >= $this->nodeAllowance;
    }

    /** "\0Class\0name" (private) and "\0*\0name" (protected) become "name". */
    private static function propertyName(string $mangled): string
    {
        if ($mangled !== '' && $mangled[0] === "\0") {
            $end = strrpos($mangled, "\0");

            return substr($mangled, $end + 1);
        }

        return $mangled;
    }
}
