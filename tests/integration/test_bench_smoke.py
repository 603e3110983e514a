"""bench/run.sh --quick and bench/cost.sh run end to end and write their tables.

A smoke test of the benchmark harness only: it asserts that every measured target served
requests without errors, never how fast.
"""

import csv
import json
import os
import shutil
import subprocess
import tempfile
import unittest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class BenchSmokeTest(unittest.TestCase):
    def bin_dir(self):
        """The build's binaries; skips unless run through ctest on a machine with wrk."""
        bin_dir = os.environ.get("RUNTIME_BIN_DIR")
        if not bin_dir:
            self.skipTest("RUNTIME_BIN_DIR is not set (run through ctest)")
        if not shutil.which("wrk"):
            self.skipTest("wrk is not installed")
        return bin_dir

    def test_quick_run_produces_table_and_csv(self):
        bin_dir = self.bin_dir()
        with tempfile.TemporaryDirectory(prefix="rs-bench-smoke-") as out:
            completed = subprocess.run(
                [os.path.join(REPO_ROOT, "bench", "run.sh"), "--quick", "--targets", "supercharger-http,fpm,ceiling",
                 "--bin-dir", bin_dir, "--out", out],
                capture_output=True, text=True, timeout=120)
            self.assertEqual(completed.returncode, 0, completed.stdout[-3000:] + completed.stderr[-3000:])
            self.assertIn("| route | conc. | target | req/s |", completed.stdout)
            with open(os.path.join(out, "results.csv")) as handle:
                rows = list(csv.DictReader(handle))
            measured = {row["target"] for row in rows}
            self.assertIn("supercharger-http", measured)
            for row in rows:
                self.assertGreater(int(row["requests"]), 0, row)
                self.assertEqual(int(row["non_2xx"]) + int(row["socket_errors"]), 0, row)
            with open(os.path.join(out, "ceiling.csv")) as handle:
                ceiling = list(csv.DictReader(handle))
            self.assertEqual([c["route"] for c in ceiling], ["json"])
            self.assertGreater(int(ceiling[0]["requests"]), 0)
            self.assertEqual(int(ceiling[0]["non_2xx"]), 0)

    def test_cost_run_with_the_hop_floor(self):
        """bench/cost.sh with --floor: the hop floor (bench/floor, no PHP) serves over HTTP and
        behind nginx like the server, and its lines and ratios are in the report."""
        bin_dir = self.bin_dir()
        with tempfile.TemporaryDirectory(prefix="rs-cost-smoke-") as out:
            completed = subprocess.run(
                [os.path.join(REPO_ROOT, "bench", "cost.sh"), "--duration", "1", "--warmup", "1",
                 "--syscall-requests", "20", "--no-fpm", "--direct", "--floor", "--fastcgi-transport", "unix",
                 "--bin-dir", bin_dir, "--out", out],
                capture_output=True, text=True, timeout=180)
            self.assertEqual(completed.returncode, 0, completed.stdout[-3000:] + completed.stderr[-3000:])
            for line in ("hop floor, HTTP (no PHP):", "hop floor, nginx -> FastCGI accepted by the workers",
                         "front end / hop floor's front end:", "lowest worker / ceiling here",
                         "lowest direct dispatch worker / ceiling here"):
                self.assertIn(line, completed.stdout)
            with open(os.path.join(out, "cost.json")) as handle:
                results = json.load(handle)
            for key in ("supercharger", "direct", "floor_http", "floor_fastcgi"):
                self.assertGreater(results[key]["rps"], 0, key)
                self.assertEqual(results[key]["errors"], 0, key)
            self.assertGreater(results["floor_http"]["front_end_us"], 0)
            self.assertGreater(results["floor_fastcgi"]["worker_us"], 0)


if __name__ == "__main__":
    unittest.main()
