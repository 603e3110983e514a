"""bench/run.sh: the same example app, the same worker count, several servers, one table.

Targets: runtime-supercharger over HTTP, nginx + php-fpm (the baseline), nginx +
runtime-supercharger over FastCGI, and the in-process ceiling (PHP alone, no network).
Load comes from wrk on 127.0.0.1 only; every run is bounded by --duration. The "protocols"
target adds rows measured with h2load on one runtime-supercharger: HTTP/1.1 and HTTP/2,
plain and over TLS, with the TLS overhead as a ratio (h1+tls / h1, h2+tls / h2c).
"""

import argparse
import os
import shutil
import sys
import tempfile

from . import ceiling, processes, procfs, protocols, report, wrk
from .common import REPO, add_common_arguments, progress, result_dir
from .targets import TARGETS, TRANSPORTS, Paths, TargetUnavailable
ROUTES = {"json": "/", "twig": "/twig/bench", "db": "/db/read", "io": "/io"}
HTTP_TARGETS = ["supercharger-http", "fpm", "supercharger-fastcgi", "supercharger-fastcgi-direct"]
EXTRA_TARGETS = ["ceiling", "protocols"]


def csv_list(text):
    return [item for item in text.split(",") if item]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: json route, 8 connections, 2 s, HTTP and FPM unless --targets")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per measurement (10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of untimed load per target and route (2)")
    parser.add_argument("--concurrency", type=csv_list, default=["1", "8", "32", "128"],
                        help="comma-separated connection counts (1,8,32,128)")
    parser.add_argument("--routes", type=csv_list, default=list(ROUTES), help=f"subset of {','.join(ROUTES)}")
    parser.add_argument("--targets", type=csv_list,
                        help="subset of " + ",".join(HTTP_TARGETS + EXTRA_TARGETS) + " (all; --quick: the first two)")
    parser.add_argument("--workers", type=int, default=2, help="PHP workers of every target (2)")
    parser.add_argument("--fastcgi-transport", choices=TRANSPORTS, default="tcp",
                        help="nginx -> FastCGI hop of every nginx target (php-fpm and ours alike): TCP on "
                             "127.0.0.1 or a unix socket, as Debian's stock php-fpm pool (tcp)")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.concurrency, args.routes = 2, 1, ["8"], ["json"]
        args.targets = args.targets or ["supercharger-http", "fpm"]
    args.targets = args.targets or HTTP_TARGETS + EXTRA_TARGETS
    args.concurrency = [int(c) for c in args.concurrency]
    unknown = [r for r in args.routes if r not in ROUTES] + [t for t in args.targets if t not in TARGETS and t not in EXTRA_TARGETS]
    if unknown or args.workers < 1 or args.duration < 1 or min(args.concurrency) < 1:
        parser.error(f"bad routes/targets {unknown} or non-positive numbers")
    return args


def memory_per_worker(pids):
    samples = [m for m in (procfs.memory_bytes(pid) for pid in pids) if m]
    if not samples:
        return 0.0, 0.0
    mib = 1024 * 1024
    return (sum(rss for rss, _ in samples) / len(samples) / mib, sum(pss for _, pss in samples) / len(samples) / mib)


def measure_target(target, args):
    rows = []
    cpu = procfs.CpuMeter(target.server_pids)
    for route in args.routes:
        url = target.base_url + ROUTES[route]
        if args.warmup:
            wrk.run(url, min(8, max(args.concurrency)), args.warmup)
        for connections in args.concurrency:
            cpu.start()
            result = wrk.run(url, connections, args.duration)
            cpu_seconds = cpu.stop()
            rss, pss = memory_per_worker(target.worker_pids())
            rows.append({"route": route, "path": ROUTES[route], "target": target.name, "concurrency": connections,
                         "rps": result.rps, "p50_ms": result.p50_ms, "p95_ms": result.p95_ms, "p99_ms": result.p99_ms,
                         "requests": result.requests, "non_2xx": result.non_2xx, "socket_errors": result.socket_errors,
                         "cpu_percent": 100 * cpu_seconds / result.seconds if result.seconds else 0.0,
                         "rss_mb_per_worker": rss, "pss_mb_per_worker": pss})
            progress(f"  [{target.name}] {route} c={connections}: {result.rps:.0f} req/s, "
                     f"p99 {result.p99_ms:.2f} ms, errors {result.errors}, CPU {rows[-1]['cpu_percent']:.0f}%")
    return rows


