<?php

namespace Evaluation\StaticLocals;

use Symfony\Component\HttpFoundation\Request;

// case: clean boundary re-derived on every call from a per-process random seed
function body_boundary(): string
{
    static $cookie;
    $cookie = hash('md5', $cookie ?? $cookie = random_bytes(16), true);
    return base64_encode($cookie);
}

// case: leaky random nonce generated once and handed to every later request
function csp_nonce(): string
{
    static $nonce; // expect: RS008
    $nonce ??= bin2hex(random_bytes(16));
    return $nonce;
}

// case: leaky digest chain that folds in each request's URI
function request_chain(Request $request): string
{
    static $chain; // expect: RS008
    $chain = hash('sha256', ($chain ?? '') . $request->getUri());
    return $chain;
}

// case: leaky boundary kept unchanged after a conditional first draw
function sticky_boundary(): string
{
    static $boundary; // expect: RS008
    if ($boundary === null) {
        $boundary = hash('md5', random_bytes(16));
    }
    return $boundary;
}
