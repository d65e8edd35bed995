// The dashboard's counts, GET /stats (docs/workflow.md "Counts for dashboards"), as the people who read a
// dashboard see them: each role that may call it sees the same applications as in its queue (the counts per
// state are the queue's counts, every state listed, zeros included); the total is the sum of the states and
// of each breakdown by region, level and specialty, which carry the Chinese names users know and list the
// largest first; one step of one application moves one count on the dashboards of those who see it, and
// nothing on the others'; an acceptance point, a department and a unit count only what is theirs; an
// applicant and an expert may not read it; the city admin's total is every application in the database.
// The servers start from the workflow demo (`zhicheng demo --workflow`: four applications at four stages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, creditCode, mobile, tinyPdf } from '../lib/server.mjs';
import {
  UNITS, DEMO_APPLICANT, PASSWORD, OPINION, assertInvariants, setClock, get, post, show, assertError, hasChinese,
  login, newApplicant, approvedArchive, createApplication, uploadRequired, pledge, act, submittedApplication,
  startPublicity, withWorkflowDemo,
} from '../lib/workflow.mjs';
import { sqliteJson, sqlString } from '../lib/review.mjs';

const A = '/api/v1';

// Every state of the transition table and of the review (src/workflow/overview.cpp).
const STATES = ['draft', 'submitted', 'returned', 'publicity', 'unit_recommended', 'county_returned',
  'county_recommended', 'received', 'not_recommended', 'accepted', 'office_returned', 'passed', 'failed',
  'certified', 'revoked', 'not_accepted', 'withdrawn'];
const BREAKDOWNS = ['by_region', 'by_level', 'by_specialty'];
// Past the unit (an acceptance point's or a department's scope) and at the committee (the office's).
const AT_COMMITTEE = ['county_recommended', 'received', 'office_returned', 'accepted', 'passed', 'failed', 'certified', 'revoked'];
const PAST_UNIT = ['unit_recommended', 'county_returned', ...AT_COMMITTEE];

