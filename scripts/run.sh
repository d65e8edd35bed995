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
./build/release/src/app/zhicheng demo --workflow --db sqlite:var/zhicheng.db --data-dir var/data
# The key that signs the audit log's tree heads: under var/, outside the database, the upload directory and
# their backups (docs/security.md "The audit log"); made once, kept across runs.
[ -f var/log.key ] || ./build/release/src/app/zhicheng keygen --out var/log.key
echo
# The only campaign is 2022's, so the demo runs inside it: the clock starts on 2022-08-25 09:00 Shanghai time
# (before the applicant deadline), or a minute after the latest step already stored, and runs on from there.
# Without --clock-start the server uses real time.
echo "Serving http://127.0.0.1:8080 (Ctrl-C stops); the demo clock starts at 2022-08-25 09:00 +08:00"
exec ./build/release/src/app/zhicheng serve --db sqlite:var/zhicheng.db --data-dir var/data \
  --listen 127.0.0.1:8080 --web-dir web/dist --clock-start 2022-08-25T09:00:00+08:00 --log-key var/log.key
