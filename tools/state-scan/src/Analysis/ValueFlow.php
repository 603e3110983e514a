<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;

/**
 * Taint of expressions inside one class: what a value can depend on, given the taint of local
 * variables, of the class's properties and of its methods' return values (see ClassFlow).
 * Calls are treated as pure functions of their receiver and arguments, plus known sources.
 */
final class ValueFlow
{
    private const SUPERGLOBALS = ['_SESSION', '_SERVER', '_GET', '_POST', '_COOKIE', '_FILES', '_REQUEST'];

    /**
     * @param array<string, Taint> $propertyTaint "name" (instance) or "::name" (static) => taint of its reads
     * @param array<string, string> $propertyTypes same keys => lower-case declared class type
     * @param array<string, Taint> $returns lower-case method => taint of its return value
     */
    public function __construct(
        private readonly array $propertyTaint,
        private readonly array $propertyTypes,
        private readonly array $returns,
    ) {
    }

    /**
     * @param array<string, Taint> $env local variable => taint
     * @param array<string, string> $types local variable => lower-case declared class type
     */
    public function of(?Node $node, array $env, array $types): Taint
    {
        if ($node === null) {
            return Taint::clean();
        }
        if ($node instanceof Expr\ArrayDimFetch && EnvironmentReads::isEnvironmentRead($node)) {
            return Taint::clean();
        }
        if ($node instanceof Expr\Variable) {
            if (!is_string($node->name)) {
                return Taint::of(Taint::REQUEST, 'a variable variable');
            }
            if (in_array($node->name, self::SUPERGLOBALS, true)) {
                return Taint::of(Taint::REQUEST, '$' . $node->name);
            }
            return $env[$node->name] ?? Taint::clean();
        }
        if ($node instanceof Node\Scalar || $node instanceof Expr\ConstFetch || $node instanceof Expr\ClassConstFetch
            || $node instanceof Expr\ArrowFunction || $node instanceof Node\Stmt
        ) {
            return Taint::clean();
        }
        if ($node instanceof Expr\Closure) {
            $taint = Taint::clean();
            foreach ($node->uses as $use) {
                $taint = $taint->union($this->of($use->var, $env, $types));
            }
            return $taint;
        }
        if ($node instanceof Expr\PropertyFetch || $node instanceof Expr\NullsafePropertyFetch) {
            return $this->ofPropertyFetch($node, $env, $types);
        }
        // `$a = $b = []`: the value is the assigned one, not what $b held before.
        if ($node instanceof Expr\Assign || $node instanceof Expr\AssignRef) {
            return $this->of($node->expr, $env, $types);
        }
        if ($node instanceof Expr\StaticPropertyFetch) {
            $name = $node->name instanceof Node\Identifier ? '::' . $node->name->toString() : null;
            return $name !== null && self::isOwnClass($node->class) ? ($this->propertyTaint[$name] ?? Taint::clean()) : Taint::clean();
        }
        if ($node instanceof Expr\MethodCall || $node instanceof Expr\NullsafeMethodCall) {
            return $this->ofMethodCall($node, $env, $types);
        }
        if ($node instanceof Expr\StaticCall) {
            $taint = $this->ofArguments($node->args, $env, $types)->asComputed();
            if ($node->name instanceof Node\Identifier && self::isOwnClass($node->class)) {
                $taint = $taint->union($this->returns[$node->name->toLowerString()] ?? Taint::clean());
            }
            return $taint;
        }
        if ($node instanceof Expr\FuncCall) {
            $taint = $this->ofArguments($node->args, $env, $types)->asComputed();
            if ($node->name instanceof Expr) {
                $taint = $taint->union($this->of($node->name, $env, $types));
            }
            $name = WriteTargets::globalFunctionName($node);
            if ($name === 'func_get_args' || $name === 'func_get_arg') {
                return $taint->union(Taint::of(Taint::ARGUMENT, 'the arguments of the call', true));
            }
            $source = $name !== null ? TaintSources::ofFunction($name) : null;
            return $source === null ? $taint : $taint->union($source);
        }
        if ($node instanceof Expr\New_) {
            $taint = $this->ofArguments($node->args, $env, $types)->asComputed();
            $source = $node->class instanceof Node\Name ? TaintSources::ofNew($node->class->toString()) : null;
            return $source === null ? $taint : $taint->union($source);
        }
        $taint = Taint::clean();
        foreach ($node->getSubNodeNames() as $name) {
            $child = $node->$name;
            foreach (is_array($child) ? $child : [$child] as $item) {
                if ($item instanceof Node) {
                    $taint = $taint->union($this->of($item, $env, $types));
                }
            }
        }
        return $node instanceof Expr\BinaryOp || $node instanceof Expr\Match_ ? $taint->asComputed() : $taint;
    }

