"""HTTP/2 on the HTTP listener (h2c with prior knowledge): real clients (curl, h2load) against
the real server and Symfony app; a raw-socket client for the attack patterns (rapid reset,
CONTINUATION flood, SETTINGS and PING floods, zero-window stall), each while another client
keeps being served."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from h2_frames import (DATA, END_HEADERS, END_STREAM, ENHANCE_YOUR_CALM, HEADERS, PING, RST_STREAM, RawConnection,
                       continuation_flood, frame, rapid_reset_flood, request_block, settings)
from harness import ENTRY, Server, SharedServerTestCase

CURL = shutil.which("curl")
H2LOAD = shutil.which("h2load")


def curl(port, path, *args, timeout=60):
    """curl --http2-prior-knowledge: (status, http version, headers text, body bytes)."""
    with tempfile.NamedTemporaryFile() as head:
        out = subprocess.run([CURL, "-sS", "--http2-prior-knowledge", "-D", head.name, "-o", "-",
                              "-w", "\n%{http_code} %{http_version}", *args,
                              f"http://127.0.0.1:{port}{path}"],
                             capture_output=True, timeout=timeout, check=True).stdout
        with open(head.name, encoding="latin-1") as head_file:
            headers = head_file.read()
    body, _, tail = out.rpartition(b"\n")
    status, version = tail.decode().split()
    return int(status), version, headers, body


@unittest.skipUnless(CURL, "curl not installed")
class Http2WithCurl(SharedServerTestCase):
    server_options = {"workers": 2, "extra_args": ["--access-log", "stderr"]}

    def test_get_is_served_over_http2(self):
        status, version, headers, body = curl(self.server.port, "/")
        self.assertEqual((status, version), (200, "2"))
        self.assertTrue(headers.startswith("HTTP/2 200"), headers)
        self.assertTrue(body)

    def test_php_sees_an_http2_request(self):
        _, _, _, body = curl(self.server.port, "/_test/server?x=1", "-H", "X-Custom: yes")
        server = json.loads(body)["server"]
        self.assertEqual(server["SERVER_PROTOCOL"], "HTTP/2.0")
        self.assertEqual(server["HTTP_HOST"], f"127.0.0.1:{self.server.port}")
        self.assertEqual(server["REQUEST_URI"], "/_test/server?x=1")
        self.assertEqual(server["QUERY_STRING"], "x=1")
        self.assertEqual(server["HTTP_X_CUSTOM"], "yes")

    def test_post_body_reaches_php(self):
        status, _, _, body = curl(self.server.port, "/form", "-d", "a=1&b=two")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["fields"], {"a": "1", "b": "two"})

    def test_large_post_body_is_streamed_to_the_worker(self):
        # Several windows' worth: the body only flows as the worker consumes it.
        with tempfile.NamedTemporaryFile() as payload:
            payload.write(b"field=" + b"x" * (3 * 1024 * 1024))
            payload.flush()
            status, _, _, body = curl(self.server.port, "/form", "--data-binary", f"@{payload.name}",
                                      "-H", "Content-Type: application/x-www-form-urlencoded")
        self.assertEqual(status, 200)
        self.assertEqual(len(json.loads(body)["fields"]["field"]), 3 * 1024 * 1024)

    def test_cookies_both_ways(self):
        _, _, _, body = curl(self.server.port, "/_test/server", "-b", "a=1; b=2")
        self.assertEqual(json.loads(body)["server"]["HTTP_COOKIE"], "a=1; b=2")
        _, _, headers, _ = curl(self.server.port, "/_test/cookies")
        self.assertEqual(len(re.findall(r"(?im)^set-cookie:", headers)), 3, headers)

    def test_streamed_response_arrives_in_pieces(self):
        status, _, headers, body = curl(self.server.port, "/stream", "-N")
        self.assertEqual(status, 200)
        self.assertIn(b"chunk 1", body)
        self.assertNotRegex(headers.lower(), "transfer-encoding")

    def test_big_response_is_complete(self):
        status, _, _, body = curl(self.server.port, "/_test/abort-stream?chunks=40&bytes=65536&pause_ms=0")
        self.assertEqual(status, 200)
        self.assertEqual(len(body), 40 * 65536)

    def test_static_file_and_head(self):
        status, _, headers, body = curl(self.server.port, "/robots.txt")
        self.assertEqual(status, 200)
        with open(os.path.join(os.path.dirname(ENTRY), "robots.txt"), "rb") as f:
            self.assertEqual(body, f.read())
        # HEAD: GET's length, no body (curl -I prints the head as its output).
        status, _, headers, _ = curl(self.server.port, "/robots.txt", "-I")
        self.assertEqual(status, 200)
        self.assertRegex(headers, rf"(?im)^content-length: {len(body)}\s*$")

    def test_access_log_names_the_protocol(self):
        curl(self.server.port, "/?access-log-probe")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "GET /?access-log-probe HTTP/2.0" not in self.server.log_text():
            time.sleep(0.1)
        self.assertIn('"GET /?access-log-probe HTTP/2.0" 200', self.server.log_text())

    def test_http11_still_works_on_the_same_listener(self):
        status, _, _ = self.server.get("/")
        self.assertEqual(status, 200)

    def test_the_preface_is_answered_with_http2_settings(self):
        conn = RawConnection(self.server.port)
        try:
            kind, flags, stream, _ = conn.read_frame()
        finally:
            conn.close()
        self.assertEqual((kind, flags & 1, stream), (4, 0, 0))  # SETTINGS, not an ACK, connection-level

    def test_oversized_header_block_gets_431(self):
        status, _, _, _ = curl(self.server.port, "/", "-H", "X-Big: " + "a" * 40000)
        self.assertEqual(status, 431)


@unittest.skipUnless(H2LOAD, "h2load not installed (package nghttp2-client)")
class Http2Load(SharedServerTestCase):
    server_options = {"workers": 2}

    def test_h2load_multiplexed_streams_all_succeed(self):
        out = subprocess.run([H2LOAD, "-n", "2000", "-c", "4", "-m", "10", f"http://127.0.0.1:{self.server.port}/"],
                             capture_output=True, text=True, timeout=120).stdout
        self.assertRegex(out, r"requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored",
                         out)
        self.assertRegex(out, r"status codes: 2000 2xx", out)


class Bystander:
    """Another client requesting / over HTTP/1.1 in a loop while an attack runs."""

    def __init__(self, server):
        self.server = server
        self.statuses = []
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.statuses.append(self.server.get("/", timeout=10)[0])
            except OSError as error:
                self.errors.append(error)
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(15)

    def assert_served(self, test):
        """Every request of the run was answered 200, without a connection error."""
        test.assertFalse(self.errors, self.errors[:3])
        test.assertTrue(self.statuses)
        test.assertEqual(set(self.statuses), {200})


def write_config(directory, http_lines):
    path = os.path.join(directory, "h2.yaml")
    with open(path, "w", encoding="utf-8") as config:
        config.write("http:\n" + "".join(f"  {line}\n" for line in http_lines))
        config.write(f"pools:\n  - entry: {json.dumps(ENTRY)}\n")
    return path


class Http2Attacks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config_dir = tempfile.TemporaryDirectory()
        config = write_config(cls.config_dir.name, ["http2_max_resets: 50", "http2_max_control_frames: 100",
                                                    "send_timeout: 2s"])
        cls.server = Server(workers=2, extra_args=["--config", config])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.config_dir.cleanup()

    def test_rapid_reset_flood_gets_goaway_and_others_are_served(self):
        with Bystander(self.server) as bystander:
            conn = RawConnection(self.server.port)
            code = rapid_reset_flood(conn)
            conn.close()
            time.sleep(0.5)
        self.assertEqual(code, ENHANCE_YOUR_CALM)
        self.assertIn("rapid reset", self.server.log_text())
        bystander.assert_served(self)

    def test_continuation_flood_is_cut_off_and_others_are_served(self):
        with Bystander(self.server) as bystander:
            conn = RawConnection(self.server.port)
            code = continuation_flood(conn)
            conn.close()
            time.sleep(0.5)
        self.assertIn(code, (ENHANCE_YOUR_CALM, None))
        self.assertRegex(self.server.log_text(), r"HTTP/2 client .*(header block flood|CONTINUATION)")
        bystander.assert_served(self)

    def test_settings_and_ping_floods_get_goaway(self):
        for flood_frame in (settings(), frame(PING, 0, 0, b"12345678")):
            with self.subTest(kind=flood_frame[3]):
                conn = RawConnection(self.server.port)
                try:
                    conn.send(flood_frame * 500)
                except OSError:
                    pass
                self.assertEqual(conn.goaway_code(), ENHANCE_YOUR_CALM)
                conn.close()
        self.assertIn("control frame flood", self.server.log_text())
        self.assertEqual(self.server.get("/")[0], 200)

    def test_zero_window_stream_is_reset_and_frees_its_worker(self):
        # The client opens no window (SETTINGS_INITIAL_WINDOW_SIZE 0) and asks for a big
        # streamed response: after send_timeout without progress the stream is reset, the
        # worker told, and both workers keep serving.
        with Bystander(self.server) as bystander:
            conns = []
            for _ in range(2):  # as many as there are workers
                conn = RawConnection(self.server.port, initial_settings=[(4, 0)])
                conn.send(frame(HEADERS, END_HEADERS | END_STREAM, 1,
                                request_block("/_test/abort-stream?chunks=40&bytes=65536&pause_ms=0")))
                conns.append(conn)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and "at zero window" not in self.server.log_text():
                time.sleep(0.2)
            time.sleep(1)
            for conn in conns:
                conn.close()
        self.assertIn("at zero window", self.server.log_text())
        bystander.assert_served(self)


class Http2StreamReset(SharedServerTestCase):
    """RST_STREAM mid-response is a client abort: the worker is told and serves the next request
    at once, not after the request timeout (as test_client_abort.py checks for HTTP/1.1)."""

    server_options = {"workers": 1, "request_timeout": 30}

    def test_reset_stream_frees_the_worker(self):
        conn = RawConnection(self.server.port)
        conn.send(frame(HEADERS, END_HEADERS | END_STREAM, 1,
                        request_block("/_test/abort-stream?chunks=10&bytes=8192&pause_ms=300&tag=h2")))
        while True:  # the response has started
            got = conn.read_frame()
            self.assertIsNotNone(got)
            if got[0] == DATA:
                break
        conn.send(frame(RST_STREAM, 0, 1, (8).to_bytes(4, "big")))
        started = time.monotonic()
        status, _, _ = self.server.get("/", timeout=25)
        conn.close()
        self.assertEqual(status, 200)
        # The one worker was free long before the 30 s request timeout would have freed it.
        self.assertLess(time.monotonic() - started, 20)


if __name__ == "__main__":
    unittest.main()
