#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs each one.
#   scripts/fuzz.sh --smoke            about 20 s per target (scripts/test.sh runs this)
#   scripts/fuzz.sh --long SECONDS     SECONDS per target
#   scripts/fuzz.sh --runs N           N executions per target
# Seeds come from fuzz/corpus/<target>/ (read only); inputs found while fuzzing go to
# build-fuzz/corpus/<target>/, crash reproducers to build-fuzz/artifacts/. Exits non-zero on
# any finding. Exits 0 with a notice when clang or libFuzzer is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:---smoke}
case "$mode" in
  --smoke) limit=(-max_total_time=20) ;;
  --long) limit=(-max_total_time="${2:?--long needs SECONDS}") ;;
  --runs) limit=(-runs="${2:?--runs needs a count}") ;;
  *) echo "usage: $0 [--smoke | --long SECONDS | --runs N]" >&2; exit 2 ;;
esac

if ! command -v clang >/dev/null || ! command -v clang++ >/dev/null; then
  echo "fuzz: clang not found, skipping (install clang and libclang-rt-14-dev)"
  exit 0
fi
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
     clang++ -x c++ -fsanitize=fuzzer,address - -o /dev/null 2>/dev/null; then
  echo "fuzz: clang cannot link libFuzzer, skipping (install libclang-rt-14-dev)"
  exit 0
fi

build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRUNTIME_BUILD_FUZZERS=ON -DRUNTIME_BUILD_TESTS=OFF -DRUNTIME_HARDENING=OFF >/dev/null
cmake --build "$build_dir" --target fuzzers -j"${FUZZ_JOBS:-2}"

mkdir -p "$build_dir/artifacts"
for target in http_request_parser_fuzzer ipc_frame_fuzzer fastcgi_decoder_fuzzer http2_server_codec_fuzzer; do
  work="$build_dir/corpus/$target"
  mkdir -p "$work"
  echo "fuzz: $target ${limit[*]}"
  "$build_dir/fuzz/$target" "${limit[@]}" -max_len=1024 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict="fuzz/dict/$target.dict" \
    -artifact_prefix="$build_dir/artifacts/$target-" \
    "$work" "fuzz/corpus/$target" 2>"$build_dir/$target.log" || {
      tail -n 40 "$build_dir/$target.log" >&2
      echo "fuzz: $target found a problem (reproducer in $build_dir/artifacts/)" >&2
      exit 1
    }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build_dir/$target.log" | sed "s/^/  /"
done
