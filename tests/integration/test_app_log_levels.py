"""Lines the app writes to stderr reach the master's log at the level they state."""

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


if __name__ == "__main__":
    unittest.main()
