"""A client that leaves during a streamed response must not take a worker out of the pool:
the front end drains the worker's frames to the end of the request and hands the worker the
next request at once (issue 15, item 1)."""

import re
import socket
import time
import unittest

from harness import SharedServerTestCase

STREAM = "/_test/abort-stream?chunks=10&bytes=8192&pause_ms=300"
# PHP needs about 3 s for the stream; the next request must not wait for the request timeout.
REQUEST_TIMEOUT_S = 30


def abandon_stream(port, query_tag):
    """Starts the stream, reads a little of it, then leaves with unread bytes (RST)."""
    ignore = "&ignore=1" if query_tag == "ignored" else ""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(f"GET {STREAM}&tag={query_tag}{ignore} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.recv(1024)
        time.sleep(0.7)
    finally:
        sock.close()


class ClientAbort(SharedServerTestCase):
    server_options = {"workers": 1, "request_timeout": REQUEST_TIMEOUT_S}

    def worker_pids(self):
        return set(re.findall(r"worker ready pid=(\d+)", self.server.log_text()))

    def test_next_request_is_served_by_the_same_worker_after_an_abort(self):
        before = self.worker_pids()
        abandon_stream(self.server.port, "drain")
        # The worker finishes the stream (or stops) well within this; a wedged front end
        # keeps it busy until the request timeout.
        deadline = time.monotonic() + 8
        status = None
        while time.monotonic() < deadline:
            status, _, _ = self.server.get("/", timeout=REQUEST_TIMEOUT_S)
            if status == 200:
                break
            time.sleep(0.5)
        self.assertEqual(status, 200, self.server.log_text()[-3000:])
        # Served again right away, twice in a row, with no worker replaced.
        for _ in range(2):
            status, _, _ = self.server.get("/", timeout=5)
            self.assertEqual(status, 200)
        self.assertEqual(self.worker_pids(), before, "the worker was replaced")


    def wait_for_log(self, needle, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if needle in self.server.log_text():
                return True
            time.sleep(0.2)
        return False

    def test_script_is_stopped_when_the_client_leaves(self):
        abandon_stream(self.server.port, "stopped")
        # Left alone the stream takes about 3 s; it must not get to its last line.
        self.assertFalse(self.wait_for_log("stopped finished", 5), self.server.log_text()[-2000:])
        status, _, _ = self.server.get("/", timeout=5)
        self.assertEqual(status, 200)

    def test_ignore_user_abort_runs_to_the_end_and_sees_the_abort(self):
        abandon_stream(self.server.port, "ignored")
        self.assertTrue(self.wait_for_log("ignored finished", 8), self.server.log_text()[-2000:])
        line = [l for l in self.server.log_text().splitlines() if "ignored finished" in l][-1]
        self.assertIn("status=1 aborted=1", line)
        status, _, _ = self.server.get("/", timeout=5)
        self.assertEqual(status, 200)


class ClientAbortDebugMode(ClientAbort):
    server_options = {"workers": 1, "request_timeout": REQUEST_TIMEOUT_S,
                      "env": {"APP_ENV": "dev", "APP_DEBUG": "1"}}


if __name__ == "__main__":
    unittest.main()
