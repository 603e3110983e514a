<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/**
 * Properties a class keeps bounded itself, found from the shape of its methods (see ClassFlow):
 * queues a method iterates and then empties, entries a paired method takes out again
 * (lock()/unlock()), and block allocators that refill a counter with its limit when it runs out.
 */
final class SelfBoundedState
{
    /**
     * Method name pairs whose second undoes the first (lock()/unlock()): entries one adds, the other takes out
     * again within the same piece of work.
     */
    private const UNDOING_PAIRS = [
        ['lock', 'unlock'], ['acquire', 'release'], ['open', 'close'], ['start', 'stop'], ['begin', 'end'],
        ['enter', 'leave'], ['attach', 'detach'], ['push', 'pop'], ['reserve', 'release'],
    ];

    /** @var array<string, array<string, true>> property key => lower-case methods that unset entries of it */
    private array $unsetIn = [];
    /** @var array<string, list<array{string, int}>> lower-case method => [property key, position] of `foreach ($this->x ...)` */
    private array $iterated = [];
    /** @var array<string, list<array{0: string, 1: string, 2: array<string, true>}>> lower-case method => [property, property, properties written in the `if`] of `if` blocks comparing two properties */
    private array $limitChecks = [];
    /** @var array<string, array<string, true>> lower-case method => properties it increments */
    private array $incremented = [];
    /** @var array<string, true> property keys some method iterates and then empties */
    private array $drained = [];
    /** @var array<string, array<string, true>> lower-case method => properties of a block allocator it runs */
    private array $allocators = [];

    /** Notes what one node of a method body does to the class's own properties. */
    public function observe(string $method, Node $node, int $position): void
    {
        if ($node instanceof Stmt\Unset_) {
            foreach ($node->vars as $variable) {
                $base = WriteTargets::base($variable);
                if ($base !== $variable && ClassFlow::isOwnProperty($base)) {
                    $this->unsetIn[ClassFlow::propertyKey($base)][$method] = true;
                }
            }
        } elseif ($node instanceof Stmt\Foreach_ && ClassFlow::isOwnProperty($node->expr)) {
            $this->iterated[$method][] = [ClassFlow::propertyKey($node->expr), $position];
        } elseif (($node instanceof Expr\PreInc || $node instanceof Expr\PostInc || $node instanceof Expr\AssignOp\Plus)
            && ClassFlow::isOwnProperty($node->var)
        ) {
            $this->incremented[$method][ClassFlow::propertyKey($node->var)] = true;
        } elseif ($node instanceof Stmt\If_) {
            $this->recordLimitCheck($method, $node);
        }
    }

    /** @param array<string, list<array{string, int, bool}>> $clears lower-case method => [property key, position, top level] it resets to a constant */
    public function finish(array $clears): void
    {
        // A property a method iterates and empties afterwards holds pending work: what is added is taken out.
        foreach ($this->iterated as $method => $loops) {
            foreach ($loops as [$key, $at]) {
                foreach ($clears[$method] ?? [] as [$cleared, $clearedAt]) {
                    if ($cleared === $key && $clearedAt > $at) {
                        $this->drained[$key] = true;
                    }
                }
            }
        }
        // A block allocator hands out values one by one: a method increments a counter and, when the counter
        // reaches the limit it is compared with, refills both (Doctrine's TableGenerator reserving a block of
        // ids). What a worker keeps is the unused rest of a reserved block, shared by design.
        foreach ($this->limitChecks as $method => $checks) {
            foreach ($checks as [$left, $right, $written]) {
                foreach ([[$left, $right], [$right, $left]] as [$counter, $limit]) {
                    if (isset($this->incremented[$method][$counter], $written[$counter], $written[$limit])) {
                        $this->allocators[$method][$counter] = true;
                        $this->allocators[$method][$limit] = true;
                    }
                }
            }
        }
    }

    public function isDrainedQueue(string $key): bool
    {
        return isset($this->drained[$key]);
    }

    public function isAllocatorState(string $method, string $key): bool
    {
        return isset($this->allocators[$method][$key]);
    }

    /** The methods that take out again what the given method adds to the property (lock()/unlock()), if any. @return list<string> */
    public function pairedRemovers(string $method, string $key): array
    {
        $removers = [];
        foreach (array_keys($this->unsetIn[$key] ?? []) as $remover) {
            $remover = (string) $remover;
            if ($remover === 'un' . $method) {
                $removers[] = $remover;
                continue;
            }
            foreach (self::UNDOING_PAIRS as [$does, $undoes]) {
                if (str_starts_with($method, $does) && $remover === $undoes . substr($method, strlen($does))) {
                    $removers[] = $remover;
                }
            }
        }
        return $removers;
    }

    /** `if (... $this->next === $this->max ...) { ...refill both... }`: notes the compared pair and what the block writes. */
    private function recordLimitCheck(string $method, Stmt\If_ $if): void
    {
        $written = null;
        foreach (ClassFlow::walk([$if->cond]) as $inner) {
            if (!$inner instanceof Expr\BinaryOp\Identical && !$inner instanceof Expr\BinaryOp\Equal
                && !$inner instanceof Expr\BinaryOp\GreaterOrEqual && !$inner instanceof Expr\BinaryOp\Greater
                && !$inner instanceof Expr\BinaryOp\SmallerOrEqual && !$inner instanceof Expr\BinaryOp\Smaller
            ) {
                continue;
            }
            if (!$inner->left instanceof Expr\PropertyFetch || !$inner->right instanceof Expr\PropertyFetch
                || !ClassFlow::isOwnProperty($inner->left) || !ClassFlow::isOwnProperty($inner->right)
            ) {
                continue;
            }
            $written ??= self::writtenIn($if->stmts);
            $this->limitChecks[$method][] = [ClassFlow::propertyKey($inner->left), ClassFlow::propertyKey($inner->right), $written];
        }
    }

    /** @param array<Node> $statements @return array<string, true> own property keys the statements write */
    private static function writtenIn(array $statements): array
    {
        $written = [];
        foreach (ClassFlow::walk($statements) as $node) {
            foreach (WriteTargets::of($node) as $target) {
                $base = WriteTargets::base($target);
                if (ClassFlow::isOwnProperty($base)) {
                    $written[ClassFlow::propertyKey($base)] = true;
                }
            }
        }
        return $written;
    }
}
