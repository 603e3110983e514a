"""Runs wrk against one URL and parses its summary (bench/wrk-report.lua)."""

import os
import re
import subprocess
from dataclasses import dataclass

REPORT_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "wrk-report.lua")


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non_2xx: int          # wrk counts responses with a status above 399
    socket_errors: int    # connect + read + write + timeout

    @property
    def errors(self):
        return self.non_2xx + self.socket_errors


def parse_report(output):
    """WrkResult from wrk's output, or raises ValueError if the report line is missing."""
    match = re.search(r"^WRK_REPORT (.*)$", output, re.MULTILINE)
    if not match:
        raise ValueError("wrk printed no report line:\n" + output[-2000:])
    fields = dict(pair.split("=", 1) for pair in match.group(1).split())
    value = {key: int(number) for key, number in fields.items()}
    seconds = value["duration_us"] / 1e6
    return WrkResult(
        requests=value["requests"],
        seconds=seconds,
        rps=value["requests"] / seconds if seconds > 0 else 0.0,
        p50_ms=value["p50_us"] / 1000,
        p95_ms=value["p95_us"] / 1000,
        p99_ms=value["p99_us"] / 1000,
        non_2xx=value["status"],
        socket_errors=value["connect"] + value["read"] + value["write"] + value["timeout"],
    )


def run(url, connections, seconds, timeout_s=10, threads=None):
    """Closed-loop load: `connections` keep-alive connections for `seconds` seconds."""
    threads = threads or max(1, min(connections, 2))
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", f"{timeout_s}s", "-s", REPORT_SCRIPT, url]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout_s + 30)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    return parse_report(completed.stdout)
