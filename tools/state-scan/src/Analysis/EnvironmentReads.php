<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node\Expr;
use PhpParser\Node\Scalar\String_;

/**
 * `$_SERVER['NAME']` with a literal environment variable name (SHELL_VERBOSITY, APP_ENV,
 * SYMFONY_DOTENV_VARS) reads the process environment, the same for every request, like `$_ENV`.
 * CGI meta-variables and HTTP headers (REQUEST_URI, HTTP_*, REMOTE_ADDR, HTTPS...) are request data.
 */
final class EnvironmentReads
{
    /** Request meta-variables of CGI/1.1 (RFC 3875) and the ones PHP's SAPIs add. */
    private const REQUEST_KEYS = [
        'AUTH_TYPE', 'CONTENT_LENGTH', 'CONTENT_TYPE', 'DOCUMENT_ROOT', 'DOCUMENT_URI', 'GATEWAY_INTERFACE',
        'HTTPS', 'PATH_INFO', 'PATH_TRANSLATED', 'PHP_SELF', 'QUERY_STRING', 'REQUEST_METHOD', 'REQUEST_SCHEME',
        'REQUEST_TIME', 'REQUEST_TIME_FLOAT', 'REQUEST_URI', 'SCRIPT_FILENAME', 'SCRIPT_NAME', 'UNIQUE_ID',
        'argv', 'argc',
    ];
    private const REQUEST_PREFIXES = ['HTTP_', 'REMOTE_', 'SERVER_', 'PHP_AUTH_', 'REDIRECT_', 'ORIG_', 'SSL_'];

    public static function isEnvironmentRead(Expr\ArrayDimFetch $node): bool
    {
        if (!$node->var instanceof Expr\Variable || $node->var->name !== '_SERVER' || !$node->dim instanceof String_) {
            return false;
        }
        $key = $node->dim->value;
        if (preg_match('/^[A-Z][A-Z0-9_]*$/', $key) !== 1 || in_array($key, self::REQUEST_KEYS, true)) {
            return false;
        }
        foreach (self::REQUEST_PREFIXES as $prefix) {
            if (str_starts_with($key, $prefix)) {
                return false;
            }
        }
        return true;
    }
}
