#!/bin/bash
# Per-worker memory (PSS, RSS, private, shared from /proc/<pid>/smaps_rollup) of the example
# app after warmup traffic, with and without the prototype, for 2 and 4 workers.
# 127.0.0.1 only; each server is stopped by its PID.
# Usage: bench/pss.sh [PORT]      (BUILD_DIR=build by default; WARMUP=400 requests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-18190}
binary="$root/${BUILD_DIR:-build}/src/app/runtime-supercharger"
warmup=${WARMUP:-400}

measure() {  # workers, extra flag
    local workers=$1 flag=${2:-} log pid
    log=$(mktemp)
    APP_TEST_ROUTES=1 "$binary" serve --entry "$root"/examples/symfony-app/public/index.php \
        --listen "127.0.0.1:$port" --admin "127.0.0.1:$((port + 1))" --workers "$workers" --max-requests 0 ${flag:+"$flag"} > "$log" 2>&1 &
    pid=$!
    python3 - "$port" "$warmup" "$log" "$workers" "${flag:-prototype}" <<'PY'
import concurrent.futures, http.client, os, re, sys, time
port, warmup, log, workers, label = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", path); r = c.getresponse(); r.read(); return r.status
    finally:
        c.close()
deadline = time.monotonic() + 60
while True:
    try:
        if get("/") == 200: break
    except OSError:
        pass
    if time.monotonic() > deadline: sys.exit("server did not start")
    time.sleep(0.2)
paths = ["/", "/counter", "/hello/pss", "/twig/pss"]
with concurrent.futures.ThreadPoolExecutor(workers) as pool:   # every worker gets traffic
    list(pool.map(lambda i: get(paths[i % len(paths)]), range(warmup)))
time.sleep(0.5)
pids = sorted({int(p) for p in re.findall(r"worker ready pid=(\d+)", open(log).read())})
rows = []
for pid in pids:
    try:
        fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/smaps_rollup") if ":" in line and not line.startswith(("0", "5", "7")))
    except OSError:
        continue  # exited (recycled) before the measurement
    kib = lambda key: int(fields.get(key, "0 kB").split()[0])
    rows.append((kib("Pss"), kib("Rss"), kib("Private_Clean") + kib("Private_Dirty"), kib("Shared_Clean") + kib("Shared_Dirty")))
n = len(rows)
avg = lambda i: sum(r[i] for r in rows) / n / 1024
print(f"{label:>14} workers={workers} measured={n} PSS={avg(0):.1f}MiB RSS={avg(1):.1f}MiB "
      f"private={avg(2):.1f}MiB shared={avg(3):.1f}MiB total_PSS={sum(r[0] for r in rows)/1024:.1f}MiB")
PY
    kill -TERM "$pid"; wait "$pid" || true
    rm -f "$log"
}

for workers in 2 4; do
    measure "$workers"
    measure "$workers" --no-prototype
done
