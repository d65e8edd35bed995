// What the browser downloads for the sign-in page (/login), from a built dist/: index.html's entry script and
// stylesheets, the entry's static imports (recursively), and the login route's chunk with the files Vite
// preloads with it (its static imports and their CSS, listed in the entry's __vite__mapDeps). Prints each file
// with its size and its gzip size (level 9, as scripts/compress.mjs writes the .gz the server sends), and the
// totals for JavaScript and CSS.
//
//   node scripts/bundle-size.mjs [dist-dir]      (default: web/dist; run `npm run build` first)
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { constants, gzipSync } from 'node:zlib'

const dist = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist'))
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const read = (file) => readFileSync(join(dist, file))

const entry = html.match(/<script type="module"[^>]*src="\/([^"]+)"/)?.[1]
if (!entry) throw new Error('no module script in index.html')
const files = new Set([entry])
for (const [, href] of html.matchAll(/<link rel="(?:stylesheet|modulepreload)"[^>]*href="\/([^"]+)"/g)) files.add(href)

// static imports and re-exports of a built chunk (`import{a as b}from"./x.js"`, `import"./x.js"`), not import()
const STATIC = /\b(?:import|export)\s*(?:[^"'`();]*?\bfrom\s*)?["'`](\.\/[\w.-]+\.js)["'`]/g
function addWithImports(file) {
  const stack = [file]
  while (stack.length) {
    const f = stack.pop()
    files.add(f)
    const dir = f.slice(0, f.lastIndexOf('/') + 1)
    for (const [, rel] of read(f).toString('utf8').matchAll(STATIC)) {
      const dep = dir + rel.slice(2)
      if (!files.has(dep)) stack.push(dep)
    }
  }
}
addWithImports(entry)

// the login route: `import("./LoginView-….js"),__vite__mapDeps([i, …])` in the entry (or a chunk it imports)
let login = null
for (const f of [...files].filter((f) => f.endsWith('.js'))) {
  const code = read(f).toString('utf8')
  const call = code.match(/import\(["'`]\.\/(LoginView-[\w-]+\.js)["'`]\)(?:\s*,\s*__vite__mapDeps\(\[([\d,\s]*)\]\))?/)
  if (!call) continue
  const dir = f.slice(0, f.lastIndexOf('/') + 1)
  login = dir + call[1]
  addWithImports(login)
  const table = code.match(/__vite__mapDeps=.*?m\.f=(\[[^\]]*\])/)
  if (call[2] && table) {
    const deps = JSON.parse(table[1])
    for (const i of call[2].split(',').filter(Boolean)) files.add(deps[Number(i)])
  }
  break
}
if (!login) throw new Error('no import() of a LoginView chunk found')

const rows = [...files].sort().map((file) => {
  const data = read(file)
  return { file, raw: data.length, gzip: gzipSync(data, { level: constants.Z_BEST_COMPRESSION }).length }
})
const kB = (n) => (n / 1000).toFixed(1).padStart(8)
for (const r of rows) console.log(`${kB(r.raw)} kB ${kB(r.gzip)} kB gz  ${r.file}`)
for (const ext of ['js', 'css']) {
  const part = rows.filter((r) => r.file.endsWith(`.${ext}`))
  const sum = (k) => part.reduce((s, r) => s + r[k], 0)
  console.log(`${ext.toUpperCase().padEnd(3)} total: ${kB(sum('raw'))} kB, ${kB(sum('gzip'))} kB gzipped (${part.length} files)`)
}
