<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;
use PhpParser\Node\Stmt;
use PhpParser\NodeVisitorAbstract;
use Runtime\Supercharger\StateScan\RuleCatalog as R;

/**
 * Walks one name-resolved syntax tree and records class facts and observations.
 * Only code inside functions, methods and closures is checked for run-time writes: top-level
 * statements belong to the front controller or bootstrap and run once per worker.
 */
final class StateVisitor extends NodeVisitorAbstract
{
    /** $_ENV is left out: it holds the process environment, the same configuration for every request. */
    private const SUPERGLOBALS = ['_SESSION', '_SERVER', '_GET', '_POST', '_COOKIE', '_FILES', '_REQUEST'];

    /** @var list<ClassFacts> */
    public array $classes = [];

    /** @var list<Observation> */
    public array $observations = [];

    /** @var list<array{0: ?string, 1: ?string, 2: string, 3: bool}> `new X` in functions: [caller class, caller method, X, stored in a property] */
    public array $instantiations = [];

    /**
     * Where classes are named in code: `new`, static calls and constants, instanceof, catch, parameter, return
     * and property types. [caller class, caller method ("{property}" for a property type), class, only X::class]
     * @var list<array{0: ?string, 1: ?string, 2: string, 3: bool}>
     */
    public array $classReferences = [];

    /** @var array<int, true> object ids of `new` expressions assigned to a property */
    private array $storedNews = [];
    /** @var array<int, true> `$_SERVER` variables whose fetch reads an environment variable (see EnvironmentReads) */
    private array $environmentReads = [];

    /** @var list<array{0: ?string, 1: ?string, 2: string, 3: int}> calls by name: [caller class, caller method, lower-case method, arguments (PHP_INT_MAX when unpacked)] */
    public array $methodCalls = [];

    /** @var list<ClassFacts> */
    private array $classStack = [];

    /**
     * Each class on the stack with its data-flow analysis, run on the first property write that needs it
     * (most classes write no property after construction, so most are never analysed).
     * @var list<array{0: Stmt\ClassLike, 1: ClassFlow|null}>
     */
    private array $flowStack = [];

    /** @var list<FunctionFrame> */
    private array $frames = [];

    /**
     * Closures of the current method or function that run bound to another object, found when its first
     * closure is entered (most methods have none).
     * @var array<int, true>|null
     */
    private ?array $reboundClosures = null;
    private ?Node\FunctionLike $namedFunction = null;

    /** @param array<string, true> $declaredFunctions see FileAnalyzer::declaredFunctions() */
    public function __construct(private readonly string $file, private readonly array $declaredFunctions = [])
    {
    }

    public function enterNode(Node $node)
    {
        if ($node instanceof Stmt\ClassLike) {
            $this->enterClass($node);
            return null;
        }
        if ($node instanceof Stmt\Property) {
            $this->checkPropertyDeclaration($node);
        }
        if ($node instanceof Node\FunctionLike) {
            $this->enterFunction($node);
            return null;
        }
        $frame = end($this->frames);
        if ($frame === false) {
            $this->recordClassReference($node, null, null);
            return null;
        }
        $this->inspect($node, $frame);
        return null;
    }

    public function leaveNode(Node $node)
    {
        if ($node instanceof Stmt\ClassLike) {
            array_pop($this->classStack);
            array_pop($this->flowStack);
        } elseif ($node instanceof Node\FunctionLike) {
            if ($node instanceof Stmt\ClassMethod || $node instanceof Stmt\Function_) {
                $this->namedFunction = null;
            }
            $frame = array_pop($this->frames);
            if ($frame !== null) {
                $this->flushProcessCalls($frame);
                $this->flushStaticLocals($node, $frame);
            }
        }
        return null;
    }

