"""The admin endpoint, metrics, access log and slow log against real traffic."""

import http.client
import json
import os
import signal
import tempfile
import threading
import time
import unittest

import harness
from admin_client import admin_get, admin_json, scrape
from fixtures.configured_server import FIXTURES_DIR, EXAMPLE_APP_DIR, ConfiguredServer, config_yaml, pool_yaml

SLOW_MS = 300
MAX_REQUESTS = 4
FPM_FIELDS = ["pool", "process manager", "start time", "start since", "accepted conn", "listen queue",
              "max listen queue", "listen queue len", "idle processes", "active processes", "total processes",
              "max active processes", "max children reached", "slow requests"]
FPM_PROCESS_FIELDS = ["pid", "state", "start time", "start since", "requests", "request duration",
                      "request method", "request URI", "content length", "user", "script", "last request cpu",
                      "last request memory"]


def observed_config(access_log, access_format, slow_ms=SLOW_MS, pools=None):
    pools = pools or [pool_yaml("default", harness.ENTRY, workers=2, max_requests=MAX_REQUESTS)]
    return (f"log:\n  access_log: {access_log}\n  access_format: {access_format}\n"
            f"  slow_request_threshold: {slow_ms}ms\n") + config_yaml(*pools)


def in_background(server, path):
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("status", server.get(path, timeout=30)[0]))
    thread.start()
    return thread, result


