<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;

/**
 * Data-flow analysis of one class, trait or enum: the taint of every local variable, of every
 * property and of every method's return value, found by iterating to a fixed point; then the
 * verdict on each property write (request-derived, accumulating, or clean memoisation).
 */
final class ClassFlow
{
    private const MAX_ROUNDS = 4;

    /** Methods that run while an object is created or torn down: their arguments are configuration. */
    public const LIFECYCLE_METHODS = [
        '__construct', '__clone', '__wakeup', '__unserialize', '__set_state', '__destruct', '__sleep', '__serialize',
    ];

    /** Methods named like these that store an object-typed argument wire a dependency in. */
    private const INJECTION_PREFIXES = ['set', 'add', 'push', 'register', 'inject', 'append', 'prepend', 'use', 'with'];

    /**
     * Public methods named like these that store their arguments are configuration API: a finding in one
     * stands only when scanned request code calls a method of that name (see Evaluator).
     */
    public const SETTER_PREFIXES = ['set', 'add', 'register', 'push', 'append', 'prepend', 'enable', 'disable'];

    /** Mutating functions that grow their array argument. */
    private const GROWING_FUNCTIONS = ['array_push', 'array_unshift', 'array_splice'];

    /** @var array<string, Stmt\ClassMethod> lower-case name => method */
    private array $methods = [];
    /** @var array<string, string> property key ("name" or "::name") => lower-case class type */
    private array $propertyTypes = [];
    /** @var array<string, Taint> */
    private array $propertyTaint = [];
    /** @var array<string, Taint> lower-case method => return taint */
    private array $returns = [];
    /** @var array<string, array<string, Taint>> lower-case method => local variable taint */
    private array $envs = [];
    /** @var array<string, array<string, string>> lower-case method => local variable => lower-case class type */
    private array $types = [];
    /** @var array<string, list<Node>> lower-case method => its assignments, foreach, global and return nodes */
    private array $flowNodes = [];
    /** @var array<int, true> ids of the expressions and statements that make up a method body's top level */
    private array $topLevel = [];
    /** @var array<string, list<array{string, int, bool}>> lower-case method => [property key, position, at the body's top level] it resets to a constant */
    private array $clears = [];
    /** @var array<string, list<array{string, int}>> lower-case method => [lower-case callee on $this/self/static, position] */
    private array $calls = [];
    /** @var array<string, true> lower-case methods that set to true a flag property the class tests in an `if` */
    private array $onceGuarded = [];
    /** @var array<string, array<string, true>> lower-case method => flag properties it sets to true */
    private array $flagsSet = [];
    /** @var array<string, array<string, true>> lower-case method => own properties read in its `if` conditions */
    private array $tested = [];
    /** @var array<int, int> node object id => position in source order (the parser keeps no file offsets) */
    private array $order = [];
    /** @var array<string, true> lower-case methods whose every return is `return $this;` */
    private array $fluent = [];
    /** @var array<string, true> property keys that some method takes entries out of (pop, shift, unset, decrement) */
    private array $removed = [];
    /** Queues, paired removals and block allocators the class bounds itself. */
    private SelfBoundedState $bounded;
    /** Private properties every reader assigns first, found on demand. */
    private ?ScratchProperties $scratch = null;
    private Stmt\ClassLike $class;
    /** @var array<string, array<string, true>> lower-case method => property keys it checks (isset, ??, array_key_exists) */
    private array $guarded = [];
    /** @var array<string, list<array{Node, Expr}>> lower-case method => [writer, property target] */
    private array $writes = [];
    private ValueFlow $flow;
    /** Whether the class gets services injected (class-typed constructor parameters or properties). */
    private bool $hasDependencies = false;

    private function __construct()
    {
        $this->flow = new ValueFlow([], [], []);
        $this->bounded = new SelfBoundedState();
    }

    public static function analyze(Stmt\ClassLike $class): self
    {
        $analysis = new self();
        $analysis->class = $class;
        foreach ($class->getMethods() as $method) {
            $analysis->methods[$method->name->toLowerString()] = $method;
        }
        $analysis->collectPropertyTypes($class);
        $hasWrites = false;
        foreach ($analysis->methods as $name => $method) {
            $analysis->collectWrites($name, $method);
            $hasWrites = $hasWrites || $analysis->writes[$name] !== [];
        }
        $analysis->fluent = array_filter($analysis->fluent);
        $analysis->bounded->finish($analysis->clears);
        // A method that sets a flag some method of the class tests (`if (!$this->initialized)`) runs once.
        $testedAnywhere = $analysis->tested === [] ? [] : array_merge(...array_values($analysis->tested));
        foreach ($analysis->flagsSet as $method => $flags) {
            if (array_intersect_key($flags, $testedAnywhere) !== []) {
                $analysis->onceGuarded[$method] = true;
            }
        }
        $analysis->extendOnceGuardToPrivateHelpers();
        if ($hasWrites) {
            $analysis->solve();
        }
        return $analysis;
    }

