#!/usr/bin/env bash
# Checks C and C++ formatting against .clang-format (sapi/.clang-format for the C SAPI).
# Only lines changed since a base commit are checked (git clang-format): most of the tree
# predates .clang-format, and reformatting it wholesale would collide with the pool split and
# the source-folder moves in progress (docs/development.md). Reformat a file whole once those
# have landed.
#   scripts/check-format.sh                 lines changed since the merge base with main
#   scripts/check-format.sh --base REF      lines changed since REF
#   scripts/check-format.sh --files F...    the whole of each listed file
# Exits 1 and prints the diff that would fix the formatting.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format >/dev/null || ! command -v git-clang-format >/dev/null; then
  echo "check-format: clang-format not found (scripts/install-deps.sh installs it)" >&2
  exit 2
fi

if [[ ${1:-} == --files ]]; then
  shift
  status=0
  for file in "$@"; do
    if ! clang-format --dry-run --Werror "$file" 2>/dev/null; then
      echo "check-format: $file differs from .clang-format:" >&2
      clang-format "$file" | diff -u "$file" - >&2 || true
      status=1
    fi
  done
  exit "$status"
fi

if [[ ${1:-} == --base ]]; then
  base=${2:?--base needs a commit}
else
  base=$(git merge-base HEAD "${FORMAT_BASE:-main}" 2>/dev/null || git rev-parse HEAD)
fi

extensions=c,h,cpp,hpp,cc
# --diff prints what clang-format would change in the changed lines, or a "no modified
# files"/"did not modify" notice when there is nothing to change.
output=$(git clang-format --diff --extensions "$extensions" "$base" -- 2>&1) || true
if [[ -z $output || $output == *"no modified files to format"* || $output == *"did not modify any files"* ]]; then
  echo "check-format: lines changed since ${base:0:12} follow .clang-format"
  exit 0
fi
echo "$output" >&2
echo "check-format: the lines above changed since ${base:0:12} do not follow .clang-format" >&2
echo "check-format: fix with: git clang-format --extensions $extensions $base" >&2
exit 1
