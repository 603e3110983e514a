"""bench/verifier-overhead.sh: throughput cost of the runtime state verifier.

One worker serves the example app; wrk drives one path with a few keep-alive connections
for a fixed time in each mode, alternating the modes for --rounds rounds (the machine is
shared, so a single run of each would mostly measure noise):
  off       no verifier
  every     --verify-state, every request checked
  sampled   --verify-state with RUNTIME_VERIFY_STATE_EVERY=N (default 100: 1 request in 100
            of each route is checked)
Prints requests/s and p99 latency per mode and round, then the medians.
"""

import argparse
import os
import statistics
import sys
import tempfile

from . import wrk
from .common import REPO, add_common_arguments, progress, result_dir
from .targets import Paths, SuperchargerBase
from . import processes


class VerifiedHttp(SuperchargerBase):
    """The HTTP server with extra command-line flags (--verify-state)."""

    name = "supercharger-http"
    label = "runtime-supercharger (HTTP)"

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = list(flags)

    def start(self):
        self.port = processes.free_port()
        process, log = self._serve(["--listen", f"127.0.0.1:{self.port}", *self.flags])
        processes.wait_for_http(self.port, "/", process, log_path=log)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/verifier-overhead.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/", help="path requested (/)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per mode and round (10, at most 60)")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive connections (4)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three modes (3, at most 10)")
    parser.add_argument("--every", type=int, default=100, help="sampling interval of the sampled mode (100)")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 60 or not 1 <= args.rounds <= 10 or args.every < 1 or not 1 <= args.connections <= 64:
        parser.error("need 1 <= --seconds <= 60, 1 <= --rounds <= 10, 1 <= --connections <= 64, --every >= 1")
    return args


def measure(args, workdir, flags, env):
    with VerifiedHttp(Paths(REPO, os.path.abspath(args.bin_dir)), 1, workdir, app_env=env, flags=flags) as target:
        wrk.run(target.base_url + args.path, args.connections, 2)  # warm-up: caches, opcache, JIT of the route
        return wrk.run(target.base_url + args.path, args.connections, args.seconds)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    out_dir = result_dir(args.out, "verifier-overhead")
    modes = [
        ("off", [], {}),
        ("every", ["--verify-state"], {}),
        (f"sampled-1-in-{args.every}", ["--verify-state"], {"RUNTIME_VERIFY_STATE_EVERY": str(args.every)}),
    ]
    progress(f"verifier overhead: 1 worker, GET {args.path}, {args.connections} connections, "
             f"{args.seconds}s x {args.rounds} rounds per mode; results in {out_dir}")
    results = {name: [] for name, _, _ in modes}
    lines = []
    for round_number in range(1, args.rounds + 1):
        for name, flags, env in modes:
            with tempfile.TemporaryDirectory(prefix="rs-verifier-") as workdir:
                result = measure(args, workdir, flags, env)
            if result.errors:
                raise RuntimeError(f"{name}: {result.errors} failed requests")
            results[name].append(result)
            line = f"round {round_number} {name}: {result.rps:.0f} req/s, p99 {result.p99_ms:.2f} ms"
            lines.append(line)
            progress("  " + line)
    baseline = statistics.median(r.rps for r in results["off"])
    for name, _, _ in modes:
        rps = statistics.median(r.rps for r in results[name])
        p99 = statistics.median(r.p99_ms for r in results[name])
        line = f"median {name}: {rps:.0f} req/s ({(rps / baseline - 1) * 100:+.1f}% vs off), p99 {p99:.2f} ms"
        lines.append(line)
        progress(line)
    with open(os.path.join(out_dir, "verifier-overhead.txt"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
