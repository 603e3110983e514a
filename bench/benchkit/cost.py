"""bench/cost.sh: the per-request cost budget of the hot path, per role, in one run.

For one route (the example app's JSON route unless --route) and one worker count it reports:
  - CPU microseconds per request of the front end (the master process) and of the PHP workers,
    from utime + stime in /proc/PID/stat around a fixed wrk run (-t1, --connections);
  - the same for nginx and for php-fpm's children, measured the same way in the same run;
  - the in-process ceiling's CPU microseconds per request for the same route (PHP alone);
  - syscalls per request per role: `strace -c -f` attached to the master and to every worker
    (and to the hop floor's processes with --floor) while a fixed number of sequential
    keep-alive requests runs on one connection;
  - optionally (--floor) the same for runtime-hop-floor (bench/floor): the dispatch hops with no
    PHP and no server logic, so the lowest cost this machine allows each role is measured in the
    same run (the hops alone, at their own higher request rate, so a lower bound);
  - optionally (--idle N) the master's RSS growth with N idle keep-alive connections, and
    whether those connections still answer.
Load targets 127.0.0.1 only and every step is bounded in time or count.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from . import ceiling, processes, procfs, wrk
from .common import REPO, add_common_arguments, progress, result_dir
from .targets import (TRANSPORTS, FloorFastcgi, FloorHttp, Fpm, Paths, SuperchargerFastcgiDirect, SuperchargerHttp,
                      TargetUnavailable)

ROUTES = {"json": "/", "twig": "/twig/bench", "db": "/db/read", "io": "/io"}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/cost.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--route", default="json", choices=list(ROUTES), help="route to load (json)")
    parser.add_argument("--workers", type=int, default=2, help="PHP workers (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--duration", type=int, default=8, help="seconds of measured load (8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of untimed load first (2)")
    parser.add_argument("--syscall-requests", type=int, default=1000,
                        help="sequential keep-alive requests counted under strace (1000; 0 skips)")
    parser.add_argument("--idle", type=int, default=0, help="also open N idle keep-alive connections (0)")
    parser.add_argument("--no-fpm", action="store_true", help="skip nginx + php-fpm")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the in-process ceiling")
    parser.add_argument("--direct", action="store_true",
                        help="also nginx -> FastCGI with direct dispatch (workers accept; pools[].dispatch: direct)")
    parser.add_argument("--floor", action="store_true",
                        help="also runtime-hop-floor: the hops alone, with no PHP (HTTP; and nginx -> FastCGI with "
                             "--direct), the lowest cost per role on this machine")
    parser.add_argument("--fastcgi-transport", choices=TRANSPORTS, default="tcp",
                        help="nginx -> FastCGI hop for php-fpm and direct dispatch alike: TCP on 127.0.0.1 or a "
                             "unix socket, as Debian's stock php-fpm pool (tcp)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every target N times, interleaved (all stay up; each round loads each once), "
                             "and report medians with the spread; ratios are taken within each round (1)")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="extra argument for runtime-supercharger serve (repeatable)")
    add_common_arguments(parser)
    return parser.parse_args(argv)


def us_per_request(cpu_seconds, requests):
    return 1e6 * cpu_seconds / requests if requests else 0.0


def cpu_split(groups, url, connections, seconds):
    """wrk -t1 for `seconds`; CPU µs per request of each named group of processes."""
    meters = {name: procfs.CpuMeter(source) for name, source in groups.items()}
    for meter in meters.values():
        meter.start()
    result = wrk.run(url, connections, seconds, threads=1)
    costs = {name: us_per_request(meter.stop(), result.requests) for name, meter in meters.items()}
    return result, costs


def sequential_requests(port, path, count):
    """`count` GETs on one keep-alive connection; returns how many answered 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    ok = 0
    try:
        for _ in range(count):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok += response.status == 200
    finally:
        connection.close()
    return ok


STRACE_ROW = re.compile(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)\s*$")


