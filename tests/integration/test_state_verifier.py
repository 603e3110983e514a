"""Runtime state verifier (--verify-state) against the example app's test-only registries.

/_test/verifier/leaky appends to a shared service's array on every request and never resets
it; /_test/verifier/clean does the same on a service tagged kernel.reset. With the verifier
on, the leak is named within 10 requests and the clean service never is; without it, nothing
is reported at all.
"""

import http.client
import re
import time
import unittest

from harness import Server

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


if __name__ == "__main__":
    unittest.main()