// The workflow demo's applications (src/app/demo.cpp LoadWorkflowDemo), by applicant.
const DEMO = {
  liXiaoyan: '李晓燕', // 禾丰 (county unit, 南湖), 工程师 纺织工程, submitted
  chenZhiqiang: '陈志强', // 水利工程管理站 (county unit, 南湖), 工程师 化工工艺, publicity 2022-08-18 … 08-24
  zhangMin: '张敏', // 禾丰, 助理工程师 自动化, unit_recommended (with the acceptance point of 南湖)
  zhouHaifeng: '周海峰', // 交通投资集团 (city level, region 南湖, under 交通运输局), 工程师 环境工程, county_recommended
};

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const byCode = (rows) => [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

// The whole queue of a user, following next_cursor.
async function wholeQueue(c, who) {
  const items = [];
  let after = null;
  let first = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 50, `${who}: the queue ends within 50 pages`);
    const r = await get(c, `/queue?page_size=100${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
    assert.equal(r.status, 200, `${who} GET /queue: ${show(r)}`);
    first ??= r.json;
    items.push(...r.json.items);
    if (r.json.next_cursor === null) break;
    after = r.json.next_cursor;
  }
  return { items, counts: first.counts, total: first.total };
}

// The breakdowns the queue's items give: [{code, name, count}] per region, level and specialty.
function breakdownsOf(items, regionOf, regionNames) {
  const group = (key, name) => {
    const m = new Map();
    for (const it of items) {
      const code = key(it);
      const row = m.get(code) ?? { code, name: name(it, code), count: 0 };
      row.count += 1;
      m.set(code, row);
    }
    return byCode(m.values());
  };
  return {
    by_region: group((it) => regionOf.get(it.id), (it, code) => regionNames.get(code)),
    by_level: group((it) => it.level, (it) => it.level_name),
    by_specialty: group((it) => it.specialty, (it) => it.specialty_name),
  };
}

function assertShape(s, who) {
  const what = `${who}: ${JSON.stringify(s)}`;
  assert.deepEqual(Object.keys(s).sort(), ['by_level', 'by_region', 'by_specialty', 'by_state', 'by_unit', 'pass_rate',
    'pending_units', 'total', 'unit_deadline'], what);
  assert.ok(Number.isInteger(s.total) && s.total >= 0, `${what}: total`);
  assert.deepEqual(Object.keys(s.by_state).sort(), [...STATES].sort(), `${who}: every state, zeros included`);
  for (const [state, n] of Object.entries(s.by_state)) assert.ok(Number.isInteger(n) && n >= 0, `${what}: by_state.${state}`);
  assert.equal(sum(Object.values(s.by_state)), s.total, `${what}: total is the sum of by_state`);
  for (const list of BREAKDOWNS) {
    const rows = s[list];
    assert.ok(Array.isArray(rows), `${what}: ${list} is a list`);
    assert.equal(sum(rows.map((r) => r.count)), s.total, `${what}: total is the sum of ${list}`);
    assert.equal(new Set(rows.map((r) => r.code)).size, rows.length, `${what}: each code once in ${list}`);
    for (const r of rows) {
      assert.deepEqual(Object.keys(r).sort(), ['code', 'count', 'name'], `${what}: ${list} row`);
      assert.ok(typeof r.code === 'string' && r.code !== '', `${what}: ${list} code`);
      assert.ok(Number.isInteger(r.count) && r.count > 0, `${what}: ${list} lists only what is there`);
      assert.ok(hasChinese(r.name) && r.name !== r.code, `${what}: ${list} ${r.code} has its Chinese name, got ${JSON.stringify(r.name)}`);
    }
    for (let i = 1; i < rows.length; i++) {
      assert.ok(rows[i - 1].count >= rows[i].count, `${what}: ${list} largest count first`);
    }
  }
}

// What a dashboard user sees: GET /stats, checked against the same user's queue (the same scope): the
// counts per state and total are the queue's, and the breakdowns are those of the queue's items.
async function dashboard(server, c, who) {
  const r = await get(c, '/stats');
  assert.equal(r.status, 200, `${who} GET /stats: ${show(r)}`);
  const s = r.json;
  assertShape(s, who);
  const q = await wholeQueue(c, who);
  assert.deepEqual(s.by_state, q.counts, `${who}: by_state equals the queue's counts`);
  assert.equal(s.total, q.total, `${who}: total equals the queue's total`);
  assert.equal(q.items.length, s.total, `${who}: as many as the queue lists`);
  const regionOf = new Map(sqliteJson(server, 'SELECT id, region_code FROM applications').map((a) => [Number(a.id), a.region_code]));
  const regions = await new Client(server.baseUrl).get(`${A}/regions`);
  assert.equal(regions.status, 200, show(regions));
  const regionNames = new Map(regions.json.map((x) => [x.code, x.name]));
  const expected = breakdownsOf(q.items, regionOf, regionNames);
  for (const list of BREAKDOWNS) {
    assert.deepEqual(byCode(s[list]), expected[list], `${who}: ${list} counts the applications of the queue`);
  }
  // Units: the largest first, and those with applications waiting for them (submitted, in publicity or
  // returned by the county), counted from the queue's items and the database's unit of each.
  const unitOf = new Map(sqliteJson(server, 'SELECT a.id, a.unit_id, u.name FROM applications a JOIN units u ON u.id = a.unit_id')
    .map((a) => [Number(a.id), { id: Number(a.unit_id), name: a.name }]));
  const perUnit = (items) => {
    const m = new Map();
    for (const it of items) {
      const u = unitOf.get(it.id);
      m.set(u.id, { unit_id: u.id, name: u.name, n: (m.get(u.id)?.n ?? 0) + 1 });
    }
    return [...m.values()].sort((x, y) => y.n - x.n || x.unit_id - y.unit_id).slice(0, 20);
  };
  assert.deepEqual(s.by_unit, perUnit(q.items).map(({ n, ...u }) => ({ ...u, count: n })), `${who}: by_unit`);
  const waiting = q.items.filter((it) => ['submitted', 'publicity', 'county_returned'].includes(it.state));
  assert.deepEqual(s.pending_units, perUnit(waiting).map(({ n, ...u }) => ({ ...u, pending: n })), `${who}: pending_units`);
  assert.match(s.unit_deadline.date, /^\d{4}-\d{2}-\d{2}$/, `${who}: unit deadline`);
  assert.ok(Number.isInteger(s.unit_deadline.days_left), `${who}: days left`);
  const through = ['passed', 'certified', 'revoked'].reduce((n, k) => n + s.by_state[k], 0);
  assert.equal(s.pass_rate.passed, through, `${who}: voted through = passed + certified + revoked`);
  assert.equal(s.pass_rate.decided, through + s.by_state.failed, `${who}: decided adds the failed`);
  for (const list of ['by_level', 'by_specialty', 'by_region']) {
    assert.equal(sum(s.pass_rate[list].map((r) => r.decided)), s.pass_rate.decided, `${who}: pass_rate.${list} adds up`);
    for (const r of s.pass_rate[list]) assert.ok(r.passed <= r.decided && r.decided > 0 && hasChinese(r.name), `${who}: ${JSON.stringify(r)}`);
  }
  return s;
}

// The per-state changes from one dashboard to the next ({state: +n/-n}, unchanged states left out).
function moved(before, after) {
  return Object.fromEntries(STATES.filter((k) => after.by_state[k] !== before.by_state[k])
    .map((k) => [k, after.by_state[k] - before.by_state[k]]));
}

async function appIdOf(admin, applicantName) {
  const r = await get(admin, `/queue?q=${encodeURIComponent(applicantName)}`);
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.items.length, 1, `one application of ${applicantName}: ${show(r)}`);
  return r.json.items[0].id;
}

