// Keyset pagination of every growing list (docs/api.md "Lists: keyset pagination"), as a client sees it:
// following next_cursor from the first page to the last returns every row exactly once, in the documented
// order, as many as `total`; rows written between two requests neither repeat nor shift a page; `?page=`, a
// malformed cursor and an out-of-range page size are refused with the field named and change nothing;
// filters and data scope hold on every page; the last page and an empty result end with next_cursor null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, creditCode, mobile, tinyPdf } from '../lib/server.mjs';
import {
  UNITS, withServer, setClock, get, post, show, assertError, login, submittedApplications, startPublicity,
} from '../lib/workflow.mjs';

const A = '/api/v1';
const PASSWORD = 'Passw0rd2022';

// ---- helpers --------------------------------------------------------------------------------------------

const withCursor = (path, pageSize, after) => {
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}page_size=${pageSize}${after == null ? '' : `&after=${encodeURIComponent(after)}`}`;
};

// One page; asserts the answer has the documented shape.
async function page(c, path, pageSize, after) {
  const url = withCursor(path, pageSize, after);
  const r = await get(c, url);
  assert.equal(r.status, 200, `GET ${url}: ${show(r)}`);
  const p = r.json;
  assert.ok(Array.isArray(p.items), `${url}: items is an array: ${show(r)}`);
  assert.equal(typeof p.total, 'number', `${url}: total`);
  assert.equal(p.page_size, pageSize, `${url}: page_size is echoed`);
  assert.ok(p.next_cursor === null || (typeof p.next_cursor === 'string' && p.next_cursor !== ''),
    `${url}: next_cursor is a string or null: ${show(r)}`);
  assert.ok(p.items.length <= pageSize, `${url}: at most page_size items (${p.items.length})`);
  assert.ok(!('page' in p), `${url}: no page number in the answer`);
  return p;
}

// Follows next_cursor from the first page until it is null. Every page but the last is full, `total` is the
// same on every page, and the rows walked are as many as `total`. Returns {rows, pages, total}.
async function walk(c, path, pageSize, { maxPages = 500 } = {}) {
  const pages = [];
  const rows = [];
  let after = null;
  for (;;) {
    assert.ok(pages.length < maxPages, `${path}: more than ${maxPages} pages`);
    const p = await page(c, path, pageSize, after);
    if (pages.length) assert.equal(p.total, pages[0].total, `${path}: total is the same on page ${pages.length + 1}`);
    pages.push(p);
    rows.push(...p.items);
    if (p.next_cursor === null) break;
    assert.equal(p.items.length, pageSize, `${path}: page ${pages.length} is not the last, so it is full`);
    assert.notEqual(p.next_cursor, after, `${path}: the cursor moves on`);
    after = p.next_cursor;
  }
  assert.equal(rows.length, pages[0].total, `${path} by ${pageSize}: the rows walked are as many as total`);
  return { rows, pages, total: pages[0].total };
}

function assertOnce(keys, what) {
  const seen = new Set();
  for (const k of keys) {
    assert.ok(!seen.has(k), `${what}: ${k} is served twice: ${JSON.stringify(keys)}`);
    seen.add(k);
  }
}

// Strictly in order by the tuple key(row): -1 for descending, 1 for ascending.
function assertOrdered(rows, key, dir, what) {
  for (let i = 1; i < rows.length; i++) {
    const a = key(rows[i - 1]);
    const b = key(rows[i]);
    let cmp = 0;
    for (let j = 0; j < a.length && cmp === 0; j++) cmp = Math.sign(b[j] - a[j]);
    assert.equal(cmp, dir, `${what}: rows ${i - 1} and ${i} out of order: ${JSON.stringify(a)} then ${JSON.stringify(b)}`);
  }
}

const time = (iso) => {
  const t = Date.parse(iso);
  assert.ok(Number.isFinite(t), `a time: ${JSON.stringify(iso)}`);
  return t;
};
const ids = (rows, key = 'id') => rows.map((r) => r[key]);

// The whole list in one request (when it fits in the largest page), to compare a walk against.
async function whole(c, path, max = 100) {
  const p = await page(c, path, max);
  assert.equal(p.next_cursor, null, `${path}: fits in one page of ${max}`);
  return p;
}

async function staffAccount(admin, body) {
  const r = await post(admin, '/admin/accounts', { password: PASSWORD, ...body });
  assert.equal(r.status, 201, `create ${body.login}: ${show(r)}`);
  return r.json.user ?? r.json;
}

const seq = () => Math.random().toString(36).slice(2, 8);

// ---- tests ----------------------------------------------------------------------------------------------

test('the audit log and staff accounts, walked three at a time, give every row once, newest first', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const tag = seq();
  const created = [];
  for (let i = 0; i < 7; i++) {
    created.push(await staffAccount(admin, { role: 'expert', login: `pg-${tag}-${i}`, name: `分页专家${i}` }));
  }

  // The audit log: by id, newest first; the default page is 50, the walk equals the whole log read at once.
  const first = await get(admin, '/audit');
  assert.equal(first.status, 200, show(first));
  assert.equal(first.json.page_size, 50, 'the audit log pages by 50 unless asked');
  const audit = await walk(admin, '/audit', 3);
  assert.ok(audit.total > 7 && audit.total <= 200, `audit rows: ${audit.total}`);
  assert.equal(audit.total, first.json.total);
  assertOnce(ids(audit.rows), 'audit');
  assertOrdered(audit.rows, (e) => [e.id], -1, 'audit, newest first');
  assert.deepEqual(ids(audit.rows), ids((await whole(admin, '/audit', 200)).items), 'the walk is the log read at once');
  assert.deepEqual(ids(audit.rows).slice(0, 50), ids(first.json.items), 'the default first page is its head');
  // A page size that fits exactly ends with next_cursor null; one less leaves one row for a second page.
  const exact = await page(admin, '/audit', audit.total);
  assert.equal(exact.items.length, audit.total);
  assert.equal(exact.next_cursor, null, 'a page holding the last row is the last page');
  const short = await page(admin, '/audit', audit.total - 1);
  assert.equal(typeof short.next_cursor, 'string');
  const rest = await page(admin, '/audit', audit.total - 1, short.next_cursor);
  assert.deepEqual(ids(rest.items), [audit.rows.at(-1).id]);
  assert.equal(rest.next_cursor, null);

  // With filters: only the rows the filters match, on every page.
  const creates = await walk(admin, '/audit?action=account.create&actor=admin', 2);
  assert.ok(creates.total >= 7, `account.create rows: ${creates.total}`);
  assert.ok(creates.rows.every((e) => e.action.startsWith('account.create') && e.actor_login === 'admin'),
    JSON.stringify(creates.rows.map((e) => [e.action, e.actor_login])));
  assertOnce(ids(creates.rows), 'audit account.create');
  assertOrdered(creates.rows, (e) => [e.id], -1, 'audit account.create');
  assert.deepEqual(ids(creates.rows), ids(audit.rows.filter((e) => e.action.startsWith('account.create') && e.actor_login === 'admin')));
  for (const u of created) assert.ok(creates.rows.some((e) => e.summary.includes(u.login)), `the creation of ${u.login} is logged`);

  // Staff accounts: by id, newest first; never an applicant or a unit.
  const staff = await walk(admin, '/admin/accounts', 3);
  assertOnce(ids(staff.rows), 'staff accounts');
  assertOrdered(staff.rows, (u) => [u.id], -1, 'staff accounts, newest first');
  assert.ok(staff.rows.every((u) => !['applicant', 'unit'].includes(u.role)), JSON.stringify(staff.rows.map((u) => u.role)));
  for (const u of created) assert.ok(staff.rows.some((x) => x.login === u.login), `${u.login} is listed`);
  assert.deepEqual(ids(staff.rows), ids((await whole(admin, '/admin/accounts')).items), 'the walk is the list read at once');
  assert.deepEqual(ids(staff.rows.slice(0, 7)), ids(created).reverse(), 'the newest accounts come first');
  assert.equal((await get(admin, '/admin/accounts')).json.page_size, 20, 'lists page by 20 unless asked');

  const experts = await walk(admin, '/admin/accounts?role=expert', 4);
  assert.ok(experts.rows.every((u) => u.role === 'expert'), JSON.stringify(experts.rows.map((u) => u.role)));
  assert.deepEqual(ids(experts.rows), ids(staff.rows.filter((u) => u.role === 'expert')), 'the role filter holds on every page');

  // The expert pool: by id, oldest first.
  const pool = await walk(admin, '/experts', 4);
  assertOnce(ids(pool.rows), 'experts');
  assertOrdered(pool.rows, (e) => [e.id], 1, 'experts by id');
  assert.deepEqual(ids(pool.rows), ids((await whole(admin, '/experts')).items));
}));

test('rows written between two page requests neither repeat nor shift the next page', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const tag = seq();
  const before = await whole(admin, '/audit', 200);
  const p1 = await page(admin, '/audit', 5);
  assert.deepEqual(ids(p1.items), ids(before.items).slice(0, 5));
  assert.equal(typeof p1.next_cursor, 'string');

  // New audit rows (and a new staff account) arrive between page 1 and page 2.
  await staffAccount(admin, { role: 'expert', login: `pg-${tag}-between`, name: '中途新增' });
  const now = await get(admin, '/audit?page_size=1');
  assert.ok(now.json.items[0].id > p1.items[0].id, 'a newer audit row exists');
  assert.ok(now.json.total > p1.total, 'total grew');

  const p2 = await page(admin, '/audit', 5, p1.next_cursor);
  const onPage1 = new Set(ids(p1.items));
  assert.ok(ids(p2.items).every((id) => !onPage1.has(id)), `no row of page 1 repeats: ${ids(p1.items)} / ${ids(p2.items)}`);
  assert.ok(p2.items[0].id < p1.items.at(-1).id, `page 2 starts below page 1's last row: ${ids(p1.items)} / ${ids(p2.items)}`);
  assert.deepEqual(ids(p2.items), ids(before.items).slice(5, 10), 'page 2 is the next five rows as they were, not shifted');
  assert.equal(p2.total, now.json.total, 'total counts every row, the new ones too');

  // The same with staff accounts.
  const s1 = await page(admin, '/admin/accounts', 3);
  const staffBefore = await whole(admin, '/admin/accounts');
  for (let i = 0; i < 2; i++) await staffAccount(admin, { role: 'expert', login: `pg-${tag}-s${i}`, name: `中途${i}` });
  const s2 = await page(admin, '/admin/accounts', 3, s1.next_cursor);
  assert.ok(ids(s2.items).every((id) => !ids(s1.items).includes(id)), 'no account repeats');
  assert.deepEqual(ids(s2.items), ids(staffBefore.items).slice(3, 6), 'the second page is not shifted by new accounts');
  assert.equal(s2.total, staffBefore.total + 2);
}));

