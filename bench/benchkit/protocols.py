"""Protocol rows of bench/run.sh: HTTP/1.1 and HTTP/2, plain and over TLS, on one server,
measured with h2load (same client for all four, so the TLS overhead ratio compares like with
like). 127.0.0.1 only; every run is bounded by --duration."""

import shutil

from . import h2load
from .common import progress
from .targets import SuperchargerTls, TargetUnavailable

# (row name, h2load protocol, TLS)
VARIANTS = [("h1", "h1", False), ("h1+tls", "h1", True), ("h2c", "h2", False), ("h2+tls", "h2", True)]


def measure(paths, args, workdir, routes):
    """Rows like compare.measure_target's, target "supercharger <variant>", plus tls_vs_plain."""
    if not shutil.which("h2load"):
        raise TargetUnavailable("h2load is not installed (Debian package nghttp2-client)")
    rows = []
    with SuperchargerTls(paths, args.workers, workdir) as target:
        for route, path in routes.items():
            for connections in args.concurrency:
                for name, protocol, tls in VARIANTS:
                    base = f"https://127.0.0.1:{target.tls_port}" if tls else target.base_url
                    result = h2load.run(base + path, protocol, connections, args.duration, args.warmup)
                    rows.append({"route": route, "path": path, "target": f"supercharger {name}",
                                 "concurrency": connections, "rps": result.rps, "p50_ms": result.p50_ms,
                                 "p95_ms": result.p95_ms, "p99_ms": result.p99_ms, "requests": result.requests,
                                 "non_2xx": result.non_2xx, "socket_errors": result.socket_errors})
                    progress(f"  [protocols] {route} c={connections} {name}: {result.rps:.0f} req/s, "
                             f"p99 {result.p99_ms:.2f} ms, errors {result.errors}")
    add_tls_ratio(rows)
    return rows


def add_tls_ratio(rows):
    """tls_vs_plain: a TLS row's req/s over the same protocol's plain row (h1+tls / h1, h2+tls / h2c)."""
    plain_of = {"supercharger h1+tls": "supercharger h1", "supercharger h2+tls": "supercharger h2c"}
    rps = {(r["route"], r["concurrency"], r["target"]): r["rps"] for r in rows}
    for row in rows:
        plain = plain_of.get(row["target"])
        reference = rps.get((row["route"], row["concurrency"], plain)) if plain else None
        row["tls_vs_plain"] = round(row["rps"] / reference, 2) if reference else ""


def markdown_table(rows):
    lines = ["| route | conc. | protocol | req/s | TLS vs plain | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ratio = f"{r['tls_vs_plain']:.2f}x" if r["tls_vs_plain"] != "" else "-"
        lines.append(f"| {r['route']} | {r['concurrency']} | {r['target'].removeprefix('supercharger ')} | "
                     f"{r['rps']:.0f} | {ratio} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} | "
                     f"{r['non_2xx'] + r['socket_errors']} |")
    return "\n".join(lines)