// The counts per state in the database, for the applications `where` selects.
function dbByState(server, where = '1 = 1') {
  const out = Object.fromEntries(STATES.map((k) => [k, 0]));
  for (const r of sqliteJson(server, `SELECT state, COUNT(*) AS n FROM applications WHERE ${where} GROUP BY state`)) {
    out[r.state] = Number(r.n);
  }
  return out;
}

const ROLES = ['admin', UNITS.county, UNITS.institution, UNITS.city, 'ap330402', 'jtj', 'committee'];

test('every role sees its queue\'s counts; the total adds up by state, region, level and specialty, with Chinese names', () => withWorkflowDemo(async (server) => {
  // A draft of a fifth applicant at 禾丰: counted for the city admin only.
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  await createApplication(applicant, { level: 'engineer', specialty: 'chemical_process' });

  const regions = (await new Client(server.baseUrl).get(`${A}/regions`)).json;
  assert.ok(regions.length >= 2, JSON.stringify(regions));
  const seen = {};
  for (const who of [...ROLES, ...regions.map((r) => `ap${r.code}`).filter((x) => x !== 'ap330402')]) {
    seen[who] = await dashboard(server, await login(server, who), who);
  }
  const only = (counts) => ({ ...Object.fromEntries(STATES.map((k) => [k, 0])), ...counts });

  // The city admin: all five, 南湖 only; 工程师 four, 助理工程师 one.
  const admin = seen.admin;
  assert.equal(admin.total, 5);
  assert.deepEqual(admin.by_state, only({ draft: 1, submitted: 1, publicity: 1, unit_recommended: 1, county_recommended: 1 }));
  assert.deepEqual(admin.by_region, [{ code: '330402', name: '南湖区', count: 5 }]);
  assert.deepEqual(admin.by_level, [{ code: 'engineer', name: '工程师', count: 4 }, { code: 'assistant_engineer', name: '助理工程师', count: 1 }]);
  assert.deepEqual(admin.by_specialty[0], { code: 'chemical_process', name: '化工工艺', count: 2 }, 'the largest first');
  assert.deepEqual(byCode(admin.by_specialty.slice(1)).map((r) => [r.code, r.name, r.count]),
    [['automation', '自动化', 1], ['environmental_engineering', '环境工程', 1], ['textile_engineering', '纺织工程', 1]]);

  // The names are the campaign's.
  const campaign = (await new Client(server.baseUrl).get(`${A}/campaigns/current`)).json;
  const levelNames = new Map(campaign.levels.map((l) => [l.code, l.name]));
  const specialtyNames = new Map(campaign.families.flatMap((f) => f.specialties).map((s) => [s.code, s.name]));
  for (const [who, s] of Object.entries(seen)) {
    for (const r of s.by_level) assert.equal(r.name, levelNames.get(r.code), `${who}: the name of level ${r.code}`);
    for (const r of s.by_specialty) assert.equal(r.name, specialtyNames.get(r.code), `${who}: the name of specialty ${r.code}`);
  }

  // Each unit its own submitted ones (not the draft); 禾丰 two, the others one each.
  assert.deepEqual(seen[UNITS.county].by_state, only({ submitted: 1, unit_recommended: 1 }));
  assert.deepEqual(seen[UNITS.county].by_level.map((r) => r.count), [1, 1]);
  assert.deepEqual(seen[UNITS.institution].by_state, only({ publicity: 1 }));
  assert.deepEqual(seen[UNITS.institution].by_specialty, [{ code: 'chemical_process', name: '化工工艺', count: 1 }]);
  assert.deepEqual(seen[UNITS.city].by_state, only({ county_recommended: 1 }));
  // 南湖's acceptance point: 张敏's (past the unit), not 周海峰's, a city-level unit's in the same region.
  assert.deepEqual(seen.ap330402.by_state, only({ unit_recommended: 1 }));
  assert.deepEqual(seen.ap330402.by_region, [{ code: '330402', name: '南湖区', count: 1 }]);
  assert.deepEqual(seen.ap330402.by_level, [{ code: 'assistant_engineer', name: '助理工程师', count: 1 }]);
  assert.deepEqual(seen.ap330402.by_specialty, [{ code: 'automation', name: '自动化', count: 1 }]);
  // The department: its city-level unit's; the committee office: from county_recommended on.
  for (const who of ['jtj', 'committee']) {
    assert.deepEqual(seen[who].by_state, only({ county_recommended: 1 }), who);
    assert.deepEqual(seen[who].by_level, [{ code: 'engineer', name: '工程师', count: 1 }], who);
    assert.deepEqual(seen[who].by_specialty, [{ code: 'environmental_engineering', name: '环境工程', count: 1 }], who);
  }
  // The other regions' acceptance points: nothing, with every state at zero and empty breakdowns.
  for (const r of regions.filter((x) => x.code !== '330402')) {
    const s = seen[`ap${r.code}`];
    const { unit_deadline, ...rest } = s;
    assert.deepEqual(rest, { total: 0, by_state: only({}), by_region: [], by_level: [], by_specialty: [], by_unit: [],
      pending_units: [], pass_rate: { passed: 0, decided: 0, by_level: [], by_specialty: [], by_region: [] } }, `ap${r.code}`);
  }
}));

