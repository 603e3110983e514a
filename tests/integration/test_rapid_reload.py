"""Back-to-back rolling reloads: spawn requests the replaced prototype never read must not
leave workers behind that no exit will ever name (they held capacity and blocked shutdown)."""

import os
import signal
import time
import unittest

from admin_client import admin_json
from harness import Server


class RapidReloadTest(unittest.TestCase):
    def test_workers_lost_with_a_replaced_prototype_are_forgotten(self):
        with Server(workers=2) as server:
            for _ in range(4):
                os.kill(server.process.pid, signal.SIGUSR2)
                time.sleep(0.005)
            deadline = time.monotonic() + 30
            while True:
                pool = admin_json(server, "/status")["pools"][0]
                if pool["starting"] == 0 and pool["idle"] + pool["busy"] == 2 and pool["total"] == 2:
                    break
                self.assertLess(time.monotonic(), deadline, f"{pool}\n{server.log_text()[-4000:]}")
                time.sleep(0.2)
            self.assertEqual(server.get("/")[0], 200)
            started = time.monotonic()
            os.kill(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=8)
            self.assertLess(time.monotonic() - started, 8)


if __name__ == "__main__":
    unittest.main()
