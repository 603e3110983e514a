#!/bin/bash
# Compares runtime-supercharger (HTTP and behind nginx over FastCGI), nginx + php-fpm and
# the in-process ceiling on the example Symfony app. See bench/benchkit/compare.py or --help.
# Usage: bench/run.sh [--quick] [--duration S] [--concurrency 1,8,32,128] [--routes json,twig,db,io]
#                     [--targets supercharger-http,fpm,supercharger-fastcgi,supercharger-fastcgi-direct,ceiling,protocols]
#                     [--workers N] [--fastcgi-transport tcp|unix] [--bin-dir DIR] [--out DIR]
#        bench/run.sh bursty [--min-workers 1] [--max-workers 4] [--concurrency 16] [--idle S]
#                     [--burst S] [--idle-after S] [--bin-dir DIR] [--out DIR]
#          idle, burst, idle: a fixed pool against an elastic one (bench/benchkit/bursty.py)
module=benchkit.compare
if [[ "${1:-}" == bursty ]]; then
    module=benchkit.bursty
    shift
fi
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m "$module" "$@"
