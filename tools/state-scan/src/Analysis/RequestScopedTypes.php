<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\Node;
use PhpParser\Node\Expr;

/** Knows which objects belong to one request and recognises types and expressions that produce them. */
final class RequestScopedTypes
{
    /** Lower-case FQCN => short description. */
    private const TYPES = [
        'symfony\component\httpfoundation\request' => 'Request',
        'symfony\component\httpfoundation\response' => 'Response',
        'symfony\component\httpfoundation\jsonresponse' => 'Response',
        'symfony\component\httpfoundation\redirectresponse' => 'Response',
        'symfony\component\httpfoundation\binaryfileresponse' => 'Response',
        'symfony\component\httpfoundation\streamedresponse' => 'Response',
        'symfony\component\httpfoundation\streamedjsonresponse' => 'Response',
        'symfony\component\httpfoundation\session\sessioninterface' => 'Session',
        'symfony\component\httpfoundation\session\session' => 'Session',
        'symfony\component\httpfoundation\session\flash\flashbaginterface' => 'Session flash bag',
        'symfony\component\httpfoundation\session\flash\flashbag' => 'Session flash bag',
        'symfony\component\httpfoundation\file\uploadedfile' => 'UploadedFile',
        'symfony\component\security\core\authentication\token\tokeninterface' => 'security token',
        'symfony\component\security\core\user\userinterface' => 'security user',
        'psr\http\message\serverrequestinterface' => 'PSR-7 request',
        'psr\http\message\uploadedfileinterface' => 'PSR-7 uploaded file',
    ];

    /** Method names whose result is a request-scoped object (RequestStack, events, token storage, Security). */
    private const PRODUCING_METHODS = [
        'getcurrentrequest' => 'Request',
        'getmainrequest' => 'Request',
        'getmasterrequest' => 'Request',
        'getparentrequest' => 'Request',
        'getrequest' => 'Request',
        'getresponse' => 'Response',
        'getsession' => 'Session',
        'gettoken' => 'security token',
        'getuser' => 'security user',
    ];

    /** Description of what a method of this (lower-case) name returns when it is request-scoped, or null. */
    public static function producedBy(string $lowerMethod): ?string
    {
        return self::PRODUCING_METHODS[$lowerMethod] ?? null;
    }

    /** Description of the request-scoped class a type declaration names, or null. */
    public static function ofType(?Node $type): ?string
    {
        if ($type instanceof Node\NullableType) {
            return self::ofType($type->type);
        }
        if ($type instanceof Node\UnionType || $type instanceof Node\IntersectionType) {
            foreach ($type->types as $member) {
                $found = self::ofType($member);
                if ($found !== null) {
                    return $found;
                }
            }
            return null;
        }
        if ($type instanceof Node\Name) {
            return self::TYPES[strtolower(ltrim($type->toString(), '\\'))] ?? null;
        }
        return null;
    }

    /**
     * Description of the request-scoped object an expression evaluates to, or null.
     * @param array<string, string> $knownVariables local variable name => description
     */
    public static function ofExpression(Expr $expr, array $knownVariables): ?string
    {
        if ($expr instanceof Expr\Variable && is_string($expr->name)) {
            return $knownVariables[$expr->name] ?? null;
        }
        if ($expr instanceof Expr\New_ && $expr->class instanceof Node\Name) {
            return self::ofType($expr->class);
        }
        if (($expr instanceof Expr\MethodCall || $expr instanceof Expr\NullsafeMethodCall)
            && $expr->name instanceof Node\Identifier
        ) {
            $description = self::PRODUCING_METHODS[$expr->name->toLowerString()] ?? null;
            return $description === null ? null : sprintf('%s (from %s())', $description, $expr->name->toString());
        }
        if ($expr instanceof Expr\Ternary) {
            return ($expr->if !== null ? self::ofExpression($expr->if, $knownVariables) : null)
                ?? self::ofExpression($expr->else, $knownVariables);
        }
        if ($expr instanceof Expr\BinaryOp\Coalesce) {
            return self::ofExpression($expr->left, $knownVariables) ?? self::ofExpression($expr->right, $knownVariables);
        }
        if ($expr instanceof Expr\Assign) {
            return self::ofExpression($expr->expr, $knownVariables);
        }
        return null;
    }
}
