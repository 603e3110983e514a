<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Suppression;

use Runtime\Supercharger\StateScan\RuleCatalog;

/**
 * Reads suppression directives, written as `// runtime-state-scan: ignore RS001[, RS004] reason: <text>`,
 * from the comments of a PHP file. The marker must open its comment line; prose that mentions it is ignored.
 * Comments are found with PHP's own tokenizer, so strings that merely contain the marker do not count.
 */
final class SuppressionParser
{
    private const MARKER = 'runtime-state-scan:';
    private const REASON = 'reason:';

    /** @return list<Suppression> */
    public static function parse(string $code): array
    {
        $suppressions = [];
        foreach (\PhpToken::tokenize($code) as $token) {
            if (!$token->is([T_COMMENT, T_DOC_COMMENT])) {
                continue;
            }
            $offset = 0;
            while (($position = stripos($token->text, self::MARKER, $offset)) !== false) {
                $offset = $position + strlen(self::MARKER);
                if (!self::startsCommentLine($token->text, $position)) {
                    continue; // prose that merely mentions the tool, e.g. in a doc block
                }
                $line = $token->line + substr_count($token->text, "\n", 0, $position);
                $suppressions[] = self::parseDirective($line, substr($token->text, $offset));
            }
        }
        return $suppressions;
    }

    /** Only comment leaders (slashes, stars, hashes, blanks) may precede the marker on its line. */
    private static function startsCommentLine(string $text, int $position): bool
    {
        $lineStart = strrpos(substr($text, 0, $position), "\n");
        $prefix = substr($text, $lineStart === false ? 0 : $lineStart + 1, $position - ($lineStart === false ? 0 : $lineStart + 1));
        return strspn($prefix, " \t/*#") === strlen($prefix);
    }

    private static function parseDirective(int $line, string $text): Suppression
    {
        $text = self::stripCommentEnd($text);
        $reason = null;
        $reasonAt = stripos($text, self::REASON);
        if ($reasonAt !== false) {
            $reason = trim(substr($text, $reasonAt + strlen(self::REASON)));
            $text = substr($text, 0, $reasonAt);
            if ($reason === '') {
                $reason = null;
            }
        }
        $words = array_values(array_filter(
            explode(' ', strtr($text, [',' => ' ', "\t" => ' ', "\r" => ' '])),
            static fn (string $word): bool => $word !== '',
        ));
        if ($words === [] || strtolower($words[0]) !== 'ignore') {
            return new Suppression($line, [], $reason, $words === [] ? ['(none)'] : [$words[0]]);
        }
        $rules = [];
        $unknown = [];
        foreach (array_slice($words, 1) as $word) {
            $id = strtoupper($word);
            if (RuleCatalog::exists($id)) {
                $rules[] = $id;
            } else {
                $unknown[] = $word;
            }
        }
        return new Suppression($line, $rules, $reason, $unknown);
    }

    /** Drops the rest of the comment's line and a closing block-comment marker. */
    private static function stripCommentEnd(string $text): string
    {
        $newline = strpos($text, "\n");
        if ($newline !== false) {
            $text = substr($text, 0, $newline);
        }
        $end = strpos($text, '*/');
        return $end === false ? $text : substr($text, 0, $end);
    }
}