    private function enterClass(Stmt\ClassLike $node): void
    {
        $name = isset($node->namespacedName) ? $node->namespacedName->toString()
            : ($node->name !== null ? $node->name->toString()
            : sprintf('class@anonymous(%s:%d)', $this->file, $node->getStartLine()));
        $interfaces = match (true) {
            $node instanceof Stmt\Class_, $node instanceof Stmt\Enum_ => $node->implements,
            $node instanceof Stmt\Interface_ => $node->extends,
            default => [],
        };
        $traits = [];
        foreach ($node->stmts as $statement) {
            if ($statement instanceof Stmt\TraitUse) {
                array_push($traits, ...$statement->traits);
            }
        }
        $facts = new ClassFacts(
            $name,
            match (true) {
                $node instanceof Stmt\Interface_ => 'interface',
                $node instanceof Stmt\Trait_ => 'trait',
                $node instanceof Stmt\Enum_ => 'enum',
                default => 'class',
            },
            $node instanceof Stmt\Class_ && $node->extends !== null ? $node->extends->toString() : null,
            array_map(static fn (Node\Name $n): string => $n->toString(), $interfaces),
            array_map(static fn (Node\Name $n): string => $n->toString(), $traits),
            $this->file,
        );
        foreach ($node->getMethods() as $method) {
            $facts->recordMethod($method->name->toString(), $method->isPrivate());
            foreach (HeadWrites::of($method->stmts) as $property) {
                $facts->recordHeadWrite($method->name->toString(), sprintf('%s::$%s', $name, $property));
            }
        }
        $this->classes[] = $facts;
        $this->classStack[] = $facts;
        $this->flowStack[] = [$node, null];
    }

    private function currentFlow(): ?ClassFlow
    {
        $top = array_key_last($this->flowStack);
        if ($top === null || $this->flowStack[$top][0] instanceof Stmt\Interface_) {
            return null;
        }
        return $this->flowStack[$top][1] ??= ClassFlow::analyze($this->flowStack[$top][0]);
    }

    private function currentClass(): ?ClassFacts
    {
        $class = end($this->classStack);
        return $class === false ? null : $class;
    }

    private function enterFunction(Node\FunctionLike $node): void
    {
        $parent = end($this->frames) ?: null;
        $class = $this->currentClass();
        if ($node instanceof Stmt\ClassMethod || $node instanceof Stmt\Function_) {
            $this->namedFunction = $node;
            $this->reboundClosures = null;
        }
        if ($node instanceof Stmt\ClassMethod) {
            $method = $node->name->toString();
            $frame = new FunctionFrame(sprintf('%s::%s()', $class?->name ?? '?', $method), $method, $class, $node->isStatic(), $method);
            if (strtolower($method) === '__construct') {
                $this->checkPromotedParameters($node);
            }
        } elseif ($node instanceof Stmt\Function_) {
            $name = isset($node->namespacedName) ? $node->namespacedName->toString() : $node->name->toString();
            $frame = new FunctionFrame($name . '()', $name, null, true);
        } else {
            $isStatic = $node instanceof Expr\Closure || $node instanceof Expr\ArrowFunction ? $node->static : false;
            $label = ($parent !== null ? $parent->label . ' ' : '') . '{closure}';
            $frame = new FunctionFrame($label, '{closure}', $parent?->class ?? $class, $isStatic || ($parent?->isStatic ?? false), $parent?->enclosingMethod);
            $this->inheritCapturedVariables($node, $parent, $frame);
            if ($this->namedFunction !== null) {
                $this->reboundClosures ??= ReboundClosures::in($this->namedFunction);
            }
            $frame->foreignThis = ($parent?->foreignThis ?? false) || isset($this->reboundClosures[spl_object_id($node)]);
        }
        foreach ([...array_map(static fn (Node\Param $p): ?Node => $p->type, $node->getParams()), $node->getReturnType()] as $type) {
            $this->referenceTypes($type, $frame->class?->name, $frame->method);
        }
        foreach ($node->getParams() as $param) {
            $description = RequestScopedTypes::ofType($param->type);
            if ($description !== null && $param->var instanceof Expr\Variable && is_string($param->var->name)) {
                $frame->requestScopedVariables[$param->var->name] = $description;
            }
        }
        $this->frames[] = $frame;
    }

