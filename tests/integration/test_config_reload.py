"""SIGHUP re-reads the configuration file: valid changes apply, an invalid file changes nothing."""

import json
import re
import signal
import time
import unittest

from fixtures.configured_server import ConfiguredServer, config_yaml, pool_yaml
from harness import ENTRY


def counter_pids(server, requests):
    """The worker pid that answered each of `requests` sequential /counter requests."""
    return [server.get_json("/counter")["pid"] for _ in range(requests)]


class ConfigReloadTest(unittest.TestCase):
    def test_invalid_configuration_is_reported_and_the_old_one_keeps_serving(self):
        with ConfiguredServer(config_yaml(pool_yaml("app", ENTRY, workers=1, max_requests=1000))) as server:
            before = set(counter_pids(server, 3))
            server.reload(config_yaml(pool_yaml("app", ENTRY, workers=1, max_requests="lots")))
            log = server.wait_for_log("configuration not reloaded")
            # The error names the file, the line and the key path.
            self.assertRegex(log, r"server\.yaml:\d+: pools\[0\]\.policy\.max_requests")
            self.assertNotIn("rolling reload", log)
            # Still the same worker, still the old max_requests.
            self.assertEqual(set(counter_pids(server, 5)), before)
            server.assert_running()

    def test_changed_workers_and_max_requests_apply_through_a_rolling_reload(self):
        with ConfiguredServer(config_yaml(pool_yaml("app", ENTRY, workers=1, max_requests=1000))) as server:
            old_pid = counter_pids(server, 1)[0]
            server.reload(config_yaml(pool_yaml("app", ENTRY, workers=3, max_requests=4)))
            log = server.wait_for_log("pool app: settings changed")
            self.assertIn("1 pools kept, 0 added, 0 removed", log)
            server.wait_for_log(f"worker pid={old_pid} exited", timeout=30)
            # Three new workers became ready after the reload.
            after_reload = server.log_text().split("rolling reload to generation 2", 1)[1]
            deadline = time.monotonic() + 30
            while len(re.findall(r"pool app: worker ready", after_reload)) < 3:
                self.assertLess(time.monotonic(), deadline, after_reload[-3000:])
                time.sleep(0.2)
                after_reload = server.log_text().split("rolling reload to generation 2", 1)[1]

            # max_requests 4: no worker answers more than four requests.
            pids = counter_pids(server, 14)
            self.assertNotIn(old_pid, pids)
            self.assertLessEqual(max(pids.count(pid) for pid in set(pids)), 4, pids)
            self.assertGreaterEqual(len(set(pids)), 4, pids)
            server.assert_running()

    def test_listener_changes_need_a_restart(self):
        config = config_yaml(pool_yaml("app", ENTRY, workers=1))
        with ConfiguredServer(config) as server:
            server.reload(config + "listen:\n  http: 127.0.0.1:1\nlog:\n  level: debug\n")
            log = server.wait_for_log("takes effect after a restart", count=1)
            server.wait_for_log("configuration reloaded")
            # --listen on the command line wins over the file: only the log level differs.
            self.assertIn("SIGHUP: log changed", log)
            self.assertEqual(server.get("/")[0], 200)


if __name__ == "__main__":
    unittest.main()
