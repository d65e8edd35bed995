// Excel exports, GET /queue.xlsx (docs/documents.md "Excel exports"), read back with tests/lib/xlsx.mjs: for
// each role that has a queue, the file is that queue — every application the filters select, in the same
// order, the same number, name, unit, level, specialty and state, times in Shanghai to the minute — on one
// sheet 申报队列 with the Chinese headers, the header row frozen, widths set and every cell text; a unit's
// export holds only its own applications, an acceptance point's only its region's; an applicant and an expert
// are refused, and so is a caller without a session; bad filters are refused as GET /queue refuses them; a
// name that looks like a formula stays a string cell; more than 100 rows (several pages of the queue) are all
// there, 20,000 are exported and 20,001 are refused with export_too_large.
// The servers start from the workflow demo (`zhicheng demo --workflow`: four applications at four stages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Client, creditCode, mobile, tinyPdf, startServer, freshDatabaseUrl, bin, campaignsDir, calendarsDir,
} from '../lib/server.mjs';
import {
  UNITS, DEMO_APPLICANT, PASSWORD, setClock, get, post, show, assertError, login, newApplicant,
  submittedApplication, startPublicity, withWorkflowDemo, sqlite,
} from '../lib/workflow.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

const A = '/api/v1';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['申报编号', '姓名', '单位', '申报资格', '专业', '状态', '提交时间', '公示截止', '更新时间'];
const ROLES = ['admin', UNITS.county, UNITS.institution, UNITS.city, 'ap330402', 'jtj', 'committee'];

// ---- helpers --------------------------------------------------------------------------------------------

