"""What a client sends reaches PHP intact, and PHP's answer reaches the client intact."""

import hashlib
import json
import os
import time
import unittest
import urllib.parse

from harness import APP_DIR, ENTRY, RawReader, SharedServerTestCase, read_until_closed

TWENTY_MB = 20 * 1024 * 1024


class HttpFidelityTest(SharedServerTestCase):
    server_options = {"workers": 2}

    def server_view(self, method="GET", path="/_test/server", body=None, headers=None):
        status, _, raw = self.server.request(method, path, body=body, headers=headers)
        self.assertEqual(status, 200, raw[:500])
        return json.loads(raw)

    # -- connection handling -------------------------------------------------

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = self.server.connection()
        try:
            conn.request("GET", "/hello/first")
            first = conn.getresponse()
            self.assertEqual(json.loads(first.read()), {"hello": "first"})
            sock = conn.sock
            self.assertIsNotNone(sock, "server closed a keep-alive connection")
            for name in ("second", "third", "fourth"):
                conn.request("GET", f"/hello/{name}")
                response = conn.getresponse()
                self.assertEqual(json.loads(response.read()), {"hello": name})
                self.assertIs(conn.sock, sock, "request was not served on the same connection")
        finally:
            conn.close()

    def test_pipelined_requests_are_answered_in_order(self):
        names = ["one", "two", "three"]
        wire = "".join(f"GET /hello/{name} HTTP/1.1\r\nHost: localhost\r\n\r\n" for name in names)
        with self.server.raw_socket() as sock:
            sock.sendall(wire.encode())
            reader = RawReader(sock)
            try:
                for name in names:
                    response = reader.read_response()
                    self.assertEqual(response.status, 200)
                    self.assertEqual(json.loads(response.body), {"hello": name})
            finally:
                reader.close()

    def test_http_1_0_request_is_answered_and_connection_closed(self):
        with self.server.raw_socket(timeout=10) as sock:
            sock.sendall(b"GET /hello/old HTTP/1.0\r\nHost: localhost\r\n\r\n")
            data = read_until_closed(sock)  # returns only once the server closes
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertRegex(head.split(b"\r\n")[0], rb"^HTTP/1\.[01] 200 ")
        self.assertEqual(json.loads(body), {"hello": "old"})

    # -- request bodies ------------------------------------------------------

    def test_content_length_body_reaches_php_input(self):
        payload = b"field=value&binary=" + bytes(range(256))
        view = self.server_view("POST", body=payload,
                                headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(view["input"], {"md5": hashlib.md5(payload).hexdigest(), "length": len(payload)})

    def test_chunked_body_reaches_php_input(self):
        pieces = [b"first piece;", os.urandom(5000), b"", b"last"]
        pieces = [piece for piece in pieces if piece]  # an empty chunk would end the body
        payload = b"".join(pieces)
        conn = self.server.connection()
        try:
            conn.request("POST", "/_test/server", body=iter(pieces), encode_chunked=True,
                         headers={"Content-Type": "application/octet-stream"})
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        self.assertEqual(response.status, 200, raw[:500])
        view = json.loads(raw)
        self.assertEqual(view["server"].get("HTTP_TRANSFER_ENCODING", "chunked").lower(), "chunked")
        self.assertEqual(view["input"], {"md5": hashlib.md5(payload).hexdigest(), "length": len(payload)})

    def test_twenty_megabyte_body_arrives_intact(self):
        payload = os.urandom(TWENTY_MB)
        view = self.server_view("POST", body=payload,
                                headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(view["input"], {"md5": hashlib.md5(payload).hexdigest(), "length": TWENTY_MB})

    def test_multipart_upload_reaches_files(self):
        content = os.urandom(300_000)
        boundary = "----runtime-supercharger-boundary"
        body = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="title"\r\n\r\n'
            "holiday\r\n"
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="document"; filename="photo.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        status, _, raw = self.server.request(
            "POST", "/upload", body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        self.assertEqual(status, 200, raw[:500])
        result = json.loads(raw)
        self.assertEqual(result["fields"], {"title": "holiday"})
        self.assertEqual(len(result["files"]), 1, result)
        upload = result["files"][0]
        self.assertEqual(upload["error"], 0, upload)
        self.assertEqual(upload["name"], "document")
        self.assertEqual(upload["original_name"], "photo.bin")
        self.assertEqual(upload["size"], len(content))
        self.assertEqual(upload["sha256"], hashlib.sha256(content).hexdigest())

    # -- response shapes -----------------------------------------------------

    def test_stream_arrives_as_chunked_transfer(self):
        with self.server.raw_socket() as sock:
            sock.sendall(b"GET /stream HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            reader = RawReader(sock)
            try:
                response = reader.read_response()
            finally:
                reader.close()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.header("transfer-encoding"), "chunked")
        self.assertIsNone(response.header("content-length"))
        self.assertEqual(response.body, b"".join(f"chunk {n}\n".encode() for n in range(1, 6)))
        # Each flush in the application becomes its own chunk on the wire.
        self.assertGreaterEqual(len(response.chunk_sizes), 5, response.chunk_sizes)

    def test_head_has_headers_but_no_body(self):
        with self.server.raw_socket(timeout=10) as sock:
            sock.sendall(b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data = read_until_closed(sock)
        head, separator, body = data.partition(b"\r\n\r\n")
        self.assertEqual(separator, b"\r\n\r\n", data[:500])
        self.assertRegex(head.split(b"\r\n")[0], rb"^HTTP/1\.1 200 ")
        self.assertEqual(body, b"")

    def test_three_set_cookie_headers(self):
        status, response, _ = self.server.get("/_test/cookies")
        self.assertEqual(status, 200)
        cookies = response.msg.get_all("Set-Cookie") or []
        self.assertEqual(len(cookies), 3, cookies)
        self.assertEqual(sorted(cookie.split("=", 1)[0] for cookie in cookies), ["first", "second", "third"])

    def test_status_404_has_its_reason_phrase(self):
        status, response, _ = self.server.get("/_test/status/404")
        self.assertEqual(status, 404)
        self.assertEqual(response.reason, "Not Found")

    def test_status_418(self):
        status, _, _ = self.server.get("/_test/status/418")
        self.assertEqual(status, 418)

    # -- what PHP sees -------------------------------------------------------

    def test_server_variables(self):
        conn = self.server.connection()
        try:
            conn.connect()
            client_port = conn.sock.getsockname()[1]
            before = time.time()
            conn.request("GET", "/_test/server?x=1")
            response = conn.getresponse()
            raw = response.read()
            after = time.time()
        finally:
            conn.close()
        self.assertEqual(response.status, 200, raw[:500])
        server = json.loads(raw)["server"]
        self.assertEqual(server["REMOTE_ADDR"], "127.0.0.1")
        self.assertEqual(int(server["REMOTE_PORT"]), client_port)
        self.assertTrue(server["SERVER_NAME"], server)
        self.assertEqual(int(server["SERVER_PORT"]), self.server.port)
        self.assertEqual(server["SERVER_PROTOCOL"], "HTTP/1.1")
        self.assertLessEqual(int(before) - 1, int(server["REQUEST_TIME"]))
        self.assertLessEqual(int(server["REQUEST_TIME"]), int(after) + 1)
        self.assertIsInstance(server["REQUEST_TIME_FLOAT"], float)
        self.assertLessEqual(abs(server["REQUEST_TIME_FLOAT"] - server["REQUEST_TIME"]), 1.0)
        self.assertEqual(server["SCRIPT_NAME"], "/index.php")
        self.assertEqual(os.path.realpath(server["SCRIPT_FILENAME"]), os.path.realpath(ENTRY))
        self.assertEqual(os.path.realpath(server["DOCUMENT_ROOT"]),
                         os.path.realpath(os.path.join(APP_DIR, "public")))

    def test_superglobals_are_populated_and_fresh_per_request(self):
        form = urllib.parse.urlencode({"name": "ada", "tags[]": "x"})
        first = self.server_view(
            "POST", "/_test/server?page=2&sort=asc", body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "session=abc; theme=dark"})
        self.assertEqual(first["get"], {"page": "2", "sort": "asc"})
        self.assertEqual(first["post"], {"name": "ada", "tags": ["x"]})
        self.assertEqual(first["cookie"], {"session": "abc", "theme": "dark"})

        # Ask often enough that every worker has served the request above.
        for _ in range(4):
            second = self.server_view("GET", "/_test/server")
            self.assertEqual(second["get"], [])
            self.assertEqual(second["post"], [])
            self.assertEqual(second["cookie"], [])
            self.assertNotIn("HTTP_COOKIE", second["server"])


if __name__ == "__main__":
    unittest.main()
