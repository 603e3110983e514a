#!/bin/bash
# The per-request cost budget: CPU µs per request of the front end and the workers, syscalls
# per request per role, beside the in-process ceiling and nginx + php-fpm in the same run.
# See bench/benchkit/cost.py or --help.
# Usage: bench/cost.sh [--route json] [--workers 2] [--connections 16] [--duration 8]
#                      [--syscall-requests 1000] [--idle 10000] [--no-fpm] [--no-ceiling] [--direct]
#                      [--fastcgi-transport tcp|unix] [--rounds N]
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m benchkit.cost "$@"
