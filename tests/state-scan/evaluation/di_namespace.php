<?php

namespace Evaluation\AppBundle\DependencyInjection;

// case: clean configuration class of a bundle (container build time)
final class AppExtensionHelper
{
    private array $loaded = [];

    public function load(array $configs): void
    {
        foreach ($configs as $config) {
            $this->loaded[] = $config;
        }
    }
}
