<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Error;
use PhpParser\Node;
use PhpParser\NodeTraverser;
use PhpParser\NodeVisitor\NameResolver;
use PhpParser\Parser;
use Runtime\Supercharger\StateScan\Parsing\ParserProvider;
use Runtime\Supercharger\StateScan\Suppression\SuppressionParser;

/** Parses one PHP file and extracts its class facts, observations and suppression comments. */
final class FileAnalyzer
{
    private readonly Parser $parser;

    public function __construct(?Parser $parser = null)
    {
        $this->parser = $parser ?? ParserProvider::create();
    }

    public function analyze(string $file): FileReport
    {
        $code = @file_get_contents($file);
        if ($code === false) {
            return new FileReport($file, [], [], [], 'File could not be read.');
        }
        return $this->analyzeCode($file, $code);
    }

    public function analyzeCode(string $file, string $code): FileReport
    {
        try {
            $statements = $this->parser->parse($code) ?? [];
        } catch (Error $error) {
            return new FileReport($file, [], [], [], $error->getRawMessage(), max(1, $error->getStartLine()));
        }
        // Names are resolved in a pass of their own: the state visitor inspects an assignment's
        // sub-expressions before the traverser would have reached (and resolved) them.
        $resolver = new NodeTraverser();
        $resolver->addVisitor(new NameResolver());
        $statements = $resolver->traverse($statements);

        $visitor = new StateVisitor($file, self::declaredFunctions($statements));
        $traverser = new NodeTraverser();
        $traverser->addVisitor($visitor);
        $traverser->traverse($statements);

        return new FileReport($file, $visitor->classes, $visitor->observations, SuppressionParser::parse($code), null, 1, $visitor->methodCalls, $visitor->instantiations, $visitor->classReferences);
    }

    /**
     * Lower-case names of the namespaced functions this file declares: an unqualified call to one of them
     * does not reach the global function of the same name.
     * @param list<Node> $statements
     * @return array<string, true>
     */
    private static function declaredFunctions(array $statements): array
    {
        // Functions are declared among statements (file, namespace, `if (!function_exists(...))` blocks, rarely
        // inside a function body): statement lists are walked, expressions are not, which is far cheaper than
        // visiting every node.
        $names = [];
        $pending = [$statements];
        while ($pending !== []) {
            foreach (array_pop($pending) as $node) {
                if ($node instanceof Node\Stmt\Function_) {
                    if (isset($node->namespacedName)) {
                        $names[strtolower($node->namespacedName->toString())] = true;
                    }
                    $pending[] = $node->stmts;
                } elseif ($node instanceof Node\Stmt\ClassLike) {
                    foreach ($node->getMethods() as $method) {
                        $pending[] = $method->stmts ?? [];
                    }
                } elseif ($node instanceof Node\Stmt) {
                    foreach ($node->getSubNodeNames() as $name) {
                        $child = $node->$name;
                        if (is_array($child)) {
                            $pending[] = $child;
                        } elseif ($child instanceof Node\Stmt) {
                            $pending[] = [$child]; // an `else` block
                        }
                    }
                }
            }
        }
        return $names;
    }
}
