<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/**
 * Judges the writes to a function's `static $x` variables like property writes (see ClassFlow):
 * a lookup table or a memo computed from the argument it is keyed by is fine; a variable that
 * grows with every call, or takes request data, time or randomness, is a leak.
 */
final class StaticLocalFlow
{
    /** Functions whose result has a fixed size whatever their input: a digest of the old value cannot grow. */
    private const DIGEST_FUNCTIONS = ['hash', 'hash_hmac', 'md5', 'sha1', 'crc32'];

    /**
     * @param list<string> $names the function's static variables
     * @return array<string, WriteVerdict> name => first risky write's verdict (absent: no risky write)
     */
    public static function risks(Node\FunctionLike $function, array $names, bool $argumentsArePerCall): array
    {
        $env = [];
        foreach ($function->getParams() as $param) {
            if ($argumentsArePerCall && $param->var instanceof Expr\Variable && is_string($param->var->name)) {
                $env[$param->var->name] = Taint::of(Taint::ARGUMENT, sprintf('argument $%s', $param->var->name));
            }
        }
        $nodes = (new \PhpParser\NodeFinder())->find($function->getStmts() ?? [], static fn (Node $n): bool => true);
        $flow = new ValueFlow([], [], []);
        $statics = array_fill_keys($names, true);
        // Local variables first (twice, for assignments that use later ones), static ones excluded.
        for ($pass = 0; $pass < 2; ++$pass) {
            foreach ($nodes as $node) {
                if ($node instanceof Expr\Assign || $node instanceof Expr\AssignOp || $node instanceof Stmt\Foreach_) {
                    $value = $flow->of($node instanceof Stmt\Foreach_ ? $node->expr : $node->expr, $env, []);
                    foreach (WriteTargets::of($node) as $target) {
                        $base = WriteTargets::base($target);
                        if ($base instanceof Expr\Variable && is_string($base->name) && !isset($statics[$base->name])) {
                            $env[$base->name] = isset($env[$base->name]) ? $env[$base->name]->union($value) : $value;
                        }
                    }
                }
            }
        }
        // A counter that goes up and down in the same function (indentation, depth) is balanced.
        $decremented = [];
        $checked = [];
        foreach ($nodes as $node) {
            $probe = $node instanceof Expr\Isset_ ? ($node->vars[0] ?? null) : ($node instanceof Expr\BinaryOp\Coalesce ? $node->left : null);
            $probeBase = $probe instanceof Expr ? WriteTargets::base($probe) : null;
            if ($probeBase instanceof Expr\Variable && is_string($probeBase->name)) {
                $checked[$probeBase->name] = true;
            }
            if (($node instanceof Expr\PreDec || $node instanceof Expr\PostDec || $node instanceof Expr\AssignOp\Minus)
                && $node->var instanceof Expr\Variable && is_string($node->var->name)
            ) {
                $decremented[$node->var->name] = true;
            }
        }
        $rederived = self::rederivedEveryCall($function, $statics, $flow, $env);
        $risks = [];
        foreach ($nodes as $node) {
            if (isset($rederived[spl_object_id($node)])) {
                continue;
            }
            foreach (WriteTargets::of($node) as $target) {
                $base = WriteTargets::base($target);
                if (!$base instanceof Expr\Variable || !is_string($base->name) || !isset($statics[$base->name]) || isset($risks[$base->name])
                    || isset($decremented[$base->name])
                ) {
                    continue;
                }
                $verdict = self::verdict($node, $target, $base, $flow, $env, isset($checked[$base->name]));
                if ($verdict->isLeakRisk()) {
                    $risks[$base->name] = $verdict;
                }
            }
        }
        return $risks;
    }