    private function inheritCapturedVariables(Node\FunctionLike $node, ?FunctionFrame $parent, FunctionFrame $frame): void
    {
        if ($parent === null) {
            return;
        }
        if ($node instanceof Expr\ArrowFunction) {
            $frame->requestScopedVariables = $parent->requestScopedVariables;
            return;
        }
        if ($node instanceof Expr\Closure) {
            foreach ($node->uses as $use) {
                $name = $use->var->name;
                if (is_string($name) && isset($parent->requestScopedVariables[$name])) {
                    $frame->requestScopedVariables[$name] = $parent->requestScopedVariables[$name];
                }
            }
        }
    }

    private function checkPropertyDeclaration(Stmt\Property $node): void
    {
        $class = $this->currentClass();
        $this->referenceTypes($node->type, $class?->name, '{property}');
        $description = RequestScopedTypes::ofType($node->type);
        if ($class === null || $description === null) {
            return;
        }
        foreach ($node->props as $property) {
            $this->observeRequestScopedDeclaration($class, $property->name->toString(), $description, $property->getStartLine());
        }
    }

    private function checkPromotedParameters(Stmt\ClassMethod $constructor): void
    {
        $class = $this->currentClass();
        foreach ($constructor->params as $param) {
            $description = RequestScopedTypes::ofType($param->type);
            if ($class !== null && $param->flags !== 0 && $description !== null
                && $param->var instanceof Expr\Variable && is_string($param->var->name)
            ) {
                $this->observeRequestScopedDeclaration($class, $param->var->name, $description, $param->getStartLine());
            }
        }
    }

    private function observeRequestScopedDeclaration(ClassFacts $class, string $property, string $description, int $line): void
    {
        $this->observations[] = new Observation(
            R::REQUEST_SCOPED_PROPERTY,
            $line,
            sprintf('%s::$%s', $class->name, $property),
            sprintf('The property is declared with the %s type.', $description),
            $class->name,
            null,
            $class->name,
            $property,
        );
    }

    private function inspect(Node $node, FunctionFrame $frame): void
    {
        $this->recordClassReference($node, $frame->class?->name, $frame->method);
        if ($node instanceof Stmt\Global_) {
            foreach ($node->vars as $variable) {
                if ($variable instanceof Expr\Variable && is_string($variable->name)) {
                    $frame->globals[$variable->name] = true;
                }
            }
        } elseif ($node instanceof Stmt\Static_) {
            $this->observeStaticLocals($node, $frame);
        } elseif ($node instanceof Expr\ArrayDimFetch && EnvironmentReads::isEnvironmentRead($node)) {
            $this->environmentReads[spl_object_id($node->var)] = true;
        } elseif ($node instanceof Expr\Variable) {
            $this->checkSuperglobal($node, $frame);
        } elseif ($node instanceof Expr\MethodCall || $node instanceof Expr\StaticCall) {
            $this->recordOwnCall($node, $frame);
        } elseif ($node instanceof Expr\New_ && $node->class instanceof Node\Name) {
            $class = $this->resolveClassReference($node->class, $frame);
            $this->instantiations[] = [$frame->class?->name, $frame->method, $class, isset($this->storedNews[spl_object_id($node)])];
        } elseif ($node instanceof Expr\NullsafeMethodCall && $node->name instanceof Node\Identifier) {
            $this->methodCalls[] = [$frame->class?->name, $frame->method, $node->name->toLowerString(), self::argumentCount($node)];
        } elseif ($node instanceof Expr\FuncCall) {
            if ($this->callsLocalFunction($node)) {
                return;
            }
            $called = WriteTargets::globalFunctionName($node);
            if ($called !== null) {
                $frame->calledFunctions[$called] = true;
            }
            $this->checkProcessGlobalCall($node, $frame);
        }
        // An object created and kept in a property lives as long as its owner: it is no per-use object.
        if (($node instanceof Expr\Assign || $node instanceof Expr\AssignOp\Coalesce)
            && (WriteTargets::base($node->var) instanceof Expr\PropertyFetch || WriteTargets::base($node->var) instanceof Expr\StaticPropertyFetch)
        ) {
            foreach ([$node->expr, $node->expr instanceof Expr\BinaryOp\Coalesce ? $node->expr->right : null,
                $node->expr instanceof Expr\Ternary ? $node->expr->else : null] as $value) {
                if ($value instanceof Expr\New_) {
                    $this->storedNews[spl_object_id($value)] = true;
                }
            }
        }
        // `$this->initialized = true` / `self::$registered = true`: the function guards a once-only step.
        if ($node instanceof Expr\Assign && $node->expr instanceof Expr\ConstFetch && $node->expr->name->toLowerString() === 'true'
            && ($node->var instanceof Expr\PropertyFetch || $node->var instanceof Expr\StaticPropertyFetch)
        ) {
            $frame->setsFlag = true;
        }
        foreach (WriteTargets::of($node) as $target) {
            $this->handleWrite($target, $node, $frame);
        }
    }