// "2022-08-15T09:30:00+08:00" (or any offset) → "2022-08-15 09:30", the minute in Shanghai (UTC+8).
function shanghaiMinute(iso) {
  if (!iso) return '';
  const t = Date.parse(iso);
  assert.ok(Number.isFinite(t), `a time: ${iso}`);
  return new Date(t + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

// The row the export should have for a queue item.
const rowOf = (it) => [it.number, it.applicant_name, it.unit_name, it.level_name, it.specialty_name, it.state_name,
  shanghaiMinute(it.submitted_at), it.publicity_end ?? '', shanghaiMinute(it.updated_at)];

// The whole queue for `query`, following next_cursor by pages of 100.
async function wholeQueue(c, query = '', who = '') {
  const items = [];
  let after = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 1000, `${who}: the queue ends within 1000 pages`);
    const path = `/queue?page_size=100${query ? `&${query}` : ''}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    const r = await get(c, path);
    assert.equal(r.status, 200, `${who} GET ${path}: ${show(r)}`);
    items.push(...r.json.items);
    if (r.json.next_cursor === null) break;
    after = r.json.next_cursor;
  }
  return items;
}

// Downloads /queue.xlsx?query, checks what every export has (the type, an attachment named 申报队列.xlsx, the
// sheet, the headers, the frozen header row, the widths, only string cells, no formula) and returns the file.
async function exportOf(c, query = '', who = '') {
  const path = `/queue.xlsx${query ? `?${query}` : ''}`;
  const r = await get(c, path);
  const what = `${who} GET ${path}`;
  assert.equal(r.status, 200, `${what}: ${show(r)}`);
  assert.equal(r.headers.get('content-type'), XLSX_TYPE, what);
  const cd = r.headers.get('content-disposition') ?? '';
  assert.match(cd, /^attachment;/, `${what}: ${cd}`);
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(cd);
  assert.ok(star, `${what}: a UTF-8 file name: ${cd}`);
  assert.equal(decodeURIComponent(star[1]), '申报队列.xlsx', `${what}: ${cd}`);
  const plain = /filename="([^"]*)"/.exec(cd);
  assert.ok(plain && /^[\x20-\x7e]+\.xlsx$/.test(plain[1]), `${what}: an ASCII fallback name ending .xlsx: ${cd}`);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/, `${what}: personal data is not cached`);
  const x = readXlsx(r.bytes);
  assert.equal(x.sheetName, '申报队列', what);
  assert.ok(x.rows.length >= 1, `${what}: a header row`);
  assert.deepEqual(x.rows[0], HEADERS, `${what}: the header row`);
  assert.equal(x.frozenRows, 1, `${what}: the header row is frozen`);
  assert.equal(x.frozenCols, 0, `${what}: no column is frozen`);
  assert.equal(x.columnWidths.length, HEADERS.length, `${what}: a width per column: ${x.columnWidths}`);
  for (const [i, w] of x.columnWidths.entries()) assert.ok(w >= 8 && w <= 60, `${what}: the width of ${HEADERS[i]}: ${w}`);
  assert.ok(x.columnWidths[2] > x.columnWidths[1], `${what}: 单位 is wider than 姓名`);
  assert.deepEqual(x.formulas, [], `${what}: no formula`);
  for (const [i, types] of x.cellTypes.entries()) {
    for (const [j, t] of types.entries()) {
      // A cell is a string, or absent when the value is empty (libxlsxwriter writes no empty string).
      if (t === '') assert.equal(x.rows[i][j], '', `${what}: an absent cell at row ${i + 1} col ${j + 1}`);
      else assert.ok(t === 's' || t === 'inlineStr', `${what}: the cell at row ${i + 1} col ${j + 1} is text, not ${t}`);
    }
  }
  if (x.rows.length > 1) assert.equal(x.autoFilter, `A1:I${x.rows.length}`, `${what}: the auto-filter covers the rows`);
  return x;
}

// The export for `query` is the queue for `query`: the same rows in the same order. Returns the queue items.
async function assertExportIsQueue(c, query, who) {
  const items = await wholeQueue(c, query, who);
  const x = await exportOf(c, query, who);
  assert.deepEqual(x.rows.slice(1), items.map(rowOf), `${who} ?${query}: the export is the queue`);
  return items;
}

// A new unit in `region`, approved by the region's acceptance point; returns its signed-in client.
async function newUnit(server, region, name) {
  const code = creditCode(`91${region}MA`);
  const reg = await new Client(server.baseUrl).post(`${A}/auth/register/unit`, {
    credit_code: code, name, region_code: region, unit_type: 'enterprise', city_level: false,
    contact_name: '钱导出', mobile: mobile(), password: PASSWORD });
  assert.equal(reg.status, 201, `register unit ${name}: ${show(reg)}`);
  const first = await login(server, code);
  const letter = await first.request('PUT', `${A}/units/me/letter`, { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(letter.status, 200, show(letter));
  const approved = await post(await login(server, `ap${region}`), `/units/${reg.json.unit.id}/approve`, {});
  assert.equal(approved.status, 200, `approve unit ${name}: ${show(approved)}`);
  return login(server, code);
}

// ---- the queue, role by role ----------------------------------------------------------------------------

test('each role\'s export is its whole queue, in order, with the Chinese headers, a frozen header row and widths; filters narrow it as they narrow the queue', () => withWorkflowDemo(async (server) => {
  // Two more applications at 禾丰 (one in publicity) and one at the 水利 station.
  const county = await login(server, UNITS.county);
  const institution = await login(server, UNITS.institution);
  const extra = await submittedApplication(server, county, { specialty: 'automation', level: 'engineer' });
  const inPublicity = await submittedApplication(server, county);
  await startPublicity(county, inPublicity.app.id, '2022-08-26');
  const lastId = (await submittedApplication(server, institution, { specialty: 'textile_engineering' })).app.id;

  const clients = {};
  for (const who of ROLES) clients[who] = await login(server, who);
  const all = {};
  for (const who of ROLES) all[who] = await assertExportIsQueue(clients[who], '', who);

  // What the demo and the steps above make each role see (so that the comparisons are not of empty lists).
  const numbers = (who) => all[who].map((it) => it.number);
  assert.equal(all.admin.length, 7, 'the city admin: all seven');
  assert.equal(all[UNITS.county].length, 4, '禾丰: its four');
  assert.equal(all[UNITS.institution].length, 2, '水利: its two');
  assert.deepEqual(numbers(UNITS.city), ['ZC2022-000004']);
  assert.deepEqual(numbers('ap330402'), ['ZC2022-000003'], '南湖\'s acceptance point: past the unit only');
  assert.deepEqual(numbers('jtj'), ['ZC2022-000004']);
  assert.deepEqual(numbers('committee'), ['ZC2022-000004']);
  // The newest change first: the last submission, then the application just put in publicity.
  assert.deepEqual(all.admin.slice(0, 2).map((it) => it.id), [lastId, inPublicity.app.id]);
  // The publicity's end is there, the minute of submission too.
  const x = await exportOf(clients.admin, '', 'admin');
  const row = x.rows[2];
  assert.match(row[7], /^2022-\d\d-\d\d$/, `the publicity's end: ${row}`);
  assert.match(row[6], /^2022-08-25 09:0\d$/, `submitted on the test clock's day: ${row}`);
  assert.equal(row[5], '单位公示中');

  // Filters: each one as the queue applies it; the rows are a part of the whole export.
  const unitId = county.user.unit.id;
  const filters = {
    admin: ['state=submitted', 'state=publicity', 'level=assistant_engineer', 'specialty=automation',
      `q=${encodeURIComponent('禾丰')}`, `q=${encodeURIComponent('张敏')}`, 'q=ZC2022-000002', `unit_id=${unitId}`,
      `unit_id=${unitId}&state=submitted&level=engineer`, 'state=revoked'],
    [UNITS.county]: ['state=submitted', 'state=unit_recommended', 'specialty=automation', `q=${encodeURIComponent(extra.applicant.user.name)}`],
    ap330402: ['state=unit_recommended', 'state=county_returned'],
    jtj: ['state=county_recommended', 'level=assistant_engineer'],
    committee: ['state=county_recommended', 'state=received'],
  };
  for (const [who, list] of Object.entries(filters)) {
    const whole = new Set(numbers(who));
    for (const query of list) {
      const items = await assertExportIsQueue(clients[who], query, who);
      for (const it of items) assert.ok(whole.has(it.number), `${who} ?${query}: ${it.number} is in the whole export`);
      const state = /state=(\w+)/.exec(query)?.[1];
      if (state) for (const it of items) assert.equal(it.state, state, `${who} ?${query}`);
    }
  }
  // Some filters select a few, some none.
  assert.equal((await wholeQueue(clients.admin, 'state=submitted')).length, 3);
  assert.equal((await wholeQueue(clients.admin, `unit_id=${unitId}&state=submitted&level=engineer`)).length, 2);
  const none = await exportOf(clients.admin, 'state=revoked', 'admin');
  assert.deepEqual(none.rows, [HEADERS], 'an empty selection: the header row alone');

  // In English the file is the same (its headers are Chinese, as the documents are).
  const en = await login(server, 'admin');
  en.lang = 'en';
  const enRows = (await exportOf(en, '', 'admin (en)')).rows;
  assert.deepEqual(enRows.slice(1), (await wholeQueue(en, '', 'admin (en)')).map(rowOf));
  assert.deepEqual(enRows, x.rows);
}));

