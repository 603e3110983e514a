"""Slowloris: hundreds of connections trickle a request head one byte at a time while normal
clients keep being served; the header timeout is a deadline for the whole head, so the
trickling connections are closed once it passes although they never stop sending."""

import json
import os
import select
import socket
import tempfile
import threading
import time
import unittest

from harness import Server

SLOW_CONNECTIONS = 300
HEADER_TIMEOUT_S = 4
BYTE_INTERVAL_S = 1.0
# Every slow connection must be gone by then (timeout plus generous scheduling slack).
CLOSE_DEADLINE_S = HEADER_TIMEOUT_S + 12
SLOW_HEAD = b"GET / HTTP/1.1\r\nHost: slow\r\nX-Padding: " + b"x" * 200


class SlowClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.TemporaryDirectory(prefix="rs-slow-")
        config = os.path.join(cls.workdir.name, "server.yaml")
        with open(config, "w") as f:
            f.write(f"http:\n  header_timeout: {json.dumps(str(HEADER_TIMEOUT_S) + 's')}\n")
        cls.server = Server(workers=2, extra_args=["--config", config])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.workdir.cleanup()

    def normal_clients(self, stop, results):
        while not stop.is_set():
            for path in ("/robots.txt", "/"):
                try:
                    status, _, _ = self.server.get(path, timeout=20)
                    results.append(status)
                except OSError as error:
                    results.append(repr(error))
            time.sleep(0.2)

    def test_trickling_heads_are_cut_off_and_others_are_served(self):
        slow = [self.server.raw_socket(timeout=5) for _ in range(SLOW_CONNECTIONS)]
        for sock in slow:
            sock.setblocking(False)
        started = time.monotonic()
        stop = threading.Event()
        results = []
        client = threading.Thread(target=self.normal_clients, args=(stop, results))
        client.start()
        open_sockets = {sock: 0 for sock in slow}
        closed_after = []
        try:
            while open_sockets and time.monotonic() - started < CLOSE_DEADLINE_S:
                for sock in list(open_sockets):
                    position = open_sockets[sock]
                    try:
                        sock.send(SLOW_HEAD[position % len(SLOW_HEAD):position % len(SLOW_HEAD) + 1])
                        open_sockets[sock] = position + 1
                    except OSError:
                        pass  # closed by the server: noticed by the read below
                readable, _, _ = select.select(list(open_sockets), [], [], BYTE_INTERVAL_S)
                for sock in readable:
                    try:
                        data = sock.recv(4096)
                        while data:  # the 408 answer, then EOF
                            data = sock.recv(4096)
                    except BlockingIOError:
                        continue
                    except OSError:
                        pass
                    closed_after.append(time.monotonic() - started)
                    del open_sockets[sock]
                    sock.close()
        finally:
            stop.set()
            client.join()
            for sock in open_sockets:
                sock.close()
        self.assertEqual(len(open_sockets), 0, f"{len(open_sockets)} trickling connections still open")
        self.assertGreaterEqual(min(closed_after), HEADER_TIMEOUT_S - 1)
        self.assertTrue(results, "no normal request completed")
        self.assertEqual([r for r in results if r != 200], [], "normal clients failed during the attack")
        self.server.assert_running()


if __name__ == "__main__":
    unittest.main()