    /** A class named by the node (see $classReferences); self, static and parent name the caller's own hierarchy. */
    private function recordClassReference(Node $node, ?string $callerClass, ?string $callerMethod): void
    {
        // Called for every node: names, identifiers, arguments and statements other than catch name no class here.
        if (!$node instanceof Expr && !$node instanceof Stmt\Catch_) {
            return;
        }
        $name = match (true) {
            $node instanceof Expr\New_, $node instanceof Expr\StaticCall, $node instanceof Expr\ClassConstFetch,
            $node instanceof Expr\StaticPropertyFetch, $node instanceof Expr\Instanceof_ => $node->class,
            default => null,
        };
        if ($node instanceof Stmt\Catch_) {
            foreach ($node->types as $type) {
                $this->referenceTypes($type, $callerClass, $callerMethod);
            }
        }
        if (!$name instanceof Node\Name || in_array($name->toLowerString(), ['self', 'static', 'parent'], true)) {
            return;
        }
        $nameOnly = $node instanceof Expr\ClassConstFetch && $node->name instanceof Node\Identifier && $node->name->toLowerString() === 'class';
        $this->classReferences[] = [$callerClass, $callerMethod, ltrim($name->toString(), '\\'), $nameOnly];
    }

    private function referenceTypes(?Node $type, ?string $class, ?string $method): void
    {
        if ($type instanceof Node\NullableType) {
            $this->referenceTypes($type->type, $class, $method);
        } elseif ($type instanceof Node\UnionType || $type instanceof Node\IntersectionType) {
            foreach ($type->types as $member) {
                $this->referenceTypes($member, $class, $method);
            }
        } elseif ($type instanceof Node\Name && !in_array($type->toLowerString(), ['self', 'static', 'parent'], true)) {
            $this->classReferences[] = [$class, $method, ltrim($type->toString(), '\\'), false];
        }
    }

    /** Intra-class calls, so that a private helper called only at construction or boot counts as such. */
    private function recordOwnCall(Expr\MethodCall|Expr\StaticCall $call, FunctionFrame $frame): void
    {
        if ($call->name instanceof Node\Identifier) {
            $this->methodCalls[] = [$frame->class?->name, $frame->method, $call->name->toLowerString(), self::argumentCount($call)];
        }
        $own = $call instanceof Expr\MethodCall ? ValueFlow::isThis($call->var) : ValueFlow::isOwnClass($call->class);
        if ($own && $call->name instanceof Node\Identifier) {
            $frame->class?->recordCall($frame->method, $call->name->toString());
        }
    }

