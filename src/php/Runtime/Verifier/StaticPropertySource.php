<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Static properties declared by loaded user-defined classes (application and vendor code,
 * not PHP's own). Classes only ever get added, so each check inspects just the classes
 * declared since the previous one; the properties found are kept for reading.
 */
final class StaticPropertySource
{
    private int $inspectedClasses = 0;
    /** @var array<string, \ReflectionProperty> "Class::$name" => property */
    private array $properties = [];

    public function __construct(private readonly IgnoredState $ignored)
    {
    }

    /** @return iterable<StateRoot> */
    public function roots(): iterable
    {
        $this->inspectNewClasses();
        foreach ($this->properties as $name => $property) {
            if ($property->isInitialized()) {
                yield new StateRoot(StateRoot::STATIC_PROPERTY, $name, $property->getValue());
            }
        }
    }

    private function inspectNewClasses(): void
    {
        $classes = get_declared_classes();
        $count = \count($classes);
        for ($index = $this->inspectedClasses; $index < $count; ++$index) {
            $class = new \ReflectionClass($classes[$index]);
            if (!$class->isUserDefined() || $this->ignored->isIgnoredClass($class->name)) {
                continue;
            }
            foreach ($class->getProperties(\ReflectionProperty::IS_STATIC) as $property) {
                // Inherited statics are the parent's own storage: report them once, there.
                if ($property->class !== $class->name) {
                    continue;
                }
                $this->properties[self::displayClass($class->name) . '::$' . $property->name] = $property;
            }
        }
        $this->inspectedClasses = $count;
    }

    /** Anonymous classes carry their file after a NUL byte; keep the readable part. */
    private static function displayClass(string $class): string
    {
        $end = strpos($class, "\0");

        return $end === false ? $class : substr($class, 0, $end);
    }
}
