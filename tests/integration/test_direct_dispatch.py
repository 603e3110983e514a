"""Direct dispatch (pools[].dispatch: direct): the workers accept nginx's FastCGI
connections themselves, php-fpm's process model with the kernel kept booted. nginx uses
the stock php-fpm server block; the master only supervises."""

import concurrent.futures
import hashlib
import json
import os
import signal
import tempfile
import time
import unittest

from admin_client import admin_get, parse_samples
from harness import APP_DIR, Server, free_port
from nginx.front import Nginx, multipart, start_behind_nginx, stop_behind_nginx

PUBLIC = os.path.realpath(os.path.join(APP_DIR, "public"))


def direct_server(fastcgi_port, **kwargs):
    """`fastcgi_port`: a port on 127.0.0.1, or an address such as "unix:PATH"."""
    php_ini = {"upload_max_filesize": "16M", "post_max_size": "32M", **kwargs.pop("php_ini", {})}
    address = fastcgi_port if isinstance(fastcgi_port, str) else f"127.0.0.1:{fastcgi_port}"
    return Server(http=False, php_ini=php_ini,
                  extra_args=["--fastcgi", address, "--dispatch", "direct"] + kwargs.pop("extra", []),
                  **kwargs)


def assert_stream_arrives_whole(test, nginx):
    status, _, body = nginx.request("GET", "/stream")
    test.assertEqual(status, 200)
    lines = body.decode().splitlines()
    test.assertGreater(len(lines), 1)
    test.assertEqual(lines[-1], f"chunk {len(lines)}")


def metric_total(server, name):
    _, _, text = admin_get(server, "/metrics")
    return sum(value for (metric, _), value in parse_samples(text).items() if metric == name)


class DirectDispatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fastcgi_port = free_port()
        cls.server = direct_server(cls.fastcgi_port, workers=2)
        # keep_conn=False: a new upstream connection per request, as php-fpm's usual block.
        cls.nginx = Nginx(PUBLIC, f"127.0.0.1:{cls.fastcgi_port}", "symfony.locations.in", keep_conn=False)
        start_behind_nginx(cls.server, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        stop_behind_nginx(cls.server, cls.nginx)

    def get_json(self, path, **kwargs):
        status, _, body = self.nginx.request("GET", path, **kwargs)
        self.assertEqual(status, 200, body[:500])
        return json.loads(body)

    def test_the_master_does_not_accept(self):
        self.assertIn("(workers accept: direct dispatch)", self.server.log_text())

    def test_front_controller_and_server_variables(self):
        status, response, body = self.nginx.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body)["ok"], True)
        server = self.get_json("/_test/server?a=1", headers={"X-Custom": "yes"})["server"]
        self.assertEqual(server["SCRIPT_FILENAME"], os.path.join(PUBLIC, "index.php"))
        self.assertEqual(server["REQUEST_URI"], "/_test/server?a=1")
        self.assertEqual(server["SERVER_PORT"], str(self.nginx.port))
        self.assertEqual(server["HTTP_X_CUSTOM"], "yes")
        self.assertEqual(server["PHP_SELF"], "/index.php")

    def test_cookies_redirects_and_status_codes(self):
        status, response, _ = self.nginx.request("GET", "/_test/cookies")
        self.assertEqual(status, 200)
        self.assertEqual(len(response.headers.get_all("Set-Cookie")), 3)
        data = self.get_json("/_test/server", headers={"Cookie": "a=1; b=2"})
        self.assertEqual(data["cookie"], {"a": "1", "b": "2"})
        status, response, _ = self.nginx.request("GET", "/_test/redirect")
        self.assertEqual((status, response.getheader("Location")), (302, "/hello/redirected"))
        for code in (204, 404, 418, 500):
            self.assertEqual(self.nginx.request("GET", f"/_test/status/{code}")[0], code)

    def test_upload_of_several_megabytes(self):
        data = os.urandom(5 * 1024 * 1024 + 17)
        content_type, body = multipart({"note": "hi"}, {"doc": ("big.bin", data)})
        status, _, reply = self.nginx.request("POST", "/upload", body=body, headers={"Content-Type": content_type})
        self.assertEqual(status, 200, reply[:500])
        result = json.loads(reply)
        self.assertEqual(result["fields"], {"note": "hi"})
        self.assertEqual(result["files"][0]["sha256"], hashlib.sha256(data).hexdigest())

    def test_streamed_response_arrives_whole(self):
        assert_stream_arrives_whole(self, self.nginx)

    def test_both_workers_serve_and_the_kernel_stays_booted(self):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda _: self.get_json("/counter"), range(200)))
        self.assertEqual(len({reply["pid"] for reply in replies}), 2)
        self.assertLessEqual(self.server.kernel_constructions(), 2 + 1)  # the workers (+ a recycle at most)

    def test_metrics_and_status_count_direct_requests(self):
        before = metric_total(self.server, "runtime_worker_request_total")
        for _ in range(10):
            self.assertEqual(self.nginx.request("GET", "/")[0], 200)
        deadline = time.monotonic() + 5
        while metric_total(self.server, "runtime_worker_request_total") < before + 10:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        status, _, text = admin_get(self.server, "/fpm-status")
        self.assertEqual(status, 200)
        self.assertIn("total processes:", text)


class DirectDispatchTimeLimitTest(unittest.TestCase):
    def test_max_execution_time_counts_each_request_alone(self):
        # request_timeout 3 also sets max_execution_time 3 (CPU seconds, PHP's own timer).
        port = free_port()
        server = direct_server(port, workers=1, request_timeout=3)
        nginx = Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False)
        start_behind_nginx(server, nginx)
        try:
            # 4 s of CPU in all on one worker: fine while the limit counts per request.
            for _ in range(4):
                status, _, body = nginx.request("GET", "/_test/spin/1000")
                self.assertEqual(status, 200, body[:500])
            # Past the limit: PHP's fatal error (500), or the master's kill (502) when the
            # request got less CPU than wall-clock time.
            self.assertIn(nginx.request("GET", "/_test/spin/8000")[0], (500, 502))
            self.assertEqual(nginx.request("GET", "/")[0], 200)
        finally:
            stop_behind_nginx(server, nginx)