    /** Arguments a call passes; unpacking (`...$args`) or a first-class callable could pass any number. */
    private static function argumentCount(Expr\CallLike $call): int
    {
        if ($call->isFirstClassCallable()) {
            return PHP_INT_MAX;
        }
        foreach ($call->getArgs() as $arg) {
            if ($arg->unpack) {
                return PHP_INT_MAX;
            }
        }
        return count($call->getArgs());
    }

    /** An unqualified call that resolves to a function declared in this file's namespace. */
    private function callsLocalFunction(Expr\FuncCall $call): bool
    {
        $namespaced = $call->name instanceof Node\Name ? $call->name->getAttribute('namespacedName') : null;
        return $namespaced instanceof Node\Name && isset($this->declaredFunctions[strtolower($namespaced->toString())]);
    }

    private function observeStaticLocals(Stmt\Static_ $node, FunctionFrame $frame): void
    {
        foreach ($node->vars as $staticVariable) {
            // StaticVar moved namespaces in php-parser 5; both versions expose ->var.
            $name = $staticVariable->var->name;
            if (!is_string($name)) {
                continue;
            }
            $frame->staticLocals[$name] ??= $staticVariable->getStartLine();
        }
    }

    /** Static variables of a finished function that keep per-request data (see StaticLocalFlow). */
    private function flushStaticLocals(Node\FunctionLike $function, FunctionFrame $frame): void
    {
        if ($frame->staticLocals === []) {
            return;
        }
        $perCall = !in_array(strtolower($frame->method), ClassFlow::LIFECYCLE_METHODS, true);
        $risks = StaticLocalFlow::risks($function, array_keys($frame->staticLocals), $perCall);
        foreach ($frame->staticLocals as $name => $line) {
            if (!isset($risks[$name])) {
                continue;
            }
            $this->observations[] = new Observation(
                R::STATIC_LOCAL,
                $line,
                sprintf('static $%s in %s', $name, $frame->label),
                ucfirst($risks[$name]->reason) . '.',
                $frame->class?->name,
                $frame->method,
            );
        }
    }

    private function checkSuperglobal(Expr\Variable $node, FunctionFrame $frame): void
    {
        if (!is_string($node->name) || !in_array($node->name, self::SUPERGLOBALS, true)) {
            return;
        }
        // The fetch is visited just before its variable; forget the id so a later node cannot reuse it.
        if (isset($this->environmentReads[spl_object_id($node)])) {
            unset($this->environmentReads[spl_object_id($node)]);
            return;
        }
        if (!$frame->firstTime('superglobal:' . $node->name)) {
            return;
        }
        $this->observations[] = new Observation(
            R::SUPERGLOBAL,
            $node->getStartLine(),
            sprintf('$%s in %s', $node->name, $frame->label),
            '',
            $frame->class?->name,
            $frame->method,
        );
    }

    private function checkProcessGlobalCall(Expr\FuncCall $node, FunctionFrame $frame): void
    {
        $match = ProcessGlobalCalls::match($node);
        if ($match === null) {
            return;
        }
        [$rule, $function] = $match;
        // Held until the function ends: a setting it restores before returning is no leak.
        $frame->processCalls[] = new Observation(
            $rule,
            $node->getStartLine(),
            sprintf('%s() in %s', $function, $frame->label),
            sprintf('Called: %s().', $function),
            $frame->class?->name,
            $frame->method,
        );
    }

    /** Process-wide calls of a finished function, without those it undoes itself (see ProcessGlobalCalls::restored()). */
    private function flushProcessCalls(FunctionFrame $frame): void
    {
        $counts = array_count_values(array_map(static fn (Observation $o): string => $o->symbol, $frame->processCalls));
        foreach ($frame->processCalls as $observation) {
            $function = substr($observation->symbol, 0, (int) strpos($observation->symbol, '()'));
            if (ProcessGlobalCalls::restored($function, $counts[$observation->symbol], $frame->calledFunctions)
                || ($frame->setsFlag && ProcessGlobalCalls::isRegistration($function))
            ) {
                continue;
            }
            if (!isset($frame->reportedCalls[$observation->symbol])) {
                $frame->reportedCalls[$observation->symbol] = true;
                $this->observations[] = $observation;
            }
        }
    }

