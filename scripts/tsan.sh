#!/usr/bin/env bash
# ThreadSanitizer: builds the unit tests and the server with -fsanitize=thread (preset tsan), runs the unit
# tests, then a short concurrent API run against the TSan server (tests/tsan/). The server has several kinds
# of thread — the I/O thread, handler workers, the password-hashing pool, the database monitor and the timed
# jobs — and this is where a race between them shows.
#   scripts/tsan.sh          build and run
#   scripts/tsan.sh build    only build (the test command builds beside the other suites)
#   scripts/tsan.sh run      only run what was built
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
if [ "$what" != run ]; then
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan
fi
[ "$what" = build ] && exit 0
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp"
status=0
(cd build/tsan && ctest --output-on-failure -j 2) || status=1
ZHICHENG_BIN="$PWD/build/tsan/src/app/zhicheng" \
  node --test --test-concurrency=1 tests/tsan/ || status=1
exit $status
