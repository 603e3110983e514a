"""Recycling workers after a request budget loses no request."""

import json
import threading
import unittest

from harness import Server

THREADS = 4
REQUESTS_PER_THREAD = 50


class RecycleTest(unittest.TestCase):
    def test_concurrent_requests_survive_worker_recycling(self):
        with Server(workers=2, max_requests=10) as server:
            statuses = []
            worker_pids = set()
            failures = []
            lock = threading.Lock()

            def client():
                conn = server.connection()
                try:
                    for _ in range(REQUESTS_PER_THREAD):
                        try:
                            conn.request("GET", "/counter")
                            response = conn.getresponse()
                            body = response.read()
                            status = response.status
                            if status == 200:
                                with lock:
                                    worker_pids.add(json.loads(body)["pid"])
                        except OSError as error:
                            conn.close()  # reconnect on the next request
                            status = repr(error)
                        with lock:
                            statuses.append(status)
                finally:
                    conn.close()

            threads = [threading.Thread(target=client) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            self.assertFalse(any(thread.is_alive() for thread in threads), "clients did not finish")
            self.assertEqual(len(statuses), THREADS * REQUESTS_PER_THREAD)
            self.assertEqual([status for status in statuses if status != 200], [],
                             server.log_text()[-4000:])
            # 200 requests at 10 per worker: the workers really were replaced.
            self.assertGreater(len(worker_pids), 2, worker_pids)
            server.assert_running()


if __name__ == "__main__":
    unittest.main()
