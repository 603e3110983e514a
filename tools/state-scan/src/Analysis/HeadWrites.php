<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/**
 * Properties a method assigns as the first thing it does: whole-property assignments at the top of its
 * body (or at the top of a leading main-request test), each preceded only by assignments that cannot
 * throw. Once the method is entered, no exception can leave the property with the value of an earlier
 * call: either the method throws at its very start, or the property is overwritten.
 */
final class HeadWrites
{
    /** @param array<Node>|null $stmts a method body @return list<string> property names */
    public static function of(?array $stmts): array
    {
        $found = [];
        $body = self::withoutNops($stmts ?? []);
        // `if (MAIN_REQUEST === $type) { ... }` or `if ($event->isMainRequest()) { ... }` first: runs once per
        // request, at its start (sub-requests skip it).
        if ($body !== [] && $body[0] instanceof Stmt\If_ && $body[0]->elseifs === [] && $body[0]->else === null
            && self::isMainRequestTest($body[0]->cond)
        ) {
            $body = self::withoutNops($body[0]->stmts);
        }
        foreach ($body as $stmt) {
            if (!$stmt instanceof Stmt\Expression || !$stmt->expr instanceof Expr\Assign) {
                break;
            }
            $target = $stmt->expr->var;
            if (!$target instanceof Expr\PropertyFetch || !ValueFlow::isThis($target->var) || !$target->name instanceof Node\Identifier) {
                break;
            }
            $found[] = $target->name->toString();
            // A value that may throw ends the head: what follows may be skipped.
            if (!self::cannotThrow($stmt->expr->expr)) {
                break;
            }
        }
        return $found;
    }

    /** @param array<Node> $stmts @return list<Node> */
    private static function withoutNops(array $stmts): array
    {
        return array_values(array_filter($stmts, static fn (Node $s): bool => !$s instanceof Stmt\Nop));
    }

    private static function isMainRequestTest(Expr $cond): bool
    {
        if ($cond instanceof Expr\BinaryOp\Identical || $cond instanceof Expr\BinaryOp\Equal) {
            foreach ([$cond->left, $cond->right] as $side) {
                if ($side instanceof Expr\ClassConstFetch && $side->name instanceof Node\Identifier
                    && in_array($side->name->toString(), ['MAIN_REQUEST', 'MASTER_REQUEST'], true)
                ) {
                    return true;
                }
            }
            return false;
        }
        return $cond instanceof Expr\MethodCall && $cond->name instanceof Node\Identifier && $cond->args === []
            && in_array($cond->name->toLowerString(), ['ismainrequest', 'ismasterrequest'], true);
    }

    /** Literals, constants, variables and arrays of them: nothing that calls code. */
    private static function cannotThrow(Expr $expr): bool
    {
        // An interpolated string (`"{$this->name()}"`, php-parser's Encapsed / InterpolatedString) holds
        // expressions in its parts.
        if ($expr instanceof Expr\Variable || ($expr instanceof Node\Scalar && !property_exists($expr, 'parts'))
            || $expr instanceof Expr\ConstFetch || $expr instanceof Expr\ClassConstFetch
        ) {
            return true;
        }
        if ($expr instanceof Expr\Array_) {
            foreach ($expr->items as $item) {
                if ($item !== null && (!self::cannotThrow($item->value) || ($item->key !== null && !self::cannotThrow($item->key)))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