test('?page=, a malformed cursor and a page size out of range are refused on every list and change nothing', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const unit = await login(server, UNITS.county);
  const anyone = new Client(server.baseUrl);
  const lists = [
    [admin, '/units'], [admin, '/admin/accounts'], [admin, '/audit'], [admin, '/queue'], [unit, '/queue'],
    [unit, '/unit/archives'], [admin, '/notifications'], [unit, '/notifications'], [admin, '/deadline-extensions'],
    [admin, '/experts'], [admin, '/review-groups'], [admin, '/meetings'], [admin, '/result-publicity'],
    [anyone, '/public/results'], [admin, '/certificates'], [admin, '/integrity/records'], [admin, '/cases'],
    [unit, '/cases'],
  ];
  const totals = async () => ({
    audit: (await get(admin, '/audit?page_size=1')).json.total,
    staff: (await get(admin, '/admin/accounts?page_size=1')).json.total,
    units: (await get(admin, '/units?page_size=1')).json.total,
  });
  const before = await totals();

  const fieldsOf = (r) => (r.json?.error?.fields ?? []).map((f) => [f.field, f.reason ?? f.code]); // the precise reason (issue 17)
  for (const [c, path] of lists) {
    const ok = await get(c, path);
    assert.equal(ok.status, 200, `GET ${path}: ${show(ok)}`);
    for (const k of ['items', 'total', 'page_size', 'next_cursor']) assert.ok(k in ok.json, `GET ${path} answers ${k}: ${show(ok)}`);
    assert.equal(ok.json.page_size, path === '/audit' ? 50 : 20, `${path}: the default page size`);

    for (const q of ['page=2', 'page=1', 'page=2&page_size=5']) {
      const r = await get(c, `${path}?${q}`);
      assertError(r, 422, 'validation_failed', `GET ${path}?${q}`);
      assert.ok(fieldsOf(r).some(([f]) => f === 'page'), `GET ${path}?${q} names the field page: ${show(r)}`);
    }
    for (const bad of ['abc', '1', '1.2.3', '.', '1.', '.1', 'a.b', '1.2x']) {
      const r = await get(c, `${path}?after=${encodeURIComponent(bad)}`);
      assertError(r, 422, 'validation_failed', `GET ${path}?after=${bad}`);
      assert.ok(fieldsOf(r).some(([f, code]) => f === 'after' && code === 'invalid_cursor'),
        `GET ${path}?after=${bad}: field after, code invalid_cursor: ${show(r)}`);
    }
    const max = path === '/audit' ? 200 : 100;
    for (const size of ['0', String(max + 1), '-1', 'abc', '2.5']) {
      const r = await get(c, `${path}?page_size=${size}`);
      assertError(r, 422, 'validation_failed', `GET ${path}?page_size=${size}`);
      assert.ok(fieldsOf(r).some(([f]) => f === 'page_size'), `GET ${path}?page_size=${size} names the field page_size: ${show(r)}`);
    }
    const largest = await get(c, `${path}?page_size=${max}`);
    assert.equal(largest.status, 200, `GET ${path}?page_size=${max} is allowed: ${show(largest)}`);
  }
  // The audit log takes up to 200, the others 100.
  assert.equal((await get(admin, '/audit?page_size=200')).status, 200);
  assertError(await get(admin, '/units?page_size=200'), 422, 'validation_failed');

  assert.deepEqual(await totals(), before, 'the refused requests wrote nothing');
}));