class DirectDispatchFailureTest(unittest.TestCase):
    def test_worker_killed_mid_request_gives_502_then_service_goes_on(self):
        port = free_port()
        with direct_server(port, workers=2) as server, \
                Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False) as nginx:
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                slow = pool.submit(nginx.request, "GET", "/_test/sleep/3000")
                time.sleep(1)
                _, _, text = admin_get(server, "/status")
                busy = [w for w in json.loads(text)["pools"][0]["workers"] if w["state"] == "busy"]
                self.assertEqual([w.get("uri") for w in busy], ["/_test/sleep/3000"], text)
                # Every worker: the one serving the slow request among them.
                victims = self._worker_pids(server)
                for pid in victims:
                    os.kill(pid, signal.SIGKILL)
                self.assertEqual(slow.result(timeout=30)[0], 502)
            deadline = time.monotonic() + 20
            while nginx.request("GET", "/")[0] != 200:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.1)
            for _ in range(20):
                self.assertEqual(nginx.request("GET", "/")[0], 200)
            log = server.log_text()
            self.assertTrue(any(f"worker pid={pid} crashed" in log for pid in victims), log[-3000:])

    def test_request_past_the_timeout_is_killed_and_replaced(self):
        port = free_port()
        with direct_server(port, workers=1, request_timeout=1) as server, \
                Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False) as nginx:
            started = time.monotonic()
            status, _, _ = nginx.request("GET", "/_test/sleep/8000")
            self.assertEqual(status, 502)
            self.assertLess(time.monotonic() - started, 7)
            self.assertIn("request timeout (1s)", server.log_text())
            deadline = time.monotonic() + 20
            while nginx.request("GET", "/")[0] != 200:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.1)

    def test_recycling_under_load_fails_no_request(self):
        port = free_port()
        with direct_server(port, workers=2, max_requests=7) as server, \
                Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False) as nginx:
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                statuses = list(pool.map(lambda _: nginx.request("GET", "/counter")[0], range(120)))
            self.assertEqual(statuses, [200] * 120)
            self.assertGreaterEqual(server.log_text().count("reason=max_requests"), 10)

    def test_rolling_reload_under_load_fails_no_request(self):
        port = free_port()
        with direct_server(port, workers=2) as server, \
                Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False) as nginx:
            def load(_):
                statuses = []
                end = time.monotonic() + 4
                while time.monotonic() < end:
                    statuses.append(nginx.request("GET", "/counter")[0])
                return statuses

            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(load, i) for i in range(4)]
                time.sleep(0.5)
                os.kill(server.process.pid, signal.SIGHUP)  # re-reads the configuration, rolls the workers
                statuses = [status for future in futures for status in future.result(timeout=60)]
            self.assertEqual(set(statuses), {200}, f"{len(statuses)} requests")
            deadline = time.monotonic() + 20
            while "rolling reload to generation 2 complete" not in server.log_text():
                self.assertLess(time.monotonic(), deadline, server.log_text()[-3000:])
                time.sleep(0.1)
            self.assertEqual(nginx.request("GET", "/")[0], 200)

    def test_sigterm_under_load_fails_no_request_in_flight(self):
        port = free_port()
        server = direct_server(port, workers=2)
        nginx = Nginx(PUBLIC, f"127.0.0.1:{port}", "symfony.locations.in", keep_conn=False)
        start_behind_nginx(server, nginx)
        try:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                slow = [pool.submit(nginx.request, "GET", "/_test/sleep/1500") for _ in range(2)]
                time.sleep(0.5)
                os.kill(server.process.pid, signal.SIGTERM)
                self.assertEqual([future.result(timeout=30)[0] for future in slow], [200, 200])
            server.process.wait(timeout=20)
            self.assertEqual(server.process.returncode, 0)
        finally:
            stop_behind_nginx(server, nginx)

    @staticmethod
    def _worker_pids(server):
        _, _, text = admin_get(server, "/status")
        return [worker["pid"] for worker in json.loads(text)["pools"][0]["workers"] if worker["pid"]]


class DirectDispatchUnixSocketTest(unittest.TestCase):
    """The stock block over a unix socket, as Debian's php-fpm pool listens."""

    @classmethod
    def setUpClass(cls):
        cls.socket_dir = tempfile.TemporaryDirectory(prefix="rs-direct-")
        address = "unix:" + os.path.join(cls.socket_dir.name, "app.sock")
        cls.server = direct_server(address, workers=2)
        cls.nginx = Nginx(PUBLIC, address, "symfony.locations.in", keep_conn=False)
        start_behind_nginx(cls.server, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        stop_behind_nginx(cls.server, cls.nginx)
        cls.socket_dir.cleanup()

    def test_front_controller_answers(self):
        status, response, body = self.nginx.request("GET", "/")
        self.assertEqual(status, 200, body[:500])
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body)["ok"], True)

    def test_streamed_response_arrives_whole(self):
        assert_stream_arrives_whole(self, self.nginx)

    def test_both_workers_accept(self):
        def pid(_):
            status, _, body = self.nginx.request("GET", "/counter")
            self.assertEqual(status, 200, body[:500])
            return json.loads(body)["pid"]

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            self.assertEqual(len(set(pool.map(pid, range(200)))), 2)


if __name__ == "__main__":
    unittest.main()