test('one step of one application moves one count on the dashboards of those who see it, and nothing elsewhere', () => withWorkflowDemo(async (server) => {
  const c = {};
  for (const who of ROLES) c[who] = await login(server, who);
  const snapshot = async () => {
    const out = {};
    for (const who of ROLES) out[who] = await dashboard(server, c[who], who);
    return out;
  };
  const admin = c.admin;
  const ids = {};
  for (const [k, name] of Object.entries(DEMO)) ids[k] = await appIdOf(admin, name);

  // Runs `fn`, then checks every dashboard: the states moved as `expected[who]` says (nothing for the
  // others), and where no application came or went, the breakdowns are as they were.
  let before = await snapshot();
  const step = async (what, fn, expected) => {
    await fn();
    const after = await snapshot();
    for (const who of ROLES) {
      const want = expected[who] ?? {};
      assert.deepEqual(moved(before[who], after[who]), want, `${what}: ${who}'s counts per state`);
      assert.equal(after[who].total - before[who].total, sum(Object.values(want)), `${what}: ${who}'s total`);
      if (sum(Object.values(want)) === 0) {
        for (const list of BREAKDOWNS) assert.deepEqual(after[who][list], before[who][list], `${what}: ${who}'s ${list}`);
      }
    }
    before = after;
    return after;
  };

  // 禾丰 starts the publicity of 李晓燕's application.
  await step('start_publicity', () => startPublicity(c[UNITS.county], ids.liXiaoyan, '2022-08-25'), {
    [UNITS.county]: { submitted: -1, publicity: 1 },
    admin: { submitted: -1, publicity: 1 },
  });

  // 水利工程管理站 recommends 陈志强's after its publicity (ended 2022-08-24): it reaches 南湖's acceptance point.
  let now = await step('recommend', () => act(c[UNITS.institution], ids.chenZhiqiang, 'recommend', { opinion: OPINION }, 'unit_recommended'), {
    [UNITS.institution]: { publicity: -1, unit_recommended: 1 },
    admin: { publicity: -1, unit_recommended: 1 },
    ap330402: { unit_recommended: 1 },
  });
  assert.deepEqual(byCode(now.ap330402.by_level), [{ code: 'assistant_engineer', name: '助理工程师', count: 1 }, { code: 'engineer', name: '工程师', count: 1 }]);
  assert.deepEqual(now.ap330402.by_region, [{ code: '330402', name: '南湖区', count: 2 }]);

  // 南湖's acceptance point recommends 张敏's to the committee: the office counts it from now on.
  now = await step('county_recommend', () => act(c.ap330402, ids.zhangMin, 'county_recommend', {}, 'county_recommended'), {
    ap330402: { unit_recommended: -1, county_recommended: 1 },
    [UNITS.county]: { unit_recommended: -1, county_recommended: 1 },
    admin: { unit_recommended: -1, county_recommended: 1 },
    committee: { county_recommended: 1 },
  });
  assert.deepEqual(byCode(now.committee.by_level), [{ code: 'assistant_engineer', name: '助理工程师', count: 1 }, { code: 'engineer', name: '工程师', count: 1 }]);

  // The committee office receives 周海峰's: the department still counts it, in its new state.
  await step('receive', () => act(c.committee, ids.zhouHaifeng, 'receive', {}, 'received'), {
    committee: { county_recommended: -1, received: 1 },
    jtj: { county_recommended: -1, received: 1 },
    [UNITS.city]: { county_recommended: -1, received: 1 },
    admin: { county_recommended: -1, received: 1 },
  });

  // A new applicant at 禾丰: the draft is the city admin's alone; submitted, the unit counts it; withdrawn,
  // it leaves the unit's dashboard again.
  const applicant = await newApplicant(server);
  let draftId;
  await step('create', async () => {
    await approvedArchive(applicant, c[UNITS.county]);
    draftId = (await createApplication(applicant, { level: 'engineer', specialty: 'automation' })).id;
  }, { admin: { draft: 1 } });
  now = await step('submit', async () => {
    await uploadRequired(applicant, draftId);
    await pledge(applicant, draftId);
    await act(applicant, draftId, 'submit', {}, 'submitted');
  }, { [UNITS.county]: { submitted: 1 }, admin: { draft: -1, submitted: 1 } });
  assert.deepEqual(now[UNITS.county].by_specialty.find((r) => r.code === 'automation'), { code: 'automation', name: '自动化', count: 2 });
  await step('withdraw', () => act(applicant, draftId, 'withdraw', {}, 'draft'), {
    [UNITS.county]: { submitted: -1 },
    admin: { draft: 1, submitted: -1 },
  });
}));

