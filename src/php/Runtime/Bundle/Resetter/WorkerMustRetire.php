<?php

declare(strict_types=1);

namespace Runtime\Supercharger\Bundle\Resetter;

/**
 * Thrown from a reset when state cannot be brought back to a clean start. A reset that throws
 * makes the runtime-supercharger worker retire, so the next request gets a fresh process.
 */
final class WorkerMustRetire extends \RuntimeException
{
}
