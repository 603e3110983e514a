<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/**
 * Private properties used as scratch: every method that reads one assigns it first (an assignment
 * that dominates the read: earlier, in the same or an enclosing block), directly or before calling
 * the private helper that reads it. No read can see a value left by an earlier call, so whatever the
 * property held between requests is never observed (StreamHandler::$errorMessage, a socket writer's
 * byte count of the current write).
 */
final class ScratchProperties
{
    /** @var array<string, list<array{0: string, 1: string, 2: list<int>}>> lower-case method => [event, property or callee, block ids] */
    private array $events = [];
    /** @var array<string, true> properties read inside a closure: it may run at any time */
    private array $readLater = [];
    private int $nextBlock = 0;
    /** @var array<int, true> property fetches that are the target of a modifying write, not reads */
    private array $modifiedFetches = [];
    /** @var array<string, true> private instance properties declared by the class */
    private array $private = [];
    /** @var array<string, true> lower-case private methods */
    private array $privateMethods = [];
    /** @var array<string, true> lower-case methods called on $this somewhere in the class */
    private array $called = [];
    /** @var array<string, true> properties read somewhere outside a closure */
    private array $read = [];
    private bool $walked = false;
    /** @var array<string, bool> */
    private array $verdicts = [];

    /** The class is walked on the first question about one of its private properties. */
    public function __construct(private readonly Stmt\ClassLike $class)
    {
        if (!$class instanceof Stmt\Class_) {
            return;
        }
        foreach ($class->getProperties() as $property) {
            if ($property->isPrivate() && !$property->isStatic()) {
                foreach ($property->props as $item) {
                    $this->private[$item->name->toString()] = true;
                }
            }
        }
    }

    public function isScratch(string $property): bool
    {
        if (!isset($this->private[$property])) {
            return false;
        }
        if (!$this->walked) {
            $this->walked = true;
            foreach ($this->class->getMethods() as $method) {
                $name = $method->name->toLowerString();
                if ($method->isPrivate()) {
                    $this->privateMethods[$name] = true;
                }
                $this->events[$name] = [];
                $this->walk($method->stmts ?? [], [], $name, false);
            }
        }
        // A property nobody reads is no scratch: its value is only kept (and an eventual reader would see it).
        return $this->verdicts[$property] ??= !isset($this->readLater[$property]) && isset($this->read[$property])
            && $this->neverReadStale($property);
    }

    private function neverReadStale(string $property): bool
    {
        // Only this property's events and the calls matter.
        $relevant = [];
        foreach ($this->events as $method => $events) {
            if (!in_array($method, ClassFlow::LIFECYCLE_METHODS, true)) {
                $relevant[$method] = array_values(array_filter($events, static fn (array $e): bool => $e[1] === $property || $e[0] === 'call'));
            }
        }
        // Methods that may read a value left by an earlier call, found to a fixed point through private
        // helpers: calling a helper that reads before assigning is a read at the call.
        $stale = [];
        do {
            $grew = false;
            foreach ($relevant as $method => $events) {
                if (!isset($stale[$method]) && $this->readsBeforeAssigning($events, $property, $stale)) {
                    $stale[$method] = true;
                    $grew = true;
                }
            }
        } while ($grew);
        foreach (array_keys($stale) as $method) {
            // A stale read in a private helper matters only through its callers, which were judged with it.
            if (!isset($this->privateMethods[$method]) || !isset($this->called[$method])) {
                return false;
            }
        }
        return true;
    }

    /** @param list<array{0: string, 1: string, 2: list<int>}> $events @param array<string, true> $stale */
    private function readsBeforeAssigning(array $events, string $property, array $stale): bool
    {
        $assignedIn = [];
        foreach ($events as [$kind, $name, $blocks]) {
            if ($kind === 'assign' && $name === $property) {
                $assignedIn[end($blocks)] = true;
                continue;
            }
            $reads = (($kind === 'read' || $kind === 'modify') && $name === $property) || ($kind === 'call' && isset($stale[$name]));
            if ($reads && array_intersect_key(array_flip($blocks), $assignedIn) === []) {
                return true;
            }
        }
        return false;
    }

