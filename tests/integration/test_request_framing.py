"""Bad chunked framing and request lines that are not request lines (issue 15, items 4 and 5).

- A chunked body with bad framing gets 400 and the connection is closed (not a silent close).
- absolute-form (`GET http://host/path`) is routed by its path, with the host of the URI
  (RFC 9112 3.2.2); asterisk-form is for OPTIONS only; a request line whose method is not a
  token (`GE(T`, a TLS ClientHello, binary garbage) is 400, a well-formed unknown method 501.
Each over a raw socket to the real server, which keeps serving afterwards.
"""

import json
import socket

from harness import SharedServerTestCase, read_until_closed

CHUNKED_POST = b"POST /_test/server HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
# The first bytes of a TLS 1.2 ClientHello record, as a client sends to the plain port.
TLS_CLIENT_HELLO = bytes.fromhex("16030100c4010000c00303") + bytes(range(32)) + b"\x00\x00\x02\x13\x01\x01\x00"


def answer(port, raw, timeout=15):
    """Sends raw bytes and reads until the server closes: (status or None, the whole answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            received = read_until_closed(sock)
        except ConnectionResetError:
            received = b""
    if not received.startswith(b"HTTP/1."):
        return None, received
    return int(received.split(b" ", 2)[1]), received


def body_of(received):
    head, _, body = received.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in head.lower():
        out, rest = b"", body
        while True:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                return out
            out, rest = out + rest[:size], rest[size + 2:]
    return body


class RequestFraming(SharedServerTestCase):
    server_options = {"workers": 1}

    def assert_still_serving(self):
        self.server.assert_running()
        self.assertEqual(self.server.get("/")[0], 200)

    def test_bad_chunked_framing_gets_400_and_close(self):
        cases = {
            "non-hex chunk size": CHUNKED_POST + b"zz\r\nhello\r\n0\r\n\r\n",
            "chunk size overflow": CHUNKED_POST + b"fffffffffffffffffffff\r\nx\r\n0\r\n\r\n",
            "no CRLF after the chunk data": CHUNKED_POST + b"3\r\nabcdef\r\n0\r\n\r\n",
        }
        for name, raw in cases.items():
            with self.subTest(name):
                status, received = answer(self.server.port, raw)
                self.assertEqual(status, 400, received[:200])
                self.assertIn(b"Connection: close", received)
                self.assertEqual(received.count(b"HTTP/1.1 "), 1)
        self.assert_still_serving()

    def test_absolute_form_is_routed_by_its_path_with_the_uri_host(self):
        raw = b"GET http://app.example:8080/_test/server?x=1 HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"
        status, received = answer(self.server.port, raw)
        self.assertEqual(status, 200, received[:300])
        server = json.loads(body_of(received))["server"]
        self.assertEqual(server["REQUEST_URI"], "/_test/server?x=1")
        self.assertEqual(server["QUERY_STRING"], "x=1")
        self.assertEqual(server["HTTP_HOST"], "app.example:8080")
        self.assertEqual(server["SERVER_NAME"], "app.example")
        status, received = answer(self.server.port, b"GET http://h/hello/abs HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        self.assertEqual((status, json.loads(body_of(received))), (200, {"hello": "abs"}))

    def test_asterisk_form_is_for_options_only(self):
        status, received = answer(self.server.port, b"GET * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        self.assertEqual(status, 400, received[:200])
        self.assert_still_serving()

    def test_a_line_that_is_not_a_request_line_is_400(self):
        cases = {
            "method with a non-token character": b"GE(T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "TLS ClientHello on the plain port": TLS_CLIENT_HELLO,
            "binary garbage": bytes([0x00, 0xff, 0x13, 0x37, 0x80, 0x0d, 0x0a]) * 8,
        }
        for name, raw in cases.items():
            with self.subTest(name):
                status, received = answer(self.server.port, raw)
                self.assertEqual(status, 400, received[:200])
        self.assert_still_serving()

    def test_a_well_formed_unknown_method_stays_501(self):
        status, received = answer(self.server.port, b"BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n")
        self.assertEqual(status, 501, received[:200])
        self.assert_still_serving()
