<?php

declare(strict_types=1);

namespace Runtime\Supercharger;

use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\HttpKernel\KernelInterface;

/**
 * Warmup hooks declared in the server's configuration, run once per worker after boot:
 * services fetched from the container (so their construction cost is paid before traffic)
 * and callables invoked with the kernel. Options hold newline-separated lists.
 */
final class Warmup
{
    /** @param array<string, mixed> $options */
    public function __construct(private readonly array $options)
    {
    }

    public function run(HttpKernelInterface $kernel): void
    {
        $started = hrtime(true);
        $services = self::list($this->options['warmup_services'] ?? '');
        $callables = self::list($this->options['warmup_callables'] ?? '');
        if ($services === [] && $callables === []) {
            return;
        }
        if ($services !== [] && $kernel instanceof KernelInterface) {
            $container = $kernel->getContainer();
            foreach ($services as $id) {
                if (!$container->has($id)) {
                    throw new \RuntimeException(sprintf('Warmup service "%s" is not a public service of the container.', $id));
                }
                $container->get($id);
            }
        }
        foreach ($callables as $callable) {
            if (!is_callable($callable)) {
                throw new \RuntimeException(sprintf('Warmup callable "%s" is not callable.', $callable));
            }
            $callable($kernel);
        }
        error_log(sprintf(
            'runtime-supercharger: warmup completed in %.1f ms (%d services, %d callables)',
            (hrtime(true) - $started) / 1e6,
            count($services),
            count($callables),
        ));
    }

    /** @return list<string> */
    private static function list(string $value): array
    {
        return array_values(array_filter(array_map('trim', explode("\n", $value)), 'strlen'));
    }
}
