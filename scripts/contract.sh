#!/usr/bin/env bash
# The web app's side of the API contract (docs/api.md): writes web/src/generated/ from the server's own
# OpenAPI document (`zhicheng openapi`, made from the C++ types in src/*/views.hpp and the route table):
#   openapi.json   the document itself
#   schema.d.ts    its TypeScript types (openapi-typescript)
#   limits.ts      the text limits by request member name (components["x-text-limits"]) and textLimit()
#   rules.ts       each request body's members (required, type, maxLength, format) and the formats' messages
#   operations.ts  every operation's method, path, access and roles, from which the web app's pages and menu
#                  take whom they are shown to
# With --check, writes nothing and fails when the committed files differ from what the server says (the test
# command runs this after the build).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ZHICHENG_BIN:-build/debug/src/app/zhicheng}
out=web/src/generated
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" openapi --campaigns data/campaigns > "$tmp/raw.json"
node scripts/contract-web.mjs "$tmp/raw.json" "$tmp"
tests/node_modules/.bin/openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null
if [ "${1:-}" = "--check" ]; then
  if ! diff -r -q "$out" "$tmp" --exclude=raw.json; then
    echo "web/src/generated is out of date with the server's types: run scripts/contract.sh and commit the result"
    diff -r -u "$out" "$tmp" --exclude=raw.json | head -60
    exit 1
  fi
  echo "web/src/generated matches the server's OpenAPI document"
else
  mkdir -p "$out"
  cp "$tmp/openapi.json" "$tmp/schema.d.ts" "$tmp/operations.ts" "$tmp/limits.ts" "$tmp/rules.ts" "$out/"
  echo "wrote $out/openapi.json, schema.d.ts, operations.ts, limits.ts, rules.ts"
fi
