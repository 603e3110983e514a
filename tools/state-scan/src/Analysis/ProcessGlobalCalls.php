<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node\Expr\FuncCall;
use Runtime\Supercharger\StateScan\RuleCatalog;

/** Built-in functions that change state shared by every request a worker process serves. */
final class ProcessGlobalCalls
{
    /** function => rule id */
    private const FUNCTIONS = [
        'ini_set' => RuleCatalog::PROCESS_SETTING,
        'ini_alter' => RuleCatalog::PROCESS_SETTING,
        'setlocale' => RuleCatalog::PROCESS_SETTING,
        'date_default_timezone_set' => RuleCatalog::PROCESS_SETTING,
        'putenv' => RuleCatalog::PROCESS_SETTING,
        'chdir' => RuleCatalog::PROCESS_SETTING,
        'set_include_path' => RuleCatalog::PROCESS_SETTING,
        'mt_srand' => RuleCatalog::PROCESS_SETTING,
        'srand' => RuleCatalog::PROCESS_SETTING,
        'set_error_handler' => RuleCatalog::GLOBAL_HANDLER,
        'set_exception_handler' => RuleCatalog::GLOBAL_HANDLER,
        'register_shutdown_function' => RuleCatalog::GLOBAL_HANDLER,
    ];

    /** Functions that only change state when given an argument (without one they just read it). */
    private const SETTERS_WITH_ARGUMENT = [
        'error_reporting' => RuleCatalog::PROCESS_SETTING,
        'mb_internal_encoding' => RuleCatalog::PROCESS_SETTING,
        'umask' => RuleCatalog::PROCESS_SETTING,
    ];

    /** Handlers a function can put back with a restore function of its own. */
    private const RESTORED_BY = [
        'set_error_handler' => 'restore_error_handler',
        'set_exception_handler' => 'restore_exception_handler',
    ];

    /**
     * Whether a function undoes the change before it returns: it calls the matching restore function,
     * or calls the setter again (save, change, set the saved value back: setlocale, ini_set, umask...).
     * @param array<string, true> $calledFunctions lower-case global functions the function calls
     */
    public static function restored(string $function, int $callsOfSetter, array $calledFunctions): bool
    {
        if (isset(self::RESTORED_BY[$function])) {
            return isset($calledFunctions[self::RESTORED_BY[$function]]);
        }
        return $callsOfSetter >= 2 && $function !== 'register_shutdown_function';
    }

    /** Handler registrations that a once-only guard (`if (!$this->initialized)`) makes safe. */
    public static function isRegistration(string $function): bool
    {
        return (self::FUNCTIONS[$function] ?? null) === RuleCatalog::GLOBAL_HANDLER;
    }

    /** @return array{0: string, 1: string}|null [rule id, function name] */
    public static function match(FuncCall $call): ?array
    {
        $name = WriteTargets::globalFunctionName($call);
        if ($name === null) {
            return null;
        }
        if (isset(self::FUNCTIONS[$name])) {
            return [self::FUNCTIONS[$name], $name];
        }
        if (isset(self::SETTERS_WITH_ARGUMENT[$name]) && $call->args !== []) {
            return [self::SETTERS_WITH_ARGUMENT[$name], $name];
        }
        return null;
    }
}
