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
import { deflateRawSync } from 'node:zlib';

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

// ---- writing (for import tests) ---------------------------------------------------------------------------

// A minimal .xlsx writer for tests that upload spreadsheets, with Node's built-ins only: a ZIP (deflate,
// CRC-32, UTF-8 names) holding [Content_Types].xml, _rels/.rels, xl/workbook.xml, xl/_rels/workbook.xml.rels,
// xl/worksheets/sheet1.xml and, when `sharedStrings`, xl/sharedStrings.xml. It writes what Excel writes for
// plain values, and can be told to write what no honest spreadsheet holds.
//
// makeXlsx(rows, options) → Buffer
//   rows             row i is spreadsheet row i + 1; null or [] writes no <row> (an empty row)
//   a cell           string  → a shared string ('s') or, with sharedStrings: false, an inline string
//                    number  → a numeric cell (an Excel date is its serial number: excelDate('2023-01-01'))
//                    boolean → a 'b' cell
//                    null, undefined or '' → no cell
//                    {inline: text} / {shared: text} → that kind of string cell whatever the option says
//                    {raw: xml} → an inline string whose <t> holds `xml` as it is (entity references …)
//   options.sharedStrings  true (default): strings go to xl/sharedStrings.xml; false: inline strings
//   options.formulas       {A2: 'SUM(1,2)'}: those cells also get an <f> (their value stays the cached <v>)
//   options.sheetXml       the sheet part's whole text instead of the one written from `rows`
//                          (or a function(defaultXml) → text)
//   options.extraParts     {name: string | Buffer | null}: more parts, or replacing the default ones; null
//                          leaves that part out (a ZIP without xl/workbook.xml …)
//   options.doctype        a '<!DOCTYPE …>' put after the XML declaration of the sheet part; or
//                          {part: name, text} for another part
//   options.store          true: entries stored, not deflated
//   options.sheetName      the sheet's name (default 'Sheet1')
// Hostile helpers below: billionLaughs(), zipBombPart().

const xmlEscape = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);

