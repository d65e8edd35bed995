#!/usr/bin/env bash
# The first command: install what is missing, build server and web app, migrate a SQLite database under
# var/, load the demo dataset and serve http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
(cd web && npm run build --silent)
mkdir -p var
./build/release/src/app/zhicheng demo --db sqlite:var/zhicheng.db --data-dir var/data
echo
echo "Serving http://127.0.0.1:8080 (Ctrl-C stops)"
exec ./build/release/src/app/zhicheng serve --db sqlite:var/zhicheng.db --data-dir var/data \
  --listen 127.0.0.1:8080 --web-dir web/dist