// ---- scope and refusals ---------------------------------------------------------------------------------

test('a unit exports only its own applications, an acceptance point only its region\'s; applicants and experts are refused, callers without a session too; bad filters are refused as /queue refuses them', () => withWorkflowDemo(async (server) => {
  const county = await login(server, UNITS.county);
  const institution = await login(server, UNITS.institution);
  const { applicant } = await submittedApplication(server, county);
  await submittedApplication(server, institution);
  const admin = await login(server, 'admin');
  const everything = await wholeQueue(admin);

  for (const [who, c] of [['禾丰', county], ['水利', institution], ['交投', await login(server, UNITS.city)]]) {
    const x = await exportOf(c, '', who);
    const mine = everything.filter((it) => it.unit_name === c.user.unit.name);
    assert.ok(mine.length >= 1, `${who} has applications`);
    assert.deepEqual(x.rows.slice(1).map((r) => r[0]).sort(), mine.map((it) => it.number).sort(), `${who}: its own, all of them`);
    for (const r of x.rows.slice(1)) assert.equal(r[2], c.user.unit.name, `${who}: ${r}`);
    // Another unit's id as a filter selects nothing, as in the queue.
    const other = c === county ? institution : county;
    const y = await exportOf(c, `unit_id=${other.user.unit.id}`, who);
    assert.deepEqual(y.rows, [HEADERS], `${who}: nothing of another unit`);
    assert.deepEqual(await wholeQueue(c, `unit_id=${other.user.unit.id}`), []);
  }

  // Another region's acceptance point: nothing of 南湖's.
  const haining = await login(server, 'ap330481');
  assert.deepEqual((await exportOf(haining, '', 'ap330481')).rows, [HEADERS]);
  assert.deepEqual((await exportOf(haining, `unit_id=${county.user.unit.id}`, 'ap330481')).rows, [HEADERS]);

  // Refused: applicants (one with an application, one without), an expert; no session at all.
  for (const [who, c] of [['an applicant', applicant], ['the demo applicant', await login(server, DEMO_APPLICANT)],
    ['an expert', await login(server, 'expert01')]]) {
    const r = await get(c, '/queue.xlsx');
    assertError(r, 403, 'forbidden', who);
    assert.notEqual(r.headers.get('content-type'), XLSX_TYPE, who);
    assert.equal(r.headers.get('content-disposition'), null, who);
  }
  const anonymous = await new Client(server.baseUrl).get(`${A}/queue.xlsx`);
  assertError(anonymous, 401, 'unauthenticated', 'without a session');
  assert.equal(anonymous.headers.get('content-disposition'), null);

  // Bad filters: the same answer as GET /queue, the field named.
  const bad = [['state=nope', 'state', 'unknown_code'], ['unit_id=abc', 'unit_id', 'invalid_format'],
    ['unit_id=-1', 'unit_id', 'invalid_format'], [`q=${'x'.repeat(300)}`, 'q', 'too_long']];
  for (const [query, field, code] of bad) {
    for (const c of [admin, county]) {
      const q = await get(c, `/queue?${query}`);
      const r = await get(c, `/queue.xlsx?${query}`);
      assertError(q, 422, 'validation_failed', `/queue?${query.slice(0, 30)}`);
      assertError(r, 422, 'validation_failed', `/queue.xlsx?${query.slice(0, 30)}`);
      assert.deepEqual(r.json.error.fields.map((f) => [f.field, f.code]), [[field, code]], show(r));
      assert.deepEqual(r.json, q.json, `/queue.xlsx?${query.slice(0, 30)} answers as /queue`);
    }
  }
  // Unknown but well-formed level and specialty codes select nothing, as in the queue.
  for (const query of ['level=nope', 'specialty=nope']) {
    assert.deepEqual(await wholeQueue(admin, query), []);
    assert.deepEqual((await exportOf(admin, query, 'admin')).rows, [HEADERS], query);
  }
}));

