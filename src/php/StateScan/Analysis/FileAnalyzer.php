<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Error;
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
        $visitor = new StateVisitor($file);
        $traverser = new NodeTraverser();
        $traverser->addVisitor(new NameResolver());
        $traverser->addVisitor($visitor);
        $traverser->traverse($statements);

        return new FileReport($file, $visitor->classes, $visitor->observations, SuppressionParser::parse($code));
    }
}
