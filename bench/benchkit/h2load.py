"""Runs h2load against one URL for a bounded time and reads its per-request log (HTTP/1.1
and HTTP/2, plain or TLS: the protocol rows of bench/run.sh)."""

import os
import re
import subprocess
import tempfile
from .stats import percentile
from .wrk import WrkResult

# h1: HTTP/1.1 (also over TLS, ALPN http/1.1); h2: HTTP/2 (h2c prior knowledge or ALPN h2).
PROTOCOL_FLAGS = {"h1": ["--h1"], "h2": ["--npn-list=h2"]}


def parse(output, log_lines, seconds):
    """A WrkResult (same fields as wrk's rows) from h2load's summary and its --log-file rows
    (start us, status, duration us); failed and errored streams count as socket errors."""
    durations, non_2xx = [], 0
    for line in log_lines:
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        status = int(fields[1])
        if not 200 <= status < 300:
            non_2xx += 1
        durations.append(int(fields[2]) / 1000)
    match = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored",
                      output)
    if not match:
        raise ValueError("h2load printed no summary:\n" + output[-2000:])
    done, failed, errored = int(match.group(1)), int(match.group(3)), int(match.group(4))
    return WrkResult(requests=done, seconds=seconds, rps=done / seconds if seconds else 0.0,
                     p50_ms=percentile(durations, 50), p95_ms=percentile(durations, 95),
                     p99_ms=percentile(durations, 99), non_2xx=non_2xx, socket_errors=failed + errored)


def run(url, protocol, connections, seconds, warmup=1):
    """`connections` connections, one request in flight on each, for `seconds` (after `warmup`)."""
    threads = max(1, min(connections, 2))
    with tempfile.TemporaryDirectory(prefix="rs-h2load-") as scratch:
        log_path = os.path.join(scratch, "requests.tsv")
        command = ["h2load", *PROTOCOL_FLAGS[protocol], "-t", str(threads), "-c", str(connections), "-m", "1",
                   "-D", str(seconds), "--warm-up-time", str(warmup), "--log-file", log_path, url]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + warmup + 60)
        if completed.returncode != 0:
            raise RuntimeError(f"h2load failed ({completed.returncode}): {completed.stderr.strip()[-500:]}")
        with open(log_path) as log:
            lines = log.read().splitlines()
    return parse(completed.stdout, lines, seconds)