def parse_strace_summary(text):
    """{syscall: (calls, errors)} from `strace -c` output."""
    calls = {}
    for line in text.splitlines():
        match = STRACE_ROW.match(line)
        if match and match.group(3) != "total":
            calls[match.group(3)] = (int(match.group(1)), int(match.group(2) or 0))
    return calls


def count_syscalls(pids_by_role, port, path, count, workdir):
    """Syscalls per request per role while `count` sequential keep-alive requests run."""
    if not shutil.which("strace"):
        raise TargetUnavailable("strace is not installed")
    sequential_requests(port, path, 50)  # every connection-level allocation done before counting
    tracers = {}
    for role, pids in pids_by_role.items():
        out = os.path.join(workdir, f"strace-{role}.txt")
        command = ["strace", "-c", "-f", "-o", out]
        for pid in pids:
            command += ["-p", str(pid)]
        tracers[role] = (subprocess.Popen(command, stderr=subprocess.DEVNULL), out)
    time.sleep(1.0)  # strace attaches asynchronously
    ok = sequential_requests(port, path, count)
    time.sleep(0.3)  # let the last request_done reach the master
    summaries = {}
    for role, (tracer, out) in tracers.items():
        tracer.send_signal(signal.SIGINT)
        tracer.wait(timeout=20)
        with open(out) as handle:
            summaries[role] = parse_strace_summary(handle.read())
    return ok, summaries


def syscall_line(calls, requests):
    total = sum(c for c, _ in calls.values())
    top = sorted(calls.items(), key=lambda item: -item[1][0])[:8]
    detail = ", ".join(f"{name} {c / requests:.2f}" + (f" ({e / requests:.2f} failed)" if e else "")
                       for name, (c, e) in top)
    return total / requests, detail


