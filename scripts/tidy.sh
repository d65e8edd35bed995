#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy over every non-test source of src/ (two at a time, the machine's
# cores), using the debug build's compile_commands.json. Fails on any warning: the count must stay zero.
# A source already found clean, and unchanged down to every header it includes, is skipped (tidy-cache.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/debug/compile_commands.json ] || cmake --preset debug >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT
files=$(ls src/*/*.cpp | grep -v '_test\.cpp$')
# Sources found clean before, with nothing they are made of changed since, are not analysed again
# (scripts/tidy-cache.mjs: the key covers the preprocessed source, its command, .clang-tidy and clang-tidy).
todo=$(node scripts/tidy-cache.mjs todo $files)
# run-clang-tidy prints each file's command and the warnings; -quiet keeps the summary short.
[ -z "$todo" ] || run-clang-tidy -j 2 -quiet -p build/debug $todo >"$out" 2>&1 || true
warnings=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^/.*: (warning|error):' | sort -u || true)
if [ -n "$warnings" ]; then
  echo "$warnings"
  echo "clang-tidy: $(echo "$warnings" | wc -l) warning(s)"
  exit 1
fi
[ -z "$todo" ] || node scripts/tidy-cache.mjs mark $todo
echo "clang-tidy: $(echo "$files" | wc -w) files, no warnings ($(echo $todo | wc -w) analysed, the others unchanged since found clean)"
