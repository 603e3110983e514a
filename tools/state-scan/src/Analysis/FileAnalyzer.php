<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Error;
use PhpParser\Node;
use PhpParser\NodeFinder;
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
        $names = [];
        foreach ((new NodeFinder())->findInstanceOf($statements, Node\Stmt\Function_::class) as $function) {
            if (isset($function->namespacedName)) {
                $names[strtolower($function->namespacedName->toString())] = true;
            }
        }
        return $names;
    }
}
