<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Cli;

/** Invalid command line; the CLI prints the message and exits with status 2. */
final class UsageError extends \RuntimeException
{
}
