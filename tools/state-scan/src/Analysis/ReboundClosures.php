<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\NodeFinder;

/**
 * Closures of a function that are bound to another object before they run (`Closure::bind($fn, $obj)`,
 * `$fn->bindTo($obj)`, `$fn->call($obj)`): inside them `$this` is that object, so their property
 * writes are not the enclosing class's state (DumpDataCollector formatting a dumper's line).
 */
final class ReboundClosures
{
    /** @return array<int, true> object ids of the rebound closure nodes */
    public static function in(Node\FunctionLike $function): array
    {
        $finder = new NodeFinder();
        $nodes = $finder->find($function->getStmts() ?? [], static fn (Node $node): bool => $node instanceof Expr\Closure
            || $node instanceof Expr\Assign || $node instanceof Expr\MethodCall || $node instanceof Expr\StaticCall);
        $closuresByVariable = [];
        $rebound = [];
        foreach ($nodes as $node) {
            if ($node instanceof Expr\Assign && $node->expr instanceof Expr\Closure && $node->var instanceof Expr\Variable && is_string($node->var->name)) {
                $closuresByVariable[$node->var->name][] = $node->expr;
            }
        }
        foreach ($nodes as $node) {
            [$subject, $newThis] = self::rebinding($node);
            if ($subject === null || ($newThis !== null && ValueFlow::isThis($newThis))) {
                continue;
            }
            if ($subject instanceof Expr\Closure) {
                $rebound[spl_object_id($subject)] = true;
            } elseif ($subject instanceof Expr\Variable && is_string($subject->name)) {
                foreach ($closuresByVariable[$subject->name] ?? [] as $closure) {
                    $rebound[spl_object_id($closure)] = true;
                }
            }
        }
        return $rebound;
    }

    /** @return array{0: ?Expr, 1: ?Expr} the closure expression being rebound and the object it is bound to */
    private static function rebinding(Node $node): array
    {
        if ($node instanceof Expr\MethodCall && $node->name instanceof Node\Identifier
            && in_array($node->name->toLowerString(), ['bindto', 'call'], true)
        ) {
            return [$node->var, self::argument($node, 0)];
        }
        if ($node instanceof Expr\StaticCall && $node->class instanceof Node\Name && $node->name instanceof Node\Identifier
            && strtolower(ltrim($node->class->toString(), '\\')) === 'closure' && $node->name->toLowerString() === 'bind'
        ) {
            return [self::argument($node, 0), self::argument($node, 1)];
        }
        return [null, null];
    }

    private static function argument(Expr\MethodCall|Expr\StaticCall $call, int $index): ?Expr
    {
        $arg = $call->args[$index] ?? null;
        return $arg instanceof Node\Arg ? $arg->value : null;
    }
}
