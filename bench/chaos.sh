#!/bin/bash
# Load with --max-requests 10 while a random worker is kill -9'd every second: only complete,
# correct responses or clean 502s; every acknowledged write committed.
# Usage: bench/chaos.sh [--duration S] [--workers N] [--max-requests N] [--kill-interval S] [--clients N]
#                       [--bin-dir DIR] [--out DIR]
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m benchkit.chaos "$@"
