"""Runtime state verifier (--verify-state) against the example app's test-only registries.

/_test/verifier/leaky appends to a shared service's array on every request and never resets
it; /_test/verifier/clean does the same on a service tagged kernel.reset. With the verifier
on, the leak is named within 10 requests and the clean service never is; without it, nothing
is reported at all.

A second, minimal app (tests/state-verifier/fixtures/worker-app) keeps data in function and
method `static` variables: the verifier names those too, and its sampled mode
(RUNTIME_VERIFY_STATE_EVERY) checks only one request in N of each route.
"""

import http.client
import os
import re
import subprocess
import tempfile
import time
import unittest

from harness import REPO_ROOT, Server, server_binary

STATIC_APP_ENTRY = os.path.join(REPO_ROOT, "tests", "state-verifier", "fixtures", "worker-app", "index.php")
FUNCTION_STATIC = r"static_variable Fixture\WorkerApp\remember_caller()['callers']"
METHOD_STATIC = r"static_variable Fixture\WorkerApp\StaticStateKernel::countCalls()"

LEAKY_SERVICE = r"App\TestSupport\State\LeakyRegistry->seen"
CLEAN_SERVICE = "CleanRegistry"
LEAK_LINE = "state leak: "
WORKER_LEAK_LINE = "runtime-supercharger: state leak: "
LOG_WAIT_S = 5


def leak_lines(server):
    return [line for line in server.log_text().splitlines() if LEAK_LINE in line]


def wait_for_leak_line(server, needle):
    deadline = time.monotonic() + LOG_WAIT_S
    while time.monotonic() < deadline:
        if any(needle in line for line in leak_lines(server)):
            return True
        time.sleep(0.1)
    return False


def metric_samples(server, name):
    """{labels text: value} of one metric on the admin endpoint, or None without /metrics."""
    conn = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=10)
    try:
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        conn.close()
    if response.status != 200:
        return None
    pattern = re.compile(r"^" + re.escape(name) + r"(\{[^}]*\})?\s+(\S+)$", re.MULTILINE)
    return {labels or "": float(value) for labels, value in pattern.findall(body)}


class StaticStateAppServer(Server):
    """The server on the static-variables fixture app instead of the example app."""

    def __init__(self, environment=None, **kwargs):
        super().__init__(**kwargs)
        self._environment = environment or {}

    def start(self):
        self._workdir = tempfile.TemporaryDirectory(prefix="rs-it-")
        self.log_path = os.path.join(self._workdir.name, "server.stderr")
        self._log = open(self.log_path, "wb")
        command = [server_binary(), "serve", "--entry", STATIC_APP_ENTRY,
                   "--listen", f"127.0.0.1:{self.port}",
                   "--admin", f"127.0.0.1:{self.admin_port}"] + self._args
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=dict(os.environ, **self._environment),
                                        stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise


class StateVerifierTest(unittest.TestCase):
    def request_times(self, server, path, count):
        for _ in range(count):
            status, _, body = server.get(path)
            self.assertEqual(status, 200, body[:300])

    def test_names_the_leaky_service_and_stays_silent_for_the_clean_one(self):
        with Server(workers=1, extra_args=["--verify-state"]) as server:
            self.request_times(server, "/_test/verifier/clean", 10)
            self.request_times(server, "/_test/verifier/leaky", 10)
            self.assertTrue(wait_for_leak_line(server, LEAKY_SERVICE),
                            f"no leak line naming {LEAKY_SERVICE}:\n{server.log_text()[-4000:]}")

            lines = leak_lines(server)
            # The worker's own line; the master may log one warning per state_leak.* annotation too.
            worker_lines = [line for line in lines if WORKER_LEAK_LINE in line]
            master_lines = [line for line in lines if WORKER_LEAK_LINE not in line]
            self.assertEqual(sum(LEAKY_SERVICE in line for line in worker_lines), 1,
                             f"a leak is reported once per name:\n{lines}")
            self.assertLessEqual(sum(LEAKY_SERVICE in line for line in master_lines), 1, lines)
            self.assertIn("state leak: service ", worker_lines[0])
            self.assertFalse([line for line in lines if CLEAN_SERVICE in line], lines)
            self.assertEqual(lines, [line for line in lines if LEAKY_SERVICE in line],
                             "only the leaky service may be reported on these routes")

            samples = metric_samples(server, "runtime_state_leak_total")
            if samples:  # the master's counter of state_leak.* annotations
                self.assertEqual(samples.get('{kind="service"}'), 1.0, samples)
            server.assert_running()

    def test_reports_nothing_without_verify_state(self):
        with Server(workers=1) as server:
            self.request_times(server, "/_test/verifier/leaky", 10)
            time.sleep(0.5)
            self.assertEqual(leak_lines(server), [])
            samples = metric_samples(server, "runtime_state_leak_total")
            if samples:
                self.assertFalse([value for value in samples.values() if value > 0], samples)


class StaticVariableVerifierTest(unittest.TestCase):
    def request_times(self, server, path, count):
        for _ in range(count):
            status, _, body = server.get(path)
            self.assertEqual(status, 200, body[:300])

    def test_names_function_and_method_static_leaks_and_not_a_static_memo(self):
        with StaticStateAppServer(workers=1, extra_args=["--verify-state"]) as server:
            self.request_times(server, "/memo", 5)
            self.request_times(server, "/function-static", 4)
            self.request_times(server, "/method-static", 4)
            for needle in (FUNCTION_STATIC, METHOD_STATIC):
                self.assertTrue(wait_for_leak_line(server, needle),
                                f"no leak line naming {needle}:\n{server.log_text()[-4000:]}")
            lines = [line for line in leak_lines(server) if WORKER_LEAK_LINE in line]
            self.assertFalse([line for line in lines if "label()" in line], lines)
            samples = metric_samples(server, "runtime_state_leak_total")
            if samples:
                self.assertEqual(samples.get('{kind="static_variable"}'), 2.0, samples)
            server.assert_running()

    def test_sampled_mode_checks_one_request_in_n_per_route(self):
        # 1 in 3: requests 1 and 4 of the route are checked (every request would name the leak at
        # the 2nd); each of them finds the function static changed, so the 4th names it.
        with StaticStateAppServer(workers=1, extra_args=["--verify-state"],
                                  environment={"RUNTIME_VERIFY_STATE_EVERY": "3"}) as server:
            self.request_times(server, "/function-static", 3)
            time.sleep(0.5)
            self.assertFalse([line for line in leak_lines(server) if "remember_caller" in line],
                             "requests 2 and 3 were not checked: one change is no leak yet")
            self.request_times(server, "/function-static", 1)
            self.assertTrue(wait_for_leak_line(server, FUNCTION_STATIC), server.log_text()[-4000:])

    def test_sampled_mode_at_one_in_a_hundred_stays_silent_on_few_requests(self):
        with StaticStateAppServer(workers=1, extra_args=["--verify-state"],
                                  environment={"RUNTIME_VERIFY_STATE_EVERY": "100"}) as server:
            self.request_times(server, "/function-static", 20)
            time.sleep(0.5)
            self.assertEqual(leak_lines(server), [])


if __name__ == "__main__":
    unittest.main()