    /** Declared class of an expression: a typed local or parameter, or a typed property of $this. */
    public function typeOf(Expr $expr, array $types): ?string
    {
        if ($expr instanceof Expr\Variable && is_string($expr->name)) {
            return $types[$expr->name] ?? null;
        }
        if (($expr instanceof Expr\PropertyFetch || $expr instanceof Expr\NullsafePropertyFetch)
            && self::isThis($expr->var) && $expr->name instanceof Node\Identifier
        ) {
            return $this->propertyTypes[$expr->name->toString()] ?? null;
        }
        return null;
    }

    public static function isThis(Expr $expr): bool
    {
        return $expr instanceof Expr\Variable && $expr->name === 'this';
    }

    public static function isOwnClass(Node $class): bool
    {
        return $class instanceof Node\Name && in_array(strtolower($class->toString()), ['self', 'static'], true);
    }

    /** @param array<string, Taint> $env @param array<string, string> $types */
    private function ofPropertyFetch(Expr\PropertyFetch|Expr\NullsafePropertyFetch $node, array $env, array $types): Taint
    {
        if (self::isThis($node->var) && $node->name instanceof Node\Identifier) {
            $name = $node->name->toString();
            $scoped = RequestScopedTypes::ofType(self::typeName($this->propertyTypes[$name] ?? null));
            $taint = $this->propertyTaint[$name] ?? Taint::clean();
            return $scoped === null ? $taint : $taint->union(Taint::of(Taint::REQUEST, sprintf('$this->%s (%s)', $name, $scoped)));
        }
        return $this->of($node->var, $env, $types)->union($this->of($node->name, $env, $types));
    }

    /** @param array<string, Taint> $env @param array<string, string> $types */
    private function ofMethodCall(Expr\MethodCall|Expr\NullsafeMethodCall $node, array $env, array $types): Taint
    {
        $taint = $this->of($node->var, $env, $types)->union($this->ofArguments($node->args, $env, $types))->asComputed();
        if (!$node->name instanceof Node\Identifier) {
            return $taint;
        }
        $method = $node->name->toString();
        if (self::isThis($node->var)) {
            $taint = $taint->union($this->returns[strtolower($method)] ?? Taint::clean());
        }
        foreach ([TaintSources::ofReceiverType($this->typeOf($node->var, $types), $method), TaintSources::ofMethodName($method)] as $source) {
            if ($source !== null) {
                $taint = $taint->union($source);
            }
        }
        return $taint;
    }

    /** @param array<Node> $args @param array<string, Taint> $env @param array<string, string> $types */
    private function ofArguments(array $args, array $env, array $types): Taint
    {
        $taint = Taint::clean();
        foreach ($args as $arg) {
            if ($arg instanceof Node\Arg) {
                $taint = $taint->union($this->of($arg->value, $env, $types));
            }
        }
        return $taint;
    }

    private static function typeName(?string $lowerType): ?Node\Name
    {
        return $lowerType === null ? null : new Node\Name\FullyQualified($lowerType);
    }
}
