<?php

return [
    Symfony\Bundle\FrameworkBundle\FrameworkBundle::class => ['all' => true],
    Symfony\Bundle\TwigBundle\TwigBundle::class => ['all' => true],
    Runtime\Supercharger\Bundle\RuntimeResetterBundle::class => ['all' => true],
];
