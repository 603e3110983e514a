#!/bin/bash
# nginx -> FastCGI -> runtime-supercharger vs nginx -> php-fpm (Debian's php8.2-fpm, pm=static,
# opcache on), same run, same worker count (2), wrk on the example app's JSON route `/`.
# A thin preset of bench/run.sh (bench/benchkit): both targets run as the current user with
# generated configs in a temp dir, on loopback ports, and are stopped by PID.
# Usage: bench/fastcgi-vs-fpm.sh [--duration S] [--concurrency 8,32] [--bin-dir DIR] [--out DIR]
exec "$(dirname "$0")/run.sh" --targets supercharger-fastcgi,fpm --routes json --workers 2 \
  --concurrency 8,32 "$@"
