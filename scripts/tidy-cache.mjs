#!/usr/bin/env node
// The clang-tidy results already known (scripts/tidy.sh), like ccache for compilations: a source found clean
// once is not analysed again while nothing it is made of changes. Its key is the SHA-256 of clang-tidy's
// version, the project's .clang-tidy, the source's compile command and the source as the compiler sees it
// (preprocessed with that command, so every header it includes, the project's and the system's, is part of
// it). The checkout's own path is taken out of the key, so another clone of the same sources (CI's) finds
// the markers too. A marker file named by the key means "no warning". Only clean results are kept: a source with a
// warning is analysed again every time.
//   node scripts/tidy-cache.mjs todo FILE…   prints the sources that have no marker
//   node scripts/tidy-cache.mjs mark FILE…   writes the markers of sources found clean
// The cache lives in $XDG_CACHE_HOME/zhicheng/tidy (~/.cache/zhicheng/tidy); deleting it is always safe.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [mode, ...files] = process.argv.slice(2);
if (mode !== 'todo' && mode !== 'mark') {
  console.error('usage: tidy-cache.mjs todo|mark FILE…');
  process.exit(2);
}
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zhicheng', 'tidy');
mkdirSync(cache, { recursive: true });

const commands = new Map(
  JSON.parse(readFileSync(join(root, 'build/debug/compile_commands.json'), 'utf8')).map((e) => [resolve(e.directory, e.file), e]),
);
const tidyVersion = execFileSync('clang-tidy', ['--version'], { encoding: 'utf8' });
const config = readFileSync(join(root, '.clang-tidy'), 'utf8');

/** The command's words (compile_commands.json's `command` is one shell line without quoting surprises here). */
function words(entry) {
  if (entry.arguments) return entry.arguments;
  return entry.command.match(/(?:[^\s"\\]+|"(?:\\.|[^"\\])*"|\\.)+/g).map((w) => w.replace(/^"(.*)"$/, '$1').replace(/\\"/g, '"'));
}

function key(file) {
  const entry = commands.get(resolve(root, file));
  if (!entry) return null;
  const argv = words(entry);
  // the same command, preprocessing only, to stdout
  const pre = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-o' || argv[i] === '-MF' || argv[i] === '-MT' || argv[i] === '-MQ') i++;
    else if (argv[i] === '-c' || argv[i] === '-MD' || argv[i] === '-MMD') continue;
    else pre.push(argv[i]);
  }
  const text = execFileSync(argv[0], [...pre, '-E', '-o', '-'], {
    cwd: entry.directory,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return createHash('sha256')
    .update(tidyVersion)
    .update('\0')
    .update(config)
    .update('\0')
    .update(argv.join(' ').replaceAll(root, '.'))
    .update('\0')
    .update(text.toString('latin1').replaceAll(root, '.'))
    .digest('hex');
}

const out = [];
for (const file of files) {
  let k = null;
  try {
    k = key(file);
  } catch (e) {
    k = null; // a source that does not preprocess is left to clang-tidy to report
    if (process.env.TIDY_CACHE_DEBUG) console.error(file, e.message);
  }
  if (mode === 'todo') {
    if (!k || !existsSync(join(cache, k))) out.push(file);
  } else if (k) {
    writeFileSync(join(cache, k), `${file}\n`);
  }
}
if (mode === 'todo') console.log(out.join('\n'));
