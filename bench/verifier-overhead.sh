#!/bin/bash
# Throughput of one worker with the state verifier off, on for every request, and sampled (1 in N).
# Usage: bench/verifier-overhead.sh [--path /] [--seconds 10] [--rounds 3] [--every 100] [--connections 4] [--bin-dir DIR] [--out DIR]
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m benchkit.verifier_overhead "$@"
