#!/usr/bin/env bash
# The second command: install what is missing, build (debug: clang, ASan + UBSan) and run every test — C++ unit
# tests, black-box API tests (each answer checked against the OpenAPI contract) and the crash-safety test
# (tests/crash/) against the real binary on SQLite and on a PostgreSQL server started here, browser tests in
# Debian's Chromium, clang-tidy, a ThreadSanitizer build of the unit tests and a concurrent API run, and a
# bounded libFuzzer run.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# ccache (CMakeLists.txt): paths inside this checkout are hashed as relative ones, so a fresh clone of the same
# sources (CI's) finds what an earlier clone compiled; a source that changed is compiled as always.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
# Each phase's header says how long the command has run (docs/performance.md keeps the figures).
phase() { local t=$(( $(date +%s) - start )); printf '== %s (+%dm%02ds)\n' "$1" $((t / 60)) $((t % 60)); }
phase "Setup, debug build (clang, ASan + UBSan, fuzz targets), web build"
scripts/setup.sh
cmake --preset debug >/dev/null
cmake --build --preset debug
(cd web && npm run build --silent)

export ZHICHENG_BIN="$PWD/build/debug/src/app/zhicheng"
export ZHICHENG_WEB_DIR="$PWD/web/dist"
export ASAN_OPTIONS="abort_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"  # font and GLib caches live as long as the process

status=0
# The suites run two test files at a time (--test-concurrency=2): every file starts its own server on its
# own port with its own database, so files never share state, and the two cores stay busy while one file's
# client and server wait on each other (docs/performance.md, "The test command").
# The one file that times the server (hostile.test.mjs: timeouts, latency bounds) runs first and alone, on
# both databases, while nothing else runs: under load its bounds were missed by both compilers' builds.
# PostgreSQL: a throwaway cluster, one fresh database per server.
pgdir=$(mktemp -d)
trap 'scripts/pg-cluster.sh stop "$pgdir/cluster"; rm -rf "$pgdir"' EXIT
pg_url=$(scripts/pg-cluster.sh start "$pgdir/cluster") || { echo "could not start PostgreSQL (see $pgdir/cluster/*.log)"; pg_url=""; status=1; }
phase "Timeouts and latency bounds, alone (tests/api/hostile.test.mjs: SQLite, then PostgreSQL)"
# Its bounds are wall-clock times on a shared two-core machine: a file that fails is run once more, and fails
# the command only if it fails again (a broken timeout fails every time; docs/performance.md).
hostile() { node --test tests/api/hostile.test.mjs || { echo "hostile.test.mjs failed once; running it again"; node --test tests/api/hostile.test.mjs; }; }
hostile || status=1
[ -n "$pg_url" ] && { ZHICHENG_TEST_PG="$pg_url" hostile || status=1; }

# clang-tidy and the ThreadSanitizer build run beside the suites below at the lowest priority (nice 19): they
# take only the CPU the tests leave idle.
bg=$(mktemp -d)
# (The fuzz targets are part of the debug build: clang, every library instrumented for libFuzzer.)
# (set +e: a failing clang-tidy must not stop the subshell before the TSan build.)
(set +e
 nice -n 19 scripts/tidy.sh >"$bg/tidy.log" 2>&1; echo $? >"$bg/tidy.rc"
 nice -n 19 scripts/tsan.sh build >"$bg/tsan-build.log" 2>&1; echo $? >"$bg/tsan-build.rc") &
background=$!
phase "Format (clang-format)"
clang-format --dry-run --Werror src/*/*.cpp src/*/*.hpp bench/*.cpp fuzz/*.cpp || status=1
phase "Web lint (ESLint with eslint-plugin-vue on web/src, zero warnings)"
(cd web && npm run lint --silent) || status=1
phase "Module boundaries (scripts/check-boundaries.mjs)"
node scripts/check-boundaries.mjs || status=1
phase "API contract: web/src/generated matches the server's OpenAPI document (scripts/contract.sh)"
scripts/contract.sh --check || status=1
phase "C++ unit tests"
ctest --preset debug --output-on-failure || status=1
phase "Ballot core, browser side (web/src/ballot: the shared vectors tests/vectors/ballot*.json)"
(cd web && rm -rf .ballot-test && npx tsc -p tsconfig.ballot.json) && node --test web/.ballot-test/ || status=1
phase "Web unit tests (Vitest: web/src/**/*.spec.ts)"
(cd web && npx vitest run) || status=1
api_files=$(ls tests/api/*.test.mjs | grep -v '/hostile\.test\.mjs$')
phase "API tests (SQLite)"
node --test --test-concurrency=2 $api_files || status=1
phase "Crash safety (SQLite: kill -9 during a submission storm, 20 cycles)"
node --test --test-concurrency=1 tests/crash/ || status=1
if [ -n "$pg_url" ]; then
  phase "API tests (PostgreSQL)"
  ZHICHENG_TEST_PG="$pg_url" node --test --test-concurrency=2 $api_files || status=1
  phase "Crash safety (PostgreSQL: kill -9 during a submission storm, 20 cycles)"
  ZHICHENG_TEST_PG="$pg_url" node --test --test-concurrency=1 tests/crash/ || status=1
fi
phase "Browser tests"
node --test --test-concurrency=2 tests/browser/ || status=1
wait "$background" || true
phase "Fuzzing (libFuzzer, clang, ASan + UBSan: 15 s per target; docs/fuzzing.md)"
scripts/fuzz.sh 15 || status=1
phase "clang-tidy (the project's .clang-tidy, every non-test source of src/, zero warnings)"
cat "$bg/tidy.log"
[ "$(cat "$bg/tidy.rc" 2>/dev/null)" = 0 ] || status=1
phase "ThreadSanitizer (unit tests, then a concurrent API run against a TSan server)"
if [ "$(cat "$bg/tsan-build.rc" 2>/dev/null)" = 0 ]; then
  scripts/tsan.sh run || status=1
else
  tail -50 "$bg/tsan-build.log"; echo "the ThreadSanitizer build failed"; status=1
fi
rm -rf "$bg"
phase "done"
exit $status
