<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Parsing;

use PhpParser\Parser;
use PhpParser\ParserFactory;

/** Creates a PHP 7+/8 parser with whichever nikic/php-parser major (4 or 5) is installed. */
final class ParserProvider
{
    public static function create(): Parser
    {
        if (!class_exists(ParserFactory::class)) {
            throw new \RuntimeException(
                'nikic/php-parser is not available; install Debian\'s php-parser package '
                . 'or point RUNTIME_STATE_SCAN_PHP_PARSER at its autoload.php.'
            );
        }
        $factory = new ParserFactory();
        // php-parser 5 replaced the "kind" constants with version-targeted factories.
        if (method_exists($factory, 'createForNewestSupportedVersion')) {
            return $factory->createForNewestSupportedVersion();
        }
        // php-parser 4: the PHP 7 grammar covers PHP 8.x too; the PHP 5 fallback would only hide errors.
        // Only line numbers are used (suppression comments are read from the tokens): without the comment
        // and end-line attributes the lexer does less work per token.
        return $factory->create(ParserFactory::ONLY_PHP7, new \PhpParser\Lexer(['usedAttributes' => ['startLine']]));
    }
}
