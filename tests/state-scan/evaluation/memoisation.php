<?php

namespace Evaluation\Memoisation;

use Symfony\Component\DependencyInjection\Extension\ExtensionInterface;

// case: clean lazy extension of a bundle-like class, computed once from the class name
class LazyExtension
{
    private ?ExtensionInterface $extension = null;

    public function getContainerExtension(): ?ExtensionInterface
    {
        if (null === $this->extension) {
            $class = static::class . 'Extension';
            $this->extension = class_exists($class) ? new $class() : null;
        }
        return $this->extension;
    }
}

// case: clean path memoised from reflection of the class itself
class LazyPath
{
    private ?string $path = null;

    public function getPath(): string
    {
        if (null === $this->path) {
            $reflected = new \ReflectionObject($this);
            $this->path = \dirname($reflected->getFileName());
        }
        return $this->path;
    }
}

// case: clean name and namespace parsed from the class name
class LazyName
{
    private ?string $name = null;
    private ?string $namespace = null;

    public function getName(): string
    {
        if (null === $this->name) {
            $pos = strrpos(static::class, '\\');
            $this->namespace = false === $pos ? '' : substr(static::class, 0, $pos);
            $this->name = false === $pos ? static::class : substr(static::class, $pos + 1);
        }
        return $this->name;
    }
}

// case: clean ??= lazy initialisation from a constructor argument
final class LazyFromConstructor
{
    private ?array $options = null;

    public function __construct(private readonly string $dsn)
    {
    }

    public function options(): array
    {
        return $this->options ??= parse_url($this->dsn) ?: [];
    }
}

// case: clean memo keyed by the argument it is computed from
final class ClassMetadataCache
{
    private array $loaded = [];

    public function metadataFor(string $class): array
    {
        return $this->loaded[$class] ??= $this->load($class);
    }

    private function load(string $class): array
    {
        return ['class' => $class, 'short' => substr(strrchr('\\' . $class, '\\'), 1)];
    }
}

// case: clean guarded memo keyed by template name
final class TemplateLoader
{
    private array $templates = [];

    public function __construct(private readonly string $directory)
    {
    }

    public function load(string $name): string
    {
        if (!isset($this->templates[$name])) {
            $this->templates[$name] = $this->compile($this->directory . '/' . $name);
        }
        return $this->templates[$name];
    }

    private function compile(string $file): string
    {
        return strtoupper($file);
    }
}

// case: clean static memo computed from constants
final class StaticConstantMemo
{
    private const FORMATS = ['json' => 'application/json', 'xml' => 'text/xml'];
    private static ?array $flipped = null;

    public static function formatOf(string $mime): ?string
    {
        self::$flipped ??= array_flip(self::FORMATS);
        return self::$flipped[$mime] ?? null;
    }
}

// case: clean initialised flag set to a constant
final class LazyConnector
{
    private bool $initialized = false;
    private array $handlers = [];

    public function __construct(private readonly array $config)
    {
    }

    public function handlers(): array
    {
        if (!$this->initialized) {
            $this->handlers = array_keys($this->config);
            $this->initialized = true;
        }
        return $this->handlers;
    }
}

// case: clean configuration-derived value recomputed identically on every call
final class ConfiguredPrefix
{
    private string $prefix = '';

    public function __construct(private readonly array $config)
    {
    }

    public function prefix(): string
    {
        $this->prefix = rtrim($this->config['prefix'] ?? '', '/') . '/';
        return $this->prefix;
    }
}

// case: clean guarded per-key initialisation flag
final class LazyRenderers
{
    private array $initialized = [];
    private array $renderers = [];

    public function __construct(private readonly array $factories)
    {
    }

    public function render(string $renderer): string
    {
        if (!isset($this->initialized[$renderer])) {
            $this->renderers[$renderer] = ($this->factories[$renderer])();
            $this->initialized[$renderer] = true;
        }
        return (string) $this->renderers[$renderer];
    }
}
