#!/usr/bin/env bash
# Installs missing packages, builds, and serves the bundled example Symfony app on
# http://127.0.0.1:8080 (Ctrl-C stops it). Extra arguments go to `runtime-supercharger serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target runtime-supercharger runtime-supercharger-worker
exec build/src/app/runtime-supercharger serve --entry examples/symfony-app/public/index.php --listen 127.0.0.1:8080 "$@"
