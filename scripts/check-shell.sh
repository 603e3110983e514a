#!/usr/bin/env bash
# Runs shellcheck on every shell script in the repository (tracked files with a sh/bash shebang).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v shellcheck >/dev/null; then
  echo "check-shell: shellcheck not found (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
mapfile -t scripts < <(git ls-files | while read -r file; do
  [[ -f $file ]] && head -n1 "$file" | grep -Eq '^#!.*\b(ba)?sh\b' && echo "$file"
done)
shellcheck "${scripts[@]}"
echo "check-shell: ${#scripts[@]} scripts clean"
