<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Verifier;

/**
 * Global variables other than the superglobals, which the server repopulates per request.
 */
final class GlobalVariableSource
{
    private const SUPERGLOBALS = [
        'GLOBALS' => true, '_SERVER' => true, '_GET' => true, '_POST' => true, '_COOKIE' => true,
        '_FILES' => true, '_ENV' => true, '_REQUEST' => true, '_SESSION' => true,
    ];

    /** @return iterable<StateRoot> */
    public function roots(): iterable
    {
        foreach ($GLOBALS as $name => $value) {
            if (!isset(self::SUPERGLOBALS[$name])) {
                yield new StateRoot(StateRoot::GLOBAL, '$GLOBALS[' . var_export((string) $name, true) . ']', $value);
            }
        }
    }
}
