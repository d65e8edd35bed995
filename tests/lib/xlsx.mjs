// A small reader for the .xlsx files the server writes (libxlsxwriter), with Node's built-ins only: the ZIP
// central directory, raw inflate, and the first worksheet's XML read with regular expressions. It is no
// general spreadsheet reader; it reads what an export holds and fails loudly on anything else.
//
// readXlsx(bytes) → {
//   sheetName,      the first sheet's name (xl/workbook.xml)
//   rows,           string[][]: every row from row 1, every cell as its text ('' for an absent cell)
//   cellTypes,      string[][]: each cell's type, the same shape as rows: 's' (shared string),
//                   'inlineStr', 'str' (a formula's cached string), 'n' (number, also a cell without t=),
//                   'b', 'e', or '' for an absent cell
//   formulas,       [{ref, formula}]: every cell with an <f> element
//   frozenRows,     the frozen pane's ySplit (0 if nothing is frozen)
//   frozenCols,     the frozen pane's xSplit
//   columnWidths,   number[]: width per column (1-based column → index column-1; undefined if not set)
//   autoFilter,     the auto-filter's range ('A1:I5') or null
//   entries,        the ZIP's entry names
// }
import { inflateRawSync } from 'node:zlib';

// ---- ZIP --------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// The entries of a ZIP file: Map name → Buffer (inflated, sizes and CRC-32 checked).
export function unzip(bytes) {
  const buf = Buffer.from(bytes);
  // The end of central directory record: 22 bytes and a comment of up to 65,535 bytes at the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a ZIP file: no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error('ZIP64 is not supported');
  if (p + cdSize > eocd) throw new Error('ZIP: the central directory overlaps its end record');
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`ZIP: bad central directory header ${i}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new Error(`ZIP: ${name} is encrypted`);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`ZIP: bad local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`ZIP: ${name} uses compression method ${method}`);
    if (data.length !== usize) throw new Error(`ZIP: ${name} inflates to ${data.length} bytes, not ${usize}`);
    if (crc32(data) !== crc) throw new Error(`ZIP: ${name} fails its CRC-32`);
    if (entries.has(name)) throw new Error(`ZIP: ${name} twice`);
    entries.set(name, data);
  }
  return entries;
}

// ---- XML --------------------------------------------------------------------------------------------------

// Character references, then the _xHHHH_ escapes of ST_Xstring (ECMA-376 Part 1, 22.9.2.19).
export function decodeText(s) {
  return s
    .replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e) => {
      switch (e) {
        case 'lt': return '<';
        case 'gt': return '>';
        case 'amp': return '&';
        case 'quot': return '"';
        case 'apos': return "'";
        default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      }
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeText(m[1]) : null;
};

// The text of an <si> or <is>: every <t> of it (rich-text runs too), phonetic runs left out.
function runsText(xml) {
  const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += decodeText(m[1] ?? '');
  return out;
}

// 'AB12' → { col: 28, row: 12 } (1-based).
function cellRef(ref) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref || '');
  if (!m) throw new Error(`xlsx: bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

// The path of the first sheet, from the workbook and its relationships.
function firstSheet(files) {
  const text = (name) => {
    const b = files.get(name);
    if (!b) throw new Error(`xlsx: no ${name}`);
    return b.toString('utf8');
  };
  const workbook = text('xl/workbook.xml');
  const sheet = /<sheet\s[^>]*>/.exec(workbook);
  if (!sheet) throw new Error('xlsx: the workbook has no sheet');
  const rid = attr(sheet[0], 'r:id');
  const rels = text('xl/_rels/workbook.xml.rels');
  let target = null;
  for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) if (attr(m[0], 'Id') === rid) target = attr(m[0], 'Target');
  if (!target) throw new Error(`xlsx: no relationship ${rid}`);
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return { name: attr(sheet[0], 'name'), xml: text(path) };
}

// XML 1.0 allows these characters only (the Char production): a part with any other is not well-formed,
// and Excel will not open the file as it is.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function readXlsx(bytes) {
  const files = unzip(bytes);
  for (const [name, data] of files) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    const text = data.toString('utf8');
    if (text.includes('\uFFFD') && !data.equals(Buffer.from(text, 'utf8'))) throw new Error(`xlsx: ${name} is not UTF-8`);
    const bad = NOT_XML_CHAR.exec(text);
    if (bad) {
      const at = text.slice(Math.max(0, bad.index - 40), bad.index + 10);
      throw new Error(`xlsx: ${name} is not well-formed XML: U+${bad[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${bad.index} (…${JSON.stringify(at)})`);
    }
  }
  const shared = [];
  const sst = files.get('xl/sharedStrings.xml');
  if (sst) for (const m of sst.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(runsText(m[1] ?? ''));

  const { name: sheetName, xml } = firstSheet(files);
  const rows = [];
  const cellTypes = [];
  const formulas = [];
  const data = /<sheetData\s*\/>|<sheetData>([\s\S]*?)<\/sheetData>/.exec(xml);
  if (!data) throw new Error('xlsx: the sheet has no sheetData');
  for (const rm of (data[1] ?? '').matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(attr(rm[1], 'r'));
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attr(cm[1], 'r');
      const { col, row } = cellRef(ref);
      if (row !== r) throw new Error(`xlsx: cell ${ref} in row ${r}`);
      const type = attr(cm[1], 't') ?? 'n';
      const inner = cm[2] ?? '';
      const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
      if (f) formulas.push({ ref, formula: decodeText(f[1] ?? '') });
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
      let value;
      if (type === 's') {
        const i = Number(v?.[1]);
        if (!Number.isInteger(i) || i < 0 || i >= shared.length) throw new Error(`xlsx: ${ref} refers to shared string ${v?.[1]}`);
        value = shared[i];
      } else if (type === 'inlineStr') {
        const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
        value = is ? runsText(is[1]) : '';
      } else {
        value = v ? decodeText(v[1]) : '';
      }
      while (rows.length < row) { rows.push([]); cellTypes.push([]); }
      const cells = rows[row - 1];
      const types = cellTypes[row - 1];
      while (cells.length < col - 1) { cells.push(''); types.push(''); }
      cells[col - 1] = value;
      types[col - 1] = type;
    }
    while (rows.length < r) { rows.push([]); cellTypes.push([]); }
  }
  // Rows as wide as the widest, absent cells ''.
  const width = Math.max(0, ...rows.map((x) => x.length));
  for (let i = 0; i < rows.length; i++) {
    while (rows[i].length < width) { rows[i].push(''); cellTypes[i].push(''); }
  }

  const pane = /<pane\b[^>]*>/.exec(xml)?.[0];
  const frozen = pane && /^frozen/.test(attr(pane, 'state') ?? '');
  const columnWidths = [];
  for (const m of xml.matchAll(/<col\b[^>]*>/g)) {
    const w = Number(attr(m[0], 'width'));
    for (let c = Number(attr(m[0], 'min')); c <= Number(attr(m[0], 'max')); c++) columnWidths[c - 1] = w;
  }
  const filter = /<autoFilter\b[^>]*>/.exec(xml)?.[0];
  return {
    sheetName,
    rows,
    cellTypes,
    formulas,
    frozenRows: frozen ? Number(attr(pane, 'ySplit') ?? 0) : 0,
    frozenCols: frozen ? Number(attr(pane, 'xSplit') ?? 0) : 0,
    columnWidths,
    autoFilter: filter ? attr(filter, 'ref') : null,
    entries: [...files.keys()],
  };
}
