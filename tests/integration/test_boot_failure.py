"""An application that cannot boot: backoff, a clear error, 503 + Retry-After, recovery on SIGHUP."""

import os
import re
import signal
import tempfile
import time
import unittest

from fixtures.configured_server import (EXAMPLE_APP_DIR, FIXTURES_DIR, ConfiguredServer, config_yaml,
                                        pool_yaml)

BROKEN_ENTRY = os.path.join(FIXTURES_DIR, "broken-kernel", "index.php")
CAUSE = "database is unreachable"
OBSERVE_S = 4
# Two workers respawned with a doubling delay from 100 ms: about a dozen attempts in
# OBSERVE_S; a respawn loop without backoff makes hundreds.
MAX_SPAWNS = 40


class BootFailureTest(unittest.TestCase):
    def test_failing_kernel_backs_off_answers_503_and_recovers_after_fix_and_sighup(self):
        with tempfile.TemporaryDirectory(prefix="rs-it-broken-") as scratch:
            flag = os.path.join(scratch, "broken")
            with open(flag, "w", encoding="utf-8") as marker:
                marker.write(CAUSE)
            env = {"FIXTURE_APP_DIR": EXAMPLE_APP_DIR, "FIXTURE_BROKEN_FLAG": flag,
                   "FIXTURE_CACHE_DIR": os.path.join(scratch, "cache")}
            config = config_yaml(pool_yaml("app", BROKEN_ENTRY, workers=2, env=env))
            with ConfiguredServer(config, wait_ready=False) as server:
                server.wait_for_log("failed to boot")
                time.sleep(OBSERVE_S)
                log = server.log_text()
                # The log names the cause, not just "a worker died".
                self.assertRegex(log, r"pool app: worker pid=\d+ failed to boot: .*" + re.escape(CAUSE))
                spawns = len(re.findall(r"pool app: worker pid=\d+ exited .*reason=boot_failure", log))
                self.assertGreaterEqual(spawns, 2, log[-3000:])
                self.assertLessEqual(spawns, MAX_SPAWNS, "respawning without backoff")

                started = time.monotonic()
                status, response, _ = server.get("/")
                self.assertEqual(status, 503)
                self.assertLess(time.monotonic() - started, 2, "the request waited in the queue")
                self.assertGreaterEqual(int(response.getheader("Retry-After")), 1)
                server.assert_running()

                os.remove(flag)  # the application is fixed
                server.send_signal(signal.SIGHUP)
                server.wait_for_body("/", lambda status, body: status == 200)
                self.assertEqual(server.get_json("/")["app"], "runtime-supercharger example")


if __name__ == "__main__":
    unittest.main()
