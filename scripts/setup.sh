#!/usr/bin/env bash
# Installs what zhicheng needs to build, run and test: Debian packages and the npm packages of web/ and
# tests/. Idempotent and quick when everything is present. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev libspdlog-dev libcli11-dev libtomlplusplus-dev libgtest-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk libxlsxwriter-dev libzip-dev libexpat1-dev zbar-tools
  clang libclang-rt-14-dev clang-tidy lld ccache
  nodejs npm chromium poppler-utils nginx-light wrk
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The machine's own node/npm may come from elsewhere than Debian; accept them when present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
pkgs=()
for p in "${missing[@]}"; do [ -n "$p" ] && pkgs+=("$p"); done
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "setup: installing ${pkgs[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# npm packages, reinstalled only when the lock file changed since the last install.
for dir in web tests; do
  [ -f "$dir/package.json" ] || continue
  stamp="$dir/node_modules/.zhicheng-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