// Column number (1-based) → 'A', 'Z', 'AA', …
export function columnName(n) {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// '2023-01-01' → 44927: the number Excel stores for a date (days since 1899-12-30).
export function excelDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

// A <t> with its text; spaces at either end kept as Excel keeps them.
const tElement = (text) => (/^\s|\s$/.test(text) ? `<t xml:space="preserve">${xmlEscape(text)}</t>` : `<t>${xmlEscape(text)}</t>`);

// The ZIP file of `entries` ([name, Buffer]), every entry deflated unless `store`.
export function zip(entries, { store = false } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(String(content), 'utf8');
    const packed = store ? data : deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const method = store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42); // 30–41: extra, comment, disk, attributes: 0
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

export function makeXlsx(rows, { sharedStrings = true, formulas = {}, sheetXml, extraParts = {}, doctype, store = false,
  sheetName = 'Sheet1' } = {}) {
  const shared = [];
  const sharedIndex = new Map();
  const share = (text) => {
    if (!sharedIndex.has(text)) { sharedIndex.set(text, shared.length); shared.push(text); }
    return sharedIndex.get(text);
  };
  const usedFormulas = new Set();
  const rowXml = [];
  rows.forEach((cells, i) => {
    if (!cells || cells.length === 0) return;
    const r = i + 1;
    const out = [];
    cells.forEach((cell, j) => {
      const ref = `${columnName(j + 1)}${r}`;
      const f = formulas[ref];
      const fXml = f === undefined ? '' : `<f>${xmlEscape(f)}</f>`;
      if (f !== undefined) usedFormulas.add(ref);
      if ((cell === null || cell === undefined || cell === '') && f === undefined) return;
      if (cell === null || cell === undefined || cell === '') { out.push(`<c r="${ref}">${fXml}</c>`); return; }
      if (typeof cell === 'number') {
        out.push(`<c r="${ref}">${fXml}<v>${cell}</v></c>`);
      } else if (typeof cell === 'boolean') {
        out.push(`<c r="${ref}" t="b">${fXml}<v>${cell ? 1 : 0}</v></c>`);
      } else if (typeof cell === 'object' && 'raw' in cell) {
        out.push(`<c r="${ref}" t="inlineStr">${fXml}<is><t>${cell.raw}</t></is></c>`);
      } else if (f !== undefined) {
        // A formula's string result is cached as a 'str' cell, as Excel writes it.
        const text = typeof cell === 'object' ? (cell.inline ?? cell.shared) : cell;
        out.push(`<c r="${ref}" t="str">${fXml}<v>${xmlEscape(text)}</v></c>`);
      } else {
        const inline = typeof cell === 'object' ? 'inline' in cell : !sharedStrings;
        const text = String(typeof cell === 'object' ? (cell.inline ?? cell.shared) : cell);
        if (inline) out.push(`<c r="${ref}" t="inlineStr"><is>${tElement(text)}</is></c>`);
        else out.push(`<c r="${ref}" t="s"><v>${share(text)}</v></c>`);
      }
    });
    rowXml.push(`<row r="${r}">${out.join('')}</row>`);
  });
  const unused = Object.keys(formulas).filter((ref) => !usedFormulas.has(ref));
  if (unused.length) throw new Error(`makeXlsx: formulas for cells outside the rows: ${unused.join(', ')}`);

  const width = Math.max(1, ...rows.map((c) => (c ? c.length : 0)));
  const dimension = rows.length ? `A1:${columnName(width)}${rows.length}` : 'A1';
  let sheet = `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><dimension ref="${dimension}"/>` +
    `<sheetData>${rowXml.join('')}</sheetData></worksheet>`;
  if (typeof sheetXml === 'function') sheet = sheetXml(sheet);
  else if (sheetXml !== undefined) sheet = sheetXml;

  const withSst = sharedStrings || shared.length > 0;
  const parts = new Map([
    ['[Content_Types].xml', `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      (withSst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
      '</Types>'],
    ['_rels/.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
      `<sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      (withSst ? `<Relationship Id="rId2" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
      '</Relationships>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ]);
  if (withSst) {
    parts.set('xl/sharedStrings.xml', `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${shared.length}" uniqueCount="${shared.length}">` +
      `${shared.map((s) => `<si>${tElement(s)}</si>`).join('')}</sst>`);
  }
  if (doctype !== undefined) {
    const { part, text } = typeof doctype === 'string' ? { part: 'xl/worksheets/sheet1.xml', text: doctype } : doctype;
    const xml = parts.get(part);
    if (typeof xml !== 'string') throw new Error(`makeXlsx: no part ${part} for the DOCTYPE`);
    parts.set(part, xml.startsWith(XML_DECL) ? XML_DECL + text + xml.slice(XML_DECL.length) : text + xml);
  }
  for (const [name, content] of Object.entries(extraParts)) {
    if (content === null) parts.delete(name);
    else parts.set(name, content);
  }
  return zip([...parts], { store });
}

// A DOCTYPE whose entity `&lol9;` expands to 10^9 × 'lol' ("billion laughs"), and the reference to put in a
// cell ({raw: billionLaughs().ref}).
export function billionLaughs(depth = 9) {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= depth; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return { doctype: `<!DOCTYPE worksheet [${dtd}]>`, ref: `&lol${depth};` };
}

// A well-formed sheet part of `bytes` bytes that deflates to almost nothing: whitespace between elements
// (no cell, no text), for a ZIP bomb: extraParts: {'xl/worksheets/sheet1.xml': zipBombPart(64 << 20)}.
export function zipBombPart(bytes) {
  const head = Buffer.from(`${XML_DECL}<worksheet xmlns="${NS_MAIN}"><sheetData>`);
  const tail = Buffer.from('</sheetData></worksheet>');
  const body = Buffer.alloc(Math.max(0, bytes - head.length - tail.length), 0x20);
  return Buffer.concat([head, body, tail]);
}
