<?php

use App\Controller\ContactController;
use App\Controller\CounterController;
use App\Controller\DatabaseController;
use App\Controller\FormController;
use App\Controller\HomeController;
use App\Controller\IoController;
use App\Controller\StreamController;
use App\Controller\TwigController;
use App\Controller\UploadController;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

// Routes are declared in PHP: attribute routing in Symfony 5.4 goes through
// the annotations loader, which needs doctrine/annotations (not shipped by Debian).
return static function (RoutingConfigurator $routes): void {
    $routes->add('home', '/')
        ->controller([HomeController::class, 'index'])
        ->methods(['GET']);

    $routes->add('hello', '/hello/{name}')
        ->controller([HomeController::class, 'hello'])
        ->methods(['GET']);

    $routes->add('form', '/form')
        ->controller([FormController::class, 'form'])
        ->methods(['GET', 'POST']);

    $routes->add('upload', '/upload')
        ->controller([UploadController::class, 'upload'])
        ->methods(['POST']);

    $routes->add('stream', '/stream')
        ->controller([StreamController::class, 'stream'])
        ->methods(['GET']);

    $routes->add('twig', '/twig/{name}')
        ->controller([TwigController::class, 'page'])
        ->methods(['GET']);

    $routes->add('counter', '/counter')
        ->controller([CounterController::class, 'counter'])
        ->methods(['GET']);

    $routes->add('db_read', '/db/read')
        ->controller([DatabaseController::class, 'read'])
        ->methods(['GET']);

    $routes->add('contact', '/contact')
        ->controller([ContactController::class, 'contact'])
        ->methods(['GET']);

    $routes->add('io', '/io')
        ->controller([IoController::class, 'io'])
        ->methods(['GET']);
};
