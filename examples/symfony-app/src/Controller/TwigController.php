<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\Response;
use Twig\Environment;

final class TwigController
{
    private Environment $twig;

    public function __construct(Environment $twig)
    {
        $this->twig = $twig;
    }

    public function page(string $name): Response
    {
        return new Response($this->twig->render('greeting.html.twig', ['name' => $name]));
    }
}