    /**
     * Verdict on a write to a property of this class inside the given method (or a closure in it).
     * @param Expr $target the written expression: a property fetch or an element of one
     */
    public function classify(?string $method, Node $writer, Expr $target): WriteVerdict
    {
        $name = strtolower($method ?? '');
        return $this->verdict($writer, $target, $this->envs[$name] ?? [], $this->types[$name] ?? [], $this->methods[$name] ?? null);
    }

    private function collectPropertyTypes(Stmt\ClassLike $class): void
    {
        $this->hasDependencies = $this->hasDependencies || self::hasClassTypedParameter($this->methods['__construct'] ?? null);
        foreach ($class->getProperties() as $property) {
            $type = self::className($property->type);
            foreach ($property->props as $item) {
                $key = ($property->isStatic() ? '::' : '') . $item->name->toString();
                if ($type !== null) {
                    $this->propertyTypes[$key] = $type;
                }
            }
        }
        $this->hasDependencies = $this->hasDependencies || $this->propertyTypes !== [];
        $constructor = $this->methods['__construct'] ?? null;
        if ($constructor === null) {
            return;
        }
        $parameterTypes = [];
        foreach ($constructor->params as $param) {
            $type = self::className($param->type);
            if ($type !== null && $param->var instanceof Expr\Variable && is_string($param->var->name)) {
                $parameterTypes[$param->var->name] = $type;
                if ($param->flags !== 0) {
                    $this->propertyTypes[$param->var->name] = $type;
                }
            }
        }
        // `$this->stack = $requestStack;` gives the property the parameter's type.
        foreach ($constructor->stmts ?? [] as $statement) {
            $assign = $statement instanceof Stmt\Expression ? $statement->expr : null;
            if ($assign instanceof Expr\Assign && $assign->var instanceof Expr\PropertyFetch && ValueFlow::isThis($assign->var->var)
                && $assign->var->name instanceof Node\Identifier && $assign->expr instanceof Expr\Variable
                && is_string($assign->expr->name) && isset($parameterTypes[$assign->expr->name])
            ) {
                $this->propertyTypes[$assign->var->name->toString()] ??= $parameterTypes[$assign->expr->name];
            }
        }
    }

    private function collectWrites(string $name, Stmt\ClassMethod $method): void
    {
        $this->writes[$name] = [];
        $env = [];
        $types = [];
        $lifecycle = in_array($name, self::LIFECYCLE_METHODS, true);
        foreach ($method->params as $param) {
            if (!$param->var instanceof Expr\Variable || !is_string($param->var->name)) {
                continue;
            }
            $variable = $param->var->name;
            $type = self::className($param->type);
            if ($type !== null) {
                $types[$variable] = $type;
            }
            if (!$lifecycle) {
                $scoped = RequestScopedTypes::ofType($param->type);
                $env[$variable] = $scoped !== null
                    ? Taint::of(Taint::REQUEST, sprintf('argument $%s (%s)', $variable, $scoped))
                    : Taint::of(Taint::ARGUMENT, sprintf('argument $%s of %s()', $variable, $method->name->toString()));
            }
        }
        $this->envs[$name] = $env;
        $this->types[$name] = $types;
        $this->flowNodes[$name] = [];
        foreach ($method->stmts ?? [] as $statement) {
            $this->topLevel[spl_object_id($statement)] = true;
            if ($statement instanceof Stmt\Expression) {
                $this->topLevel[spl_object_id($statement->expr)] = true;
            }
        }
        foreach (self::walk($method->stmts ?? []) as $node) {
            $this->order[spl_object_id($node)] = count($this->order);
            if ($node instanceof Expr\Closure || $node instanceof Expr\ArrowFunction) {
                // A closure runs later, called by whoever holds it: its parameters are per-call data.
                foreach ($node->params as $param) {
                    if ($param->var instanceof Expr\Variable && is_string($param->var->name)) {
                        $this->envs[$name][$param->var->name] = Taint::of(Taint::ARGUMENT, sprintf('argument $%s of a closure', $param->var->name));
                    }
                }
            }
            if ($node instanceof Expr\Assign || $node instanceof Expr\AssignRef || $node instanceof Expr\AssignOp
                || $node instanceof Stmt\Foreach_ || $node instanceof Stmt\Global_ || $node instanceof Stmt\Return_
            ) {
                $this->flowNodes[$name][] = $node;
            }
            $this->recordShape($name, $node);
            $checked = self::checkedProperty($node);
            if ($checked !== null) {
                $this->guarded[$name][$checked] = true;
            }
            foreach (WriteTargets::of($node) as $target) {
                $base = WriteTargets::base($target);
                if (self::isOwnProperty($base)) {
                    $this->writes[$name][] = [$node, $target];
                    if (self::isRemoval($node, $base !== $target)) {
                        $this->removed[self::propertyKey($base)] = true;
                    }
                }
            }
        }
    }

