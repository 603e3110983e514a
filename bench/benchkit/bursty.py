"""bench/run.sh bursty: idle, a burst, idle again, against a fixed pool and an elastic one.

The fixed pool runs --max-workers workers all the time; the elastic pool runs between
--min-workers and --max-workers (scaling.up_after 250ms, idle_after 3s, cooldown 1s). Each
target sees the same phases: --idle seconds without requests, --burst seconds of
--concurrency keep-alive clients on /io (20 ms usleep per request), then --idle-after
seconds without requests. Reported per target: burst latency p50/p99 and failures, peak and
final summed RSS of the workers (sampled every 200 ms) and the worker count over time.
127.0.0.1 only; bounded by the phase durations.
"""

import argparse
import os
import sys
import tempfile
import threading
import time

from . import processes, procfs
from .common import REPO, add_common_arguments, progress, result_dir
from .leak import KeepAliveClient
from .targets import Paths, SuperchargerHttp

PATH = "/io"
SAMPLE_EVERY_S = 0.2


class FixedPool(SuperchargerHttp):
    name = "fixed"
    label = "fixed pool"


class ElasticPool(SuperchargerHttp):
    name = "elastic"
    label = "elastic pool"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run.sh bursty", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-workers", type=int, default=1, help="elastic pool's min_workers (1)")
    parser.add_argument("--max-workers", type=int, default=4, help="fixed pool's size, elastic max_workers (4)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients during the burst (16)")
    parser.add_argument("--idle", type=float, default=4, help="seconds idle before the burst (4)")
    parser.add_argument("--burst", type=float, default=8, help="seconds of burst (8)")
    parser.add_argument("--idle-after", type=float, default=10, help="seconds idle after the burst (10)")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.min_workers <= args.max_workers or args.concurrency < 1 or args.burst <= 0:
        parser.error("need 1 <= --min-workers <= --max-workers, --concurrency >= 1, --burst > 0")
    return args


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


class MemorySampler:
    """Summed RSS and count of the target's workers, every SAMPLE_EVERY_S, on a thread."""

    def __init__(self, target):
        self._target = target
        self._stop = threading.Event()
        self.samples = []  # (seconds since start, workers, summed RSS bytes)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()

    def _run(self):
        while not self._stop.is_set():
            pids = self._target.worker_pids()
            rss = sum(m[0] for m in (procfs.memory_bytes(pid) for pid in pids) if m)
            self.samples.append((time.monotonic() - self._started, len(pids), rss))
            self._stop.wait(SAMPLE_EVERY_S)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=10)


def burst(port, concurrency, seconds):
    latencies, failures, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        connection = KeepAliveClient(port)
        try:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    ok = connection.get(PATH) == 200
                except OSError:
                    ok = False
                with lock:
                    if ok:
                        latencies.append((time.monotonic() - started) * 1000)
                    else:
                        failures[0] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return latencies, failures[0]


def measure(target, args):
    with MemorySampler(target) as sampler:
        time.sleep(args.idle)
        progress(f"  [{target.name}] burst: {args.concurrency} clients on {PATH} for {args.burst:g}s")
        latencies, failures = burst(target.port, args.concurrency, args.burst)
        burst_end = len(sampler.samples)
        time.sleep(args.idle_after)
    samples = sampler.samples
    mib = 1024 * 1024
    row = {"target": target.name, "requests": len(latencies), "failures": failures,
           "p50_ms": percentile(latencies, 0.50), "p99_ms": percentile(latencies, 0.99),
           "peak_rss_mib": max(s[2] for s in samples) / mib, "peak_workers": max(s[1] for s in samples),
           "idle_before_rss_mib": samples[0][2] / mib, "idle_before_workers": samples[0][1],
           "after_burst_workers": samples[burst_end - 1][1] if burst_end else 0,
           "final_rss_mib": samples[-1][2] / mib, "final_workers": samples[-1][1]}
    progress(f"  [{target.name}] {row['requests']} requests, {failures} failed, p50 {row['p50_ms']:.1f} ms, "
             f"p99 {row['p99_ms']:.1f} ms; workers {row['idle_before_workers']} -> {row['peak_workers']} -> "
             f"{row['final_workers']}; RSS peak {row['peak_rss_mib']:.1f} MiB, final {row['final_rss_mib']:.1f} MiB")
    return row, samples


def markdown(rows, args):
    lines = [f"bursty load: idle {args.idle:g}s, burst {args.burst:g}s x {args.concurrency} clients on {PATH}, "
             f"idle {args.idle_after:g}s; fixed = {args.max_workers} workers, elastic = "
             f"{args.min_workers}..{args.max_workers}", "",
             "| pool | requests | failed | p50 ms | p99 ms | workers idle/peak/final | RSS idle MiB | RSS peak MiB | RSS final MiB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['target']} | {r['requests']} | {r['failures']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{r['idle_before_workers']}/{r['peak_workers']}/{r['final_workers']} | "
                     f"{r['idle_before_rss_mib']:.1f} | {r['peak_rss_mib']:.1f} | {r['final_rss_mib']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    paths = Paths(REPO, os.path.abspath(args.bin_dir))
    out_dir = result_dir(args.out, "bursty")
    progress(f"results in {out_dir}")
    ElasticPool.pool_lines = (f"    min_workers: {args.min_workers}", f"    max_workers: {args.max_workers}",
                              "    scaling:", "      up_after: 250ms", "      idle_after: 3s", "      cooldown: 1s")
    rows = []
    with tempfile.TemporaryDirectory(prefix="rs-bursty-") as workdir:
        for cls in (FixedPool, ElasticPool):
            progress(f"== {cls.label}")
            with cls(paths, args.max_workers, workdir) as target:
                row, samples = measure(target, args)
            rows.append(row)
            with open(os.path.join(out_dir, f"{cls.name}.dat"), "w") as handle:
                handle.write("# seconds workers summed_rss_bytes\n")
                handle.writelines(f"{t:.2f} {n} {rss}\n" for t, n, rss in samples)
    summary = markdown(rows, args)
    with open(os.path.join(out_dir, "summary.md"), "w") as handle:
        handle.write(summary)
    print("\n" + summary)
    return 0 if all(r["failures"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