// ---- text that looks like a formula ---------------------------------------------------------------------

test('names that look like formulas stay text: string cells, no <f>, the exact characters', () => withWorkflowDemo(async (server) => {
  const hostileUnit = '=HYPERLINK("http://x.example/","单位")';
  const names = ['=HYPERLINK("http://x.example/","点我")', '+1+cmd|\' /C calc\'!A0', '@SUM(1,2)', '-2+3', '=1<2&"x"'];
  // An applicant name is free text (required, at most 50 characters): the registration accepts these.
  const county = await login(server, UNITS.county);
  for (const name of names) {
    const applicant = await newApplicant(server, name);
    assert.equal(applicant.user.name, name);
    await submittedApplication(server, county, { applicant });
  }
  // So is a unit's name: a unit in 海宁 named like a formula, with an applicant named like one.
  const unit = await newUnit(server, '330481', hostileUnit);
  assert.equal(unit.user.unit.name, hostileUnit);
  await submittedApplication(server, unit, { applicant: await newApplicant(server, '=2*3') });

  const admin = await login(server, 'admin');
  const items = await assertExportIsQueue(admin, '', 'admin');
  const x = await exportOf(admin, '', 'admin');
  for (const name of [...names, '=2*3']) {
    const i = x.rows.findIndex((r) => r[1] === name);
    assert.ok(i > 0, `${name} is in the export as it is: ${JSON.stringify(x.rows.map((r) => r[1]))}`);
    assert.equal(x.cellTypes[i][1], 's', `${name}: a string cell`);
  }
  const u = x.rows.findIndex((r) => r[2] === hostileUnit);
  assert.ok(u > 0, 'the unit\'s name as it is');
  assert.equal(x.cellTypes[u][2], 's');
  assert.deepEqual(x.formulas, []);
  assert.equal(items.length, 4 + names.length + 1);

  // The same through the unit's own export and a search for the text.
  await assertExportIsQueue(unit, '', 'the 海宁 unit');
  const found = await assertExportIsQueue(admin, `q=${encodeURIComponent('=HYPERLINK(')}`, 'admin');
  assert.equal(found.length, 2, 'the applicant and the unit named =HYPERLINK(…)');
}));

