#!/usr/bin/env bash
# Builds the libFuzzer targets (part of the debug preset: clang, ASan + UBSan, every library instrumented with
# -fsanitize=fuzzer-no-link) and runs each for SECONDS (default 15) from the seed corpus in
# fuzz/corpus/<name>; new inputs go to a temporary copy, crashes to build/debug/fuzz-crashes/. Exit 1 when any target finds a crash. docs/fuzzing.md: longer runs.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#   scripts/fuzz.sh build [TARGET...]    (build only)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_ids fuzz_toml fuzz_profile fuzz_sniff fuzz_texts fuzz_api)
cmake --preset debug >/dev/null
cmake --build --preset debug --target "${targets[@]}"
[ "$secs" = build ] && exit 0  # scripts/fuzz.sh build: only build the targets
mkdir -p build/debug/fuzz-crashes
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
  seed=fuzz/corpus/${t#fuzz_}
  mkdir -p "$work/$t"
  [ -d "$seed" ] && cp -r "$seed/." "$work/$t/"
  dict=()
  [ -f "fuzz/${t#fuzz_}.dict" ] && dict=(-dict="fuzz/${t#fuzz_}.dict")
  echo "== $t: ${secs}s"
  if ! ASAN_OPTIONS="abort_on_error=1:detect_leaks=1" LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp" \
      "build/debug/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build/debug/fuzz-crashes/$t-" "${dict[@]}" "$work/$t" >"$work/$t.log" 2>&1; then
    echo "$t FOUND A CRASH:"; tail -40 "$work/$t.log"; status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$t.log" | tr '\n' ' '; echo
  fi
done
exit $status
