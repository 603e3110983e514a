"""Signals under load: SIGTERM drains gracefully, SIGHUP rolls to new code without a failed request."""

import json
import os
import signal
import tempfile
import threading
import time
import unittest

from fixtures.configured_server import ConfiguredServer, config_yaml, copy_example_app, pool_yaml
from fixtures.load import SteadyLoad
from harness import Server

LOAD_THREADS = 4


class SigtermTest(unittest.TestCase):
    def test_sigterm_under_load_finishes_in_flight_requests_and_exits_zero(self):
        with Server(workers=2) as server:
            slow_result = {}

            def slow_request():
                try:
                    status, _, _ = server.get("/_test/sleep/1500")
                    slow_result["status"] = status
                except OSError as error:
                    slow_result["status"] = repr(error)

            with SteadyLoad(server.port, threads=LOAD_THREADS) as load:
                time.sleep(1.5)
                slow = threading.Thread(target=slow_request)
                slow.start()
                time.sleep(0.3)  # the slow request is on a worker now
                sent_at = time.monotonic()
                os.kill(server.process.pid, signal.SIGTERM)
                code = server.process.wait(timeout=20)
                exited_after = time.monotonic() - sent_at
                slow.join(10)
                load.stop()
            log = server.log_text()
            self.assertEqual(code, 0, log[-3000:])
            self.assertLess(exited_after, 10, "exit took longer than the drain needs")
            self.assertEqual(slow_result.get("status"), 200, log[-3000:])
            self.assertGreater(load.count(), 20)
            self.assertEqual(load.failures(), [], log[-3000:])
            self.assertIn("SIGTERM: graceful shutdown", log)
            self.assertNotIn("grace period over", log)


class SighupTest(unittest.TestCase):
    def test_sighup_under_load_serves_the_new_code_without_failures(self):
        with tempfile.TemporaryDirectory(prefix="rs-it-app-") as scratch:
            app = copy_example_app(scratch)
            entry = os.path.join(app, "public", "index.php")
            config = config_yaml(pool_yaml("app", entry, workers=2))
            with ConfiguredServer(config) as server:
                self.assertEqual(server.get_json("/")["app"], "runtime-supercharger example")
                with SteadyLoad(server.port, threads=LOAD_THREADS, path="/") as load:
                    time.sleep(1)
                    controller = os.path.join(app, "src", "Controller", "HomeController.php")
                    with open(controller, encoding="utf-8") as source:
                        code = source.read()
                    with open(controller, "w", encoding="utf-8") as source:
                        source.write(code.replace("'runtime-supercharger example'", "'reloaded example'"))
                    server.send_signal(signal.SIGHUP)
                    server.wait_for_body("/", lambda status, body: status == 200
                                         and json.loads(body)["app"] == "reloaded example")
                    time.sleep(1)
                    load.stop()
                log = server.log_text()
                self.assertEqual(load.failures(), [], log[-3000:])
                self.assertEqual(load.refused, 0)
                # Once the reload is over only the new code answers.
                apps = {json.loads(server.get("/")[2])["app"] for _ in range(10)}
                self.assertEqual(apps, {"reloaded example"})
                # Old workers leave for the reload or, under this load, for their own request
                # limit first; either way the reload runs to its end.
                self.assertIn("rolling reload to generation 2 complete", server.wait_for_log(
                    "rolling reload to generation 2 complete", timeout=10))
                server.assert_running()


if __name__ == "__main__":
    unittest.main()
