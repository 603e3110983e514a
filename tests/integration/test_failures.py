"""A failing request gets a proper error status and never takes the server down."""

import json
import os
import signal
import threading
import time
import unittest

from harness import SharedServerTestCase, app_debug


class ServesAfterFailure:
    """Mixin: assertions shared by both server setups below."""

    def assert_still_serving(self, times=3):
        for _ in range(times):
            status, _, body = self.server.get("/hello/after")
            self.assertEqual(status, 200, f"{body[:300]!r}\n{self.server.log_text()[-3000:]}")
            self.assertEqual(json.loads(body), {"hello": "after"})
        self.server.assert_running()


class ApplicationFailuresTest(ServesAfterFailure, SharedServerTestCase):
    server_options = {"workers": 1}

    def test_uncaught_exception_gives_500(self):
        status, _, _ = self.server.get("/_test/exception")
        self.assertEqual(status, 500)
        self.assert_still_serving()

    def test_exit_keeps_output_printed_before_it(self):
        status, _, body = self.server.get("/_test/exit")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"partial")
        self.assert_still_serving()

    def test_engine_fatal_error_gives_500(self):
        status, _, _ = self.server.get("/_test/fatal-error")
        self.assertEqual(status, 500)
        self.assert_still_serving()

    def test_killed_worker_gives_502_for_its_request(self):
        worker_pid = self.server.get_json("/counter")["pid"]
        outcome = {}

        def slow_request():
            try:
                status, _, body = self.server.get("/_test/sleep/3000", timeout=30)
                outcome["status"], outcome["body"] = status, body
            except OSError as error:
                outcome["error"] = error

        client = threading.Thread(target=slow_request)
        client.start()
        time.sleep(1.0)  # the single worker is now inside usleep()
        os.kill(worker_pid, signal.SIGKILL)
        client.join(timeout=30)
        self.assertFalse(client.is_alive(), "request to the killed worker never completed")
        self.assertNotIn("error", outcome, outcome)
        self.assertEqual(outcome["status"], 502, outcome)
        self.assert_still_serving()
        self.assertNotEqual(self.server.get_json("/counter")["pid"], worker_pid)


    def test_request_handed_to_a_worker_that_then_exits_is_served_by_another(self):
        """Turnaround hiding: a waiting request takes the worker at the previous response's
        end, before its report. When that report says the worker exits (a fatal error), the
        worker never reads the handed request, which goes back to the queue and is served."""
        outcomes = {}

        def fetch(name, path):
            try:
                status, _, body = self.server.get(path, timeout=30)
                outcomes[name] = (status, body)
            except OSError as error:
                outcomes[name] = (None, repr(error))

        clients = [threading.Thread(target=fetch, args=("sleep", "/_test/sleep/400"))]
        clients.append(threading.Thread(target=fetch, args=("fatal", "/_test/fatal-error")))
        clients += [threading.Thread(target=fetch, args=(f"get{i}", f"/hello/q{i}")) for i in range(4)]
        for client in clients:  # one worker: they queue behind the sleep in this order
            client.start()
            time.sleep(0.05)
        for client in clients:
            client.join(timeout=60)
        self.assertEqual(outcomes["sleep"][0], 200, outcomes)
        self.assertEqual(outcomes["fatal"][0], 500, outcomes)
        for i in range(4):
            status, body = outcomes[f"get{i}"]
            self.assertEqual(status, 200, f"{outcomes}\n{self.server.log_text()[-3000:]}")
            self.assertEqual(json.loads(body), {"hello": f"q{i}"})
        self.assertIn("GET /hello/q0 goes back to the queue", self.server.log_text())
        self.assert_still_serving()


class WorkAfterResponseTest(ServesAfterFailure, SharedServerTestCase):
    """Its own server: the pause it causes would keep other tests from handing over."""
    server_options = {"workers": 1}

    def test_work_after_the_response_pauses_handing_requests_over(self):
        """A request whose worker works long after the response (a shutdown function here, a
        kernel.terminate listener in an app) must not hold back a request handed over to it:
        the pool notices the slow turnaround and stops handing over for a while."""
        started = time.monotonic()
        status, _, body = self.server.get("/_test/work-after-response/300")
        self.assertEqual(status, 200, body[:300])
        self.assertLess(time.monotonic() - started, 3.0)
        deadline = time.monotonic() + 10
        while "requests are not handed over before reports" not in self.server.log_text():
            self.assertLess(time.monotonic(), deadline, self.server.log_text()[-3000:])
            time.sleep(0.05)
        self.assert_still_serving()


class LimitsTest(ServesAfterFailure, SharedServerTestCase):
    server_options = {"workers": 1, "request_timeout": 2, "php_ini": {"memory_limit": "64M"}}

    def test_php_ini_from_configuration_file_applies(self):
        self.assertEqual(self.server.get_json("/_test/ini")["memory_limit"], "64M")

    def test_memory_exhaustion_gives_500(self):
        status, _, body = self.server.get("/_test/oom")
        if app_debug():
            # symfony/runtime turns display_errors on in debug mode; PHP then shows the fatal
            # error and, as under php-fpm, sets no 500 for it (main.c: only when not displayed).
            self.assertIn(status, (200, 500))
            self.assertIn(b"Allowed memory size", body)
        else:
            self.assertEqual(status, 500)
        deadline = time.monotonic() + 10  # the master logs the worker's report after the response
        while "fatal_error on GET /_test/oom" not in self.server.log_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn("fatal_error on GET /_test/oom", self.server.log_text())
        self.assert_still_serving()

    def test_endless_loop_hits_request_timeout_with_504(self):
        status, _, _ = self.server.get("/_test/loop", timeout=30)
        self.assertEqual(status, 504)
        self.assert_still_serving()

    def test_request_stuck_inside_c_code_hits_request_timeout_with_504(self):
        # usleep() is C code: max_execution_time cannot interrupt it, the master's timer does.
        pid_before = self.server.get_json("/counter")["pid"]
        started = time.monotonic()
        status, _, _ = self.server.get("/_test/sleep/20000", timeout=30)
        self.assertEqual(status, 504)
        self.assertLess(time.monotonic() - started, 15, "the timeout did not cut the request short")
        self.assert_still_serving()
        self.assertNotEqual(self.server.get_json("/counter")["pid"], pid_before, "the stuck worker was not replaced")


if __name__ == "__main__":
    unittest.main()
