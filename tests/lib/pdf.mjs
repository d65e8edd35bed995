// What a user sees in a PDF the platform sends, read with the tools a reader has at hand: poppler-utils
// (pdftotext, pdfinfo, pdftoppm) for the text, the page count and the rendering, zbar (zbarimg) for the QR code.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs `fn(path)` with the bytes written to a temporary file (the tools read files).
function withFile(bytes, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, bytes);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `pdftotext ARGS file -` (e.g. ['-layout', '-nodiag'], ['-raw', '-f', '2', '-l', '2']).
export function pdfText(bytes, args = []) {
  return withFile(bytes, (path) => execFileSync('pdftotext', [...args, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
}

// `pdfinfo` as {key: value}.
export function pdfInfo(bytes) {
  const out = withFile(bytes, (path) => execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' }));
  const info = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^([^:]+):\s*(.*)$/);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

// The text of each page, pdftotext's reading order (-raw), white space removed: [page 1, page 2, …].
export function pageTexts(bytes, pages) {
  const out = [];
  for (let p = 1; p <= pages; p++) out.push(pdfText(bytes, ['-raw', '-f', String(p), '-l', String(p)]).replace(/\s+/g, ''));
  return out;
}

// The QR codes on a page as a scanner reads them: the page rendered at `dpi`, then `zbarimg -q --raw`
// (one line per code; [] when none is found).
export function qrCodes(bytes, page = 1, dpi = 150) {
  return withFile(bytes, (path, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', path, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    if (!png) throw new Error(`pdftoppm rendered no page ${page}`);
    const r = spawnSync('zbarimg', ['-q', '--raw', join(dir, png)], { encoding: 'utf8' });
    // zbarimg exits 4 when it finds no code.
    if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg exited ${r.status}: ${r.stderr}`);
    return r.stdout.split('\n').filter((l) => l !== '');
  });
}
