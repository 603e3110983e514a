<?php

namespace App\Support;

/**
 * Reads boolean switches from the environment.
 *
 * Looks in $_SERVER and $_ENV first (where Dotenv and the runtime put values),
 * then in the process environment, which SAPIs running with Debian's
 * variables_order="GPCS" expose only through getenv().
 */
final class EnvironmentFlag
{
    public static function isEnabled(string $name): bool
    {
        $value = $_SERVER[$name] ?? $_ENV[$name] ?? getenv($name);

        return filter_var($value, \FILTER_VALIDATE_BOOLEAN);
    }
}