    /** Iterates local, property and return taint until nothing changes (bounded). */
    private function solve(): void
    {
        for ($round = 0; $round < self::MAX_ROUNDS; ++$round) {
            $this->flow = new ValueFlow($this->propertyTaint, $this->propertyTypes, $this->returns);
            $changed = false;
            foreach ($this->methods as $name => $method) {
                $env = $this->localTaint($this->flowNodes[$name], $this->envs[$name], $this->types[$name]);
                $changed = $changed || !self::sameTaints($env, $this->envs[$name]);
                $this->envs[$name] = $env;
                // A method's own arguments reach its callers through the call's arguments, not its summary.
                $returns = $this->returnTaint($this->flowNodes[$name], $env, $this->types[$name])->withoutArguments();
                $changed = $changed || !($this->returns[$name] ?? Taint::clean())->equals($returns);
                $this->returns[$name] = $returns;
            }
            $properties = $this->propertyTaint;
            foreach ($this->writes as $name => $writes) {
                foreach ($writes as [$writer, $target]) {
                    $verdict = $this->verdict($writer, $target, $this->envs[$name], $this->types[$name], $this->methods[$name]);
                    // Only request data spreads to readers of the property; an accumulating or argument-fed
                    // property is reported itself, and values computed from it are not reported again.
                    if ($verdict->fromRequestSource) {
                        $key = self::propertyKey(WriteTargets::base($target));
                        $properties[$key] ??= Taint::of(Taint::STATE, self::display($key));
                    }
                }
            }
            $changed = $changed || count($properties) !== count($this->propertyTaint);
            $this->propertyTaint = $properties;
            if (!$changed) {
                break;
            }
        }
        $this->flow = new ValueFlow($this->propertyTaint, $this->propertyTypes, $this->returns);
    }

    /** @param list<Node> $nodes @param array<string, Taint> $env @param array<string, string> $types @return array<string, Taint> */
    private function localTaint(array $nodes, array $env, array $types): array
    {
        foreach ($nodes as $node) {
            if ($node instanceof Expr\Assign || $node instanceof Expr\AssignRef || $node instanceof Expr\AssignOp) {
                $value = $this->flow->of($node->expr, $env, $types);
                if ($node instanceof Expr\AssignOp) {
                    $value = $value->asComputed();
                }
                foreach (WriteTargets::of($node) as $target) {
                    self::addLocal($env, $target, $value);
                }
            } elseif ($node instanceof Stmt\Foreach_) {
                $value = $this->flow->of($node->expr, $env, $types);
                foreach (WriteTargets::of($node) as $target) {
                    self::addLocal($env, $target, $value);
                }
            } elseif ($node instanceof Stmt\Global_) {
                foreach ($node->vars as $variable) {
                    self::addLocal($env, $variable, Taint::of(Taint::STATE, 'a global variable'));
                }
            }
        }
        return $env;
    }

    /** @param array<string, Taint> $env */
    private static function addLocal(array &$env, Expr $target, Taint $value): void
    {
        $base = WriteTargets::base($target);
        if ($base instanceof Expr\Variable && is_string($base->name) && $base->name !== 'this') {
            $env[$base->name] = isset($env[$base->name]) ? $env[$base->name]->union($value) : $value;
        }
    }

    /** @param list<Node> $nodes @param array<string, Taint> $env @param array<string, string> $types */
    private function returnTaint(array $nodes, array $env, array $types): Taint
    {
        $taint = Taint::clean();
        foreach ($nodes as $node) {
            if ($node instanceof Stmt\Return_ && $node->expr !== null) {
                $taint = $taint->union($this->flow->of($node->expr, $env, $types));
            }
        }
        return $taint;
    }

