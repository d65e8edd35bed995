#!/usr/bin/env bash
# Generates 1,000,000 applications on SQLite and on a throwaway PostgreSQL 15 cluster, then runs
# zc_scale_bench on each (docs/performance.md, "Scale"; the plans go to docs/query-plans.md).
#   bench/scale.sh [APPLICATIONS] [WORKDIR]     (release build first: cmake --build --preset release)
set -euo pipefail
n=${1:-1000000}
work=${2:-$(mktemp -d /tmp/zc-scale.XXXXXX)}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/release/src/app/zhicheng
bench=$root/build/release/bench/zc_scale_bench
[ -x "$bin" ] && [ -x "$bench" ] || { echo "build first: cmake --preset release && cmake --build --preset release -j2" >&2; exit 1; }
mkdir -p "$work"
cd "$root"
"$bin" generate --db "sqlite:$work/scale.db" --applications "$n"
"$bench" "sqlite:$work/scale.db" data 200 | tee "$work/sqlite.md"
url=$(scripts/pg-cluster.sh start "$work/pg")
trap 'scripts/pg-cluster.sh stop "$work/pg"' EXIT
psql "$url/postgres" -qc "CREATE DATABASE scale"
"$bin" generate --db "$url/scale" --applications "$n"
"$bench" "$url/scale" data 200 | tee "$work/postgresql.md"
echo "results in $work"
