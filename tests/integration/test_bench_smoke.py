"""bench/run.sh --quick runs end to end and writes its table and CSV.

A smoke test of the benchmark harness only: it asserts that every measured target served
requests without errors, never how fast.
"""

import csv
import os
import shutil
import subprocess
import tempfile
import unittest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class BenchSmokeTest(unittest.TestCase):
    def test_quick_run_produces_table_and_csv(self):
        bin_dir = os.environ.get("RUNTIME_BIN_DIR")
        if not bin_dir:
            self.skipTest("RUNTIME_BIN_DIR is not set (run through ctest)")
        if not shutil.which("wrk"):
            self.skipTest("wrk is not installed")
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


if __name__ == "__main__":
    unittest.main()
