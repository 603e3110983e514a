"""bench/leak.sh: one worker that never recycles, its memory sampled as requests go by.

A worker that keeps the kernel between requests must not grow: after warming up, RSS
and PSS plateau. The verdict is the least-squares slope over the second half of the
samples, in bytes per request, against --max-slope.
"""

import argparse
import http.client
import itertools
import os
import sys
import tempfile

from . import procfs, processes, report, stats
from .common import REPO, add_common_arguments, progress, result_dir
from .targets import Paths, SuperchargerHttp

DEFAULT_PATHS = "/,/twig/leak,/db/read"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/leak.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5000, help="requests in total (5000, at least 1000)")
    parser.add_argument("--sample-every", type=int, default=100, help="requests between two samples (100)")
    parser.add_argument("--paths", default=DEFAULT_PATHS, help=f"paths requested in turn ({DEFAULT_PATHS})")
    parser.add_argument("--max-slope", type=float, default=64.0,
                        help="largest acceptable growth over the second half, bytes per request (64)")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.requests < 1000 or args.sample_every < 1 or args.requests < 10 * args.sample_every:
        parser.error("need --requests >= 1000 and at least 10 samples")
    return args


class KeepAliveClient:
    """Sequential GETs on one keep-alive connection, reconnecting when the server closes it."""

    def __init__(self, port):
        self._port = port
        self._connection = None

    def get(self, path):
        for attempt in range(2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection("127.0.0.1", self._port, timeout=30)
            try:
                self._connection.request("GET", path)
                response = self._connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
        return None

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def run(args, target):
    client = KeepAliveClient(target.port)
    paths = itertools.cycle(p for p in args.paths.split(",") if p)
    samples, worker, failures = [], None, 0
    for served in range(1, args.requests + 1):
        failures += client.get(next(paths)) != 200
        if served % args.sample_every:
            continue
        pids = target.worker_pids()
        if len(pids) != 1 or (worker is not None and pids[0] != worker):
            raise RuntimeError(f"the worker changed or vanished after {served} requests: {pids}")
        worker = pids[0]
        memory = procfs.memory_bytes(worker)
        if memory is None:
            raise RuntimeError(f"worker {worker} vanished after {served} requests")
        samples.append((served, memory[0], memory[1]))
        if served % (args.sample_every * 10) == 0:
            progress(f"  {served} requests: RSS {memory[0] / 1048576:.2f} MiB, PSS {memory[1] / 1048576:.2f} MiB")
    client.close()
    return samples, failures


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    out_dir = result_dir(args.out, "leak")
    progress(f"leak test: 1 worker, --max-requests 0, {args.requests} requests over {args.paths}; results in {out_dir}")
    with tempfile.TemporaryDirectory(prefix="rs-leak-") as workdir:
        with SuperchargerHttp(Paths(REPO, os.path.abspath(args.bin_dir)), 1, workdir) as target:
            samples, failures = run(args, target)
    data = os.path.join(out_dir, "leak.dat")
    with open(data, "w") as handle:
        handle.write("# requests rss_bytes pss_bytes\n")
        handle.writelines(f"{n} {rss} {pss}\n" for n, rss, pss in samples)
    tail = stats.second_half(samples)
    rss_slope = stats.slope([(n, rss) for n, rss, _ in tail])
    pss_slope = stats.slope([(n, pss) for n, _, pss in tail])
    plateau = rss_slope <= args.max_slope and failures == 0
    image = report.plot_series(os.path.join(out_dir, "leak.png"), data, "worker memory, --max-requests 0",
                               "requests served", "bytes")
    summary = (f"requests={args.requests} non_200={failures} rss_first={samples[0][1]} rss_last={samples[-1][1]} "
               f"rss_slope_second_half={rss_slope:.1f} B/request pss_slope_second_half={pss_slope:.1f} B/request "
               f"verdict={'plateau' if plateau else 'GROWING or failed'} (limit {args.max_slope} B/request)")
    with open(os.path.join(out_dir, "leak.txt"), "w") as handle:
        handle.write(summary + "\n")
    progress(summary)
    progress(f"plot: {image}")
    return 0 if plateau else 1


if __name__ == "__main__":
    sys.exit(main())