    private function handleWrite(Expr $target, Node $writer, FunctionFrame $frame): void
    {
        $base = WriteTargets::base($target);
        $isElementWrite = $base !== $target;
        $assigned = $writer instanceof Expr\Assign || $writer instanceof Expr\AssignRef ? $writer->expr : null;

        if ($base instanceof Expr\StaticPropertyFetch) {
            $this->handleStaticWrite($base, $frame, $this->verdict($frame, $writer, $target));
        } elseif ($base instanceof Expr\PropertyFetch) {
            // Construction writes need no verdict: they set up the object.
            $verdict = in_array(strtolower($frame->method), ClassFlow::LIFECYCLE_METHODS, true)
                ? WriteVerdict::clean('construction') : $this->verdict($frame, $writer, $target);
            $this->handleInstanceWrite($base, $frame, $assigned, $isElementWrite, $verdict);
        } elseif ($base instanceof Expr\Variable && is_string($base->name)) {
            $this->handleVariableWrite($base->name, $target, $frame, $assigned, $isElementWrite);
        }
    }

    /** How the data-flow analysis judges a property write; outside a class every write is a risk. */
    private function verdict(FunctionFrame $frame, Node $writer, Expr $target): WriteVerdict
    {
        // `$this->x = null;`, `self::$ready = true;`: a whole-property constant needs no data flow (and most
        // classes write only those after construction, so their analysis is skipped).
        if ($frame->class !== null && $writer instanceof Expr\Assign && $writer->var === $target
            && ($target instanceof Expr\PropertyFetch || $target instanceof Expr\StaticPropertyFetch)
            && ($writer->expr instanceof Node\Scalar || $writer->expr instanceof Expr\ConstFetch || $writer->expr instanceof Expr\ClassConstFetch
                || ($writer->expr instanceof Expr\Array_ && $writer->expr->items === []))
        ) {
            return WriteVerdict::clean('a constant', true);
        }
        $flow = $this->currentFlow();
        return $flow !== null && $frame->class !== null
            ? $flow->classify($frame->enclosingMethod, $writer, $target)
            : WriteVerdict::requestDerived('written outside a class');
    }

    private function handleStaticWrite(Expr\StaticPropertyFetch $fetch, FunctionFrame $frame, WriteVerdict $verdict): void
    {
        if (!$fetch->class instanceof Node\Name || !$fetch->name instanceof Node\Identifier) {
            return;
        }
        $stateClass = $this->resolveClassReference($fetch->class, $frame);
        $symbol = sprintf('%s::$%s', $stateClass, $fetch->name->toString());
        if ($verdict->restores) {
            $frame->class?->recordRestore($frame->method, $symbol);
        }
        if (!$verdict->isLeakRisk() || !$frame->firstTime('static:' . $symbol)) {
            return;
        }
        $this->observations[] = new Observation(
            R::STATIC_PROPERTY,
            $fetch->getStartLine(),
            $symbol,
            sprintf('Written in %s: %s.', $frame->label, $verdict->reason),
            $frame->class?->name,
            $frame->method,
            $stateClass,
            $fetch->name->toString(),
            $verdict->setter,
            $verdict->setterArity,
        );
    }

    private function resolveClassReference(Node\Name $name, FunctionFrame $frame): string
    {
        $reference = strtolower($name->toString());
        $class = $frame->class;
        if ($class !== null && ($reference === 'self' || $reference === 'static')) {
            return $class->name;
        }
        if ($class !== null && $reference === 'parent' && $class->parent !== null) {
            return $class->parent;
        }
        return ltrim($name->toString(), '\\');
    }

