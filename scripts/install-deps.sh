#!/usr/bin/env bash
# Installs every Debian 12 package runtime-supercharger needs to build, test and benchmark.
# Idempotent: packages already present are skipped. Used by README, .ci/run and the Dockerfile.
#   scripts/install-deps.sh            everything (build, runtime, tests, benchmarks)
#   scripts/install-deps.sh --runtime  only what a production image needs to run the server
set -euo pipefail

runtime_packages=(
  libphp8.2-embed php8.2-cli php8.2-opcache php8.2-xml php8.2-mbstring php8.2-sqlite3
  libspdlog1.10 libfmt9 libnghttp2-14 libyaml-cpp0.7 libprometheus-cpp-core1.0 ca-certificates
  libssl3  # TLS termination (listen.https)
  php-symfony-framework-bundle php-symfony-http-kernel php-symfony-runtime php-symfony-dotenv
  php-symfony-yaml php-symfony-twig-bundle php-twig php-symfony-mime php-parser
  php-doctrine-orm php-doctrine-dbal
)
build_packages=(
  build-essential cmake pkg-config php8.2-dev libboost-dev node-llhttp libspdlog-dev libfmt-dev
  prometheus-cpp-dev libgtest-dev googletest libyaml-cpp-dev libnghttp2-dev libssl-dev
)
test_packages=(
  nghttp2-client  # h2load: tests/integration/test_http2.py, test_tls.py
  openssl  # throwaway CA and certificates, s_client: tests/integration/test_tls.py
  curl nginx-light php8.2-fpm wrk python3 prometheus gnuplot-nox clang libclang-rt-14-dev procps
  python3-yaml  # parses deploy/kubernetes in tests/deploy
  shellcheck clang-format  # .ci/run: scripts/check-shell.sh and scripts/check-format.sh
  php-symfony-security-bundle php-monolog
  dokuwiki  # a real classic-mode PHP site for tests/integration/test_dokuwiki.py (no database)
)

wanted=("${runtime_packages[@]}")
if [[ "${1:-}" != "--runtime" ]]; then
  wanted+=("${build_packages[@]}" "${test_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# Services shipped by nginx/php-fpm must not start on install: tests start their own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
  "${sudo_cmd[@]}" chmod +x "$policy"
  created_policy=1
fi
trap '[[ $created_policy == 1 ]] && "${sudo_cmd[@]}" rm -f "$policy"' EXIT
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
