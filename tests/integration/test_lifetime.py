"""Worker lifetime limits: ttl and idle_ttl retire workers, and a replacement keeps serving."""

import unittest

from fixtures.configured_server import ConfiguredServer, config_yaml, pool_yaml
from harness import ENTRY


class WorkerLifetimeTest(unittest.TestCase):
    def serve(self, **policy):
        server = ConfiguredServer(config_yaml(pool_yaml("app", ENTRY, workers=1, policy=policy)))
        server.start()
        self.addCleanup(server.stop)
        return server

    def test_idle_worker_is_retired_after_idle_ttl_and_replaced(self):
        server = self.serve(idle_ttl=2)
        first_pid = server.get_json("/counter")["pid"]
        server.wait_for_log(f"recycling worker pid={first_pid} reason=idle_ttl", timeout=15)
        body = server.wait_for_body("/counter", lambda status, _: status == 200)
        self.assertIn(b'"pid"', body)
        self.assertNotEqual(server.get_json("/counter")["pid"], first_pid)

    def test_worker_is_retired_after_ttl_even_when_kept_busy(self):
        server = self.serve(ttl=2)
        first_pid = server.get_json("/counter")["pid"]
        # Steady traffic: the worker never idles, the ttl still ends its life after a request.
        server.wait_for_body("/counter", lambda status, body: status == 200 and str(first_pid).encode() not in body,
                             timeout=20)
        self.assertIn(f"recycling worker pid={first_pid} reason=ttl", server.log_text())


if __name__ == "__main__":
    unittest.main()