test('units page oldest letter first, and an acceptance point or department sees only its own on every page', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  // Four new 南湖 units and one in 海宁: B's letter comes before A's although A registered first; C and E have
  // not sent theirs yet (no letter time) and are listed all the same.
  const register = async (name, region) => {
    const code = creditCode(`91${region}MA`);
    const form = { credit_code: code, name, region_code: region, unit_type: 'enterprise', city_level: false,
      contact_name: '分页', mobile: mobile(), password: PASSWORD };
    const r = await new Client(server.baseUrl).post(`${A}/auth/register/unit`, form);
    assert.equal(r.status, 201, `register ${name}: ${show(r)}`);
    return { id: r.json.unit.id, code, c: await login(server, code, PASSWORD) };
  };
  const letter = async (u) => {
    const r = await u.c.request('PUT', `${A}/units/me/letter`, { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
    assert.equal(r.status, 200, `letter: ${show(r)}`);
  };
  const a = await register('嘉兴分页甲机械有限公司', '330402');
  const b = await register('嘉兴分页乙机械有限公司', '330402');
  const c = await register('嘉兴分页丙机械有限公司', '330402');
  const d = await register('海宁分页丁机械有限公司', '330481');
  const e = await register('嘉兴分页戊机械有限公司', '330402');
  await setClock(server, '2022-08-20T10:00:00+08:00');
  await letter(b);
  await letter(d);
  await setClock(server, '2022-08-20T11:00:00+08:00');
  await letter(a);

  // The city admin: every unit once, as many as total, with letters oldest first (ties by id).
  const all = await whole(admin, '/units');
  for (const size of [1, 3]) {
    const w = await walk(admin, '/units', size);
    assertOnce(ids(w.rows), `units by ${size}`);
    assert.deepEqual(new Set(ids(w.rows)), new Set(ids(all.items)), `units by ${size}: the same units as in one page`);
    for (const u of [a, b, c, d, e]) assert.ok(ids(w.rows).includes(u.id), `units by ${size}: unit ${u.id} is listed`);
    const withLetter = w.rows.filter((u) => u.letter_uploaded_at);
    assertOrdered(withLetter, (u) => [time(u.letter_uploaded_at), u.id], 1, `units by ${size}, oldest letter first`);
    assert.ok(ids(w.rows).indexOf(b.id) < ids(w.rows).indexOf(a.id), 'B, whose letter came first, before A');
  }
  const pending = await walk(admin, '/units?status=letter_pending', 1);
  assert.ok(pending.rows.every((u) => u.status === 'letter_pending'), JSON.stringify(pending.rows.map((u) => u.status)));
  for (const u of [a, b, d]) assert.ok(ids(pending.rows).includes(u.id), `unit ${u.id} is pending`);

  // An acceptance point walking the list sees only county units of its region, on every page.
  for (const [who, region] of [['ap330402', '330402'], ['ap330481', '330481']]) {
    const ap = await login(server, who);
    const mine = all.items.filter((u) => u.region_code === region && !u.city_level);
    const w = await walk(ap, '/units', 1);
    assert.ok(w.rows.every((u) => u.region_code === region && !u.city_level), `${who}: ${JSON.stringify(w.rows.map((u) => [u.region_code, u.city_level]))}`);
    assert.deepEqual(new Set(ids(w.rows)), new Set(ids(mine)), `${who} sees every unit of its region once`);
    assertOnce(ids(w.rows), who);
  }
  // The competent department sees only the city-level units under it.
  const jtj = await login(server, 'jtj');
  const dept = await walk(jtj, '/units', 1);
  assert.ok(dept.total >= 1, 'the demo department has a unit');
  assert.ok(dept.rows.every((u) => u.city_level && u.competent_department_id === dept.rows[0].competent_department_id),
    JSON.stringify(dept.rows));
  // A search matching nothing: an empty page.
  const none = await page(admin, `/units?q=${encodeURIComponent('没有这个单位名称')}`, 5);
  assert.deepEqual(none, { ...none, items: [], total: 0, next_cursor: null });
}));

