<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Function and method `static $x` variables of user code (ReflectionFunction/ReflectionMethod::
 * getStaticVariables()). Functions and classes only get added, so each check reflects just the
 * ones declared since the previous check and keeps those that declare static variables.
 */
final class StaticVariableSource
{
    private int $inspectedFunctions = 0;
    private int $inspectedClasses = 0;
    /** @var array<string, \ReflectionFunctionAbstract> display name => function or method with statics */
    private array $functions = [];

    public function __construct(private readonly IgnoredState $ignored)
    {
    }

    /** @return iterable<StateRoot> one root per function, holding all its static variables */
    public function roots(): iterable
    {
        $this->inspectNewFunctions();
        $this->inspectNewClasses();
        foreach ($this->functions as $name => $function) {
            yield new StateRoot(StateRoot::STATIC_VARIABLE, $name, $function->getStaticVariables());
        }
    }

    private function inspectNewFunctions(): void
    {
        $functions = get_defined_functions()['user'];
        $count = \count($functions);
        for ($index = $this->inspectedFunctions; $index < $count; ++$index) {
            $function = new \ReflectionFunction($functions[$index]);
            if ($function->getStaticVariables() !== [] && !$this->ignored->isIgnoredClass($function->getNamespaceName() . '\\')) {
                $this->functions[$function->getName() . '()'] = $function;
            }
        }
        $this->inspectedFunctions = $count;
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
            foreach ($class->getMethods() as $method) {
                // An inherited method's statics are reported on the class that declares it.
                if ($method->class === $class->name && !$method->isAbstract() && $method->getStaticVariables() !== []) {
                    $this->functions[self::displayClass($class->name) . '::' . $method->name . '()'] = $method;
                }
            }
        }
        $this->inspectedClasses = $count;
    }

    private static function displayClass(string $class): string
    {
        $end = strpos($class, "\0");

        return $end === false ? $class : substr($class, 0, $end);
    }
}
