"""Lines the app writes to stderr reach the master's log at the level they state."""

import json
import re
import time
import unittest

import harness


def relayed_level(server, marker):
    """Level of the master's log line relaying the app line that contains `marker`, or None."""
    for line in server.log_text().splitlines():
        if marker in line and "pool=default: " in line:
            match = re.search(r"\[(trace|debug|info|warning|error|critical)\]", line)
            return match.group(1) if match else line
    return None


def relayed_level_soon(server, marker, timeout=10):
    """The relay is asynchronous to the response: wait for the line to reach the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        level = relayed_level(server, marker)
        if level is not None:
            return level
        time.sleep(0.05)
    return None


class RelayedLevels(harness.SharedServerTestCase):
    CASES = [
        ("[2026-12-04T10:00:00.000000+00:00] app.CRITICAL: {m} {{}} []", "critical"),
        ("[2026-12-04T10:00:00.000000+00:00] request.ERROR: {m} {{}} []", "error"),
        ("2026-12-04T10:00:00+00:00 [critical] Uncaught PHP Exception RuntimeException: \"{m}\"", "critical"),
        ('{{"message":"{m}","context":{{}},"level":400,"level_name":"ERROR","channel":"app"}}', "error"),
        ("PHP Fatal error:  Uncaught Error: {m} in /x.php:3", "critical"),
        ("PHP Warning:  {m} in /x.php on line 4", "warning"),
        ("PHP Notice:  {m}", "warning"),
        ("PHP Deprecated:  {m}", "info"),
        ("plain line {m}", "info"),
    ]

    def test_each_recognised_format_keeps_its_level(self):
        for number, (template, expected) in enumerate(self.CASES):
            marker = f"log-level-marker-{number}"
            status, _, body = self.server.request("POST", "/_test/log-line", body=template.format(m=marker).encode())
            self.assertEqual(200, status, body)
            self.assertEqual(expected, relayed_level_soon(self.server, marker), template)

    def test_the_example_apps_uncaught_exception_line_is_critical(self):
        # Symfony logs it as "[critical] Uncaught PHP Exception ..." on stderr (prod and debug).
        status, _, _ = self.server.get("/_test/exception")
        self.assertEqual(500, status)
        self.assertEqual("critical", relayed_level_soon(self.server, "Deliberate exception from /_test/exception."))

    def test_the_kernels_own_progress_lines_stay_info(self):
        self.assertEqual("info", relayed_level_soon(self.server, "[app] kernel booted"))


class JsonLogFields(harness.SharedServerTestCase):
    """JSON log lines carry the fields operators filter on: pool, worker pid, request id, URI."""

    server_options = {"workers": 1, "extra_args": ["--log-format", "json"]}

    def json_line_soon(self, marker, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.server.log_text().splitlines():
                if marker in line and line.startswith("{"):
                    return json.loads(line)
            time.sleep(0.05)
        raise AssertionError(f"no JSON line with {marker}:\n{self.server.log_text()[-3000:]}")

    def test_a_relayed_line_names_pool_worker_request_and_uri(self):
        pid = self.server.get_json("/counter")["pid"]
        marker = "json-fields-marker"
        line = f"[2026-12-04T10:00:00+00:00] app.ERROR: {marker} {{}} []"
        status, _, _ = self.server.request("POST", "/_test/log-line?hold_ms=500", body=line.encode())
        self.assertEqual(status, 200)
        entry = self.json_line_soon(marker)
        self.assertEqual(entry["level"], "error")
        self.assertIn(marker, entry["msg"])
        self.assertEqual(entry["pool"], "default")
        self.assertEqual(entry["worker_pid"], pid)
        self.assertIsInstance(entry["request_id"], int)
        self.assertEqual(entry["uri"], "/_test/log-line?hold_ms=500")

    def test_every_line_is_one_json_object(self):
        self.server.get("/_test/exception")
        self.json_line_soon("Deliberate exception from /_test/exception.")
        for line in self.server.log_text().splitlines():
            if line.strip():
                json.loads(line)


if __name__ == "__main__":
    unittest.main()
