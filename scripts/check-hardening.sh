#!/usr/bin/env bash
# Checks the hardening of built binaries with readelf, like checksec: PIE, full RELRO
# (GNU_RELRO + BIND_NOW), stack protector and FORTIFY_SOURCE (cmake/RuntimeHardening.cmake).
#   scripts/check-hardening.sh                 the server binaries in build/src/app
#   scripts/check-hardening.sh BINARY...       the given binaries
# Exits non-zero, naming the binary and the missing property, when one check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# == 0)); then
  bin_dir=${BUILD_DIR:-build}/src/app
  set -- "$bin_dir/runtime-supercharger" "$bin_dir/runtime-supercharger-worker"
fi

failures=0
fail() {
  echo "check-hardening: $1: $2" >&2
  failures=$((failures + 1))
}

for binary in "$@"; do
  if [[ ! -f $binary ]]; then
    fail "$binary" "not found (build it first)"
    continue
  fi
  header=$(readelf --file-header --wide "$binary")
  segments=$(readelf --program-headers --wide "$binary")
  dynamic=$(readelf --dynamic --wide "$binary")
  symbols=$(readelf --dyn-syms --wide "$binary")

  grep -q 'Type:[[:space:]]*DYN' <<<"$header" || fail "$binary" "not PIE (ELF type is not DYN)"
  grep -q 'GNU_RELRO' <<<"$segments" || fail "$binary" "no RELRO segment (-Wl,-z,relro)"
  grep -Eq 'BIND_NOW|FLAGS_1.*NOW' <<<"$dynamic" || fail "$binary" "lazy binding (-Wl,-z,now missing)"
  grep -q '__stack_chk_fail' <<<"$symbols" || fail "$binary" "no stack protector (-fstack-protector-strong)"
  # FORTIFY_SOURCE turns checkable libc calls into their __*_chk variants.
  grep -Eq '__[a-z_]+_chk(@|[[:space:]]|$)' <<<"$symbols" ||
    fail "$binary" "no fortified libc calls (-D_FORTIFY_SOURCE=2 with optimisation)"
  echo "check-hardening: $binary: PIE, full RELRO, stack protector, FORTIFY_SOURCE"
done

exit $((failures > 0))
