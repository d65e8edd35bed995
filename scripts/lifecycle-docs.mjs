#!/usr/bin/env node
// Regenerates docs/lifecycles.md and every "<!-- BEGIN GENERATED: zhicheng lifecycles … -->" block of
// docs/workflow.md and docs/review.md from the binary's tables (the API test "the generated lifecycle
// tables … are current" fails until this has been run after a change to a lifecycle).
//   node scripts/lifecycle-docs.mjs [path/to/zhicheng]
import { readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = process.argv[2] ?? join(root, 'build/debug/src/app/zhicheng')
const run = (args) => {
  const r = spawnSync(bin, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`zhicheng ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}
writeFileSync(join(root, 'docs/lifecycles.md'), run(['lifecycles', '--markdown']))
for (const file of ['workflow.md', 'review.md']) {
  const path = join(root, 'docs', file)
  const doc = readFileSync(path, 'utf8').replace(
    /(<!-- BEGIN GENERATED: zhicheng (lifecycles [^>]*?) -->\n)[\s\S]*?(<!-- END GENERATED -->)/g,
    (_, begin, command, end) => begin + run(command.split(/\s+/)) + end,
  )
  writeFileSync(path, doc)
}
console.log('docs/lifecycles.md and the generated blocks of docs/workflow.md and docs/review.md are current')
