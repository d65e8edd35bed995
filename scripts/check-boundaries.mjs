#!/usr/bin/env node
// Module boundaries (docs/architecture.md): run by scripts/test.sh; exits 1 and names every breach.
//  1. A module includes another module's headers only if it depends on it (the DEPS of its
//     zhicheng_module() in src/<module>/CMakeLists.txt, followed transitively); app/ is the composition root
//     and may include every module.
//  2. `internal.hpp` (and any `*_internal.hpp`) is private to its module: no other module, bench/ or fuzz/
//     includes it.
//  3. `testing.hpp` (test fixtures) is included only by tests (`*_test.cpp`) and benchmarks (bench/).
//  4. SQL lives in src/storage (one repository per aggregate): no other source of src/ holds SQL text or runs a
//     statement itself (`storage::Query`, `soci::`, `.sql()`). Tests and the dataset generator's bulk inserts
//     (app/generate.cpp) are exempt.
//  5. The web app (web/src) is organised by feature: a folder of web/src/features/ imports nothing from
//     another feature, and the shared code outside features/ (api/, components/, composables, labels, …)
//     imports no feature; only router.ts names the features' pages. What two features share lives outside
//     features/ (web/README.md, "Layout").
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const modules = readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const deps = new Map();
for (const m of modules) {
  const cmake = join(src, m, 'CMakeLists.txt');
  const text = existsSync(cmake) ? readFileSync(cmake, 'utf8') : '';
  const own = new Set();
  const decl = text.match(/DEPS([^)]*?)(?:TESTS|\))/s);
  if (decl) for (const [, d] of decl[1].matchAll(/\bzc_([a-z_]+)/g)) own.add(d);
  deps.set(m, own);
}
function closure(m, seen = new Set()) {
  for (const d of deps.get(m) ?? []) {
    if (!seen.has(d)) {
      seen.add(d);
      closure(d, seen);
    }
  }
  return seen;
}

const problems = [];
function check(file, module) {
  const rel = file.slice(root.length + 1);
  const isTest = basename(file).endsWith('_test.cpp') || rel.startsWith('bench/');
  const allowed = module === 'app' ? new Set(modules) : module ? closure(module) : null;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const m = line.match(/^#include "([a-z_]+)\/([^"]+)"/);
    if (!m) return;
    const [, target, header] = m;
    const where = `${rel}:${i + 1}`;
    if (target === module) return;
    if (header === 'internal.hpp' || header.endsWith('_internal.hpp'))
      problems.push(`${where}: includes ${target}/${header}, which is private to ${target}/`);
    if (header === 'testing.hpp' && !isTest)
      problems.push(`${where}: includes ${target}/${header}; test fixtures are for *_test.cpp and bench/ only`);
    if (allowed && modules.includes(target) && !allowed.has(target))
      problems.push(`${where}: ${module}/ includes ${target}/${header} but does not depend on zc_${target}`);
  });
}
// A string literal that is a statement or a fragment of one: a statement's first words, a bound comparison
// (`a.state = :s`), or a clause.
const sqlText = /"[^"\n]*(\b(SELECT|INSERT INTO|DELETE FROM|GROUP BY|ORDER BY|LEFT JOIN)\b|\bUPDATE [a-z_]+ SET\b|\b[a-z_]+\.[a-z_]+ (=|<>|<|>|<=|>=|IN|LIKE) [:(])/;
const runsSql = /\bstorage::Query\b|\bsoci::|\.sql\(\)/;
function checkSql(file, module) {
  const rel = file.slice(root.length + 1);
  if (module === 'storage' || module === null || basename(file).endsWith('_test.cpp')) return;
  if (rel === 'src/app/generate.cpp') return;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (sqlText.test(code)) problems.push(`${rel}:${i + 1}: SQL text outside src/storage (move it into a repository)`);
    else if (runsSql.test(code)) problems.push(`${rel}:${i + 1}: runs SQL outside src/storage (call a repository)`);
  });
}
function walk(dir, module) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, module);
    else if (/\.(cpp|hpp)$/.test(e.name)) {
      check(p, module);
      checkSql(p, module);
    }
  }
}
for (const m of modules) walk(join(src, m), m);
for (const extra of ['bench', 'fuzz']) if (existsSync(join(root, extra))) walk(join(root, extra), null);

// 5. web features
const webSrc = join(root, 'web', 'src');
const importSpec = /(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;
function featureOf(rel) {
  const m = rel.match(/^features\/([^/]+)\//);
  return m ? m[1] : null;
}
function walkWeb(dir) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const rel = p.slice(webSrc.length + 1);
    if (e.isDirectory()) {
      if (rel !== 'generated') walkWeb(p);
      continue;
    }
    if (!/\.(ts|vue)$/.test(e.name) || rel === 'router.ts') continue;
    const own = featureOf(rel);
    readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
      for (const [, spec] of line.matchAll(importSpec)) {
        const target = spec.startsWith('@/')
          ? spec.slice(2)
          : spec.startsWith('.')
            ? join(dirname(rel), spec)
            : null;
        const other = target && featureOf(target);
        if (!other || other === own) continue;
        problems.push(
          own
            ? `web/src/${rel}:${i + 1}: the feature ${own} imports ${spec} of the feature ${other} (move what both use out of features/)`
            : `web/src/${rel}:${i + 1}: shared code imports ${spec} of the feature ${other} (only router.ts names pages)`,
        );
      }
    });
  }
}
walkWeb(webSrc);

if (problems.length) {
  console.error(`module boundaries: ${problems.length} breach(es)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`module boundaries: ${modules.length} modules and the web app's features, no breach`);