    /** @param array<string, Taint> $env @param array<string, string> $types */
    private function verdict(Node $writer, Expr $target, array $env, array $types, ?Stmt\ClassMethod $method): WriteVerdict
    {
        $verdict = $this->rawVerdict($writer, $target, $env, $types, $method);
        if (!$verdict->isLeakRisk() || $method === null) {
            return $verdict;
        }
        $name = $method->name->toLowerString();
        $key = self::propertyKey(WriteTargets::base($target));
        if ($this->bounded->isAllocatorState($name, $key)) {
            $value = $writer instanceof Expr\Assign || $writer instanceof Expr\AssignOp ? $writer->expr : null;
            if (!$this->flow->of($value, $env, $types)->has(Taint::REQUEST)) {
                return WriteVerdict::clean('a block allocator: the method hands out values one by one and reserves a new block when the counter reaches its limit');
            }
        }
        // Held only while the call runs (request data included): nothing is kept.
        if ($this->clearedAfter($name, $key, $this->position($writer), [])) {
            return WriteVerdict::clean('transient: the method clears it again before it returns');
        }
        // Request data included: a value every reader overwrites first cannot reach a later request. What it
        // keeps in memory until the next overwrite is no leak between users.
        if (WriteTargets::base($target) instanceof Expr\PropertyFetch) {
            $this->scratch ??= new ScratchProperties($this->class);
            if ($this->scratch->isScratch($key)) {
                $reason = 'scratch: every method that reads it assigns it first, so no call sees an earlier value';
                return $verdict->fromRequestSource ? WriteVerdict::cleanHoldingRequestData($reason) : WriteVerdict::clean($reason);
            }
        }
        if ($verdict->fromRequestSource) {
            return $verdict;
        }
        // A count or list built from fixed values restarts from empty on every call: it cannot grow across calls.
        $value = $writer instanceof Expr\Assign || $writer instanceof Expr\AssignOp ? $writer->expr : null;
        if ($verdict->kind === WriteVerdict::ACCUMULATING && !$this->flow->of($value, $env, $types)->has(Taint::ARGUMENT)
            && ($this->clearedBefore($name, $key, $this->position($writer)) || $this->clearedByEveryCaller($name, $key, []))
        ) {
            return WriteVerdict::clean('restarted on every call: the method empties it before adding to it');
        }
        $valueTaint = $this->flow->of($value, $env, $types);
        if (isset($this->onceGuarded[$name])) {
            return WriteVerdict::clean('a once-only initialisation behind a flag the method sets');
        }
        if (isset($this->fluent[$name]) && $valueTaint->withoutArguments()->isClean()) {
            return WriteVerdict::clean('a fluent configuration method (it returns $this): called while the object is set up');
        }
        if ($method->isPublic() && self::hasSetterName($name)
            && ($valueTaint->has(Taint::ARGUMENT) || $this->keyTaint($target, $env, $types)->has(Taint::ARGUMENT))
        ) {
            return $verdict->inSetter($name, count(array_filter($method->params, static fn (Node\Param $p): bool => $p->default === null && !$p->variadic)));
        }
        return $verdict;
    }

