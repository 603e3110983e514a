<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/** Finds the expressions a node writes to: assignment targets, ++/--, unset(), foreach targets, by-reference mutators. */
final class WriteTargets
{
    /** Built-in functions that modify their first (by-reference) argument. */
    private const MUTATING_FUNCTIONS = [
        'array_push', 'array_unshift', 'array_pop', 'array_shift', 'array_splice', 'array_walk',
        'sort', 'rsort', 'usort', 'uasort', 'uksort', 'ksort', 'krsort', 'asort', 'arsort',
        'natsort', 'natcasesort', 'shuffle', 'settype',
    ];

    /** @return list<Expr> */
    public static function of(Node $node): array
    {
        if ($node instanceof Expr\Assign || $node instanceof Expr\AssignRef) {
            return self::flatten($node->var);
        }
        if ($node instanceof Expr\AssignOp
            || $node instanceof Expr\PreInc || $node instanceof Expr\PreDec
            || $node instanceof Expr\PostInc || $node instanceof Expr\PostDec
        ) {
            return [$node->var];
        }
        if ($node instanceof Stmt\Unset_) {
            return array_values($node->vars);
        }
        if ($node instanceof Stmt\Foreach_) {
            $targets = self::flatten($node->valueVar);
            return $node->keyVar === null ? $targets : [...$targets, $node->keyVar];
        }
        if ($node instanceof Expr\FuncCall && self::isMutatingFunction($node)) {
            $first = $node->args[0] ?? null;
            return $first instanceof Node\Arg ? [$first->value] : [];
        }
        return [];
    }

    /** The variable or property that an array-element write ultimately changes: $a['x'][] -> $a. */
    public static function base(Expr $target): Expr
    {
        while ($target instanceof Expr\ArrayDimFetch) {
            $target = $target->var;
        }
        return $target;
    }

    /** Lower-case name of a call to a global function, null for dynamic or namespaced calls. */
    public static function globalFunctionName(Expr\FuncCall $call): ?string
    {
        $name = $call->name;
        if (!$name instanceof Node\Name) {
            return null;
        }
        $parts = $name instanceof Node\Name\FullyQualified || count(self::parts($name)) === 1 ? self::parts($name) : [];
        return count($parts) === 1 ? strtolower($parts[0]) : null;
    }

    /** @return list<string> */
    private static function parts(Node\Name $name): array
    {
        return explode('\\', $name->toString());
    }

    private static function isMutatingFunction(Expr\FuncCall $call): bool
    {
        return in_array(self::globalFunctionName($call), self::MUTATING_FUNCTIONS, true);
    }

    /** Expands list()/[] destructuring into its element targets. @return list<Expr> */
    private static function flatten(Expr $target): array
    {
        if (!$target instanceof Expr\List_ && !$target instanceof Expr\Array_) {
            return [$target];
        }
        $targets = [];
        foreach ($target->items as $item) {
            // Item class differs between php-parser 4 (Expr\ArrayItem) and 5 (Node\ArrayItem); both expose ->value.
            if ($item !== null && $item->value instanceof Expr) {
                array_push($targets, ...self::flatten($item->value));
            }
        }
        return $targets;
    }
}
