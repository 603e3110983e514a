<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Twig\Environment;

final class FormController
{
    private Environment $twig;

    public function __construct(Environment $twig)
    {
        $this->twig = $twig;
    }

    /**
     * GET renders the form; POST echoes the submitted fields.
     */
    public function form(Request $request): Response
    {
        if ($request->isMethod('POST')) {
            return new JsonResponse(['fields' => $request->request->all()]);
        }

        return new Response($this->twig->render('form.html.twig'));
    }
}