    private function handleInstanceWrite(Expr\PropertyFetch $fetch, FunctionFrame $frame, ?Expr $assigned, bool $isElementWrite, WriteVerdict $verdict): void
    {
        $class = $frame->class;
        if ($class === null || $frame->isStatic || $frame->foreignThis || !$fetch->name instanceof Node\Identifier
            || !$fetch->var instanceof Expr\Variable || $fetch->var->name !== 'this'
        ) {
            return;
        }
        $property = $fetch->name->toString();
        $symbol = sprintf('%s::$%s', $class->name, $property);
        $line = $fetch->getStartLine();

        $description = $assigned !== null ? RequestScopedTypes::ofExpression($assigned, $frame->requestScopedVariables) : null;
        if ($description !== null && $frame->firstTime('request:' . $symbol)) {
            $this->observations[] = new Observation(
                R::REQUEST_SCOPED_PROPERTY,
                $line,
                $symbol,
                sprintf(
                    $isElementWrite ? 'An array in the property caches a %s, in %s.' : 'It is assigned a %s in %s.',
                    $description,
                    $frame->label,
                ),
                $class->name,
                $frame->method,
                $class->name,
                $property,
            );
        }

        if ($verdict->restores) {
            $class->recordRestore($frame->method, $symbol);
        }
        if (in_array(strtolower($frame->method), ClassFlow::LIFECYCLE_METHODS, true) || !$verdict->isLeakRisk()
            || !$frame->firstTime('instance:' . $symbol)
        ) {
            return;
        }
        $this->observations[] = new Observation(
            R::MUTABLE_SERVICE,
            $line,
            $symbol,
            sprintf('Written in %s: %s.', $frame->label, $verdict->reason),
            $class->name,
            $frame->method,
            $class->name,
            $property,
            $verdict->setter,
            $verdict->setterArity,
        );
    }

    private function handleVariableWrite(string $name, Expr $target, FunctionFrame $frame, ?Expr $assigned, bool $isElementWrite): void
    {
        if ($name === 'GLOBALS' && $isElementWrite) {
            $this->observeGlobalWrite($this->globalsKey($target), $target->getStartLine(), $frame);
            return;
        }
        if (isset($frame->globals[$name])) {
            $this->observeGlobalWrite(sprintf("'%s'", $name), $target->getStartLine(), $frame);
            return;
        }
        // `$_SESSION = []` in a reset method restores the superglobal for the next request (see Evaluator).
        if ($assigned !== null && !$isElementWrite && in_array($name, self::SUPERGLOBALS, true)) {
            $frame->class?->recordRestore($frame->method, '$' . $name);
        }
        if ($assigned !== null && !$isElementWrite) {
            $description = RequestScopedTypes::ofExpression($assigned, $frame->requestScopedVariables);
            if ($description !== null) {
                $frame->requestScopedVariables[$name] = $description;
            } else {
                unset($frame->requestScopedVariables[$name]);
            }
        }
    }

    /** "'name'" for $GLOBALS['name'][...], "..." when the key is computed. */
    private function globalsKey(Expr $target): string
    {
        $outermostKey = null;
        while ($target instanceof Expr\ArrayDimFetch) {
            $outermostKey = $target->dim;
            $target = $target->var;
        }
        return $outermostKey instanceof Node\Scalar\String_ ? sprintf("'%s'", $outermostKey->value) : '...';
    }

    private function observeGlobalWrite(string $key, int $line, FunctionFrame $frame): void
    {
        $symbol = sprintf('$GLOBALS[%s]', $key);
        if (!$frame->firstTime('global:' . $symbol)) {
            return;
        }
        $this->observations[] = new Observation(
            R::GLOBAL_VARIABLE,
            $line,
            $symbol,
            sprintf('Written in %s.', $frame->label),
            $frame->class?->name,
            $frame->method,
        );
    }
}