// Text Excel would misread: a literal "_x0041_" must come back as written (the export escapes it as
// "_x005F_x0041_", ECMA-376 ST_Xstring), and a character XML 1.0 does not allow (U+FFFE, which registration
// accepts) must not break the file for everyone who sees that row: it becomes U+FFFD and the rest is kept.
test('a name with the text _xHHHH_ comes out as written, one with U+FFFE as U+FFFD, and the file stays valid', () =>
  withWorkflowDemo(async (server) => {
    const county = await login(server, UNITS.county);
    const names = { 'x_x0041_y': 'x_x0041_y', 'a\uFFFEb': 'a\uFFFDb' };
    for (const name of Object.keys(names)) {
      const applicant = await newApplicant(server, name);
      assert.equal(applicant.user.name, name, 'registered as it is');
      await submittedApplication(server, county, { applicant });
    }
    const admin = await login(server, 'admin');
    for (const [name, shown] of Object.entries(names)) {
      const x = await exportOf(admin, `q=${encodeURIComponent(name)}`, `admin, ${JSON.stringify(name)}`);
      assert.deepEqual(x.rows.map((r) => r[1]), ['姓名', shown], JSON.stringify(name));
    }
  }));

// ---- many rows, and the limit ---------------------------------------------------------------------------

// A server over the workflow demo plus `zhicheng generate --applications n` (so that the city admin's queue
// holds 4 + n applications), with the clock at 2022-08-25. The generated data has no evidence files,
// snapshots or certificates (docs/performance.md "Scale"), so the invariant checker is not run on it.
async function withGenerated(n, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-export-'));
  const dbUrl = freshDatabaseUrl(dir);
  const dataDir = join(dir, 'data');
  execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
    '--calendars', calendarsDir], { stdio: 'pipe' });
  execFileSync(bin, ['generate', '--db', dbUrl, '--campaigns', campaignsDir, '--applications', String(n), '--seed', '11'],
    { stdio: 'pipe' });
  const server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] });
  try {
    await setClock(server, '2022-08-25T09:00:00+08:00');
    await fn(server);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.doesNotMatch(server.log(), /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, server.log().slice(-4000));
}

test('every row, not one page: 20,000 rows are exported as the queue lists them; the 20,001st makes it 422 export_too_large', () => withGenerated(20000 - 4, async (server) => {
  const admin = await login(server, 'admin');
  const first = await get(admin, '/queue?page_size=1');
  assert.equal(first.json.total, 20000, show(first));

  const items = await wholeQueue(admin, '', 'admin');
  assert.equal(items.length, 20000);
  const x = await exportOf(admin, '', 'admin');
  assert.equal(x.rows.length, 20001, 'the header and 20,000 rows');
  assert.deepEqual(x.rows.slice(1), items.map(rowOf), 'the export is the queue, page after page');

  // A filter that selects several pages' worth.
  const counts = first.json.counts;
  const state = Object.keys(counts).filter((s) => counts[s] > 250 && counts[s] < 5000)[0];
  assert.ok(state, JSON.stringify(counts));
  const some = await assertExportIsQueue(admin, `state=${state}`, 'admin');
  assert.equal(some.length, counts[state]);

  // One more application: 20,001 selected, refused; narrowed by a filter, exported again.
  const county = await login(server, UNITS.county);
  await submittedApplication(server, county);
  const r = await get(admin, '/queue.xlsx');
  assertError(r, 422, 'export_too_large', '20,001 rows');
  assert.match(r.json.error.message, /20000|20,000/, 'the message says the limit');
  assert.equal(r.headers.get('content-disposition'), null);
  await assertExportIsQueue(admin, 'state=submitted', 'admin');
  // The generated unit with the most applications (its account is gu<id>): its own export has them all, and
  // the city admin's filtered by its id is the same.
  const [id, n] = sqlite(server, 'SELECT unit_id, COUNT(*) FROM applications GROUP BY unit_id ORDER BY 2 DESC, 1 LIMIT 1')
    .trim().split('|').map(Number);
  assert.ok(n > 100, `the largest unit has more than a page: unit ${id}, ${n}`);
  const big = await login(server, `gu${id}`);
  const own = (await exportOf(big, '', `gu${id}`)).rows.slice(1);
  assert.deepEqual(own, (await wholeQueue(big, '', `gu${id}`)).map(rowOf));
  const byAdmin = (await wholeQueue(admin, `unit_id=${id}`, 'admin')).filter((it) => it.state !== 'draft');
  assert.deepEqual(own.map((r) => r[0]).sort(), byAdmin.map((it) => it.number).sort(),
    'the unit\'s export and the city admin\'s for the unit hold the same submitted applications');
}));
