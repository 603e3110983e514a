"""Reads the admin endpoint (metrics, health, status pages) of a running server."""

import http.client
import json
import re

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def admin_get(server, path, method="GET", timeout=10):
    """(status, headers, body text) of one admin request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response, response.read().decode("utf-8")
    finally:
        conn.close()


def admin_json(server, path):
    status, _, body = admin_get(server, path)
    if status != 200:
        raise AssertionError(f"admin GET {path} -> {status}: {body[:500]}")
    return json.loads(body)


def parse_samples(text):
    """{(name, labels text): value} of a Prometheus text exposition."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            raise AssertionError(f"not a sample line: {line!r}")
        samples[(match.group(1), match.group(2) or "")] = float(match.group(3))
    return samples


def scrape(server):
    status, response, body = admin_get(server, "/metrics")
    if status != 200:
        raise AssertionError(f"/metrics -> {status}")
    return response, body, parse_samples(body)
