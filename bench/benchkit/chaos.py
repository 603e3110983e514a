"""bench/chaos.sh: load with --max-requests 10 while a random worker is killed (SIGKILL)
every second. Every response must be complete and correct, or a clean 502.

Half of the requests are writes (POST /bench/tx with a unique token, a row inserted in a
DBAL transaction); afterwards the database must hold every acknowledged (HTTP 200) token,
and any extra committed row must belong to a request that got a 502 (committed, then the
worker died before answering).
"""

import argparse
import http.client
import json
import os
import shutil
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid

from . import processes
from .common import REPO, add_common_arguments, progress, result_dir
from .targets import Paths, SuperchargerHttp

HOME_BODY = {"app": "runtime-supercharger example", "ok": True}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/chaos.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30, help="seconds of load (30)")
    parser.add_argument("--workers", type=int, default=2, help="PHP workers (2)")
    parser.add_argument("--max-requests", type=int, default=10, help="requests per worker before recycling (10)")
    parser.add_argument("--kill-interval", type=float, default=1.0, help="seconds between two kills (1)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (8)")
    add_common_arguments(parser)
    return parser.parse_args(argv)


class Tally:
    """What the clients saw; shared by the client threads under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ok = self.bad_gateway = 0
        self.failures = []          # (what, detail) of every response that was neither
        self.acknowledged = set()   # tokens answered 200 with the right body
        self.unanswered = set()     # tokens answered 502

    def record(self, outcome, token=None, detail=""):
        with self.lock:
            if outcome == "ok":
                self.ok += 1
                if token:
                    self.acknowledged.add(token)
            elif outcome == "502":
                self.bad_gateway += 1
                if token:
                    self.unanswered.add(token)
            else:
                self.failures.append((outcome, detail))


def check_body(method, body, token):
    """Whether a 200 body is the complete, correct answer to the request."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if method == "GET":
        return data == HOME_BODY
    return data.get("token") == token and isinstance(data.get("id"), int) and data["id"] > 0


def one_request(port, method, token, tally):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        if method == "GET":
            connection.request("GET", "/", headers={"Connection": "close"})
        else:
            connection.request("POST", "/bench/tx", body=token,
                               headers={"Connection": "close", "Content-Type": "text/plain"})
        response = connection.getresponse()
        body = response.read()  # raises IncompleteRead on a truncated body
        if response.status == 200 and check_body(method, body, token):
            tally.record("ok", token)
        elif response.status == 502:
            tally.record("502", token)
        else:
            tally.record("wrong response", token, f"{method} {response.status} {body[:120]!r}")
    except (OSError, http.client.HTTPException) as error:
        tally.record("broken response", token, f"{method} {type(error).__name__}: {error}")
    finally:
        connection.close()


def client_loop(port, run_id, index, deadline, tally):
    for n in range(10**9):
        if time.monotonic() >= deadline:
            return
        if n % 2:
            one_request(port, "POST", f"{run_id}-{index}-{n}", tally)
        else:
            one_request(port, "GET", None, tally)


def killer_loop(target, interval, deadline, kills):
    """SIGKILLs a random PHP worker of the server this run started, once per interval."""
    while time.monotonic() + interval < deadline:
        time.sleep(interval)
        # Workers recycle every few requests: wait briefly for one to be up rather than skip a kill.
        give_up = time.monotonic() + interval / 2
        while time.monotonic() < give_up:
            workers = target.worker_pids()
            try:
                if workers:
                    os.kill(random.choice(workers), signal.SIGKILL)
                    kills.append(time.monotonic())
                    break
            except ProcessLookupError:
                pass
            time.sleep(0.02)


def committed_tokens(database, run_id):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        rows = db.execute("SELECT token FROM bench_tx WHERE token LIKE ?", (f"{run_id}-%",)).fetchall()
    return {token for (token,) in rows}


def server_count(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/bench/tx/count")
        return json.loads(connection.getresponse().read())["count"]
    finally:
        connection.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    processes.install_cleanup()
    out_dir = result_dir(args.out, "chaos")
    run_id = "chaos-" + uuid.uuid4().hex[:12]
    progress(f"chaos test: {args.workers} workers, --max-requests {args.max_requests}, {args.clients} clients, "
             f"kill -9 of a random worker every {args.kill_interval}s for {args.duration}s; results in {out_dir}")
    tally, kills = Tally(), []
    with tempfile.TemporaryDirectory(prefix="rs-chaos-") as workdir:
        paths = Paths(REPO, os.path.abspath(args.bin_dir))
        with SuperchargerHttp(paths, args.workers, workdir, max_requests=args.max_requests) as target:
            deadline = time.monotonic() + args.duration
            threads = [threading.Thread(target=client_loop, args=(target.port, run_id, i, deadline, tally))
                       for i in range(args.clients)]
            threads.append(threading.Thread(target=killer_loop, args=(target, args.kill_interval, deadline, kills)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rows_total = server_count(target.port)
        # The server log stays with the results: every 502 has its crash line there.
        server_log = os.path.join(out_dir, "server.log")
        shutil.copy(os.path.join(target.workdir, "server.log"), server_log)
    # Workers the server saw die of SIGKILL (ours, and any the server killed itself): each can
    # have failed at most the one request it was running, so this bounds the 502s.
    with open(server_log, encoding="utf-8", errors="replace") as handle:
        killed_in_log = sum("exited (signal 9" in line for line in handle)
    committed = committed_tokens(paths.database, run_id)
    lost = tally.acknowledged - committed                     # acknowledged but not in the database
    unexplained = committed - tally.acknowledged - tally.unanswered
    passed = not tally.failures and not lost and not unexplained and tally.bad_gateway <= killed_in_log
    result = {"duration_s": args.duration, "workers": args.workers, "max_requests": args.max_requests,
              "kills": len(kills), "workers_killed_in_server_log": killed_in_log, "responses_ok": tally.ok, "responses_502": tally.bad_gateway,
              "failed_requests": len(tally.failures), "failure_samples": tally.failures[:10],
              "writes_acknowledged": len(tally.acknowledged), "rows_committed": len(committed),
              "committed_after_502": len(committed & tally.unanswered), "acknowledged_but_missing": len(lost),
              "committed_unexplained": len(unexplained), "bench_tx_rows_total": rows_total, "passed": passed}
    with open(os.path.join(out_dir, "chaos.json"), "w") as handle:
        json.dump(result, handle, indent=2)
    for key, value in result.items():
        progress(f"  {key}: {value}")
    progress("chaos: PASSED" if passed else "chaos: FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
