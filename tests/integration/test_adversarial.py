"""Hostile and malformed requests over raw sockets: each gets the expected status (or the
connection is closed without a response), and the server keeps serving normal requests.

The limits are the defaults (docs/hardening.md): request line 8K (414), headers 32K or 100
fields (431), body 1G (413)."""

import socket
import unittest

from harness import SharedServerTestCase, read_until_closed

GET_ROOT = b"GET / HTTP/1.1\r\nHost: a\r\n"
POST_ROOT = b"POST / HTTP/1.1\r\nHost: a\r\n"
CHUNKED_POST = POST_ROOT + b"Transfer-Encoding: chunked\r\n\r\n"

# (name, raw request, expected status): every refusal is answered, then the connection closed
CASES = [
    # Request line. Well-formed methods the server does not implement are 501 (RFC 9110 15.6.2);
    # a line whose method is not a token is not a request line: 400.
    ("lowercase method", b"get / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
    ("invalid method character", b"G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("very long method", b"A" * 9000 + b" / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
    # RFC 9112 3 lets a recipient split the request line on whitespace runs (nginx does too).
    ("two spaces after method", b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 200),
    ("tab as separator", b"GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("control character in target", b"GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("NUL in target", b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("space in target", b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("missing version (HTTP/0.9)", b"GET /\r\nHost: a\r\n\r\n", 505),
    ("lowercase version", b"GET / http/1.1\r\nHost: a\r\n\r\n", 400),
    ("version with letters", b"GET / HTTP/1.x\r\nHost: a\r\n\r\n", 505),
    ("HTTP/1.2", b"GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
    ("HTTP/2.0 in HTTP/1 syntax", b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
    # The HTTP/2 connection preface starts h2c (prior knowledge): tests/integration/test_http2.py.
    ("request line too long", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
    ("CONNECT", b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
    ("protocol upgrade", GET_ROOT + b"Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n", 501),
    ("bare LF line endings", b"GET / HTTP/1.1\nHost: a\n\n", 400),
    # Header section.
    ("missing Host in HTTP/1.1", b"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
    ("duplicate Host", GET_ROOT + b"Host: b\r\n\r\n", 400),
    ("space before colon", GET_ROOT + b"X-Test : 1\r\n\r\n", 400),
    ("space inside header name", GET_ROOT + b"X Test: 1\r\n\r\n", 400),
    ("header without colon", GET_ROOT + b"X-Test\r\n\r\n", 400),
    ("empty header name", GET_ROOT + b": value\r\n\r\n", 400),
    ("non-ASCII header name", GET_ROOT + b"X-T\xe9st: 1\r\n\r\n", 400),
    ("NUL in header value", GET_ROOT + b"X-Test: a\x00b\r\n\r\n", 400),
    ("bare CR in header value", GET_ROOT + b"X-Test: a\rb\r\n\r\n", 400),
    ("obsolete line folding", GET_ROOT + b"X-Test: a\r\n b\r\n\r\n", 400),
    ("folded first header", b"GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
    ("header section too large", GET_ROOT + b"X-Big: " + b"b" * 40000 + b"\r\n\r\n", 431),
    ("too many header fields", GET_ROOT + b"".join(b"X-%d: v\r\n" % i for i in range(150)) + b"\r\n", 431),
    # Message framing and smuggling shapes.
    ("Content-Length with Transfer-Encoding",
     POST_ROOT + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("two different Content-Length", POST_ROOT + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    ("Content-Length list", POST_ROOT + b"Content-Length: 5, 5\r\n\r\nhello", 400),
    ("non-numeric Content-Length", POST_ROOT + b"Content-Length: five\r\n\r\n", 400),
    ("negative Content-Length", POST_ROOT + b"Content-Length: -1\r\n\r\n", 400),
    ("Content-Length with plus sign", POST_ROOT + b"Content-Length: +5\r\n\r\nhello", 400),
    ("Content-Length overflow", POST_ROOT + b"Content-Length: 99999999999999999999999\r\n\r\n", 400),
    ("body larger than the limit", POST_ROOT + b"Content-Length: 2000000000\r\n\r\n", 413),
    ("large body behind 100-continue",
     POST_ROOT + b"Content-Length: 2000000000\r\nExpect: 100-continue\r\n\r\n", 413),
    ("gzip transfer coding", POST_ROOT + b"Transfer-Encoding: gzip\r\n\r\n", 501),
    ("gzip then chunked", POST_ROOT + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
    ("chunked lookalike", POST_ROOT + b"Transfer-Encoding: xchunked\r\n\r\n", 501),
    ("space before colon in Transfer-Encoding",
     POST_ROOT + b"Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400),
    ("vertical tab in Transfer-Encoding", POST_ROOT + b"Transfer-Encoding: \x0bchunked\r\n\r\n0\r\n\r\n", 400),
    ("chunked then identity", POST_ROOT + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n", 501),
    # Chunked bodies whose head is valid: refused while the body streams, before PHP sees it,
    # with 400 (or 413 past the body limit), then closed.
    ("invalid chunk size", CHUNKED_POST + b"zz\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size overflow", CHUNKED_POST + b"fffffffffffffffffffff\r\nx\r\n0\r\n\r\n", 400),
    ("chunk longer than its size", CHUNKED_POST + b"3\r\nabcdef\r\n0\r\n\r\n", 400),
    ("chunked body over the limit", CHUNKED_POST + b"80000000\r\n", 413),
]


def exchange(port, raw, timeout=15):
    """Sends raw bytes; returns the first response's status, or None if the server closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before everything was sent: the answer may still be there
        received = b""
        try:
            while b"\r\n" not in received:
                data = sock.recv(4096)
                if not data:
                    break
                received += data
        except ConnectionResetError:
            pass
    if not received:
        return None
    status_line = received.split(b"\r\n", 1)[0].split(b" ")
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1."):
        raise AssertionError(f"not an HTTP response: {received[:100]!r}")
    return int(status_line[1])


class AdversarialRequests(SharedServerTestCase):
    server_options = {"workers": 1}

    def test_table_is_large_enough(self):
        self.assertGreaterEqual(len(CASES), 40)

    def test_each_request_gets_its_answer(self):
        for name, raw, expected in CASES:
            with self.subTest(name):
                status = exchange(self.server.port, raw)
                self.assertEqual(status, expected, name)
        self.server.assert_running()
        status, _, _ = self.server.get("/")
        self.assertEqual(status, 200)

    def test_error_answer_closes_the_connection(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Test : 1\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
            received = read_until_closed(sock)
        self.assertTrue(received.startswith(b"HTTP/1.1 400 "), received[:60])
        self.assertIn(b"Connection: close", received)
        self.assertEqual(received.count(b"HTTP/1.1 "), 1, "nothing after the refused request was served")

    def test_smuggled_request_is_not_served(self):
        # CL.TE shape: a front end using Content-Length would forward the second request inside
        # the first one's body; we refuse the whole message instead of picking a framing.
        smuggled = (POST_ROOT + b"Content-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    b"GET /_test/server HTTP/1.1\r\nHost: a\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as sock:
            sock.sendall(smuggled)
            received = read_until_closed(sock)
        self.assertTrue(received.startswith(b"HTTP/1.1 400 "), received[:60])
        self.assertEqual(received.count(b"HTTP/1.1 "), 1)

    def test_http10_and_connection_semantics(self):
        # HTTP/1.0 without keep-alive: answered and closed; no Host needed.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as sock:
            sock.sendall(b"GET /robots.txt HTTP/1.0\r\n\r\n")
            received = read_until_closed(sock)
        self.assertTrue(received.startswith(b"HTTP/1.0 200 "), received[:60])
        # HTTP/1.1 with Connection: close: one answer, then close.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as sock:
            sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            received = read_until_closed(sock)
        self.assertIn(b"Connection: close", received)


if __name__ == "__main__":
    unittest.main()
