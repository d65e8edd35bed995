#!/usr/bin/env bash
# Deadline-day load benchmark (docs/performance.md, "Deadline day: load at 11 pm").
#
#   cmake --preset release && cmake --build --preset release -j2
#   bench/deadline.sh [--applicants 1600] [--paced 600] [--rate 5] [--concurrency 32] [--json FILE] …
#
# Starts, in a temp directory and on 127.0.0.1 only: the release server on SQLite with the demo data and its
# clock running from 23:00 on the applicant deadline day (2022-08-31), with long idle and header timeouts so
# that idle keep-alive connections are held as long as the run lasts; and nginx with a config of its own on a
# free port (2 workers, keep-alive) serving a static file of the size of one application's JSON. Then runs
# bench/deadline_load.mjs (the options above are its own) and stops everything on exit. Installs wrk and
# nginx-light with apt-get only when they are missing. System nginx, its config and ports 80/443 are not
# touched.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${ZHICHENG_BIN:-$ROOT/build/release/src/app/zhicheng}"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y "${need[@]}"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v node >/dev/null || { echo "node (20 or later) is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }

# The binary may be being relinked by a build: wait for it a little.
for _ in $(seq 60); do [ -x "$BIN" ] && break; sleep 2; done
[ -x "$BIN" ] || { echo "no release binary at $BIN (cmake --preset release && cmake --build --preset release -j2)" >&2; exit 1; }

# Every process may open as many descriptors as the hard limit allows (20,000 on the project's machines).
ulimit -n "$(ulimit -Hn)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/zhicheng-deadline.XXXXXX")"
chmod 755 "$WORK"  # nginx workers (another user) read the static file
SERVER_PID=""
DRIVER_PID=""
cleanup() {
  set +e
  if [ -n "$DRIVER_PID" ]; then
    pkill -TERM -P "$DRIVER_PID" 2>/dev/null  # its holders and wrk
    kill "$DRIVER_PID" 2>/dev/null
  fi
  if [ -f "$WORK/nginx.pid" ]; then
    "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  wait 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The server: demo data, the applicant deadline day's evening.
DB="$WORK/zhicheng.db"
: >"$WORK/server.out"
"$BIN" demo --db "sqlite:$DB" --data-dir "$WORK/data" >/dev/null
"$BIN" serve --db "sqlite:$DB" --data-dir "$WORK/data" --listen 127.0.0.1:0 --web-dir "$ROOT/web/dist" \
  --campaigns "$ROOT/data/campaigns" --calendars "$ROOT/data/calendars" --job-interval-ms 0 \
  --clock-start 2022-08-31T23:00:00+08:00 --idle-timeout 3600 --header-timeout 600 \
  --signin-rate 1000000 --register-rate 1000000 --password-rate 10000000 --hash-queue 100000 \
  >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT="$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$WORK/server.out")"
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

# nginx: 2 workers, keep-alive, a static file the driver writes (the size of one application's JSON).
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/www" "$WORK/nginx-tmp"
echo '{}' >"$WORK/www/application.json"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_timeout 600;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
EOF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"

read -r load1 _ < /proc/loadavg
if awk "BEGIN{exit !($load1 > 1.0)}"; then
  echo "warning: load average $load1 before the run: other work shares the cores, the figures will be lower" >&2
fi
echo "server pid $SERVER_PID on 127.0.0.1:$PORT, nginx on 127.0.0.1:$NGINX_PORT, work dir $WORK" >&2
node "$ROOT/bench/deadline_load.mjs" --url "http://127.0.0.1:$PORT" --server-pid "$SERVER_PID" \
  --nginx-url "http://127.0.0.1:$NGINX_PORT/application.json" --nginx-pid-file "$WORK/nginx.pid" --www "$WORK/www" --db "$DB" --work "$WORK" \
  --bin "$BIN" --server-log "$WORK/server.log" "$@" &
DRIVER_PID=$!
wait "$DRIVER_PID"
status=$?
DRIVER_PID=""
exit "$status"