test('queues, archives to review, notifications, extensions and cases page by cursor within their filters and scope', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const admin = await login(server, 'admin');
  const office = await login(server, 'committee');

  // Five applications at one unit; two of them go to publicity.
  const apps = await submittedApplications(server, unit, 5);
  const appIds = apps.map((x) => x.app.id);
  await setClock(server, '2022-08-22T09:00:00+08:00');
  await startPublicity(unit, appIds[1], '2022-08-22');
  await startPublicity(unit, appIds[3], '2022-08-22');

  // The unit's queue: updated_at newest first, ties by id newest first; counts on every page.
  const queue = await walk(unit, '/queue', 2);
  assert.equal(queue.total, 5);
  assert.deepEqual(new Set(ids(queue.rows)), new Set(appIds));
  assertOnce(ids(queue.rows), 'unit queue');
  assertOrdered(queue.rows, (x) => [time(x.updated_at), x.id], -1, 'queue, updated_at then id, newest first');
  for (const p of queue.pages) assert.equal(p.counts?.submitted, 3, `counts on every page: ${JSON.stringify(p.counts)}`);
  for (const p of queue.pages) assert.equal(p.counts?.publicity, 2, `counts on every page: ${JSON.stringify(p.counts)}`);
  assert.deepEqual(ids(queue.rows.slice(0, 2)).sort(), [appIds[1], appIds[3]].sort(), 'the two just moved to publicity come first');

  // A filter and the cursor together stay within the filter.
  const submitted = await walk(unit, '/queue?state=submitted', 1);
  assert.deepEqual(new Set(ids(submitted.rows)), new Set([appIds[0], appIds[2], appIds[4]]));
  assert.ok(submitted.rows.every((x) => x.state === 'submitted'), JSON.stringify(submitted.rows.map((x) => x.state)));
  assertOrdered(submitted.rows, (x) => [time(x.updated_at), x.id], -1, 'submitted queue');
  const inPublicity = await walk(unit, '/queue?state=publicity', 1);
  assert.deepEqual(ids(inPublicity.rows), [appIds[3], appIds[1]], 'publicity, newest first');
  // The cursor of a page of one filter, used with it again, continues within the filter.
  const p1 = await page(unit, '/queue?state=submitted', 2);
  const p2 = await page(unit, '/queue?state=submitted', 2, p1.next_cursor);
  assert.deepEqual([...ids(p1.items), ...ids(p2.items)], ids(submitted.rows));
  assert.equal(p2.next_cursor, null);
  // An empty filter: items [], total 0, next_cursor null.
  const empty = await page(unit, '/queue?state=certified', 5);
  assert.deepEqual([empty.items, empty.total, empty.next_cursor], [[], 0, null]);

  // The city admin's queue holds them too; another region's acceptance point sees none of them.
  const cityQueue = await walk(admin, '/queue', 2);
  assertOnce(ids(cityQueue.rows), 'city queue');
  for (const id of appIds) assert.ok(ids(cityQueue.rows).includes(id), `the city admin sees ${id}`);
  assertOrdered(cityQueue.rows, (x) => [time(x.updated_at), x.id], -1, 'city queue');
  const haining = await login(server, 'ap330481');
  const foreign = await walk(haining, '/queue', 2);
  assert.ok(ids(foreign.rows).every((id) => !appIds.includes(id)), `another region sees none: ${ids(foreign.rows)}`);

  // Archives to review at the unit: submitted_at newest first, ties by user id newest first.
  const archives = await walk(unit, '/unit/archives', 2);
  assert.equal(archives.total, 5);
  assertOnce(ids(archives.rows, 'user_id'), 'archives');
  assert.deepEqual(new Set(ids(archives.rows, 'user_id')), new Set(apps.map((x) => x.applicant.user.id)));
  assertOrdered(archives.rows, (x) => [time(x.submitted_at), x.user_id], -1, 'archives, submitted_at then user id');
  for (const p of archives.pages) assert.ok(p.counts && typeof p.counts === 'object', `counts on every page: ${JSON.stringify(p)}`);
  const approved = await walk(unit, '/unit/archives?status=approved', 1);
  assert.ok(approved.rows.every((x) => x.status === 'approved'));
  assert.equal(approved.total, 5);
  const returned = await page(unit, '/unit/archives?status=returned', 3);
  assert.deepEqual([returned.items, returned.total, returned.next_cursor], [[], 0, null]);

  // Deadline extensions (newest first); each notifies the unit.
  for (let i = 0; i < 5; i++) {
    const r = await post(admin, '/deadline-extensions', { stage: 'unit', unit_id: unit.user.unit.id, until: `2022-09-${20 + i}`, reason: `分页延期${i}` });
    assert.ok([200, 201].includes(r.status), show(r));
  }
  const ext = await walk(admin, '/deadline-extensions', 2);
  assert.equal(ext.total, 5);
  assertOnce(ids(ext.rows), 'extensions');
  assertOrdered(ext.rows, (x) => [x.id], -1, 'extensions, newest first');
  assert.deepEqual(ext.rows.map((x) => x.reason), [4, 3, 2, 1, 0].map((i) => `分页延期${i}`));

  // The unit's notifications: newest first, unread on every page, only its own.
  const notes = await walk(unit, '/notifications', 2);
  assert.ok(notes.total >= 5, `the unit has its notifications: ${notes.total}`);
  assertOnce(ids(notes.rows), 'unit notifications');
  assertOrdered(notes.rows, (x) => [x.id], -1, 'notifications, newest first');
  for (const p of notes.pages) assert.equal(typeof p.unread, 'number', `unread on every page: ${JSON.stringify(p)}`);
  assert.equal(notes.rows.filter((x) => x.kind === 'deadline.extended').length, 5);
  assert.deepEqual(ids(notes.rows), ids((await whole(unit, '/notifications')).items));

  // Cases: everyone's for the office, one's own for an applicant, on every page.
  const [x, y] = [apps[0].applicant, apps[1].applicant];
  const filed = { [x.user.id]: [], [y.user.id]: [] };
  for (const [who, n] of [[x, 3], [y, 2]]) {
    for (let i = 0; i < n; i++) {
      const r = await post(who, '/cases', { kind: 'complaint', subject: `分页投诉${i}`, content: '评审程序投诉，请核查。' });
      assert.equal(r.status, 201, show(r));
      filed[who.user.id].push(r.json.id);
    }
  }
  const cases = await walk(office, '/cases', 2);
  assert.equal(cases.total, 5);
  assertOrdered(cases.rows, (k) => [k.id], -1, 'cases, newest first');
  assert.deepEqual(new Set(ids(cases.rows)), new Set([...filed[x.user.id], ...filed[y.user.id]]));
  const own = await walk(x, '/cases', 1);
  assert.deepEqual(ids(own.rows), [...filed[x.user.id]].reverse(), 'an applicant walks only their own cases');
  const none = await page(apps[4].applicant, '/cases', 3);
  assert.deepEqual([none.items, none.total, none.next_cursor], [[], 0, null]);

  // The office's notifications of the cases, walked one at a time.
  const officeNotes = await walk(office, '/notifications', 1);
  assertOnce(ids(officeNotes.rows), 'office notifications');
  assert.ok(officeNotes.rows.filter((n) => n.kind === 'case.filed').length >= 5);
  assertOrdered(officeNotes.rows, (n) => [n.id], -1, 'office notifications');

  // Writes between pages do not shift the queue: page 1, then another application moves, then page 2.
  const q1 = await page(unit, '/queue', 2);
  const queueBefore = await whole(unit, '/queue');
  await startPublicity(unit, appIds[4], '2022-08-22');
  const q2 = await page(unit, '/queue', 2, q1.next_cursor);
  assert.ok(ids(q2.items).every((id) => !ids(q1.items).includes(id)), `no repeat: ${ids(q1.items)} / ${ids(q2.items)}`);
  assert.ok(ids(q2.items).every((id) => ids(queueBefore.items).slice(2).includes(id)), 'page 2 holds rows after page 1 only');

  // Nothing to review yet: the review lists are empty pages.
  for (const path of ['/review-groups', '/meetings', '/result-publicity', '/certificates', '/integrity/records']) {
    const p = await page(admin, path, 5);
    assert.deepEqual([p.items, p.total, p.next_cursor], [[], 0, null], path);
  }
  const results = await page(new Client(server.baseUrl), '/public/results', 5);
  assert.deepEqual([results.items, results.total, results.next_cursor], [[], 0, null], '/public/results');
}));