def wait_until(predicate, timeout=10, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not met within {timeout}s")


class ObservabilityTest(unittest.TestCase):
    def test_metrics_status_pages_access_and_slow_log_under_traffic(self):
        with tempfile.TemporaryDirectory(prefix="rs-it-obs-") as scratch:
            access_path = os.path.join(scratch, "access.log")
            with ConfiguredServer(observed_config(access_path, "json")) as server:
                for _ in range(3 * MAX_REQUESTS):
                    self.assertEqual(server.get("/")[0], 200)

                # A slow request, seen in flight on the status pages, then in the slow log.
                thread, result = in_background(server, f"/_test/sleep/{SLOW_MS * 3}")
                busy = wait_until(lambda: [w for w in admin_json(server, "/status")["pools"][0]["workers"]
                                           if w["state"] == "busy"], what="a busy worker")
                self.assertEqual(busy[0]["method"], "GET")
                self.assertEqual(busy[0]["uri"], f"/_test/sleep/{SLOW_MS * 3}")
                status, _, full = admin_get(server, "/fpm-status?full")
                self.assertIn("state:                Running\n", full)
                self.assertIn(f"request URI:          /_test/sleep/{SLOW_MS * 3}\n", full)
                thread.join(timeout=30)
                self.assertEqual(result.get("status"), 200)
                log = server.wait_for_log("slow request (")
                slow_line = next(line for line in log.splitlines() if "slow request (" in line)
                self.assertRegex(slow_line, r"worker pid=\d+ pool=default: slow request \(\d+ ms\) GET "
                                            rf"/_test/sleep/{SLOW_MS * 3}, at .*TimingController\.php:\d+: #0 ")
                self.assertIn("TimingController->sleep()", slow_line)
                self.assertIn("[warning]", slow_line)  # an operator's alert, not info (issue 15, item 8)

                self.check_metrics(server)
                self.check_health_and_errors(server)
                self.check_status_json(server)
                self.check_fpm_status(server)
                self.check_access_log(access_path)

    def check_metrics(self, server):
        response, text, samples = scrape(server)
        self.assertEqual(response.getheader("Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
        self.assertGreaterEqual(samples[("runtime_worker_request_total", "")], 3 * MAX_REQUESTS + 1)
        self.assertGreaterEqual(samples[("runtime_worker_restart_total", '{reason="max_requests"}')], 1)
        self.assertGreaterEqual(samples[("runtime_recycle_duration_ms_count", "")], 1)
        self.assertGreaterEqual(samples[("runtime_route_request_duration_seconds_count", '{route="home"}')],
                                3 * MAX_REQUESTS)
        self.assertEqual(samples[("runtime_route_request_duration_seconds_count", '{route="test_sleep"}')], 1)
        self.assertEqual(samples[("runtime_slow_requests_total", '{pool="default"}')], 1)
        self.assertEqual(samples[("runtime_workers", '{pool="default",state="total"}')] >= 2, True)
        self.assertNotIn("/_test/sleep", text, "raw paths never become labels")
        # One memory series per live worker: exited workers' series are gone. A worker may exit
        # between the scrape and /status (its last recycle): the two must agree within a moment.
        deadline = time.monotonic() + 5
        while True:
            _, _, samples = scrape(server)
            memory_pids = {labels.split('"')[1] for name, labels in samples if name == "runtime_worker_mem_bytes"}
            live = {str(w["pid"]) for w in admin_json(server, "/status")["pools"][0]["workers"]}
            if memory_pids <= live or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertTrue(memory_pids <= live, (memory_pids, live))

    def check_health_and_errors(self, server):
        self.assertEqual(admin_get(server, "/healthz")[::2], (200, "ok\n"))
        self.assertEqual(admin_get(server, "/readyz")[::2], (200, "ready\n"))
        self.assertEqual(admin_get(server, "/ping")[::2], (200, "pong\n"))
        self.assertEqual(admin_get(server, "/ping", method="HEAD")[0], 200)
        self.assertEqual(admin_get(server, "/nope")[0], 404)
        # Keep-alive: several pages on one connection.
        conn = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=10)
        try:
            sockets = []
            for path in ("/ping", "/metrics", "/ping"):
                conn.request("GET", path)
                response = conn.getresponse()
                self.assertEqual(response.status, 200)
                response.read()
                sockets.append(conn.sock)
            self.assertIsNotNone(sockets[0])
            self.assertTrue(all(sock is sockets[0] for sock in sockets), "the connection was not kept")
        finally:
            conn.close()
        status, response, _ = admin_get(server, "/metrics", method="POST")
        self.assertEqual(status, 405)
        self.assertEqual(response.getheader("Allow"), "GET, HEAD")

    def check_status_json(self, server):
        status = admin_json(server, "/status")
        self.assertTrue(status["ready"])
        self.assertFalse(status["draining"])
        pool = status["pools"][0]
        self.assertEqual(pool["name"], "default")
        self.assertEqual(pool["last_recycle_reason"], "max_requests")
        self.assertGreaterEqual(pool["accepted"], 3 * MAX_REQUESTS + 1)
        for key in ("idle", "busy", "starting", "retiring", "total", "queue_depth", "configured_workers"):
            self.assertIn(key, pool)
        for worker in pool["workers"]:
            self.assertEqual(set(worker), {"pid", "state", "requests", "rss_bytes", "age_seconds", "method", "uri",
                                           "request_seconds"})
            self.assertGreater(worker["pid"], 0)

    def check_fpm_status(self, server):
        status, response, text = admin_get(server, "/fpm-status")
        self.assertEqual(status, 200)
        names = [line.split(":", 1)[0] for line in text.splitlines()]
        self.assertEqual(names, FPM_FIELDS)
        self.assertIn("process manager:      static\n", text)
        self.assertIn("slow requests:        1\n", text)
        page = admin_json(server, "/fpm-status?json")
        self.assertEqual(list(page), FPM_FIELDS)
        self.assertEqual(page["pool"], "default")
        full = admin_json(server, "/fpm-status?json&full")
        self.assertEqual(list(full), FPM_FIELDS + ["processes"])
        self.assertTrue(full["processes"])
        for process in full["processes"]:
            self.assertEqual(list(process), FPM_PROCESS_FIELDS)
        status, _, text = admin_get(server, "/fpm-status?full")
        self.assertEqual(text.count("\n************************\npid:"), len(full["processes"]))

    def check_access_log(self, path):
        def lines():
            if not os.path.exists(path):
                return None
            with open(path, encoding="utf-8") as log:
                found = [json.loads(line) for line in log if line.strip()]
            return found if len(found) >= 3 * MAX_REQUESTS + 1 else None

        records = wait_until(lines, what="access log lines")
        home = [r for r in records if r["uri"] == "/"]
        self.assertGreaterEqual(len(home), 3 * MAX_REQUESTS)  # and the harness readiness probe
        self.assertEqual({r["status"] for r in home}, {200})
        self.assertTrue(all(isinstance(r["worker_pid"], int) and r["worker_pid"] > 0 for r in home))
        self.assertTrue(all(r["duration_ms"] >= 0 and r["bytes_sent"] > 0 for r in home))
        self.assertEqual(home[0]["method"], "GET")
        self.assertEqual(home[0]["pool"], "default")
        sleep = next(r for r in records if r["uri"].startswith("/_test/sleep/"))
        self.assertGreaterEqual(sleep["duration_ms"], SLOW_MS * 3)

    def test_readyz_follows_worker_readiness_and_draining_combined_access_log(self):
        broken = os.path.join(FIXTURES_DIR, "broken-kernel", "index.php")
        with tempfile.TemporaryDirectory(prefix="rs-it-obs-") as scratch:
            flag = os.path.join(scratch, "broken")
            with open(flag, "w", encoding="utf-8") as marker:
                marker.write("not yet")
            env = {"FIXTURE_APP_DIR": EXAMPLE_APP_DIR, "FIXTURE_BROKEN_FLAG": flag,
                   "FIXTURE_CACHE_DIR": os.path.join(scratch, "cache")}
            config = observed_config("stderr", "combined", pools=[pool_yaml("app", broken, workers=1, env=env)])
            with ConfiguredServer(config, wait_ready=False) as server:
                wait_until(lambda: self._answers(server), what="admin listener")
                server.wait_for_log("failed to boot")
                self.assertEqual(admin_get(server, "/readyz")[::2], (503, "pool app: no ready worker\n"))
                self.assertEqual(admin_get(server, "/healthz")[0], 200)

                os.remove(flag)
                server.send_signal(signal.SIGHUP)
                wait_until(lambda: admin_get(server, "/readyz")[0] == 200, timeout=30, what="ready")
                self.assertEqual(server.get("/")[0], 200)
                access = server.wait_for_log('"GET / HTTP/1.1" 200 ')
                self.assertRegex(access, r'127\.0\.0\.1 - - \[[^\]]+\] "GET / HTTP/1\.1" 200 \d+ "-" "[^"]*" '
                                         r'rt=\d+\.\d{3} pid=\d+')

                # Draining: not ready any more while a request finishes.
                thread, result = in_background(server, "/_test/sleep/1500")
                wait_until(lambda: admin_json(server, "/status")["pools"][0]["busy"] == 1, what="busy")
                server.send_signal(signal.SIGTERM)
                # (the signal is handled asynchronously: poll until the master has seen it)
                wait_until(lambda: admin_get(server, "/readyz")[::2] == (503, "draining\n"), timeout=1,
                           what="readyz 503 draining while the request finishes")
                thread.join(timeout=30)
                self.assertEqual(result.get("status"), 200)

    @staticmethod
    def _answers(server):
        try:
            return admin_get(server, "/healthz", timeout=2)[0] == 200
        except OSError:
            return False


if __name__ == "__main__":
    unittest.main()
