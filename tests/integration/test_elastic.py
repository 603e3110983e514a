"""Elastic pools (issue 18): a burst of slow requests grows a min=1/max=4 pool within a
bounded time, idleness shrinks it back to min, and no request fails on the way."""

import threading
import time
import unittest

import harness
from admin_client import admin_json, scrape
from fixtures.configured_server import ConfiguredServer

POOL = 'pool="default"'
CONFIG = f"""pools:
  - name: default
    entry: {harness.ENTRY}
    min_workers: 1
    max_workers: 4
    scaling:
      up_after: 200ms
      idle_after: 2s
      cooldown: 1s
"""
CLIENTS = 8
REQUESTS_PER_CLIENT = 6
SLEEP_MS = 250
SCALE_UP_WITHIN_S = 20      # bounded: the burst alone would take 12 s on one worker
SCALE_DOWN_WITHIN_S = 30    # idle_after 2s + cooldown 1s + checks, with room for a loaded machine


def sample(samples, name, labels):
    """The value of the sample `name` whose label text contains every item of `labels`."""
    for (sample_name, label_text), value in samples.items():
        if sample_name == name and all(label in label_text for label in labels):
            return value
    return 0.0


class ElasticPoolTest(unittest.TestCase):
    def wait_for_workers(self, server, target, total):
        """Waits (bounded) until the target and the live workers are these; returns the samples."""
        deadline = time.monotonic() + SCALE_DOWN_WITHIN_S
        while True:
            _, _, samples = scrape(server)
            seen = (sample(samples, "runtime_pool_target_workers", [POOL]),
                    sample(samples, "runtime_workers", [POOL, 'state="total"']))
            if seen == (target, total):
                return samples
            if time.monotonic() > deadline:
                self.fail(f"target/total {seen}, expected {(target, total)}:\n{server.log_text()[-4000:]}")
            time.sleep(0.2)

    def wait_for_single_worker(self, server):
        """Waits (bounded) until the target and the live workers are min_workers; returns the samples."""
        return self.wait_for_workers(server, 1.0, 1.0)

    def test_burst_scales_up_then_idle_scales_down_without_failures(self):
        with ConfiguredServer(CONFIG) as server:
            # The first requests of a fresh worker are slow (class loading, caches); should the
            # startup probe have grown the pool, it is back at min before the burst.
            self.wait_for_single_worker(server)

            statuses, lock = [], threading.Lock()

            def client():
                for _ in range(REQUESTS_PER_CLIENT):
                    try:
                        status = server.get(f"/_test/sleep/{SLEEP_MS}", timeout=60)[0]
                    except OSError as error:
                        status = repr(error)
                    with lock:
                        statuses.append(status)

            threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
            for thread in threads:
                thread.start()
            highest_target, highest_total = 0.0, 0.0
            deadline = time.monotonic() + SCALE_UP_WITHIN_S
            while time.monotonic() < deadline and highest_target < 4:
                _, _, samples = scrape(server)
                highest_target = max(highest_target, sample(samples, "runtime_pool_target_workers", [POOL]))
                highest_total = max(highest_total,
                                    sample(samples, "runtime_workers", [POOL, 'state="total"']))
                time.sleep(0.1)
            for thread in threads:
                thread.join(timeout=120)
            self.assertFalse(any(thread.is_alive() for thread in threads), "clients did not finish")

            self.assertEqual(len(statuses), CLIENTS * REQUESTS_PER_CLIENT)
            self.assertEqual([s for s in statuses if s != 200], [], server.log_text()[-4000:])
            self.assertEqual(highest_target, 4.0, server.log_text()[-4000:])
            self.assertGreater(highest_total, 1.0)
            _, _, samples = scrape(server)
            self.assertGreaterEqual(
                sample(samples, "runtime_pool_scale_total", [POOL, 'direction="up"', 'reason="queue"']), 1.0)
            self.assertIn("pool default: scaling up from 1 to", server.log_text())

            # Idle: back to min_workers, the surplus workers retired as scale_down.
            samples = self.wait_for_single_worker(server)
            self.assertGreaterEqual(
                sample(samples, "runtime_pool_scale_total", [POOL, 'direction="down"', 'reason="idle"']), 1.0)
            self.assertGreaterEqual(sample(samples, "runtime_worker_restart_total", ['reason="scale_down"']), 3.0)
            log = server.log_text()
            self.assertIn("to 1 workers, reason=idle", log)
            self.assertNotIn("crashed", log)

            pool = admin_json(server, "/status")["pools"][0]
            self.assertEqual((pool["min_workers"], pool["max_workers"], pool["target_workers"]), (1, 4, 1), pool)

            # The remaining worker still serves.
            self.assertEqual(server.get("/")[0], 200)
            server.assert_running()

    def test_reload_keeps_the_target_within_the_new_bounds(self):
        with ConfiguredServer(CONFIG) as server:
            self.wait_for_single_worker(server)
            # A higher floor: the rolling reload brings the pool up to the new min_workers.
            server.reload(CONFIG.replace("min_workers: 1", "min_workers: 2").replace("max_workers: 4",
                                                                                     "max_workers: 3"))
            server.wait_for_log("rolling reload to generation 2 complete")
            self.wait_for_workers(server, 2.0, 2.0)
            # Back to a fixed pool of one: the target follows, no scaling afterwards.
            server.reload(CONFIG.replace("max_workers: 4", "max_workers: 1"))
            server.wait_for_log("rolling reload to generation 3 complete")
            self.wait_for_workers(server, 1.0, 1.0)
            for _ in range(3):
                self.assertEqual(server.get("/")[0], 200)
            server.assert_running()

    def test_memory_budget_refuses_to_scale_and_says_so(self):
        # A budget below two workers' RSS: the pool stays at one worker, logs and counts it.
        config = CONFIG.replace("      cooldown: 1s\n", "      cooldown: 1s\n      memory_budget: 1M\n")
        with ConfiguredServer(config) as server:
            statuses, lock = [], threading.Lock()

            def client():
                status = server.get(f"/_test/sleep/{SLEEP_MS}", timeout=60)[0]
                with lock:
                    statuses.append(status)

            for _ in range(3):
                threads = [threading.Thread(target=client) for _ in range(4)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
            self.assertEqual(statuses, [200] * 12)
            log = server.wait_for_log("would exceed the memory budget")
            _, _, samples = scrape(server)
            self.assertGreaterEqual(
                sample(samples, "runtime_pool_scale_total",
                       [POOL, 'direction="refused"', 'reason="memory_budget"']), 1.0)
            self.assertEqual(sample(samples, "runtime_pool_target_workers", [POOL]), 1.0)
            self.assertNotIn("pool default: scaling up", log)


if __name__ == "__main__":
    unittest.main()
