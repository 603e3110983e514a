"""The default worker count follows the CPUs the server may use (affinity mask, cgroup quota)."""

import re
import unittest

import harness
from admin_client import admin_json


class DefaultWorkerCount(unittest.TestCase):
    def test_one_cpu_in_the_affinity_mask_gives_one_worker(self):
        with harness.Server(workers=0, launcher=["taskset", "-c", "0"]) as server:
            log = server.log_text()
            self.assertRegex(log, r"usable CPUs: 1 \(1 CPU in the affinity mask", log)
            self.assertRegex(log, r"configuration loaded: pool default mode=\S+ workers=1 ", log)
            workers = admin_json(server, "/status")["pools"][0]["workers"]
            self.assertEqual(1, len(workers), workers)

    def test_unrestricted_default_is_logged_with_its_reason(self):
        with harness.Server(workers=0) as server:
            match = re.search(r"usable CPUs: (\d+) \((.*)\); the default", server.log_text())
            self.assertIsNotNone(match, server.log_text())
            self.assertGreaterEqual(int(match.group(1)), 1)
            self.assertIn("affinity mask", match.group(2))


if __name__ == "__main__":
    unittest.main()
