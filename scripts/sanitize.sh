#!/usr/bin/env bash
# ASan + UBSan build (RUNTIME_SANITIZE=ON) in build-asan, then the unit tests under it.
#   scripts/sanitize.sh              build, then every unit test (.ci/run runs this)
#   scripts/sanitize.sh REGEX        build, then the ctest tests matching REGEX
# Integration tests are left out by default: the worker embeds Debian's libphp, which loads
# its extensions (opcache, mbstring, ...) with dlopen(RTLD_DEEPBIND), and the ASan runtime
# aborts on that flag. docs/development.md has the details.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${SANITIZE_BUILD_DIR:-build-asan}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUNTIME_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

# Leak checking stays off: the master's process-lifetime singletons (spdlog, prometheus
# registries) are freed by exit, and LSan cannot run under ptrace-restricted CI containers.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if (($# > 0)); then
  ctest --test-dir "$build_dir" --output-on-failure -j1 --timeout 600 -R "$1"
else
  ctest --test-dir "$build_dir" --output-on-failure -j1 --timeout 600 \
    -E '^(integration_|state_scan|state_verifier|resetter_bundle)'
fi