    /**
     * Writes inside a top-level statement `$x = hash(..., $x ...)` that runs on every call and gives the
     * static a new fixed-size value from no request data (a random boundary chain): each call gets a
     * fresh value, as in a new process, and nothing accumulates.
     * @param array<string, true> $statics @param array<string, Taint> $env
     * @return array<int, true> object ids of the nodes of such statements
     */
    private static function rederivedEveryCall(Node\FunctionLike $function, array $statics, ValueFlow $flow, array $env): array
    {
        $skipped = [];
        foreach ($function->getStmts() ?? [] as $statement) {
            $assign = $statement instanceof Stmt\Expression ? $statement->expr : null;
            if (!$assign instanceof Expr\Assign || !$assign->var instanceof Expr\Variable || !is_string($assign->var->name)
                || !isset($statics[$assign->var->name]) || !$assign->expr instanceof Expr\FuncCall
                || !in_array(WriteTargets::globalFunctionName($assign->expr), self::DIGEST_FUNCTIONS, true)
            ) {
                continue;
            }
            $taint = $flow->of($assign->expr, $env, []);
            if ($taint->has(Taint::REQUEST) || $taint->has(Taint::DATABASE) || $taint->has(Taint::ARGUMENT) || $taint->has(Taint::STATE)) {
                continue;
            }
            foreach ((new \PhpParser\NodeFinder())->find([$assign], static fn (Node $n): bool => true) as $inner) {
                $skipped[spl_object_id($inner)] = true;
            }
        }
        return $skipped;
    }

    /** @param array<string, Taint> $env */
    private static function verdict(Node $writer, Expr $target, Expr\Variable $base, ValueFlow $flow, array $env, bool $guarded): WriteVerdict
    {
        $name = '$' . $base->name;
        if ($writer instanceof Stmt\Unset_ || ($writer instanceof Expr\FuncCall && !in_array(WriteTargets::globalFunctionName($writer), ['array_push', 'array_unshift', 'array_splice'], true))) {
            return WriteVerdict::clean('removes or reorders entries');
        }
        if ($writer instanceof Expr\FuncCall || $writer instanceof Expr\PreInc || $writer instanceof Expr\PostInc
            || $writer instanceof Expr\PreDec || $writer instanceof Expr\PostDec
            || ($writer instanceof Expr\AssignOp && !$writer instanceof Expr\AssignOp\Coalesce)
        ) {
            return WriteVerdict::accumulating(sprintf('accumulates: %s grows or counts on every call', $name));
        }
        $key = Taint::clean();
        $isElement = false;
        for ($cursor = $target; $cursor instanceof Expr\ArrayDimFetch; $cursor = $cursor->var) {
            $isElement = true;
            if ($cursor->dim === null) {
                return WriteVerdict::accumulating(sprintf('accumulates: every call appends to %s', $name));
            }
            $key = $key->union($flow->of($cursor->dim, $env, []));
        }
        $value = $writer instanceof Expr\Assign || $writer instanceof Expr\AssignOp || $writer instanceof Expr\AssignRef ? $writer->expr : null;
        if ($value === null) {
            return WriteVerdict::clean('not a value write');
        }
        $taint = $flow->of($value, $env, []);
        $sources = $taint->withoutArguments()->union($key->withoutArguments());
        if (!$sources->isClean()) {
            return WriteVerdict::requestDerived((string) $sources->explain());
        }
        if ($taint->has(Taint::ARGUMENT)) {
            if ($isElement && $taint->computed && $key->has(Taint::ARGUMENT)) {
                return WriteVerdict::clean('memoisation keyed by the argument it is computed from');
            }
            return $isElement
                ? WriteVerdict::accumulating(sprintf('accumulates: every call stores %s in %s', $taint->sources[Taint::ARGUMENT], $name))
                : WriteVerdict::requestDerived((string) $taint->explain());
        }
        if ($isElement && $key->has(Taint::ARGUMENT) && !$taint->computed && !$guarded) {
            return WriteVerdict::accumulating(sprintf('accumulates: every call adds a key from %s to %s', $key->sources[Taint::ARGUMENT], $name));
        }
        return WriteVerdict::clean('a value fixed by constants or configuration');
    }
}