def syscall_lines(args, pids_by_role, port, workdir, result, lines):
    """Counts syscalls per request per role (sequential requests on `port`) into result and lines."""
    ok, summaries = count_syscalls(pids_by_role, port, ROUTES[args.route], args.syscall_requests, workdir)
    for role, calls in summaries.items():
        per_request, detail = syscall_line(calls, args.syscall_requests)
        result[f"syscalls_{role.replace(' ', '_')}"] = per_request
        lines.append(f"  syscalls per request, {role}: {per_request:.2f} ({detail})")
    if ok != args.syscall_requests:
        lines.append(f"  WARNING: {args.syscall_requests - ok} of the counted requests did not answer 200")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def idle_connections(master_pid, port, path, count):
    """Master RSS growth with `count` idle keep-alive connections that each served one request."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 1024)), hard))
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    before = rss_kib(master_pid)
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            sockets.append(sock)
        # One request on each, in batches, so every connection has been fully used once.
        batch = 200
        for start in range(0, count, batch):
            group = sockets[start:start + batch]
            for sock in group:
                sock.sendall(request)
            for sock in group:
                read_one_response(sock)
        time.sleep(1.0)
        after = rss_kib(master_pid)
        probes = sockets[:: max(1, count // 20)]
        answered = 0
        for sock in probes:
            sock.sendall(request)
            answered += read_one_response(sock) == 200
        return before, after, answered, len(probes)
    finally:
        for sock in sockets:
            sock.close()


def read_one_response(sock):
    """Reads one Content-Length framed response; returns its status."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    remaining = int(length.group(1)) - len(body) if length else 0
    while remaining > 0:
        chunk = sock.recv(min(65536, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
    return status


class LoadedTarget:
    """A running target measured under wrk: `groups` names the processes whose CPU is split
    per request; `key` and `names` map the groups to result fields; `label` starts its report line."""

    def __init__(self, key, label, target, groups, names):
        self.key, self.label, self.target, self.groups, self.names = key, label, target, groups, names
        self.url = None

    def measure_round(self, args):
        wrk.run(self.url, args.connections, args.warmup, threads=1)
        result, costs = cpu_split(self.groups, self.url, args.connections, args.duration)
        measured = {"rps": result.rps, "p99_ms": result.p99_ms, "errors": result.errors}
        for group, field in self.names.items():
            measured[field] = costs[group]
        return measured


def start_supercharger(args, paths, workdir, stack):
    target = SuperchargerHttp(paths, args.workers, workdir)
    target.extra_args = args.server_arg
    stack.enter_context(target)
    master = target.master_pid()
    loaded = LoadedTarget("supercharger", "runtime-supercharger (HTTP)", target,
                          {"front end": lambda: [master], "workers": target.worker_pids},
                          {"front end": "front_end_us", "workers": "worker_us"})
    loaded.url = target.base_url + ROUTES[args.route]
    return loaded


def start_direct(args, paths, workdir, stack):
    """nginx (stock block, a new upstream connection per request) in front of workers that
    accept themselves: the master is off the request path, so the workers' cost is the one
    to put beside the ceiling."""
    target = SuperchargerFastcgiDirect(paths, args.workers, workdir, transport=args.fastcgi_transport)
    stack.enter_context(target)
    master = target.master_pid()
    nginx = [p for p in target.root_pids() if p != master]
    loaded = LoadedTarget("direct", "nginx + runtime-supercharger (FastCGI, direct dispatch)", target,
                          {"nginx": lambda: nginx + procfs.descendants(nginx), "master": lambda: [master],
                           "workers": target.worker_pids},
                          {"nginx": "nginx_us", "master": "master_us", "workers": "worker_us"})
    loaded.url = target.base_url + ROUTES[args.route]
    return loaded


def start_fpm(args, paths, workdir, stack):
    target = Fpm(paths, args.workers, workdir, transport=args.fastcgi_transport)
    stack.enter_context(target)
    nginx = [p for p in target.root_pids() if p != target._fpm.pid]
    loaded = LoadedTarget("fpm", "nginx + php-fpm", target,
                          {"nginx": lambda: nginx + procfs.descendants(nginx),
                           "php-fpm": lambda: [target._fpm.pid] + target.worker_pids()},
                          {"nginx": "nginx_us", "php-fpm": "php_fpm_us"})
    loaded.url = target.base_url + ROUTES[args.route]
    return loaded


def start_floor_http(args, paths, workdir, stack):
    target = FloorHttp(paths, args.workers, workdir)
    stack.enter_context(target)
    master = target.master_pid()
    loaded = LoadedTarget("floor_http", "hop floor, HTTP (no PHP)", target,
                          {"front end": lambda: [master], "workers": target.worker_pids},
                          {"front end": "front_end_us", "workers": "worker_us"})
    loaded.url = target.base_url + "/"
    return loaded


def start_floor_fastcgi(args, paths, workdir, stack):
    target = FloorFastcgi(paths, args.workers, workdir, transport=args.fastcgi_transport)
    stack.enter_context(target)
    master = target.master_pid()
    nginx = [p for p in target.root_pids() if p != master]
    loaded = LoadedTarget("floor_fastcgi", "hop floor, nginx -> FastCGI accepted by the workers (no PHP)", target,
                          {"nginx": lambda: nginx + procfs.descendants(nginx), "workers": target.worker_pids},
                          {"nginx": "nginx_us", "workers": "worker_us"})
    loaded.url = target.base_url + "/"
    return loaded


def measure_ceiling(args, paths, workdir):
    result = ceiling.measure(paths, workdir, ROUTES[args.route], args.duration)
    return {"us": us_per_request(result["cpu_seconds"], result["requests"]),
            "rps_per_cpu_second": result["rps_per_cpu_second"]}


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def combine_rounds(rounds):
    """{target: {field: median over the rounds}}; errors are summed."""
    combined = {}
    for key in rounds[0]:
        fields = rounds[0][key]
        combined[key] = {field: (sum(r[key][field] for r in rounds) if field == "errors"
                                 else median([r[key][field] for r in rounds])) for field in fields}
    return combined


# CPU fields reported with their spread over the rounds: ours and the floor's; nginx's, the
# direct master's and php-fpm's are context.
SPREAD_FIELDS = ("front_end_us", "worker_us")


def target_lines(loaded, rounds, results, blocks):
    """One line per target into blocks[target] (a list the syscall lines join later)."""
    def stat(key, field, digits):
        """The median of `field`, then ' (min–max)' over the rounds when there are several."""
        values = [r[key][field] for r in rounds]
        text = f"{results[key][field]:.{digits}f}"
        return text + (f" ({min(values):.{digits}f}–{max(values):.{digits}f})" if len(values) > 1 else "")

    for key, target in loaded.items():
        measured = results[key]
        cpu = ", ".join(f"{group} {stat(key, field, 1) if field in SPREAD_FIELDS else f'{measured[field]:.1f}'} µs"
                        for group, field in target.names.items())
        blocks[key].append(f"{target.label}: {stat(key, 'rps', 0)} req/s, p99 {measured['p99_ms']:.2f} ms, "
                           f"errors {measured['errors']}; CPU per request: {cpu}")
    if "ceiling" in results:
        c = results["ceiling"]
        blocks["ceiling"].append(f"in-process ceiling: {stat('ceiling', 'us', 1)} µs CPU per request "
                                 f"({c['rps_per_cpu_second']:.0f} req per CPU second)")


def ratio_lines(rounds, lines):
    """Ratios taken within each round (the same phase of the machine), then their median."""
    def ratio(name, numerator, denominator):
        per_round = [numerator(r) / denominator(r) for r in rounds if denominator(r)]
        if not per_round:
            return
        detail = f" (rounds: {', '.join(f'{v:.2f}x' for v in per_round)})" if len(per_round) > 1 else ""
        lines.append(f"{name}: {median(per_round):.2f}x{detail}")

    first = rounds[0]
    if "ceiling" in first and "supercharger" in first:
        ratio("worker / ceiling", lambda r: r["supercharger"]["worker_us"], lambda r: r["ceiling"]["us"])
    if "ceiling" in first and "direct" in first:
        ratio("direct dispatch worker / ceiling", lambda r: r["direct"]["worker_us"], lambda r: r["ceiling"]["us"])
    if "fpm" in first and "direct" in first:
        ratio("direct dispatch throughput vs php-fpm", lambda r: r["direct"]["rps"], lambda r: r["fpm"]["rps"])
        ratio("direct dispatch p99 vs php-fpm", lambda r: r["direct"]["p99_ms"], lambda r: r["fpm"]["p99_ms"])
    if "floor_http" in first and "supercharger" in first:
        ratio("front end / hop floor's front end", lambda r: r["supercharger"]["front_end_us"],
              lambda r: r["floor_http"]["front_end_us"])
    if "floor_http" in first and "ceiling" in first:
        # A worker cannot cost less than PHP alone plus its hops: the lowest worker / ceiling here.
        ratio("lowest worker / ceiling here, (ceiling + hop floor) / ceiling",
              lambda r: r["ceiling"]["us"] + r["floor_http"]["worker_us"], lambda r: r["ceiling"]["us"])
    if "floor_fastcgi" in first and "ceiling" in first and "direct" in first:
        ratio("lowest direct dispatch worker / ceiling here, (ceiling + hop floor) / ceiling",
              lambda r: r["ceiling"]["us"] + r["floor_fastcgi"]["worker_us"], lambda r: r["ceiling"]["us"])
    if "fpm" in first and "supercharger" in first:
        ratio("throughput vs php-fpm", lambda r: r["supercharger"]["rps"], lambda r: r["fpm"]["rps"])
        ratio("p99 vs php-fpm", lambda r: r["supercharger"]["p99_ms"], lambda r: r["fpm"]["p99_ms"])


def extra_lines(args, loaded, workdir, results, blocks):
    """Syscalls per request and idle connections: counts, not timings, so measured once."""
    if "supercharger" in loaded:
        lines = blocks["supercharger"]
        sc = loaded["supercharger"].target
        master = sc.master_pid()
        if args.syscall_requests:
            syscall_lines(args, {"front end": [master], "workers": sc.worker_pids()}, sc.port, workdir,
                          results["supercharger"], lines)
        if args.idle:
            before, after, answered, probes = idle_connections(master, sc.port, ROUTES[args.route], args.idle)
            growth_mb = (after - before) / 1024
            results["supercharger"]["idle_rss_growth_mb"] = growth_mb
            lines.append(f"  {args.idle} idle keep-alive connections: master RSS {before / 1024:.1f} MB -> "
                         f"{after / 1024:.1f} MB (+{growth_mb:.1f} MB, {1024 * growth_mb / args.idle:.2f} KB each); "
                         f"{answered}/{probes} probed connections answered 200 afterwards")
    if "floor_http" in loaded and args.syscall_requests:
        floor = loaded["floor_http"].target
        syscall_lines(args, {"front end": [floor.master_pid()], "workers": floor.worker_pids()}, floor.port, workdir,
                      results["floor_http"], blocks["floor_http"])
    if "floor_fastcgi" in loaded and args.syscall_requests:
        floor = loaded["floor_fastcgi"].target
        syscall_lines(args, {"workers": floor.worker_pids()}, floor.port, workdir, results["floor_fastcgi"],
                      blocks["floor_fastcgi"])
    if "direct" in loaded and args.syscall_requests:
        direct = loaded["direct"].target
        # Through nginx, so each counted request is one upstream connection as under load.
        syscall_lines(args, {"master": [direct.master_pid()], "workers": direct.worker_pids()}, direct.port,
                      workdir, results["direct"], blocks["direct"])


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package wrk)")
    paths = Paths(REPO, os.path.abspath(args.bin_dir))
    out_dir = result_dir(args.out, "cost")
    lines = [f"route {args.route} ({ROUTES[args.route]}), {args.workers} workers, wrk -t1 -c{args.connections} "
             f"-d{args.duration}s, APP_ENV=prod APP_DEBUG=0, nginx -> FastCGI over {args.fastcgi_transport}"
             + (" (127.0.0.1)" if args.fastcgi_transport == "tcp" else " (unix socket)")
             + (f"; {args.rounds} interleaved rounds, medians (min–max)" if args.rounds > 1 else "")]
    skipped = []
    with tempfile.TemporaryDirectory(prefix="rs-cost-") as workdir, contextlib.ExitStack() as stack:
        loaded = {}
        starters = [("supercharger", "runtime-supercharger", start_supercharger)]
        if args.direct:
            starters.append(("direct", "nginx + runtime-supercharger, direct dispatch", start_direct))
        if not args.no_fpm:
            starters.append(("fpm", "nginx + php-fpm", start_fpm))
        if args.floor:
            starters.append(("floor_http", "runtime-hop-floor http", start_floor_http))
            if args.direct:
                starters.append(("floor_fastcgi", "nginx + runtime-hop-floor fastcgi", start_floor_fastcgi))
        for key, label, start in starters:
            progress(f"== starting {label}")
            try:
                loaded[key] = start(args, paths, workdir, stack)
            except TargetUnavailable as why:
                if key == "supercharger":
                    raise
                skipped.append(f"{label}: skipped ({why})")
        rounds = []
        for number in range(args.rounds):
            measured = {}
            for key, target in loaded.items():
                progress(f"== round {number + 1}/{args.rounds}: {key}")
                measured[key] = target.measure_round(args)
            if not args.no_ceiling:
                progress(f"== round {number + 1}/{args.rounds}: in-process ceiling")
                measured["ceiling"] = measure_ceiling(args, paths, workdir)
            rounds.append(measured)
        results = combine_rounds(rounds)
        blocks = {key: [] for key in ("supercharger", "direct", "fpm", "floor_http", "floor_fastcgi", "ceiling")}
        target_lines(loaded, rounds, results, blocks)
        progress("== syscalls")
        extra_lines(args, loaded, workdir, results, blocks)
    for block in blocks.values():
        lines += block
    lines += skipped
    ratio_lines(rounds, lines)
    if args.rounds > 1:
        results["rounds"] = rounds
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "cost.md"), "w") as handle:
        handle.write(text)
    with open(os.path.join(out_dir, "cost.json"), "w") as handle:
        json.dump(results, handle, indent=2)
    print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
