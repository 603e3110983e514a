<?php

namespace App\TestSupport\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;

/**
 * Every way a request can fail, for the server's crash and recovery tests.
 */
final class FailureController
{
    private const MEMORY_CHUNK_BYTES = 1048576;

    public function exception(): never
    {
        throw new \RuntimeException('Deliberate exception from /_test/exception.');
    }

    /**
     * An \Error thrown by the engine (catchable), not a fatal error.
     */
    public function undefinedFunction(): never
    {
        \runtime_supercharger_example_undefined_function();
    }

    /**
     * A real engine fatal (E_COMPILE_ERROR, bailout): redeclaring a class
     * cannot be caught by any handler.
     */
    public function engineFatal(): never
    {
        eval('final class RuntimeSuperchargerFatalProbe {}');
        eval('final class RuntimeSuperchargerFatalProbe {}');

        throw new \LogicException('Unreachable: the class redeclaration must abort the request.');
    }

    public function exitMidResponse(): never
    {
        echo 'partial';
        exit();
    }

    /**
     * Allocates until memory_limit aborts the request with a fatal error.
     * Refuses when there is no limit: it would exhaust the machine instead.
     */
    public function exhaustMemory(): JsonResponse
    {
        if ('-1' === trim((string) ini_get('memory_limit'))) {
            return new JsonResponse(['error' => 'memory_limit is unlimited (-1); refusing to exhaust the machine.'], 500);
        }

        $chunks = [];
        while (true) {
            $chunks[] = str_repeat('x', self::MEMORY_CHUNK_BYTES);
        }
    }

    /**
     * Burns CPU until something outside the request stops it.
     */
    public function infiniteLoop(): never
    {
        $iterations = 0;
        while (true) {
            ++$iterations;
        }
    }
}
