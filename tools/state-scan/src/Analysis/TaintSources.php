<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

/** Functions, classes and methods whose results differ from one request to the next. */
final class TaintSources
{
    /** Lower-case function => kind. */
    private const FUNCTIONS = [
        'time' => Taint::TIME, 'microtime' => Taint::TIME, 'hrtime' => Taint::TIME, 'date' => Taint::TIME,
        'gmdate' => Taint::TIME, 'mktime' => Taint::TIME, 'gmmktime' => Taint::TIME, 'strtotime' => Taint::TIME,
        'date_create' => Taint::TIME, 'date_create_immutable' => Taint::TIME, 'idate' => Taint::TIME,
        'getdate' => Taint::TIME, 'localtime' => Taint::TIME, 'gettimeofday' => Taint::TIME,
        'rand' => Taint::RANDOM, 'mt_rand' => Taint::RANDOM, 'random_int' => Taint::RANDOM,
        'random_bytes' => Taint::RANDOM, 'uniqid' => Taint::RANDOM, 'lcg_value' => Taint::RANDOM,
        'array_rand' => Taint::RANDOM, 'str_shuffle' => Taint::RANDOM, 'openssl_random_pseudo_bytes' => Taint::RANDOM,
        'getallheaders' => Taint::REQUEST, 'apache_request_headers' => Taint::REQUEST, 'session_id' => Taint::REQUEST,
        'filter_input' => Taint::REQUEST, 'filter_input_array' => Taint::REQUEST, 'headers_list' => Taint::REQUEST,
    ];

    /** Lower-case class instantiated with `new` => kind. */
    private const CLASSES = [
        'datetime' => Taint::TIME,
        'datetimeimmutable' => Taint::TIME,
    ];

    /** Lower-case method names that return rows or entities. */
    private const DATABASE_METHODS = [
        'find', 'findall', 'findby', 'findoneby', 'getresult', 'getsingleresult', 'getoneornullresult',
        'getarrayresult', 'getscalarresult', 'getsinglescalarresult', 'fetchassociative', 'fetchallassociative',
        'fetchone', 'fetchnumeric', 'fetchallnumeric', 'fetchfirstcolumn', 'fetchallkeyvalue', 'fetchall',
        'fetchcolumn', 'executequery', 'toiterable',
    ];

    /**
     * Lower-case FQCN of services that answer from the current request => [kind, short name]. Database
     * services are recognised by their query methods instead (DATABASE_METHODS): most of an entity
     * manager's methods (getClassMetadata(), getConnection()) return configuration.
     */
    private const RECEIVER_TYPES = [
        'symfony\component\httpfoundation\requeststack' => [Taint::REQUEST, 'RequestStack'],
        'symfony\component\security\core\authentication\token\storage\tokenstorageinterface' => [Taint::REQUEST, 'TokenStorage'],
        'symfony\component\security\core\security' => [Taint::REQUEST, 'Security'],
        'symfony\bundle\securitybundle\security' => [Taint::REQUEST, 'Security'],
        'symfony\component\security\core\authorization\authorizationcheckerinterface' => [Taint::REQUEST, 'AuthorizationChecker'],
    ];

    public static function ofFunction(string $lowerName): ?Taint
    {
        $kind = self::FUNCTIONS[$lowerName] ?? null;
        return $kind === null ? null : Taint::of($kind, $lowerName . '()', true);
    }

    public static function ofNew(string $class): ?Taint
    {
        $lower = strtolower(ltrim($class, '\\'));
        $kind = self::CLASSES[$lower] ?? null;
        if ($kind !== null) {
            return Taint::of($kind, 'new ' . ltrim($class, '\\') . '()', true);
        }
        $scoped = RequestScopedTypes::ofType(new \PhpParser\Node\Name\FullyQualified(ltrim($class, '\\')));
        return $scoped === null ? null : Taint::of(Taint::REQUEST, 'new ' . $scoped . '()', true);
    }

    /** A method whose name alone says it reads the request or the database. */
    public static function ofMethodName(string $name): ?Taint
    {
        $lower = strtolower($name);
        $scoped = RequestScopedTypes::producedBy($lower);
        if ($scoped !== null) {
            return Taint::of(Taint::REQUEST, $name . '()', true);
        }
        return in_array($lower, self::DATABASE_METHODS, true) ? Taint::of(Taint::DATABASE, $name . '()', true) : null;
    }

    /** Calls on an object of this declared type read the request or the database. */
    public static function ofReceiverType(?string $lowerType, string $method): ?Taint
    {
        if ($lowerType === null) {
            return null;
        }
        if (isset(self::RECEIVER_TYPES[$lowerType])) {
            [$kind, $short] = self::RECEIVER_TYPES[$lowerType];
            return Taint::of($kind, sprintf('%s::%s()', $short, $method), true);
        }
        $scoped = RequestScopedTypes::ofType(new \PhpParser\Node\Name\FullyQualified($lowerType));
        return $scoped === null ? null : Taint::of(Taint::REQUEST, sprintf('%s::%s()', $scoped, $method), true);
    }
}
