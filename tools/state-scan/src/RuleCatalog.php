<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan;

/** The fixed set of rules, keyed by id. */
final class RuleCatalog
{
    public const PARSE_ERROR = 'RS000';
    public const STATIC_PROPERTY = 'RS001';
    public const GLOBAL_VARIABLE = 'RS002';
    public const REQUEST_SCOPED_PROPERTY = 'RS003';
    public const MUTABLE_SERVICE = 'RS004';
    public const SUPERGLOBAL = 'RS005';
    public const PROCESS_SETTING = 'RS006';
    public const GLOBAL_HANDLER = 'RS007';
    public const STATIC_LOCAL = 'RS008';
    public const SUPPRESSION_WITHOUT_REASON = 'RS009';

    /** @var array<string, Rule>|null */
    private static ?array $rules = null;

    /** @return array<string, Rule> */
    public static function all(): array
    {
        return self::$rules ??= self::build();
    }

    public static function get(string $id): Rule
    {
        $rules = self::all();
        if (!isset($rules[$id])) {
            throw new \InvalidArgumentException(sprintf('Unknown rule "%s".', $id));
        }
        return $rules[$id];
    }

    public static function exists(string $id): bool
    {
        return isset(self::all()[$id]);
    }

    /** @return array<string, Rule> */
    private static function build(): array
    {
        $list = [
            new Rule(
                self::PARSE_ERROR,
                'unparsable-file',
                'File could not be parsed, so it was not checked.',
                'Fix the syntax error, or exclude the file from the scanned paths.',
                'error',
            ),
            new Rule(
                self::STATIC_PROPERTY,
                'static-mutable-property',
                'Static property is written at run time; its value survives into every later request of the worker.',
                'Keep the state in an instance property of a service that implements Symfony\Contracts\Service\ResetInterface '
                . 'and clear it in reset(), or make the value immutable (a constant or a value computed once at boot).',
            ),
            new Rule(
                self::GLOBAL_VARIABLE,
                'global-mutable-variable',
                'Global variable is written from a function; globals live as long as the worker process.',
                'Pass the value explicitly or keep it in a request attribute; never carry it in $GLOBALS or `global`.',
            ),
            new Rule(
                self::REQUEST_SCOPED_PROPERTY,
                'request-scoped-object-in-service',
                'Property of a service holds a request-scoped object (request, response, session, token, user or upload); '
                . 'the next request sees the previous one\'s object.',
                'Inject Symfony\Component\HttpFoundation\RequestStack (or TokenStorageInterface) and fetch the current '
                . 'object when it is needed instead of storing it.',
            ),
            new Rule(
                self::MUTABLE_SERVICE,
                'mutable-service-without-reset',
                'Property of a shared service is written after construction and the service has no reset.',
                'Implement Symfony\Contracts\Service\ResetInterface and restore the initial value in reset() '
                . '(or tag the service kernel.reset), or make the service stateless.',
            ),
            new Rule(
                self::SUPERGLOBAL,
                'superglobal-access',
                'Superglobal is read while a long-lived object is built; the object keeps the data of the request that built it.',
                'Read the data from the current Request when it is needed (RequestStack), not while the service is built.',
            ),
            new Rule(
                self::PROCESS_SETTING,
                'process-setting-change',
                'Process-wide setting is changed at run time and stays changed for every later request of the worker.',
                'Configure the value once at boot (php.ini, worker configuration), or restore the previous value in a finally block.',
            ),
            new Rule(
                self::GLOBAL_HANDLER,
                'global-handler-registration',
                'Process-wide handler is registered at run time; handlers accumulate or replace each other across requests.',
                'Register handlers once at boot, or restore the previous handler (restore_error_handler(), '
                . 'restore_exception_handler()) before the request ends.',
            ),
            new Rule(
                self::STATIC_LOCAL,
                'static-local-variable',
                'Function-static variable keeps its value across requests.',
                'Move the cache into a service property that is cleared by reset(), or compute the value without caching.',
            ),
            new Rule(
                self::SUPPRESSION_WITHOUT_REASON,
                'suppression-without-reason',
                'Suppression comment has no reason (or names an unknown rule), so it does not suppress anything.',
                'Write it as `// runtime-state-scan: ignore RS00X reason: <why this state is safe>`.',
                'error',
            ),
        ];
        $rules = [];
        foreach ($list as $rule) {
            $rules[$rule->id] = $rule;
        }
        return $rules;
    }
}
