#!/bin/bash
# Measures recycle duration (decision -> replacement ready) p50/p95 on the example app:
# 2 workers, --max-requests 10, 400 sequential requests on 127.0.0.1; stops its server by PID.
# Usage: bench/recycle-duration.sh [--no-prototype] [PORT]
root=$(cd "$(dirname "$0")/.." && pwd)
flag=""; [[ "${1:-}" == --no-prototype ]] && { flag=--no-prototype; shift; }
port=${1:-18090}
log=$(mktemp)
APP_TEST_ROUTES=1 "$root/${BUILD_DIR:-build}/src/app/runtime-supercharger" serve --entry "$root"/examples/symfony-app/public/index.php --listen "127.0.0.1:$port" --workers 2 --max-requests 10 --admin off ${flag:+"$flag"} > "$log" 2>&1 &
pid=$!
sleep 3
python3 - "$port" <<'PY'
import http.client, sys, time
port=int(sys.argv[1]); ok=0; bad=0
for i in range(400):
    c=http.client.HTTPConnection('127.0.0.1',port); c.request('GET','/'); r=c.getresponse(); r.read()
    ok += r.status==200; bad += r.status!=200; c.close(); time.sleep(0.01)
print("ok",ok,"bad",bad)
PY
kill -TERM "$pid"; sleep 2
python3 - "$log" <<'PY'
import re,sys,statistics
v=sorted(float(x) for x in re.findall(r'recycle=([0-9.]+)ms', open(sys.argv[1]).read()))
q=lambda p: v[min(len(v)-1,int(p*len(v)))]
print(f"recycles={len(v)} p50={q(0.5):.1f}ms p95={q(0.95):.1f}ms")
PY