    /**
     * Whether the method assigns a constant to the property before the given position in a statement of
     * its own at the top of its body: a clear inside an `if` may be a one-time lazy initialisation.
     */
    private function clearedBefore(string $method, string $key, int $position): bool
    {
        foreach ($this->clears[$method] ?? [] as [$cleared, $at, $unconditional]) {
            if ($cleared === $key && $at < $position && $unconditional) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every way into a non-public method passes through a caller that empties the property before
     * the call (handle() zeroes a hit counter, then the private helpers it calls count).
     * @param array<string, true> $visiting
     */
    private function clearedByEveryCaller(string $method, string $key, array $visiting): bool
    {
        if (($this->methods[$method] ?? null)?->isPublic() !== false) {
            return false;
        }
        $visiting[$method] = true;
        $called = false;
        foreach ($this->calls as $caller => $calls) {
            $first = null;
            foreach ($calls as [$callee, $at]) {
                if ($callee === $method) {
                    $first = min($first ?? $at, $at);
                }
            }
            if ($first === null || $caller === $method) {
                continue;
            }
            $called = true;
            // A caller already on the path (recursion) adds no new way in.
            if (!$this->clearedBefore($caller, $key, $first) && !isset($visiting[$caller])
                && !$this->clearedByEveryCaller($caller, $key, $visiting)
            ) {
                return false;
            }
        }
        return $called;
    }

    /**
     * Whether the method, after the given position, assigns a constant to the property (or unsets it),
     * directly or in a method of the class it calls after that position.
     * @param array<string, true> $visiting
     */
    private function clearedAfter(string $method, string $key, int $position, array $visiting): bool
    {
        foreach ($this->clears[$method] ?? [] as [$cleared, $at]) {
            if ($cleared === $key && $at > $position) {
                return true;
            }
        }
        $visiting[$method] = true;
        foreach ($this->calls[$method] ?? [] as [$callee, $at]) {
            if ($at > $position && !isset($visiting[$callee]) && $this->clearedAfter($callee, $key, -1, $visiting)) {
                return true;
            }
        }
        return false;
    }

    /** @param array<string, Taint> $env @param array<string, string> $types */
    private function rawVerdict(Node $writer, Expr $target, array $env, array $types, ?Stmt\ClassMethod $method): WriteVerdict
    {
        $base = WriteTargets::base($target);
        $property = self::display(self::propertyKey($base));
        $isElement = $base !== $target;
        $isStatic = $base instanceof Expr\StaticPropertyFetch;

        if ($writer instanceof Stmt\Unset_ || ($writer instanceof Expr\FuncCall && !in_array(WriteTargets::globalFunctionName($writer), self::GROWING_FUNCTIONS, true))) {
            return WriteVerdict::clean('removes or reorders entries', $writer instanceof Stmt\Unset_ && !$isElement);
        }
        if ($writer instanceof Expr\FuncCall && isset($this->removed[self::propertyKey($base)])) {
            return WriteVerdict::clean('a balanced stack: the class takes out what it adds');
        }
        if ($writer instanceof Expr\FuncCall) {
            return WriteVerdict::accumulating(sprintf('accumulates: %s() adds to %s on every call', WriteTargets::globalFunctionName($writer), $property));
        }
        $key = self::propertyKey($base);
        $balanced = isset($this->removed[$key]);
        if ($writer instanceof Expr\PreDec || $writer instanceof Expr\PostDec || ($balanced && ($writer instanceof Expr\PreInc || $writer instanceof Expr\PostInc))) {
            return WriteVerdict::clean('a balanced counter: the class decrements what it increments');
        }
        if ($writer instanceof Expr\PreInc || $writer instanceof Expr\PostInc) {
            return WriteVerdict::accumulating(sprintf('accumulates: %s is incremented or decremented on every call', $property));
        }
        if ($writer instanceof Expr\AssignOp && !$writer instanceof Expr\AssignOp\Coalesce) {
            return WriteVerdict::accumulating(sprintf('accumulates: %s is combined with its previous value on every call', $property));
        }
        if (self::hasAppend($target)) {
            if ($balanced) {
                return WriteVerdict::clean('a balanced stack: the class takes out what it appends');
            }
            if ($this->bounded->isDrainedQueue($key)) {
                return WriteVerdict::clean('a queue of pending work: a method of the class processes the entries and empties it');
            }
            return WriteVerdict::accumulating(sprintf('accumulates: every call appends to %s', $property));
        }
        $value = match (true) {
            $writer instanceof Stmt\Foreach_ => $writer->expr,
            $writer instanceof Expr\Assign, $writer instanceof Expr\AssignRef, $writer instanceof Expr\AssignOp => $writer->expr,
            default => null,
        };
        if ($value === null) {
            return WriteVerdict::clean('not a value write');
        }
        // `$this->x = $this->x ?? compute()` is a lazy initialisation like `??=`.
        if ($value instanceof Expr\BinaryOp\Coalesce && self::sameProperty($value->left, $target)) {
            $value = $value->right;
        }
        $restores = !$isElement && !$writer instanceof Expr\AssignOp;
        $removers = $isElement && $method !== null ? $this->bounded->pairedRemovers($method->name->toLowerString(), $key) : [];
        if ($removers !== []) {
            return WriteVerdict::clean(sprintf('entries are taken out again by the paired method %s()', implode('()/', $removers)));
        }
        if (self::readsProperty($value, $base)) {
            if ($method !== null && $method->name->toLowerString() === 'reset') {
                return WriteVerdict::clean('recomputed by reset()', $restores);
            }
            // `$this->handler = ($this->handler)($record)`: the factory it held creates the real value once.
            if ($value instanceof Expr\FuncCall && $value->name instanceof Expr && self::sameProperty($value->name, $target)) {
                return WriteVerdict::clean('created once by the factory the property held', $restores);
            }
            // `$this->key = load($this->key)`, `(string) $this->key`: a one-time conversion of a configured value, not growth.
            if (!$isElement && ($value instanceof Expr\FuncCall || $value instanceof Expr\MethodCall || $value instanceof Expr\StaticCall
                || $value instanceof Expr\Ternary || $value instanceof Expr\Cast) && $this->flow->of($value, $env, $types)->isClean()
            ) {
                return WriteVerdict::clean('a conversion of its own configured value', $restores);
            }
            return WriteVerdict::accumulating(sprintf('accumulates: the new value of %s is built from its previous one', $property));
        }
        $taint = $this->flow->of($value, $env, $types);
        $sources = $taint->withoutArguments();
        if (!$sources->isClean()) {
            return WriteVerdict::requestDerived((string) $sources->explain(), $restores, true);
        }
        $propertyKey = $key;
        $key = $isElement ? $this->keyTaint($target, $env, $types) : Taint::clean();
        if (!$key->withoutArguments()->isClean()) {
            return WriteVerdict::requestDerived('keyed by a value ' . $key->withoutArguments()->explain(), false, true);
        }
        if ($taint->has(Taint::ARGUMENT)) {
            if ($this->isInjection($value, $types, $method) || (!$isStatic && $this->isDataObjectSetter($method))) {
                return WriteVerdict::clean('an injected dependency', $restores);
            }
            if (!$isElement && $this->isFlagArgument($value, $method)) {
                return WriteVerdict::clean('a configuration flag set from a boolean argument', $restores);
            }
            if ($isElement && $taint->computed && ($key->has(Taint::ARGUMENT) || isset($this->guarded[strtolower($method?->name->toString() ?? '')][$propertyKey]))) {
                return WriteVerdict::clean('memoisation keyed by the argument it is computed from', $restores);
            }
            return $isElement
                ? WriteVerdict::accumulating(sprintf('accumulates: every call stores %s in %s', $taint->sources[Taint::ARGUMENT], $property))
                : WriteVerdict::requestDerived((string) $taint->explain(), $restores);
        }
        $guarded = isset($this->guarded[strtolower($method?->name->toString() ?? '')][$propertyKey]);
        if ($guarded && $isElement && ($taint->computed || $taint->isClean())) {
            return WriteVerdict::clean('lazy initialisation per key, guarded by a check of the key', $restores);
        }
        if ($key->has(Taint::ARGUMENT)) {
            return WriteVerdict::accumulating(sprintf('accumulates: every call adds a key from %s to %s', $key->sources[Taint::ARGUMENT], $property));
        }
        return WriteVerdict::clean('the value depends only on construction state, constants or configuration', $restores);
    }

    private static function hasClassTypedParameter(?Stmt\ClassMethod $method): bool
    {
        foreach ($method?->params ?? [] as $param) {
            if (self::className($param->type) !== null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A setter of a class with no injected services: a data object (profile, DTO, entity), created
     * per use by its owner, not a shared service.
     */
    private function isDataObjectSetter(?Stmt\ClassMethod $method): bool
    {
        if ($this->hasDependencies || $method === null) {
            return false;
        }
        return str_starts_with($method->name->toLowerString(), 'set');
    }

    /** Notes the clearing writes, own-method calls and `return $this` of a method. */
    private function recordShape(string $method, Node $node): void
    {
        if ($node instanceof Expr\Assign && self::isOwnProperty($node->var) && $node->expr instanceof Expr\ConstFetch
            && $node->expr->name->toLowerString() === 'true'
        ) {
            $this->flagsSet[$method][self::propertyKey($node->var)] = true;
        }
        if ($node instanceof Expr\Assign && self::isOwnProperty($node->var) && self::isConstant($node->expr)) {
            $this->clears[$method][] = [self::propertyKey($node->var), $this->position($node), isset($this->topLevel[spl_object_id($node)])];
        } elseif ($node instanceof Stmt\Unset_) {
            foreach ($node->vars as $variable) {
                if (self::isOwnProperty($variable)) {
                    $this->clears[$method][] = [self::propertyKey($variable), $this->position($node), isset($this->topLevel[spl_object_id($node)])];
                }
            }
        } elseif (($node instanceof Expr\MethodCall && ValueFlow::isThis($node->var)) || ($node instanceof Expr\StaticCall && ValueFlow::isOwnClass($node->class))) {
            if ($node->name instanceof Node\Identifier) {
                $this->calls[$method][] = [$node->name->toLowerString(), $this->position($node)];
            }
        }
        // The node kinds SelfBoundedState looks at (most nodes are none of them).
        if ($node instanceof Stmt\Unset_ || $node instanceof Stmt\Foreach_ || $node instanceof Stmt\If_
            || $node instanceof Expr\PreInc || $node instanceof Expr\PostInc || $node instanceof Expr\AssignOp\Plus
        ) {
            $this->bounded->observe($method, $node, $this->position($node));
        }
        if ($node instanceof Stmt\If_) {
            foreach (self::walk([$node->cond]) as $inner) {
                if (($inner instanceof Expr\PropertyFetch || $inner instanceof Expr\StaticPropertyFetch) && self::isOwnProperty($inner)) {
                    $this->tested[$method][self::propertyKey($inner)] = true;
                }
            }
        } elseif ($node instanceof Stmt\Return_) {
            $returnsThis = $node->expr instanceof Expr\Variable && $node->expr->name === 'this';
            $this->fluent[$method] = ($this->fluent[$method] ?? true) && $returnsThis;
        }
    }

    /** A private method called only from once-only methods runs once too (ExtensionSet::initExtension()). */
    private function extendOnceGuardToPrivateHelpers(): void
    {
        $callers = [];
        foreach ($this->calls as $caller => $calls) {
            foreach ($calls as [$callee]) {
                $callers[$callee][$caller] = true;
            }
        }
        do {
            $grew = false;
            foreach ($this->methods as $name => $method) {
                if (isset($this->onceGuarded[$name]) || !$method->isPrivate() || !isset($callers[$name])) {
                    continue;
                }
                if (array_diff_key($callers[$name], $this->onceGuarded) === []) {
                    $this->onceGuarded[$name] = true;
                    $grew = true;
                }
            }
        } while ($grew);
    }

    public static function hasSetterName(string $lowerMethod): bool
    {
        foreach (self::SETTER_PREFIXES as $prefix) {
            if (str_starts_with($lowerMethod, $prefix)) {
                return true;
            }
        }
        return false;
    }

    private function position(Node $node): int
    {
        return $this->order[spl_object_id($node)] ?? -1;
    }

    private static function isConstant(Expr $value): bool
    {
        while ($value instanceof Expr\Assign) {
            $value = $value->expr;
        }
        return $value instanceof Node\Scalar || $value instanceof Expr\ConstFetch || $value instanceof Expr\ClassConstFetch
            || ($value instanceof Expr\Array_ && $value->items === []);
    }

    /** The own property an isset(), ?? or array_key_exists() looks into, if any. */
    private static function checkedProperty(Node $node): ?string
    {
        $checked = match (true) {
            $node instanceof Expr\Isset_ => $node->vars[0] ?? null,
            $node instanceof Expr\BinaryOp\Coalesce => $node->left,
            $node instanceof Expr\FuncCall && in_array(WriteTargets::globalFunctionName($node), ['array_key_exists', 'key_exists'], true)
                => ($node->args[1] ?? null) instanceof Node\Arg ? $node->args[1]->value : null,
            default => null,
        };
        if (!$checked instanceof Expr) {
            return null;
        }
        $base = WriteTargets::base($checked);
        return self::isOwnProperty($base) ? self::propertyKey($base) : null;
    }

    private static function isRemoval(Node $writer, bool $isElement): bool
    {
        return ($writer instanceof Stmt\Unset_ && $isElement)
            || $writer instanceof Expr\PreDec || $writer instanceof Expr\PostDec || $writer instanceof Expr\AssignOp\Minus
            || ($writer instanceof Expr\FuncCall && in_array(WriteTargets::globalFunctionName($writer), ['array_pop', 'array_shift'], true));
    }

    /** A boolean parameter stored as it is: switches are configuration, they carry no request data. */
    private function isFlagArgument(Expr $value, ?Stmt\ClassMethod $method): bool
    {
        if (!$value instanceof Expr\Variable || !is_string($value->name)) {
            return false;
        }
        foreach ($method?->params ?? [] as $param) {
            if ($param->var instanceof Expr\Variable && $param->var->name === $value->name) {
                $type = $param->type instanceof Node\NullableType ? $param->type->type : $param->type;
                return $type instanceof Node\Identifier && $type->toLowerString() === 'bool';
            }
        }
        return false;
    }

    /** @param array<string, string> $types */
    private function isInjection(Expr $value, array $types, ?Stmt\ClassMethod $method): bool
    {
        if ($method === null || !$value instanceof Expr\Variable || !is_string($value->name) || !isset($types[$value->name])
            || RequestScopedTypes::ofType(new Node\Name\FullyQualified($types[$value->name])) !== null
        ) {
            return false;
        }
        $name = $method->name->toLowerString();
        foreach (self::INJECTION_PREFIXES as $prefix) {
            if (str_starts_with($name, $prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @param array<string, Taint> $env @param array<string, string> $types */
    private function keyTaint(Expr $target, array $env, array $types): Taint
    {
        $taint = Taint::clean();
        while ($target instanceof Expr\ArrayDimFetch) {
            $taint = $taint->union($this->flow->of($target->dim, $env, $types));
            $target = $target->var;
        }
        return $taint;
    }

    private static function hasAppend(Expr $target): bool
    {
        while ($target instanceof Expr\ArrayDimFetch) {
            if ($target->dim === null) {
                return true;
            }
            $target = $target->var;
        }
        return false;
    }

    private static function sameProperty(Expr $a, Expr $b): bool
    {
        return self::isOwnProperty(WriteTargets::base($a)) && self::isOwnProperty(WriteTargets::base($b))
            && self::propertyKey(WriteTargets::base($a)) === self::propertyKey(WriteTargets::base($b));
    }

    /** Whether the expression reads the written property itself (merge, filter, `+ 1`). */
    private static function readsProperty(Node $node, Expr $property): bool
    {
        if ($node instanceof Expr\Closure || $node instanceof Expr\ArrowFunction) {
            return false;
        }
        if (($node instanceof Expr\PropertyFetch || $node instanceof Expr\StaticPropertyFetch) && self::isOwnProperty($node)
            && self::propertyKey($node) === self::propertyKey($property)
        ) {
            return true;
        }
        foreach ($node->getSubNodeNames() as $name) {
            foreach (is_array($node->$name) ? $node->$name : [$node->$name] as $child) {
                if ($child instanceof Node && self::readsProperty($child, $property)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static function isOwnProperty(Expr $base): bool
    {
        if ($base instanceof Expr\PropertyFetch) {
            return ValueFlow::isThis($base->var) && $base->name instanceof Node\Identifier;
        }
        return $base instanceof Expr\StaticPropertyFetch && $base->name instanceof Node\Identifier && $base->class instanceof Node\Name;
    }

    /** "name" for `$this->name`, "::name" for `self::$name`/`static::$name`, "class::name" for another class's static. */
    public static function propertyKey(Expr $base): string
    {
        if ($base instanceof Expr\StaticPropertyFetch && $base->name instanceof Node\Identifier && $base->class instanceof Node\Name) {
            $class = strtolower($base->class->toString());
            return (in_array($class, ['self', 'static'], true) ? '' : $class) . '::' . $base->name->toString();
        }
        return $base instanceof Expr\PropertyFetch && $base->name instanceof Node\Identifier ? $base->name->toString() : '?';
    }

    private static function display(string $key): string
    {
        return str_starts_with($key, '::') ? 'self::$' . substr($key, 2) : (str_contains($key, '::') ? str_replace('::', '::$', $key) : '$this->' . $key);
    }

    private static function className(?Node $type): ?string
    {
        if ($type instanceof Node\NullableType) {
            return self::className($type->type);
        }
        if ($type instanceof Node\UnionType) {
            foreach ($type->types as $member) {
                $found = self::className($member);
                if ($found !== null) {
                    return $found;
                }
            }
        }
        return $type instanceof Node\Name ? strtolower(ltrim($type->toString(), '\\')) : null;
    }

    /** @param array<string, Taint> $a @param array<string, Taint> $b */
    private static function sameTaints(array $a, array $b): bool
    {
        if (count($a) !== count($b)) {
            return false;
        }
        foreach ($a as $name => $taint) {
            if (!isset($b[$name]) || !$taint->equals($b[$name])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every node of the statements, depth first, closures included (they share the method's variables
     * through `use`), nested named functions and classes excluded.
     * @param array<Node> $nodes
     * @return list<Node>
     */
    public static function walk(array $nodes): array
    {
        $found = [];
        self::collect($nodes, $found);
        return $found;
    }

    /** @param array<mixed> $nodes @param list<Node> $found */
    private static function collect(array $nodes, array &$found): void
    {
        foreach ($nodes as $node) {
            if (!$node instanceof Node || $node instanceof Stmt\ClassLike || $node instanceof Stmt\Function_) {
                continue;
            }
            $found[] = $node;
            foreach ($node->getSubNodeNames() as $name) {
                $child = $node->$name;
                if ($child instanceof Node) {
                    self::collect([$child], $found);
                } elseif (is_array($child) && $child !== []) {
                    self::collect($child, $found);
                }
            }
        }
    }
}