    /** @param array<mixed> $nodes @param list<int> $blocks enclosing statement lists, innermost last */
    private function walk(array $nodes, array $blocks, string $method, bool $inClosure): void
    {
        if ($nodes !== [] && reset($nodes) instanceof Stmt) {
            $blocks[] = $this->nextBlock++;
        }
        foreach ($nodes as $node) {
            if (!$node instanceof Node || $node instanceof Stmt\ClassLike || $node instanceof Stmt\Function_) {
                continue;
            }
            $this->visit($node, $blocks, $method, $inClosure || $node instanceof Expr\Closure || $node instanceof Expr\ArrowFunction);
        }
    }

    /** @param list<int> $blocks */
    private function visit(Node $node, array $blocks, string $method, bool $inClosure): void
    {
        $assigned = self::wholeAssignment($node);
        if ($assigned !== null) {
            // The value is evaluated before the property takes it: its reads come first.
            $this->walk([$node->expr->expr], $blocks, $method, $inClosure);
            if (!$inClosure) {
                $this->events[$method][] = ['assign', $assigned, $blocks];
            }
            return;
        }
        $modified = self::modifiedProperty($node);
        if ($modified !== null) {
            // `$this->x[] = ...`, `$this->x++`: builds on the old value like a read, but is no use of it.
            $this->modifiedFetches[spl_object_id($modified)] = true;
            if (!$inClosure) {
                $this->events[$method][] = ['modify', $modified->name->toString(), $blocks];
            }
        }
        if ($node instanceof Expr\PropertyFetch && ValueFlow::isThis($node->var) && $node->name instanceof Node\Identifier) {
            $property = $node->name->toString();
            if ($inClosure) {
                $this->readLater[$property] = true;
            } elseif (!isset($this->modifiedFetches[spl_object_id($node)])) {
                $this->events[$method][] = ['read', $property, $blocks];
                $this->read[$property] = true;
            }
            return;
        }
        if ($node instanceof Expr\MethodCall && ValueFlow::isThis($node->var) && $node->name instanceof Node\Identifier && !$inClosure) {
            $this->walk($node->args, $blocks, $method, $inClosure);
            $this->events[$method][] = ['call', $node->name->toLowerString(), $blocks];
            $this->called[$node->name->toLowerString()] = true;
            return;
        }
        foreach ($node->getSubNodeNames() as $name) {
            $child = $node->$name;
            $this->walk(is_array($child) ? $child : [$child], $blocks, $method, $inClosure);
        }
    }

    /** The own property fetch a write builds on (element write, append, compound assignment, increment), if any. */
    private static function modifiedProperty(Node $node): ?Expr\PropertyFetch
    {
        if (!$node instanceof Expr\Assign && !$node instanceof Expr\AssignOp && !$node instanceof Expr\AssignRef
            && !$node instanceof Expr\PreInc && !$node instanceof Expr\PostInc && !$node instanceof Expr\PreDec && !$node instanceof Expr\PostDec
        ) {
            return null;
        }
        $target = $node->var;
        $base = WriteTargets::base($target);
        if (!$base instanceof Expr\PropertyFetch || !ValueFlow::isThis($base->var) || !$base->name instanceof Node\Identifier
            || ($node instanceof Expr\Assign && $base === $target)
        ) {
            return null;
        }
        return $base;
    }

    /** `$this->x = ...;` as a statement of its own: after it the property holds a fresh value. */
    private static function wholeAssignment(Node $node): ?string
    {
        if ($node instanceof Stmt\Expression && $node->expr instanceof Expr\Assign) {
            $target = $node->expr->var;
            if ($target instanceof Expr\PropertyFetch && ValueFlow::isThis($target->var) && $target->name instanceof Node\Identifier) {
                return $target->name->toString();
            }
        }
        return null;
    }
}
