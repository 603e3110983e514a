#!/bin/bash
# Memory of one never-recycled worker across many requests; fails if it keeps growing.
# Usage: bench/leak.sh [--requests N] [--sample-every N] [--paths /,/twig/x] [--max-slope B] [--bin-dir DIR] [--out DIR]
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m benchkit.leak "$@"
