"""Worker mode keeps one kernel alive and resets it between requests."""

import json
import unittest

from harness import Server

REQUESTS = 1000


class WorkerModeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The default policy recycles a worker after 500 requests; this test
        # needs one uninterrupted kernel lifetime.
        cls.server = Server(workers=1, max_requests=0)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_one_kernel_serves_sequential_keep_alive_requests(self):
        conn = self.server.connection()
        resets = []
        try:
            for _ in range(REQUESTS):
                conn.request("GET", "/counter")
                response = conn.getresponse()
                body = response.read()
                self.assertEqual(response.status, 200, body[:300])
                counter = json.loads(body)
                self.assertEqual(counter["seen_before_in_this_request"], 0, counter)
                resets.append(counter["resets"])
        finally:
            conn.close()
        steps = {later - earlier for earlier, later in zip(resets, resets[1:])}
        self.assertEqual(steps, {1}, f"resets must grow by one per request: {resets[:20]}...")
        self.assertEqual(self.server.kernel_constructions(), 1, self.server.log_text()[-4000:])

    def test_opcache_is_enabled(self):
        status = self.server.get_json("/_test/opcache")
        self.assertTrue(status["enabled"], status)

    def test_php_sapi_name(self):
        # opcache only sees a borrowed name during startup (sapi/runtime_sapi.c); the
        # application always sees the server's own.
        sapi = self.server.get_json("/_test/sapi")
        self.assertEqual(sapi, {"constant": "runtime-supercharger", "function": "runtime-supercharger"})


if __name__ == "__main__":
    unittest.main()
