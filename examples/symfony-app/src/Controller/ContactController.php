<?php

namespace App\Controller;

use App\Service\ContactAddress;
use Symfony\Component\HttpFoundation\JsonResponse;

final class ContactController
{
    public function __construct(private readonly ContactAddress $contact)
    {
    }

    public function contact(): JsonResponse
    {
        return new JsonResponse(['contact' => $this->contact->address()]);
    }
}
