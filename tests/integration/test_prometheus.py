"""The admin /metrics output passes promtool and is scraped by a real Prometheus server."""

import json
import os
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

import harness
from admin_client import admin_get

PROMTOOL = "/usr/bin/promtool"
PROMETHEUS = "/usr/bin/prometheus"
SCRAPE_WAIT_S = 30
# The specified name runtime_recycle_duration_ms keeps its unit suffix, which promtool's
# lint (not its parser) flags; every other finding is a failure.
ACCEPTED_LINT = "runtime_recycle_duration_ms metric names should not contain abbreviated units"


def prometheus_config(admin_port):
    return ("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
            "scrape_configs:\n  - job_name: runtime-supercharger\n    static_configs:\n"
            f"      - targets: ['127.0.0.1:{admin_port}']\n")


class Prometheus:
    """A Prometheus server as the current user, on a free loopback port; stopped by PID."""

    def __init__(self, scratch, admin_port):
        self.port = harness.free_port()
        config = os.path.join(scratch, "prometheus.yml")
        with open(config, "w", encoding="utf-8") as out:
            out.write(prometheus_config(admin_port))
        self.log_path = os.path.join(scratch, "prometheus.log")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={os.path.join(scratch, 'data')}",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            cwd=scratch, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log)

    def query(self, expression):
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.loads(response.read())

    def log_text(self):
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", "replace")

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


class PrometheusTest(unittest.TestCase):
    def test_promtool_accepts_the_metrics(self):
        if not os.access(PROMTOOL, os.X_OK):
            self.skipTest("promtool is not installed (Debian package prometheus)")
        with harness.Server(workers=1, max_requests=2) as server:
            for _ in range(5):
                self.assertEqual(server.get("/")[0], 200)
            status, _, text = admin_get(server, "/metrics")
            self.assertEqual(status, 200)
        check = subprocess.run([PROMTOOL, "check", "metrics"], input=text.encode(), capture_output=True,
                               timeout=30)
        findings = [line for line in (check.stdout + check.stderr).decode().splitlines() if line.strip()]
        self.assertIn(check.returncode, (0, 3), findings)  # 3: lint findings only, the text parsed
        self.assertEqual([f for f in findings if f != ACCEPTED_LINT], [], text)

    def test_prometheus_scrapes_the_admin_endpoint(self):
        if not os.access(PROMETHEUS, os.X_OK):
            self.skipTest("prometheus is not installed (Debian package prometheus)")
        with harness.Server(workers=1) as server, tempfile.TemporaryDirectory(prefix="rs-it-prom-") as scratch:
            for _ in range(3):
                self.assertEqual(server.get("/")[0], 200)
            prometheus = Prometheus(scratch, server.admin_port)
            try:
                value = self.wait_for_sample(prometheus, "runtime_worker_request_total")
                self.assertGreaterEqual(value, 3)
                up = self.wait_for_sample(prometheus, 'up{job="runtime-supercharger"}')
                self.assertEqual(up, 1)
            finally:
                prometheus.stop()

    def wait_for_sample(self, prometheus, expression):
        deadline = time.monotonic() + SCRAPE_WAIT_S
        last = None
        while time.monotonic() < deadline:
            if prometheus.process.poll() is not None:
                self.fail(f"prometheus exited:\n{prometheus.log_text()[-3000:]}")
            try:
                last = prometheus.query(expression)
                result = last["data"]["result"]
                if last["status"] == "success" and result:
                    return float(result[0]["value"][1])
            except OSError as error:
                last = repr(error)
            time.sleep(0.5)
        self.fail(f"{expression} not queryable within {SCRAPE_WAIT_S}s (last {last!r}):\n"
                  f"{prometheus.log_text()[-3000:]}")


if __name__ == "__main__":
    unittest.main()