def run_http_targets(args, paths, workdir):
    rows, skipped = [], {}
    for name in [t for t in args.targets if t in TARGETS]:
        progress(f"== {name}: starting with {args.workers} workers")
        try:
            with TARGETS[name](paths, args.workers, workdir, transport=args.fastcgi_transport) as target:
                rows += measure_target(target, args)
        except TargetUnavailable as why:
            skipped[name] = str(why)
            progress(f"== {name}: SKIPPED: {why}")
    return rows, skipped


def run_ceiling(args, paths, workdir):
    results = {}
    if "ceiling" not in args.targets:
        return results
    progress("== ceiling: PHP alone, in process, one core")
    for route in args.routes:
        results[route] = ceiling.measure(paths, workdir, ROUTES[route], args.duration)
        progress(f"  [ceiling] {route}: {results[route]['rps']:.0f} req/s on one core")
    return results


def run_protocols(args, paths, workdir, skipped):
    if "protocols" not in args.targets:
        return []
    progress("== protocols: HTTP/1.1 and HTTP/2, plain and TLS, with h2load")
    try:
        return protocols.measure(paths, args, workdir, {route: ROUTES[route] for route in args.routes})
    except TargetUnavailable as why:
        skipped["protocols"] = str(why)
        progress(f"== protocols: SKIPPED: {why}")
        return []


def write_outputs(out_dir, args, rows, ceilings, skipped, protocol_rows=()):
    report.add_ratios(rows)
    report.write_csv(os.path.join(out_dir, "results.csv"), rows)
    ceiling_rows = [{"route": r, "path": ROUTES[r], **values} for r, values in ceilings.items()]
    if ceiling_rows:
        report.write_csv(os.path.join(out_dir, "ceiling.csv"), ceiling_rows, list(ceiling_rows[0]))
    sections = [f"# Benchmark {os.path.basename(out_dir)}", "",
                f"workers={args.workers} duration={args.duration}s concurrency={args.concurrency} "
                f"nginx->FastCGI transport={args.fastcgi_transport}", "",
                report.markdown_table(rows)]
    if ceilings:
        sections += ["", "In-process ceiling:", "", report.ceiling_table(ceilings, rows, args.workers)]
    if protocol_rows:
        report.write_csv(os.path.join(out_dir, "protocols.csv"), protocol_rows,
                         report.FIELDS[:11] + ["tls_vs_plain"])
        sections += ["", "Protocols (h2load, one request in flight per connection):", "",
                     protocols.markdown_table(protocol_rows)]
    sections += [f"\nSkipped {name}: {why}" for name, why in skipped.items()]
    summary = "\n".join(sections) + "\n"
    with open(os.path.join(out_dir, "summary.md"), "w") as handle:
        handle.write(summary)
    http_targets = [t for t in args.targets if t in TARGETS and t not in skipped]
    images = []
    if shutil.which("gnuplot") and rows:
        images = report.plot_comparison(out_dir, rows, args.routes, http_targets)
    return summary, images


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package wrk)")
    paths = Paths(REPO, os.path.abspath(args.bin_dir))
    out_dir = result_dir(args.out, "compare")
    progress(f"results in {out_dir}")
    with tempfile.TemporaryDirectory(prefix="rs-bench-") as workdir:
        try:
            rows, skipped = run_http_targets(args, paths, workdir)
            ceilings = run_ceiling(args, paths, workdir)
            protocol_rows = run_protocols(args, paths, workdir, skipped)
        finally:
            keep_logs(workdir, os.path.join(out_dir, "logs"))
    summary, images = write_outputs(out_dir, args, rows, ceilings, skipped, protocol_rows)
    print("\n" + summary)
    for image in images:
        print(f"plot: {image}")
    return 0 if rows or ceilings or protocol_rows else 1


def keep_logs(workdir, logs_dir):
    """Copies the servers' logs and generated configs next to the results."""
    for root, _dirs, files in os.walk(workdir):
        if "app-cache" in root:
            continue
        for name in files:
            if name.endswith((".log", ".conf", ".yaml")):
                target_dir = os.path.join(logs_dir, os.path.relpath(root, workdir))
                os.makedirs(target_dir, exist_ok=True)
                shutil.copy(os.path.join(root, name), target_dir)


if __name__ == "__main__":
    sys.exit(main())
