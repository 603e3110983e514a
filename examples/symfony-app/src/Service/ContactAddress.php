<?php

namespace App\Service;

/**
 * The site's contact address, from APP_CONTACT_EMAIL (set in .env; no default).
 *
 * The container resolves the %env()% argument when this service is first built, which
 * happens in the first request that needs it, not at boot: the variable Dotenv loaded at
 * boot must still be visible to requests.
 */
final class ContactAddress
{
    public function __construct(private readonly string $address)
    {
    }

    public function address(): string
    {
        return $this->address;
    }
}