test('an acceptance point counts only its own region\'s, a unit only its own; an applicant and an expert are refused', () => withWorkflowDemo(async (server) => {
  const admin = await login(server, 'admin');
  const nanhu = await login(server, 'ap330402');
  const haining = await login(server, 'ap330481');
  const units = { county: await login(server, UNITS.county), institution: await login(server, UNITS.institution), city: await login(server, UNITS.city) };

  // A new county-level unit in 海宁, its letter approved by 海宁's acceptance point.
  const code = creditCode('91330481MA');
  const reg = await new Client(server.baseUrl).post(`${A}/auth/register/unit`, {
    credit_code: code, name: '海宁统计测试纺织有限公司', region_code: '330481', unit_type: 'enterprise', city_level: false,
    contact_name: '钱统计', mobile: mobile(), password: PASSWORD });
  assert.equal(reg.status, 201, show(reg));
  const hnUnit0 = await login(server, code);
  const letter = await hnUnit0.request('PUT', `${A}/units/me/letter`, { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(letter.status, 200, show(letter));
  const approved = await post(haining, `/units/${reg.json.unit.id}/approve`, {});
  assert.equal(approved.status, 200, show(approved));
  const hnUnit = await login(server, code);

  const nanhuBefore = await dashboard(server, nanhu, 'ap330402');
  const unitsBefore = {};
  for (const [k, u] of Object.entries(units)) unitsBefore[k] = await dashboard(server, u, k);
  const empty = { total: 0, by_state: Object.fromEntries(STATES.map((k) => [k, 0])), by_region: [], by_level: [], by_specialty: [],
    by_unit: [], pending_units: [], pass_rate: { passed: 0, decided: 0, by_level: [], by_specialty: [], by_region: [] } };
  // The deadline is the campaign's whoever asks; compared apart.
  const withoutDeadline = ({ unit_deadline, ...rest }) => rest;

  // Its application, submitted and in publicity: the unit counts it; 海宁's acceptance point not yet.
  const { applicant, app } = await submittedApplication(server, hnUnit, { specialty: 'textile_engineering' });
  await startPublicity(hnUnit, app.id, '2022-08-22');
  const inPublicity = await dashboard(server, hnUnit, 'the 海宁 unit');
  assert.equal(inPublicity.total, 1);
  assert.equal(inPublicity.by_state.publicity, 1);
  assert.deepEqual(inPublicity.by_region, [{ code: '330481', name: '海宁市', count: 1 }]);
  assert.deepEqual(withoutDeadline(await dashboard(server, haining, 'ap330481')), empty, 'not past the unit yet');

  // Recommended after its publicity (2022-08-22 … 08-26): now 海宁's acceptance point counts it.
  await setClock(server, '2022-08-26T10:00:00+08:00');
  await act(hnUnit, app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  const hn = await dashboard(server, haining, 'ap330481');
  assert.equal(hn.total, 1);
  assert.equal(hn.by_state.unit_recommended, 1);
  assert.deepEqual(hn.by_region, [{ code: '330481', name: '海宁市', count: 1 }]);
  assert.deepEqual(hn.by_specialty, [{ code: 'textile_engineering', name: '纺织工程', count: 1 }]);

  // 南湖's acceptance point and the other units counted none of it at any step.
  assert.deepEqual(withoutDeadline(await dashboard(server, nanhu, 'ap330402')), withoutDeadline(nanhuBefore), '南湖 does not count 海宁\'s (the days left moved with the clock)');
  assert.ok(nanhuBefore.by_region.every((r) => r.code === '330402'), JSON.stringify(nanhuBefore.by_region));
  for (const [k, u] of Object.entries(units)) {
    assert.deepEqual(withoutDeadline(await dashboard(server, u, k)), withoutDeadline(unitsBefore[k]), `${k} does not count another unit's`);
  }
  // The city admin counts both regions.
  const all = await dashboard(server, admin, 'admin');
  assert.deepEqual(all.by_region, [{ code: '330402', name: '南湖区', count: 4 }, { code: '330481', name: '海宁市', count: 1 }]);

  // Each unit's counts are its own non-draft applications in the database; each acceptance point's the
  // county-level ones of its region past the unit; the department's its city-level units' past the unit.
  for (const [who, c] of [...Object.entries(units), ['海宁 unit', hnUnit]]) {
    const s = await dashboard(server, c, who);
    assert.deepEqual(s.by_state, dbByState(server, `unit_id = ${Number(c.user.unit.id)} AND state <> 'draft'`), `${who}: its own only`);
    const q = await wholeQueue(c, who);
    assert.ok(q.items.every((it) => it.unit_name === c.user.unit.name), `${who}'s queue: ${JSON.stringify(q.items.map((it) => it.unit_name))}`);
  }
  const inList = (xs) => xs.map(sqlString).join(', ');
  for (const [ap, region] of [[nanhu, '330402'], [haining, '330481']]) {
    const s = await dashboard(server, ap, `ap${region}`);
    assert.deepEqual(s.by_state, dbByState(server, `city_level = 0 AND region_code = ${sqlString(region)} AND state IN (${inList(PAST_UNIT)})`), `ap${region}`);
  }
  const jtj = await login(server, 'jtj');
  const deptId = sqliteJson(server, `SELECT competent_department_id AS d FROM units WHERE credit_code = ${sqlString(UNITS.city)}`)[0].d;
  assert.deepEqual((await dashboard(server, jtj, 'jtj')).by_state,
    dbByState(server, `city_level = 1 AND department_id = ${Number(deptId)} AND state IN (${inList(PAST_UNIT)})`));
  const committee = await login(server, 'committee');
  assert.deepEqual((await dashboard(server, committee, 'committee')).by_state, dbByState(server, `state IN (${inList(AT_COMMITTEE)})`));

  // An applicant (with or without an application) and an expert may not read the counts; nor may anyone
  // signed out.
  assertError(await get(applicant, '/stats'), 403, 'forbidden', 'an applicant with an application');
  assertError(await get(await login(server, DEMO_APPLICANT), '/stats'), 403, 'forbidden', 'an applicant without one');
  assertError(await get(await login(server, 'expert01'), '/stats'), 403, 'forbidden', 'an expert');
  assertError(await get(new Client(server.baseUrl), '/stats'), 401, 'unauthenticated', 'signed out');
}, { now: '2022-08-22T09:00:00+08:00' }));

test('the city admin\'s counts are every application in the database, by state, region, level and specialty', () => withWorkflowDemo(async (server) => {
  // A few more: a draft, a submitted one and one in publicity at 禾丰, one submitted at the city-level unit.
  const unit = await login(server, UNITS.county);
  const city = await login(server, UNITS.city);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  await createApplication(applicant, { level: 'assistant_engineer', specialty: 'automation' });
  await submittedApplication(server, unit, { specialty: 'textile_engineering' });
  const { app } = await submittedApplication(server, unit);
  await startPublicity(unit, app.id, '2022-08-25');
  await submittedApplication(server, city, { specialty: 'environmental_engineering' });

  const admin = await login(server, 'admin');
  const s = await dashboard(server, admin, 'admin');
  const count = Number(sqliteJson(server, 'SELECT COUNT(*) AS n FROM applications')[0].n);
  assert.equal(count, 8);
  assert.equal(s.total, count, 'the total is every application in the database');
  assert.deepEqual(s.by_state, dbByState(server));
  const grouped = (col) => sqliteJson(server, `SELECT ${col} AS code, COUNT(*) AS n FROM applications GROUP BY ${col}`)
    .map((r) => [r.code, Number(r.n)]).sort();
  const counts = (rows) => rows.map((r) => [r.code, r.count]).sort();
  assert.deepEqual(counts(s.by_region), grouped('region_code'));
  assert.deepEqual(counts(s.by_level), grouped('level'));
  assert.deepEqual(counts(s.by_specialty), grouped('specialty'));
  assert.deepEqual(s.by_level.map((r) => [r.code, r.name, r.count]), [['engineer', '工程师', 6], ['assistant_engineer', '助理工程师', 2]]);
}));
