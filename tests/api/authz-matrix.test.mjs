// The authorization matrix (the issue "Proof", item 3): every operation of GET /api/v1/openapi.json (generated
// from the server's route table) × every role (one account of each, a second one in another scope where scope
// matters, and no session at all) × the objects the route can name (own / same region / another region or unit
// / another person's), with the expected status class. An operation without an entry in MATRIX below fails
// the suite, so a route added later without a decision on who may call it breaks the build.
//
// What is asserted, per request:
// - No route ever answers 5xx.
// - No session on a non-public route: 401/403, never 2xx. A role outside x-roles: 401/403, never 2xx. A unit
//   whose letter is not approved: 403 outside auth/*, units/me and the letter (docs/api.md).
// - An allowed role on its own object: never 401/403; a read answers 2xx.
// - An object outside the caller's scope (docs/api.md "Roles and data scope", docs/workflow.md, docs/review.md):
//   403 or 404 — or exactly what the same request answers for an id that does not exist (a body checked
//   before the lookup tells nothing) — never 2xx; writes are refused. The database (every table but sessions
//   and the audit log) is compared before and after all refused writes of a route: they change nothing.
// - Every answer (any status) to anyone but the city admin is searched for the applications outside the
//   caller's scope: their number, the applicant's name, full identity number and mobile must not be in it
//   (an expert sees no applicant's mobile at all); nor texts only some may read (an objection, a complaint,
//   a deadline extension granted to one unit, the public objector's contact, the experts' names, reviews,
//   identity numbers and the draw's seed).
// - Lists, whole and filtered (?unit_id=, ?q=, ?state=, ?status=), hold only what lies in the caller's scope
//   (queue, stats, units, archives, notifications, cases, certificates, assignments, meetings).
// - The route table's own words: public routes, and only they, have x-scope none; every route that names an
//   object within a scope narrower than the city is tried on an object outside an allowed caller's scope.
// Refused writes carry a body that would succeed if the check were missing (the current version, a working
// day, the fields the guard needs), so that a hole shows as a change rather than as a 409/422. Allowed writes
// run last (phase 2) with a harmless body (a stale version, an empty form, a decline) and must not be
// 401/403/5xx. Every problem is collected and reported at once (route | caller | object | what | answer);
// AUTHZ_TRACE=file writes every request and answer there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsx } from '../lib/xlsx.mjs';
import {
  Client, startServer, freshDatabaseUrl, bin, campaignsDir, calendarsDir, creditCode, mobile, residentId, tinyPdf,
} from '../lib/server.mjs';
import {
  UNITS, PASSWORD, OPINION, assertInvariants, setClock, post, show, login, makeArchive,
  approvedArchive, saveArchive, submitArchive, createApplication, uploadPdf, submittedApplication,
  startPublicity, act,
} from '../lib/workflow.mjs';
import {
  sqliteJson, sqlString, tableNames, at, ok, ZHOU, COMMITTEE, REVIEW, acceptedApplications, reviewedGroup, createGroup, draw,
  closedMeeting, createPublicity, reviewContext,
} from '../lib/review.mjs';

const A = '/api/v1';
const GHOST = 987654; // an id no table reaches in this test
const MATRIX_DAY = at('2022-08-29'); // a Monday inside every stage's window of the 2022 campaign

const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

// A fresh server over the workflow demo (`zhicheng demo --workflow`, as tests/api/stats.test.mjs), with the
// settable clock; the invariant checker must pass afterwards and the sanitizers must stay silent.
async function withWorkflowDemo(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-authz-'));
  const dbUrl = freshDatabaseUrl(dir);
  const dataDir = join(dir, 'data');
  let server;
  try {
    execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
      '--calendars', calendarsDir], { stdio: 'pipe' });
    server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  try {
    await fn(server);
    assertInvariants(server);
  } catch (e) {
    const pos = server.log().search(SANITIZER);
    if (pos !== -1) e.message += `\nserver log:\n${server.log().slice(Math.max(0, pos - 1500), pos + 6000)}`;
    throw e;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const log = server.log();
  const pos = log.search(SANITIZER);
  assert.equal(pos, -1, `sanitizer report:\n${log.slice(Math.max(0, pos - 1500), pos + 6000)}`);
}

// ---- scope rules (docs/api.md, docs/workflow.md, docs/review.md) ---------------------------------------------

const AT_COMMITTEE = new Set(['county_recommended', 'received', 'office_returned', 'accepted', 'passed', 'failed',
  'certified', 'revoked']);
const PAST_UNIT = new Set(['unit_recommended', 'county_returned', ...AT_COMMITTEE]);
// Who takes each action of the transition table (docs/workflow.md, docs/review.md).
const ACTION_ROLE = {
  submit: 'applicant', withdraw: 'applicant', resubmit: 'applicant', correct: 'applicant',
  return: 'unit', start_publicity: 'unit', recommend: 'unit', reject: 'unit',
  county_return: ['acceptance_point', 'competent_department'], county_recommend: ['acceptance_point', 'competent_department'],
  receive: 'committee_office', accept: 'committee_office', office_return: 'committee_office',
};
const takesAction = (role, action) => [ACTION_ROLE[action]].flat().includes(role);

function canSeeApp(c, a) {
  switch (c.role) {
    case 'applicant': return a.applicant_id === c.id;
    case 'unit': return a.unit_id === c.unitId && a.state !== 'draft';
    case 'acceptance_point': return !a.city_level && a.region_code === c.region && PAST_UNIT.has(a.state);
    case 'competent_department': return !!a.city_level && a.department_id === c.deptId && PAST_UNIT.has(a.state);
    case 'committee_office': return AT_COMMITTEE.has(a.state);
    case 'city_admin': return true;
    default: return false;
  }
}

function canSeeUnit(c, u) {
  switch (c.role) {
    case 'city_admin': case 'committee_office': return true;
    case 'acceptance_point': return !u.city_level && u.region_code === c.region;
    case 'competent_department': return !!u.city_level && u.competent_department_id === c.deptId;
    case 'unit': return u.id === c.unitId;
    default: return false;
  }
}

// ---- the database --------------------------------------------------------------------------------------------

const num = (v) => (v === null || v === undefined ? v : Number(v));
const onPg = (server) => server.dbUrl.startsWith('postgresql:');

// Everything the scope rules and the leak search need, read after the setup.
function readWorld(server) {
  const apps = sqliteJson(server, `SELECT a.id, a.number, a.applicant_id, a.unit_id, a.region_code, a.city_level,
      a.department_id, a.state, a.version, u.name, u.id_number, u.mobile
    FROM applications a JOIN users u ON u.id = a.applicant_id ORDER BY a.id`).map((a) => ({
    ...a, id: num(a.id), applicant_id: num(a.applicant_id), unit_id: num(a.unit_id), city_level: num(a.city_level),
    department_id: num(a.department_id), version: num(a.version),
  }));
  const units = sqliteJson(server, 'SELECT id, credit_code, name, region_code, city_level, competent_department_id, status FROM units')
    .map((u) => ({ ...u, id: num(u.id), city_level: num(u.city_level), competent_department_id: num(u.competent_department_id) }));
  const archives = sqliteJson(server, `SELECT r.user_id, r.unit_id, r.status, r.version, u.name FROM archives r
    JOIN users u ON u.id = r.user_id`).map((r) => ({ ...r, user_id: num(r.user_id), unit_id: num(r.unit_id), version: num(r.version) }));
  const experts = sqliteJson(server, 'SELECT id, user_id FROM experts').map((e) => ({ id: num(e.id), user_id: num(e.user_id) }));
  const groupExperts = sqliteJson(server, 'SELECT group_id, expert_id, status FROM group_experts')
    .map((g) => ({ ...g, group_id: num(g.group_id), expert_id: num(g.expert_id) }));
  const groupApps = sqliteJson(server, 'SELECT group_id, application_id FROM group_applications')
    .map((g) => ({ group_id: num(g.group_id), application_id: num(g.application_id) }));
  const meetingMembers = sqliteJson(server, 'SELECT meeting_id, expert_id, position FROM meeting_members')
    .map((m) => ({ meeting_id: num(m.meeting_id), expert_id: num(m.expert_id), position: m.position }));
  const meetingApps = sqliteJson(server, 'SELECT meeting_id, application_id FROM meeting_candidates')
    .map((m) => ({ meeting_id: num(m.meeting_id), application_id: num(m.application_id) }));
  const cases = sqliteJson(server, 'SELECT c.id, c.filed_by, c.application_id, u.name FROM review_cases c JOIN users u ON u.id = c.filed_by')
    .map((c) => ({ ...c, id: num(c.id), filed_by: num(c.filed_by), application_id: num(c.application_id) }));
  return { apps, units, archives, experts, groupExperts, groupApps, meetingMembers, meetingApps, cases };
}

// A fingerprint of every table but those a refused request may legitimately touch (its session, the audit of
// the attempt): {table: sha256 of its rows}.
const VOLATILE = new Set(['sessions', 'audit_log', 'audit_head']);
function fingerprint(server) {
  const tables = tableNames(server).filter((t) => !VOLATILE.has(t)).sort();
  const script = tables.map((t) => (onPg(server)
    ? `SELECT '#T ${t}'; SELECT t::text FROM "${t}" t;`
    : `SELECT '#T ${t}'; SELECT * FROM "${t}";`)).join('\n');
  const out = onPg(server)
    ? execFileSync('psql', [server.dbUrl, '-qAt', '-f', '-'], { input: script, encoding: 'utf8', maxBuffer: 1 << 28 })
    : execFileSync('sqlite3', [server.dbUrl.replace(/^sqlite:/, '')], { input: script, encoding: 'utf8', maxBuffer: 1 << 28 });
  const result = {};
  for (const chunk of out.split(/^#T /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    // Rows in any order: the lines sorted.
    const rows = chunk.slice(nl + 1).split('\n').sort().join('\n');
    result[chunk.slice(0, nl === -1 ? chunk.length : nl).trim()] = createHash('sha256').update(rows).digest('hex');
  }
  return result;
}
const changedTables = (a, b) => Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);

// ---- the fixture: one object of every kind, in scopes that differ -------------------------------------------

async function unitId(server, code) {
  return num(sqliteJson(server, `SELECT id FROM units WHERE credit_code = ${sqlString(code)}`)[0].id);
}

// A unit registered through the public form whose letter waits for review.
async function pendingUnit(server, { prefix, name, region, cityLevel = false, departmentId }) {
  const code = creditCode(prefix);
  const body = { credit_code: code, name, region_code: region, unit_type: 'enterprise', city_level: cityLevel,
    contact_name: '钱矩阵', mobile: mobile(), password: PASSWORD };
  if (departmentId) body.competent_department_id = departmentId;
  const reg = await new Client(server.baseUrl).post(`${A}/auth/register/unit`, body);
  assert.equal(reg.status, 201, `register ${name}: ${show(reg)}`);
  const c = await login(server, code);
  const letter = await c.request('PUT', `${A}/units/me/letter`, { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(letter.status, 200, `letter of ${name}: ${show(letter)}`);
  return { id: num(reg.json.unit.id), code, name };
}

// A new applicant, signed in; birthdays of their own, so that no two identity numbers of this test collide.
async function applicant(server, name, birth) {
  const form = { name, id_number: residentId('330402', birth), mobile: mobile(), password: APPLICANT_PASSWORD };
  const reg = await new Client(server.baseUrl).post(`${A}/auth/register/applicant`, form);
  assert.equal(reg.status, 201, `register ${name}: ${show(reg)}`);
  return login(server, form.id_number, APPLICANT_PASSWORD);
}
const APPLICANT_PASSWORD = 'Passw0rd2022';

async function buildFixture(server) {
  await setClock(server, at('2022-08-20'));
  const admin = await login(server, 'admin');
  const fx = { logins: {} };

  // A second competent department (without units) and 海宁's demo enterprise approved: an approved unit of
  // another region.
  const dept2 = ok(await post(admin, '/admin/accounts', { role: 'competent_department', login: 'authz-dept2',
    name: '嘉兴市矩阵测试局', password: PASSWORD, department_name: '嘉兴市矩阵测试局' }), 'create a second department', 201);
  fx.logins.dept2 = dept2.user.login;
  const ap481 = await login(server, 'ap330481');
  ok(await post(ap481, `/units/${await unitId(server, '91330481MA2CK7D91D')}/approve`, {}), 'approve 海宁经编');

  // Units whose letters wait: one in 南湖, one in 海宁, one city-level (under 交通运输局), and one that signs in.
  const jtjDept = num(sqliteJson(server, "SELECT id FROM competent_departments WHERE name = '嘉兴市交通运输局'")[0].id);
  fx.pend = {
    nanhu: await pendingUnit(server, { prefix: '91330402MA', name: '嘉兴矩阵待审甲有限公司', region: '330402' }),
    haining: await pendingUnit(server, { prefix: '91330481MA', name: '海宁矩阵待审乙有限公司', region: '330481' }),
    city: await pendingUnit(server, { prefix: '91330400MA', name: '嘉兴矩阵市属丙有限公司', region: '330402', cityLevel: true, departmentId: jtjDept }),
    caller: await pendingUnit(server, { prefix: '91330402MA', name: '嘉兴矩阵待审丁有限公司', region: '330402' }),
  };
  fx.logins.uPend = fx.pend.caller.code;

  const units = {
    HF: await login(server, UNITS.county), SL: await login(server, UNITS.institution),
    JT: await login(server, UNITS.city), HN: await login(server, '91330481MA2CK7D91D'),
  };

  // An archive waiting at 禾丰; a draft application at 禾丰 with one file; an application of 海宁 that its
  // unit recommends (so it lies with 海宁's acceptance point).
  const apP = await applicant(server, '欧阳思齐', '19910203');
  const archiveFile = ok(await apP.request('POST', `${A}/archive/files?name=diploma.pdf`, { body: tinyPdf,
    headers: { 'Content-Type': 'application/octet-stream' } }), 'archive file', 201);
  fx.fileP = num(archiveFile.id);
  const itemsP = makeArchive();
  itemsP[0].file_ids = [fx.fileP];
  await saveArchive(apP, UNITS.county, itemsP);
  await submitArchive(apP);
  // A file 王建国 uploaded and linked nowhere.
  const wang = await login(server, '330402198803142019');
  fx.fileW = num(ok(await wang.request('POST', `${A}/archive/files?name=draft.pdf`, { body: tinyPdf,
    headers: { 'Content-Type': 'application/octet-stream' } }), 'unlinked file', 201).id);
  // A deadline extension for 禾丰 alone.
  ok(await post(admin, '/deadline-extensions', { stage: 'unit', unit_id: await unitId(server, UNITS.county), until: '2022-09-21',
    reason: '禾丰专属延期：系统故障补救' }), 'extend 禾丰\'s deadline', 201);
  const apD = await applicant(server, '司马文远', '19920304');
  await approvedArchive(apD, units.HF);
  const draft = await createApplication(apD, { level: 'engineer', specialty: 'chemical_process' });
  fx.fileD = num((await uploadPdf(apD, draft.id, 'id_card')).id);
  fx.logins.apD = apD.user.login;
  const apHN = await applicant(server, '上官婉清', '19930405');
  const { app: hn } = await submittedApplication(server, units.HN, { applicant: apHN, specialty: 'textile_engineering' });

  // 陈志强's application is in its publicity (2022-08-18 … 08-24): an objection to it, and 李晓燕's complaint
  // about her own application.
  const idOf = (name) => num(sqliteJson(server, `SELECT a.id FROM applications a JOIN users u ON u.id = a.applicant_id WHERE u.name = ${sqlString(name)}`)[0].id);
  const cId = idOf('陈志强');
  ok(await post(units.SL, `/applications/${cId}/objections`, { content: '反映其业绩材料与实际不符。', raised_by: '同事（匿名）' }), 'objection', 201);
  fx.objectionC = num(sqliteJson(server, `SELECT id FROM objections WHERE application_id = ${cId}`)[0].id);
  const li = await login(server, '13957300012');
  ok(await post(li, '/cases', { kind: 'complaint', application_id: idOf('李晓燕'), subject: '申报进度咨询', content: '单位迟迟未审核，请协调。' }), 'file a case', 201);
  fx.caseId = num(sqliteJson(server, 'SELECT id FROM review_cases')[0].id);

  await setClock(server, at('2022-08-22'));
  await startPublicity(units.HN, hn.id, '2022-08-22');
  await setClock(server, at('2022-08-26', '10:00:00'));
  await act(units.HN, hn.id, 'recommend', { opinion: OPINION }, 'unit_recommended');

  // 周海峰's application through the whole review: accepted, a group of all four candidates (expert03, 05, 12,
  // 13; expert01 shares his unit, expert09 declared him a relation), a meeting of the committee (expert01 …
  // 11), result publicity with a public objection the office dismisses, confirmed: a certificate. A second
  // accepted application (禾丰, 环境工程) in a group of its own whose drawn experts are only invited (the seed
  // fixed, so the same expert is drawn every time).
  const zhou = await login(server, ZHOU.mobile);
  const [x, n] = await acceptedApplications(server, [{ applicant: zhou },
    { unit: 'county', name: '慕容清扬', specialty: 'environmental_engineering' }], { day: '2022-09-26' });
  const { group } = await reviewedGroup(server, [x.app.id], { size: 4 });
  fx.groupId = num(group.id);
  const ctx0 = await reviewContext(server);
  const g2 = await createGroup(ctx0.office, [n.app.id], { name: '环境工程第二评议组', size: 3 });
  fx.group2Id = num(g2.id);
  const drawn2 = await draw(ctx0.office, fx.group2Id, '5eed0f0a7711a7e1c0ffee0000000002');
  const invited = drawn2.group.experts.filter((e) => e.status === 'invited').map((e) => ctx0.loginOf[e.expert_id])
    .filter((l) => l && l !== 'expert12' && l !== 'expert02');
  assert.ok(invited.length, `an invited expert of the second group: ${JSON.stringify(drawn2.group.experts)}`);
  fx.logins.exInv = invited[0];
  fx.drawId = num(group.draws?.[0]?.id ?? sqliteJson(server, `SELECT id FROM draws WHERE group_id = ${fx.groupId}`)[0].id);
  await setClock(server, at('2022-09-27'));
  const { meeting } = await closedMeeting(server, [x.app.id]);
  fx.meetingId = num(meeting.id);
  await setClock(server, at('2022-09-28'));
  const publicity = await createPublicity(server, meeting.id, '2022-09-28');
  fx.publicityId = num(publicity.id);
  const pub = ok(await new Client(server.baseUrl).get(`${A}/public/results`), 'public results');
  const entry = pub.items.find((p) => num(p.id) === fx.publicityId).entries[0];
  const objection = ok(await new Client(server.baseUrl).post(`${A}/public/results/${fx.publicityId}/objections`,
    { entry_id: entry.entry_id, name: '王某', contact: '13800000000', content: '反映其论文存在抄袭。' }), 'public objection', 201);
  fx.resultObjectionId = num(objection.id);
  const ctx = await reviewContext(server);
  ok(await post(ctx.office, `/result-objections/${fx.resultObjectionId}/resolve`, { outcome: 'dismissed', resolution: '经核查，反映问题不属实。' }), 'dismiss the objection');
  await setClock(server, at('2022-10-10'));
  ok(await post(ctx.admin, `/result-publicity/${fx.publicityId}/confirm`, {}), 'confirm the results');
  const cert = sqliteJson(server, 'SELECT id, number, verify_code, holder_id FROM certificates')[0];
  fx.cert = { id: num(cert.id), number: cert.number, code: cert.verify_code, holder: num(cert.holder_id) };
  fx.expert12 = ctx.id.expert12;

  // The day the matrix runs on.
  await setClock(server, MATRIX_DAY);
  const world = readWorld(server);
  const byName = (name) => world.apps.find((a) => a.name === name);
  fx.apps = { L: byName('李晓燕'), C: byName('陈志强'), Z: byName('张敏'), H: byName('周海峰'), HN: byName('上官婉清'), D: byName('司马文远'),
    N: byName('慕容清扬') };
  for (const [k, a] of Object.entries(fx.apps)) assert.ok(a, `application ${k} in the fixture`);
  assert.equal(fx.apps.H.state, 'certified');
  assert.equal(fx.apps.HN.state, 'unit_recommended');
  assert.equal(fx.apps.D.state, 'draft');
  const unitBy = (code) => world.units.find((u) => u.credit_code === code);
  fx.units = { HF: unitBy(UNITS.county), SL: unitBy(UNITS.institution), JT: unitBy(UNITS.city), HN: unitBy('91330481MA2CK7D91D') };
  for (const [k, p] of Object.entries(fx.pend)) fx.units[`pend_${k}`] = world.units.find((u) => u.id === p.id);
  const archiveOf = (name) => world.archives.find((r) => r.name === name);
  fx.archives = { P: archiveOf('欧阳思齐'), C: archiveOf('陈志强'), HN: archiveOf('上官婉清') };
  assert.equal(fx.archives.P.status, 'pending');
  fx.archiveItemP = num(sqliteJson(server, `SELECT id FROM archive_items WHERE user_id = ${fx.archives.P.user_id} ORDER BY sort_order`)[0].id);
  const evidenceOf = (app) => num(sqliteJson(server, `SELECT file_id FROM application_evidence WHERE application_id = ${app.id} AND removed_at = 0 ORDER BY id`)[0].file_id);
  // Issue 16: an expert reads a file of the snapshot only until a closed meeting has decided the application.
  const decided = (app) => num(sqliteJson(server, `SELECT COUNT(*) AS n FROM meeting_candidates mc JOIN meetings m ON m.id = mc.meeting_id WHERE mc.application_id = ${app.id} AND m.status = 'closed'`)[0].n) > 0;
  const file = (id, app) => ({ id, app, decided: decided(app), personal: ['id_card', 'bank_salary_records', 'tax_certificate'].includes(sqliteJson(server, `SELECT slot FROM application_evidence WHERE file_id = ${id}`)[0]?.slot) });
  fx.files = { D: file(fx.fileD, fx.apps.D), L: file(evidenceOf(fx.apps.L), fx.apps.L), H: file(evidenceOf(fx.apps.H), fx.apps.H) };
  fx.secrets = secretsOf(server, fx, world);
  // A printed review form (its verification code is public on purpose).
  const office = await login(server, 'committee');
  const form = await office.get(`${A}/applications/${fx.apps.H.id}/review-form.pdf`);
  assert.equal(form.status, 200, `review form of 周海峰's: ${show(form)}`);
  fx.formCode = sqliteJson(server, 'SELECT code FROM form_prints ORDER BY id DESC LIMIT 1')[0].code;
  fx.campaignId = ok(await new Client(server.baseUrl).get(`${A}/campaigns`), 'campaigns').items.find((c) => c.current).id;
  fx.world = world;
  return fx;
}

// ---- callers ---------------------------------------------------------------------------------------------------

// One account of every role, a second one in another scope where scope matters, a unit whose letter waits, and
// nobody (no session).
function callerLogins(fx) {
  return {
    anon: null,
    apL: '13957300012', // 李晓燕: her application at 禾丰 (submitted), her complaint
    apC: '13957300013', // 陈志强: his application at 水利 (in publicity)
    apD: fx.logins.apD, // 司马文远: a draft at 禾丰
    apW: '330402198803142019', // 王建国: nothing yet
    zhou: ZHOU.mobile, // 周海峰: certified
    uHF: UNITS.county, // 禾丰 (南湖, county level)
    uSL: UNITS.institution, // 水利工程管理站 (南湖, county level): the same region as 禾丰
    uJT: UNITS.city, // 交通投资集团 (city level, under 交通运输局)
    uHN: '91330481MA2CK7D91D', // 海宁经编 (海宁): another region
    uPend: fx.logins.uPend, // a 南湖 unit whose letter waits
    ap402: 'ap330402',
    ap481: 'ap330481',
    jtj: 'jtj',
    dept2: fx.logins.dept2,
    office: 'committee',
    ex12: 'expert12', // in 周海峰's group, not on the committee
    ex02: 'expert02', // on the committee (the meeting), not in the group
    exInv: fx.logins.exInv, // invited to the second group, not yet confirmed
    admin: 'admin',
  };
}

async function signIn(server, fx) {
  const callers = [];
  for (const [key, name] of Object.entries(callerLogins(fx))) {
    const client = new Client(server.baseUrl);
    if (name === null) { callers.push({ key, role: 'anonymous', client }); continue; }
    const password = key === 'apD' ? APPLICANT_PASSWORD : PASSWORD;
    const r = await client.login(name, password);
    assert.equal(r.status, 200, `login ${key} (${name}): ${show(r)}`);
    const u = r.json.user;
    const c = { key, name, password, client, role: u.role, id: num(u.id), userName: u.name, region: u.region_code || u.unit?.region_code,
      unitId: num(u.unit?.id), unitStatus: u.unit?.status, deptId: num(u.department_id) };
    if (c.role === 'expert') c.expertId = fx.world.experts.find((e) => e.user_id === c.id)?.id;
    callers.push(c);
  }
  return callers;
}

// Applications an expert sees: those of a group the expert confirmed, and the candidates of a meeting the
// expert sits on.
function expertApps(fx, c) {
  const w = fx.world;
  const groups = new Set(w.groupExperts.filter((g) => g.expert_id === c.expertId && g.status === 'confirmed').map((g) => g.group_id));
  const meetings = new Set(w.meetingMembers.filter((m) => m.expert_id === c.expertId).map((m) => m.meeting_id));
  return new Set([...w.groupApps.filter((g) => groups.has(g.group_id)).map((g) => g.application_id),
    ...w.meetingApps.filter((m) => meetings.has(m.meeting_id)).map((m) => m.application_id)]);
}
const expertInGroup = (fx, c, status = ['invited', 'confirmed'], group = fx.groupId) =>
  fx.world.groupExperts.some((g) => g.group_id === group && g.expert_id === c.expertId && status.includes(g.status));
// The office holds a trustee seat; of the experts, the meeting's chair; other members see the meeting only.
const trusteeWho = (c, o, fx) => {
  if (c.role !== 'expert') return 'own';
  const row = fx.world.meetingMembers.find((m) => m.meeting_id === fx.meetingId && m.expert_id === c.expertId);
  return !row ? 'hide' : row.position === 'chair' ? 'own' : 'see';
};
const expertOnMeeting = (fx, c) => fx.world.meetingMembers.some((m) => m.meeting_id === fx.meetingId && m.expert_id === c.expertId);
const expertSeesApp = (fx, c, app) => fx.world.groupExperts.some((g) => g.expert_id === c.expertId && g.status === 'confirmed'
  && fx.world.groupApps.some((x) => x.group_id === g.group_id && x.application_id === app.id));

// Texts only some may read (besides the city admin): {what, text, visibleTo(c, fx)}.
function secretsOf(server, fx, world) {
  const staff = (c) => c.role === 'committee_office';
  const out = [
    { what: 'the deadline extension granted to 禾丰 alone', text: '禾丰专属延期',
      visibleTo: (c) => c.unitId === fx.units.HF.id || (c.role === 'applicant' && [fx.apps.L, fx.apps.D].some((a) => a.applicant_id === c.id)) },
    { what: 'the objection raised in 陈志强\'s unit publicity', text: '反映其业绩材料与实际不符', visibleTo: (c) => canSeeApp(c, fx.apps.C) },
    { what: '李晓燕\'s complaint', text: '单位迟迟未审核', visibleTo: (c) => c.role === 'committee_office' || c.id === fx.apps.L.applicant_id },
    { what: 'the public objection to the result', text: '反映其论文存在抄袭', visibleTo: staff },
    { what: 'the contact of the public objection\'s author', text: '13800000000', visibleTo: staff },
    { what: 'an expert\'s review comments', text: REVIEW.comments,
      visibleTo: (c, f) => staff(c) || (c.role === 'expert' && expertInGroup(f, c, ['confirmed'])) },
  ];
  const seed = sqliteJson(server, `SELECT seed FROM draws WHERE id = ${fx.drawId}`)[0].seed;
  out.push({ what: 'the draw\'s seed', text: seed, visibleTo: staff });
  for (const e of sqliteJson(server, 'SELECT id, name, id_number FROM experts')) {
    out.push({ what: `expert ${e.name}'s identity number`, text: e.id_number, visibleTo: () => false });
    out.push({ what: `the name of expert ${e.name}`, text: e.name, visibleTo: (c) => staff(c) || c.role === 'expert' });
  }
  return out.filter((x) => x.text);
}

// What must never be in an answer to `c`: for each application outside c's scope its number, applicant name,
// identity number and mobile; another applicant's full identity number anywhere; for experts, every
// applicant's mobile.
function forbiddenMarkers(fx, c) {
  if (c.role === 'city_admin') return [];
  const w = fx.world;
  const visible = new Set(w.apps.filter((a) => c.role !== 'anonymous' && canSeeApp(c, a)).map((a) => a.id));
  if (c.role === 'expert') for (const id of expertApps(fx, c)) visible.add(id);
  // The office handles every case, so it sees whom a case names.
  if (c.role === 'committee_office') for (const k of w.cases) if (k.application_id) visible.add(k.application_id);
  const names = new Set();
  if (c.role === 'unit') for (const r of w.archives) if (r.unit_id === c.unitId && r.status !== 'draft') names.add(r.name);
  if (c.role === 'committee_office') for (const k of w.cases) names.add(k.name);
  const out = [];
  for (const a of w.apps) {
    if (a.applicant_id !== c.id) out.push({ kind: 'contact', what: `${a.name}'s identity number`, text: a.id_number });
    if (c.role === 'expert') out.push({ kind: 'contact', what: `${a.name}'s mobile (experts never see one)`, text: a.mobile });
    if (visible.has(a.id)) continue;
    out.push({ kind: 'app', what: `number of ${a.name}'s application (${a.state})`, text: a.number });
    if (!names.has(a.name) && a.name !== c.userName) out.push({ kind: 'app', what: `${a.name} (applicant of ${a.number}, ${a.state})`, text: a.name });
    if (c.role !== 'expert') out.push({ kind: 'contact', what: `${a.name}'s mobile`, text: a.mobile });
  }
  for (const x of fx.secrets) if (!x.visibleTo(c, fx)) out.push({ kind: 'secret', ...x });
  return out.filter((m) => m.text);
}

// ---- the matrix ------------------------------------------------------------------------------------------------
//
// An entry: objects(fx) → [{label, params, app?, unit?, ...}] (default: one object, the route itself);
// who(c, o, fx) → 'own' (allowed: reads answer 2xx, writes are not refused for authorization), 'allow' (in
// scope, not refused, but the object may not lend itself: a draft has no review form), 'see' (may see the
// object but not do this to it: a refused write) or 'hide' (outside the caller's scope); body(fx, o) the
// refused writes' body (one that would succeed), ownBody(fx, o) the allowed writes' body (harmless, default
// {}); raw: the body is a file; query / o.query: the query string; check(c, res, fx) → problems of a 2xx
// list answer; ghost(fx, o) the same request about nothing (default: numeric path ids → GHOST); markers: the
// kinds of forbidden text searched for (default all; public checks by code name a person on purpose, so only
// 'contact' and 'secret' there).

const all = () => 'own';
const appWho = (c, o) => (canSeeApp(c, o.app) ? 'own' : 'hide');
const unitWho = (c, o) => (canSeeUnit(c, o.unit) ? 'own' : 'hide');
const appObjects = (fx, keys = ['L', 'C', 'Z', 'H', 'N', 'HN', 'D']) => keys.map((k) => ({
  label: `${k}: ${fx.apps[k].name} (${fx.apps[k].state})`, params: { id: fx.apps[k].id }, app: fx.apps[k] }));
const unitObjects = (fx, keys) => keys.map((k) => ({ label: `unit ${fx.units[k].name}`, params: { id: fx.units[k].id }, unit: fx.units[k] }));
const PUBLIC_READ = { objects: () => [{ label: '-' }], who: all };
// A list asked whole and filtered: every variant must stay within the caller's scope.
const listVariants = (filters) => filters.map((f) => ({ label: f ? `?${f}` : 'the whole list',
  query: `?page_size=100${f ? `&${f.replace(/=(.*)$/, (_, v) => `=${encodeURIComponent(v)}`)}` : ''}` }));
const PUBLIC_WRITE = { objects: () => [{ label: '-' }], who: all, ownBody: () => ({}) };
const SELF = { objects: () => [{ label: 'self' }], who: all };
const CITY = { objects: () => [{ label: 'city' }], who: all };

// Problems of a list answer whose items fall outside a set.
const itemsOf = (json) => (Array.isArray(json) ? json : json?.items ?? []);
function within(label, items, pred) {
  return items.filter((it) => !pred(it)).map((it) => `${label} outside the caller's scope: ${JSON.stringify(it).slice(0, 300)}`);
}

function actionObjects(fx) {
  const { L, C, Z, H, HN, D } = fx.apps;
  return [
    { app: D, action: 'submit', extra: {} },
    { app: L, action: 'withdraw', extra: {} },
    { app: L, action: 'start_publicity', extra: { start_date: '2022-08-29' } },
    { app: C, action: 'recommend', extra: { opinion: OPINION } },
    { app: Z, action: 'county_recommend', extra: {} },
    { app: HN, action: 'county_recommend', extra: {} },
    { app: H, action: 'receive', extra: {} },
  ].map((o) => ({ ...o, label: `${o.action} on ${o.app.name}'s (${o.app.state})`, params: { id: o.app.id, action: o.action } }));
}
function actionWho(c, o) {
  if (!canSeeApp(c, o.app)) return 'hide';
  return takesAction(c.role, o.action) ? 'own' : 'see';
}

const MATRIX = {
  'GET /api/v1/health': PUBLIC_READ,
  'GET /api/v1/public/log-head': PUBLIC_READ,
  'GET /api/v1/openapi.json': PUBLIC_READ,
  'GET /api/v1/regions': PUBLIC_READ,
  'GET /api/v1/competent-departments': PUBLIC_READ,
  'POST /api/v1/auth/register/applicant': PUBLIC_WRITE,
  'POST /api/v1/auth/register/unit': PUBLIC_WRITE,
  'POST /api/v1/auth/login': PUBLIC_WRITE,
  'POST /api/v1/auth/logout': { ...SELF, throwaway: true },
  'GET /api/v1/auth/me': { ...SELF, check: (c, r) => (num(r.json.user?.id) === c.id ? [] : [`auth/me answers user ${r.json.user?.id}`]) },
  'POST /api/v1/auth/password': SELF,
  'GET /api/v1/unit-directory': { ...SELF, query: `?q=${encodeURIComponent('禾丰')}` },
  'GET /api/v1/units/me': { ...SELF, check: (c, r) => (num(r.json.unit?.id) === c.unitId ? [] : [`units/me answers unit ${r.json.unit?.id}`]) },
  'PATCH /api/v1/units/me': { ...SELF, body: () => ({ contact_name: '越权者', mobile: '13900000000' }) },
  'PUT /api/v1/units/me/letter': { ...SELF, raw: true, ownBody: () => ({}) },
  'GET /api/v1/units': {
    ...SELF, objects: () => listVariants(['', 'q=禾丰', 'q=海宁', 'status=letter_pending']),
    check: (c, r, fx) => within('unit', itemsOf(r.json), (u) => canSeeUnit(c, { ...u, id: num(u.id), competent_department_id: num(u.competent_department_id) })),
  },
  'GET /api/v1/units/{id}/letter': { objects: (fx) => unitObjects(fx, ['HF', 'JT', 'HN', 'pend_caller']), who: unitWho },
  'POST /api/v1/units/{id}/approve': {
    objects: (fx) => unitObjects(fx, ['pend_nanhu', 'pend_haining', 'pend_city']),
    who: (c, o) => {
      if (!canSeeUnit(c, o.unit)) return 'hide';
      if (c.role === 'acceptance_point' || (c.role === 'city_admin' && o.unit.city_level)) return 'own';
      return 'see';
    },
    body: () => ({}),
  },
  'POST /api/v1/units/{id}/reject': null, // as approve (filled in below)
  'GET /api/v1/admin/accounts': CITY,
  'POST /api/v1/admin/accounts': { ...CITY, body: () => ({ role: 'expert', login: 'authz-intruder', name: '越权专家', password: PASSWORD }) },
  'POST /api/v1/accounts/reset-code': { ...CITY, body: () => ({ account: 'authz-nobody', reason: '越权签发' }) },
  'GET /api/v1/audit': CITY,
  'GET /api/v1/campaigns': PUBLIC_READ,
  'GET /api/v1/campaigns/{id}': { objects: (fx) => [{ label: 'the current campaign', params: { id: fx.campaignId } }], who: all },
  'POST /api/v1/eligibility/check': PUBLIC_WRITE,
  'GET /api/v1/calendars': PUBLIC_READ,
  'GET /api/v1/calendars/working-days': { ...PUBLIC_READ, query: '?from=2022-08-29&days=5' },
  'GET /api/v1/calendars/working-days-between': { ...PUBLIC_READ, query: '?from=2022-08-29&to=2022-09-09' },
  'GET /api/v1/calendars/is-working-day': { ...PUBLIC_READ, query: '?date=2022-10-08' },
  'GET /api/v1/calendars/{year}': { objects: () => [{ label: '2022', params: { year: 2022 } }], who: all },
  'PUT /api/v1/calendars/{year}': { objects: () => [{ label: '2022', params: { year: 2022 } }], who: all,
    body: () => ({ source: '越权', holidays: [], makeup_workdays: [], reason: '越权修改' }) },
  'POST /api/v1/calendars/import': { ...CITY, body: () => ({ toml: 'year = 2023\n', reason: '越权导入' }) },
  'POST /api/v1/archive/files': { ...SELF, raw: true, query: '?name=matrix.pdf' },
  'GET /api/v1/files/{id}': {
    objects: (fx) => [
      ...Object.values(fx.files).map((f) => ({ label: `file of ${f.app.name}'s application (${f.app.state})`, params: { id: f.id }, app: f.app, file: f })),
      { label: `file of ${fx.archives.P.name}'s archive (pending at 禾丰)`, params: { id: fx.fileP }, archive: fx.archives.P },
      { label: '王建国\'s file, linked nowhere', params: { id: fx.fileW }, owner: '330402198803142019' },
    ],
    who: (c, o, fx) => {
      if (o.app) {
        const expertReads = c.role === 'expert' && expertSeesApp(fx, c, o.app) && !o.file.decided && !o.file.personal;
        return canSeeApp(c, o.app) || expertReads ? 'own' : 'hide';
      }
      if (o.archive) return c.id === o.archive.user_id || c.unitId === o.archive.unit_id ? 'own' : 'hide';
      return c.name === o.owner ? 'own' : 'hide';
    },
  },
  'GET /api/v1/archive': SELF,
  'PUT /api/v1/archive': SELF,
  'PUT /api/v1/archive/working-copy': SELF,
  'DELETE /api/v1/archive/working-copy': SELF,
  'POST /api/v1/archive/submit': SELF,
  'GET /api/v1/unit/archives': {
    ...SELF, objects: () => listVariants(['', 'q=欧阳思齐', 'q=陈志强', 'q=上官婉清', 'status=pending']),
    check: (c, r, fx) => within('archive', itemsOf(r.json), (it) => fx.world.archives.some((a) => a.user_id === num(it.user_id) && a.unit_id === c.unitId)),
  },
  'GET /api/v1/unit/archives/{id}': {
    objects: (fx) => Object.entries(fx.archives).map(([k, a]) => ({ label: `archive of ${a.name} (${a.status})`, params: { id: a.user_id }, archive: a })),
    who: (c, o) => (c.unitId === o.archive.unit_id && o.archive.status !== 'draft' ? 'own' : 'hide'),
  },
  'POST /api/v1/unit/archives/{id}/approve': {
    objects: (fx) => [{ label: `archive of ${fx.archives.P.name} (pending at 禾丰)`, params: { id: fx.archives.P.user_id }, archive: fx.archives.P }],
    who: (c, o) => (c.unitId === o.archive.unit_id ? 'own' : 'hide'),
    body: (fx) => ({ version: fx.archives.P.version }),
    ownBody: (fx) => ({ version: fx.archives.P.version + 100 }),
  },
  'POST /api/v1/unit/archives/{id}/return': null, // as approve, with a reason (below)
  'POST /api/v1/applications': SELF,
  'GET /api/v1/applications/mine': {
    ...SELF, check: (c, r, fx) => within('application', itemsOf(r.json), (it) => fx.world.apps.find((a) => a.id === num(it.id))?.applicant_id === c.id),
  },
  'POST /api/v1/applications/preview': SELF,
  'GET /api/v1/applications/{id}': { objects: (fx) => appObjects(fx), who: appWho },
  'PUT /api/v1/applications/{id}': {
    objects: (fx) => appObjects(fx, ['D', 'L', 'C']),
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'applicant' ? 'own' : 'see') : 'hide'),
    body: (fx, o) => ({ version: o.app.version, level: 'engineer', specialty: 'automation', pledged: false }),
    ownBody: (fx, o) => ({ version: o.app.version + 100, level: 'engineer', specialty: 'automation', pledged: false }),
  },
  'POST /api/v1/applications/{id}/evidence/{slot}': {
    objects: (fx) => appObjects(fx, ['D', 'L']).map((o) => ({ ...o, params: { ...o.params, slot: 'achievements' } })),
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'applicant' ? 'own' : 'see') : 'hide'),
    raw: true, query: '?name=matrix.pdf',
  },
  'POST /api/v1/applications/{id}/evidence/{slot}/attach': {
    objects: (fx) => appObjects(fx, ['D', 'L']).map((o) => ({ ...o, params: { ...o.params, slot: 'achievements' } })),
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'applicant' ? 'own' : 'see') : 'hide'),
    // the owner's own file: it would be attached were the caller allowed
    body: (fx, o) => ({ file_id: o.app.id === fx.apps.D.id ? fx.fileD : fx.files.L.id }),
  },
  'DELETE /api/v1/applications/{id}/evidence/{slot}/{file}': {
    objects: (fx) => [{ label: `the id card in ${fx.apps.D.name}'s draft`, params: { id: fx.apps.D.id, slot: 'id_card', file: fx.fileD }, app: fx.apps.D }],
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'applicant' ? 'own' : 'see') : 'hide'),
  },
  'POST /api/v1/applications/{id}/actions/{action}': {
    objects: actionObjects, who: actionWho,
    body: (fx, o) => ({ version: o.app.version, ...o.extra }),
    ownBody: (fx, o) => ({ version: o.app.version + 100, ...o.extra }),
  },
  'POST /api/v1/applications/batch/{action}': {
    objects: (fx) => actionObjects(fx).filter((o) => o.action !== 'submit' && o.action !== 'withdraw')
      .map((o) => ({ ...o, params: { action: o.action } })),
    who: actionWho,
    body: (fx, o) => ({ items: [{ id: o.app.id, version: o.app.version }], ...o.extra }),
    ownBody: (fx, o) => ({ items: [{ id: o.app.id, version: o.app.version + 100 }], ...o.extra }),
    ghost: (fx, o) => ({ ...o, body: (f, g) => ({ items: [{ id: GHOST, version: o.app.version }], ...o.extra }) }),
  },
  'POST /api/v1/applications/{id}/objections': {
    objects: (fx) => appObjects(fx, ['C', 'L']),
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'unit' ? 'own' : 'see') : 'hide'),
    body: () => ({ content: '越权登记的异议。', raised_by: '越权者' }),
    ownBody: () => ({ content: '公示期间收到的第二条异议。', raised_by: '群众来信' }),
  },
  'POST /api/v1/applications/{id}/objections/{oid}/resolve': {
    objects: (fx) => [{ label: `the objection to ${fx.apps.C.name}'s`, params: { id: fx.apps.C.id, oid: fx.objectionC }, app: fx.apps.C }],
    who: (c, o) => (canSeeApp(c, o.app) ? (c.role === 'unit' ? 'own' : 'see') : 'hide'),
    body: () => ({ outcome: 'upheld', resolution: '越权处理。' }),
    ownBody: () => ({ outcome: 'dismissed', resolution: '经核实，反映问题不属实。' }),
  },
  'GET /api/v1/queue': {
    ...SELF,
    objects: (fx) => listVariants(['', `unit_id=${fx.units.HF.id}`, `unit_id=${fx.units.SL.id}`, `unit_id=${fx.units.JT.id}`,
      `unit_id=${fx.units.HN.id}`, 'q=李晓燕', 'q=司马文远', 'q=ZC2022', 'state=draft', 'state=unit_recommended']),
    check: (c, r, fx) => within('application', itemsOf(r.json), (it) => {
      const a = fx.world.apps.find((x) => x.id === num(it.id));
      return a && canSeeApp(c, a);
    }),
  },
  'GET /api/v1/queue.xlsx': {
    ...SELF,
    objects: (fx) => listVariants(['', `unit_id=${fx.units.HF.id}`, `unit_id=${fx.units.HN.id}`, 'q=李晓燕', 'state=draft',
      'state=unit_recommended']),
    // Every row of the sheet (its first column is the application number) lies in the caller's scope.
    check: (c, r, fx) => {
      if (r.status !== 200) return [];
      const rows = readXlsx(r.bytes).rows.slice(1);
      return within('application', rows, (row) => {
        const a = fx.world.apps.find((x) => x.number === row[0]);
        return a && canSeeApp(c, a);
      });
    },
  },
  'GET /api/v1/stats': {
    ...SELF,
    check: (c, r, fx) => {
      const n = fx.world.apps.filter((a) => canSeeApp(c, a)).length;
      const out = r.json.total === n ? [] : [`stats total ${r.json.total}, but ${n} application(s) lie in the caller's scope`];
      if (c.role === 'acceptance_point') out.push(...within('region', r.json.by_region ?? [], (x) => x.code === c.region));
      return out;
    },
  },
  'GET /api/v1/units/me/quotas': SELF,
  'GET /api/v1/units/{id}/quotas': { objects: (fx) => unitObjects(fx, ['SL', 'JT', 'HN']), who: unitWho },
  'PUT /api/v1/units/{id}/quotas': {
    objects: (fx) => unitObjects(fx, ['SL']), who: all,
    body: () => ({ items: [{ level: 'engineer', quota: 99 }], reason: '越权调整' }),
  },
  'GET /api/v1/deadlines': SELF,
  'GET /api/v1/reminders': SELF,
  'GET /api/v1/deadline-extensions': CITY,
  'POST /api/v1/deadline-extensions': { ...CITY, body: (fx) => ({ stage: 'unit', unit_id: fx.units.HF.id, until: '2022-12-31', reason: '越权延期' }) },
  'GET /api/v1/notifications': {
    ...SELF, query: '?page_size=100',
    check: (c, r, fx) => {
      const ids = itemsOf(r.json).map((n) => num(n.id));
      if (!ids.length) return [];
      const owners = sqliteJson(fx.server, `SELECT id, user_id FROM notifications WHERE id IN (${ids.join(',')})`);
      return owners.filter((n) => num(n.user_id) !== c.id).map((n) => `notification ${n.id} of user ${n.user_id}`);
    },
  },
  'POST /api/v1/notifications/read-all': SELF,
  'POST /api/v1/notifications/{id}/read': {
    objects: (fx) => fx.notes.map((n) => ({ label: `a notification of ${n.owner}`, params: { id: n.id }, note: n })),
    who: (c, o) => (o.note.user_id === c.id ? 'own' : 'hide'),
  },
  'PUT /api/v1/applications/{id}/paper': {
    objects: (fx) => appObjects(fx, ['H', 'L']), who: appWho,
    body: (fx, o) => ({ copies: 2, watermark: true, form_number: `${o.app.number}-v1` }),
    ownBody: (fx, o) => ({ copies: 2, watermark: true, form_number: `${o.app.number}-v1` }),
  },
  'GET /api/v1/experts': CITY,
  'POST /api/v1/experts': CITY,
  'PUT /api/v1/experts/{id}': { objects: (fx) => [{ label: 'expert12', params: { id: fx.expert12 } }], who: all,
    body: () => ({ active: false }) },
  'GET /api/v1/committees': CITY,
  'PUT /api/v1/committees/{code}/members': { objects: () => [{ label: COMMITTEE, params: { code: COMMITTEE } }], who: all,
    body: () => ({ members: [] }), ghost: (fx, o) => ({ ...o, params: { code: 'no-such-committee' } }) },
  'POST /api/v1/review-groups': CITY,
  'GET /api/v1/review-groups': CITY,
  'GET /api/v1/review-groups/{id}': { objects: (fx) => [{ label: 'the group', params: { id: fx.groupId } }], who: all },
  'POST /api/v1/review-groups/{id}/draw': { objects: (fx) => [{ label: 'the group', params: { id: fx.groupId } }], who: all },
  'GET /api/v1/draws/{id}': { objects: (fx) => [{ label: 'the draw', params: { id: fx.drawId } }], who: all },
  'GET /api/v1/draws/{id}/replay': { objects: (fx) => [{ label: 'the draw', params: { id: fx.drawId } }], who: all },
  'GET /api/v1/expert/assignments': {
    ...SELF,
    check: (c, r, fx) => [
      ...within('group', r.json.groups ?? [], (g) => fx.world.groupExperts.some((x) => x.group_id === num(g.group_id) && x.expert_id === c.expertId)),
      ...within('meeting', r.json.meetings ?? [], (m) => fx.world.meetingMembers.some((x) => x.meeting_id === num(m.id) && x.expert_id === c.expertId)),
    ],
  },
  'POST /api/v1/review-groups/{id}/respond': {
    objects: (fx) => [{ label: '周海峰\'s group (confirmed)', params: { id: fx.groupId } }, { label: 'the second group (invited)', params: { id: fx.group2Id } }],
    who: (c, o, fx) => (expertInGroup(fx, c, ['invited', 'confirmed'], o.params.id) ? 'own' : 'hide'),
    // Allowed: a decline (an invited expert who declines never sees the group's applications).
    body: () => ({ accept: true }), ownBody: () => ({ accept: false, reason: '会议时间冲突，无法参加。' }),
  },
  'GET /api/v1/expert/applications/{id}': {
    objects: (fx) => appObjects(fx, ['H', 'N', 'L', 'Z']),
    who: (c, o, fx) => (expertSeesApp(fx, c, o.app) ? 'own' : 'hide'),
  },
  'PUT /api/v1/expert/applications/{id}/review': {
    objects: (fx) => appObjects(fx, ['H', 'N', 'L']),
    who: (c, o, fx) => (expertSeesApp(fx, c, o.app) ? 'own' : 'hide'),
    body: () => ({ ...REVIEW, recommendation: 'not', conformity: 'not', comments: '越权评审意见。' }),
  },
  'POST /api/v1/expert/applications/{id}/withdraw': {
    objects: (fx) => appObjects(fx, ['H', 'N', 'L']),
    who: (c, o, fx) => (expertSeesApp(fx, c, o.app) ? 'own' : 'hide'),
    body: () => ({ reason: '与申报人系同学，申请回避。' }),
  },
  'POST /api/v1/meetings': { ...CITY, body: (fx) => ({ committee_code: COMMITTEE, title: '越权会议', held_on: '2022-09-30', application_ids: [fx.apps.H.id] }) },
  'GET /api/v1/meetings': {
    ...SELF,
    check: (c, r, fx) => (c.role !== 'expert' ? [] : within('meeting', itemsOf(r.json), (m) => fx.world.meetingMembers.some((x) => x.meeting_id === num(m.id) && x.expert_id === c.expertId))),
  },
  'GET /api/v1/meetings/{id}': {
    objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }],
    who: (c, o, fx) => (c.role !== 'expert' || expertOnMeeting(fx, c) ? 'own' : 'hide'),
  },
  'PUT /api/v1/meetings/{id}/attendance': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all,
    body: () => ({ present: [] }), ownBody: () => ({ present: [] }) },
  'PUT /api/v1/meetings/{id}/date': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all,
    body: () => ({ held_on: '2099-01-01' }) },
  'POST /api/v1/meetings/{id}/open-voting': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all },
  'POST /api/v1/meetings/{id}/ballot': {
    objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }],
    who: (c, o, fx) => (expertOnMeeting(fx, c) ? 'own' : 'hide'),
    body: (fx) => ({ votes: [{ application_id: fx.apps.H.id, choice: 'no' }] }),
    ownBody: (fx) => ({ votes: [{ application_id: fx.apps.H.id, choice: 'yes' }] }),
  },
  // The encrypted ballot's trustees: the committee office and the presiding member (the chair here).
  'PUT /api/v1/meetings/{id}/trustee-key': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: trusteeWho,
    body: () => ({ public: '0'.repeat(64), proof: { A: '0'.repeat(64), c: '0'.repeat(64), s: '0'.repeat(64) } }) },
  'POST /api/v1/meetings/{id}/decrypt': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: trusteeWho,
    body: () => ({ partials: [] }) },
  'POST /api/v1/meetings/{id}/void-vote': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all,
    body: () => ({ reason: '越权作废' }) },
  'GET /api/v1/public/meetings/{id}/board': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all },
  'POST /api/v1/meetings/{id}/close': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all },
  'GET /api/v1/meetings/{id}/minutes': { objects: (fx) => [{ label: 'the meeting', params: { id: fx.meetingId } }], who: all },
  'POST /api/v1/result-publicity': { ...CITY, body: (fx) => ({ meeting_id: fx.meetingId, start_date: '2022-08-29' }) },
  'GET /api/v1/result-publicity': CITY,
  'GET /api/v1/result-publicity/{id}': { objects: (fx) => [{ label: 'the publicity', params: { id: fx.publicityId } }], who: all },
  'POST /api/v1/result-objections/{id}/resolve': {
    objects: (fx) => [{ label: 'the public objection', params: { id: fx.resultObjectionId } }], who: all,
    body: () => ({ outcome: 'upheld', resolution: '越权处理。' }),
    ownBody: () => ({ outcome: 'dismissed', resolution: '再次处理。' }),
  },
  'POST /api/v1/result-publicity/{id}/confirm': { objects: (fx) => [{ label: 'the publicity', params: { id: fx.publicityId } }], who: all },
  // The pre-review publicity (a campaign option the 2022 campaign of this world does not use): the roles still
  // hold, and a publicity or objection that does not exist is refused, never a 5xx.
  'GET /api/v1/lifecycles': PUBLIC_READ,
  'POST /api/v1/pre-review-publicity': { ...CITY, body: () => ({ committee_code: 'jx-engineering-intermediate', start_date: '2022-08-29' }) },
  'GET /api/v1/pre-review-publicity': CITY,
  'GET /api/v1/pre-review-publicity/{id}': { objects: () => [{ label: 'a publicity', params: { id: 1 } }], who: () => 'allow' },
  'POST /api/v1/pre-review-objections/{id}/resolve': {
    objects: () => [{ label: 'an objection', params: { id: 1 } }], who: () => 'allow',
    body: () => ({ outcome: 'upheld', resolution: '越权处理。' }),
    ownBody: () => ({ outcome: 'dismissed', resolution: '经核查不成立。' }),
  },
  'GET /api/v1/public/pre-review': PUBLIC_READ,
  'POST /api/v1/public/pre-review/{id}/objections': { objects: () => [{ label: 'a publicity', params: { id: 1 } }], who: () => 'allow', ownBody: () => ({}) },
  'GET /api/v1/public/results': PUBLIC_READ,
  'POST /api/v1/public/results/{id}/objections': { objects: (fx) => [{ label: 'the publicity', params: { id: fx.publicityId } }], who: all, ownBody: () => ({}) },
  'GET /api/v1/certificates': CITY,
  'GET /api/v1/my/certificates': {
    ...SELF,
    check: (c, r, fx) => {
      const ids = itemsOf(r.json).map((x) => num(x.id));
      if (!ids.length) return [];
      return sqliteJson(fx.server, `SELECT id, holder_id FROM certificates WHERE id IN (${ids.join(',')})`)
        .filter((x) => num(x.holder_id) !== c.id).map((x) => `certificate ${x.id} of user ${x.holder_id}`);
    },
  },
  'GET /api/v1/public/certificates/verify': {
    ...PUBLIC_READ, query: (fx) => `?code=${encodeURIComponent(fx.cert.code)}`, markers: ['contact', 'secret'],
  },
  'POST /api/v1/certificates/{id}/revoke': {
    objects: (fx) => [{ label: 'the certificate', params: { id: fx.cert.id } }], who: all,
    body: () => ({ reason: '越权撤销', evidence: '无' }),
  },
  'GET /api/v1/integrity/records': CITY,
  'POST /api/v1/integrity/records': { ...CITY, body: (fx) => ({ application_id: fx.apps.L.id, reason: '越权记录', evidence: '无' }) },
  'GET /api/v1/my/integrity': SELF,
  'POST /api/v1/cases': {
    objects: (fx) => appObjects(fx, ['L', 'H']).map((o) => ({ ...o, params: {} })),
    who: appWho,
    body: (fx, o) => ({ kind: 'complaint', application_id: o.app.id, subject: '矩阵投诉', content: '投诉内容。' }),
    ownBody: () => ({}),
    ghost: (fx, o) => ({ ...o, body: () => ({ kind: 'complaint', application_id: GHOST, subject: '矩阵投诉', content: '投诉内容。' }) }),
  },
  'GET /api/v1/cases': {
    ...SELF,
    check: (c, r, fx) => (['committee_office', 'city_admin'].includes(c.role) ? []
      : within('case', itemsOf(r.json), (k) => fx.world.cases.some((x) => x.id === num(k.id) && x.filed_by === c.id))),
  },
  'POST /api/v1/cases/{id}/close': {
    objects: (fx) => [{ label: '李晓燕\'s case', params: { id: fx.caseId } }], who: all,
    body: () => ({ outcome: 'upheld', outcome_text: '越权结案。' }),
    ownBody: () => ({ outcome: 'dismissed', outcome_text: '已协调单位审核。' }),
  },
  'GET /api/v1/review/todo': SELF,
  'GET /api/v1/applications/{id}/review-form.pdf': {
    objects: (fx) => appObjects(fx),
    // A draft has no review form yet (form_requires_submission): its owner is not refused, nothing more.
    who: (c, o) => (canSeeApp(c, o.app) ? (o.app.state === 'draft' ? 'allow' : 'own') : 'hide'),
  },
  'GET /api/v1/applications/{id}/publicity-form.pdf': null, // as the review form (filled in below)
  // Only an application on the exceptional path has the form (exceptional_form_not_applicable otherwise).
  'GET /api/v1/applications/{id}/exceptional-form.pdf': { objects: (fx) => appObjects(fx), who: (c, o) => (canSeeApp(c, o.app) ? 'allow' : 'hide') },
  'GET /api/v1/certificates/{id}/certificate.pdf': {
    objects: (fx) => [{ label: 'the certificate', params: { id: fx.cert.id } }],
    who: (c, o, fx) => (c.role !== 'applicant' || c.id === fx.cert.holder ? 'own' : 'hide'),
  },
  'GET /api/v1/result-publicity/{id}/list.pdf': { objects: (fx) => [{ label: 'the publicity', params: { id: fx.publicityId } }], who: all },
  'GET /api/v1/import-templates/experts.xlsx': CITY,
  'POST /api/v1/imports/experts': { ...CITY, raw: true },
  'GET /api/v1/import-templates/units.xlsx': CITY,
  'POST /api/v1/imports/units': { ...CITY, raw: true },
  'GET /api/v1/public/forms/verify': { ...PUBLIC_READ, query: (fx) => `?code=${encodeURIComponent(fx.formCode)}`, markers: ['contact', 'secret'] },
  'GET /api/v1/testing/clock': PUBLIC_READ,
  'PUT /api/v1/testing/clock': PUBLIC_WRITE,
};
// The Excel exports of the list pages answer as their list does (the leak search reads the sheet's cells;
// the list's own item checks read JSON, so they are left to the list).
for (const base of ['/units', '/admin/accounts', '/audit', '/unit/archives', '/deadline-extensions', '/experts', '/review-groups',
  '/meetings', '/result-publicity', '/certificates', '/integrity/records', '/cases']) {
  const { check, ...list } = MATRIX[`GET /api/v1${base}`];
  MATRIX[`GET /api/v1${base}.xlsx`] = list;
}
MATRIX['GET /api/v1/applications/{id}/publicity-form.pdf'] = MATRIX['GET /api/v1/applications/{id}/review-form.pdf'];
MATRIX['POST /api/v1/units/{id}/reject'] = { ...MATRIX['POST /api/v1/units/{id}/approve'], body: () => ({ reason: '授权书印章不清晰。' }),
  ownBody: () => ({ reason: '授权书印章不清晰。' }) };
MATRIX['POST /api/v1/unit/archives/{id}/return'] = {
  ...MATRIX['POST /api/v1/unit/archives/{id}/approve'],
  body: (fx) => ({ version: fx.archives.P.version, reason: '请补充材料。', items: [{ item_id: fx.archiveItemP, reason: '学历证书不清晰' }] }),
  ownBody: (fx) => ({ version: fx.archives.P.version + 100, reason: '请补充材料。', items: [{ item_id: fx.archiveItemP, reason: '学历证书不清晰' }] }),
};

// A unit whose letter is not approved may call only these (docs/api.md).
const UNIT_GATE_EXEMPT = new Set(['POST /api/v1/auth/logout', 'GET /api/v1/auth/me', 'POST /api/v1/auth/password',
  'GET /api/v1/units/me', 'PUT /api/v1/units/me/letter', 'GET /api/v1/units/{id}/letter']);

// ---- running one request ------------------------------------------------------------------------------------

const pathOf = (pattern, params = {}) => pattern.replace(/\{(\w+)\}/g, (_, k) => {
  assert.ok(params[k] !== undefined, `${pattern}: no value for {${k}}`);
  return encodeURIComponent(String(params[k]));
});

async function send(c, op, entry, fx, o, body) {
  const query = o.query ?? (typeof entry.query === 'function' ? entry.query(fx) : entry.query ?? '');
  const path = pathOf(op.path, o.params) + query;
  if (op.method === 'GET') return c.client.request('GET', path);
  if (entry.raw && body === undefined) {
    return c.client.request(op.method, path, { body: tinyPdf, headers: { 'Content-Type': 'application/octet-stream' } });
  }
  return c.client.request(op.method, path, { json: body ?? {} });
}

const brief = (r) => {
  const ct = r.headers.get('content-type') || '';
  const text = ct.startsWith('application/json') || ct.startsWith('text/') ? r.bytes.toString('utf8') : `<${ct} ${r.bytes.length} bytes>`;
  return `${r.status} ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
};

// An Excel export's text: every cell, so that the leak search reads it like a JSON answer.
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxText = (r) => readXlsx(r.bytes).rows.map((row) => row.join('\t')).join('\n');

function leaks(fx, c, entry, r) {
  if (entry.markers === false) return [];
  const ct = r.headers.get('content-type') || '';
  if (!ct.startsWith('application/json') && !ct.startsWith('text/') && !ct.startsWith(XLSX)) return [];
  const text = ct.startsWith(XLSX) ? xlsxText(r) : r.bytes.toString('utf8');
  return forbiddenMarkers(fx, c).filter((m) => (entry.markers ?? ['app', 'contact', 'secret']).includes(m.kind) && text.includes(m.text))
    .map((m) => `LEAK: the answer holds ${m.what}`);
}

// ---- the test -------------------------------------------------------------------------------------------------

test('authorization matrix: every route × every role × own / same-region / foreign object', { timeout: 600000 }, () => withWorkflowDemo(async (server) => {
  const fx = await buildFixture(server);
  fx.server = server;
  const callers = await signIn(server, fx);
  const byKey = Object.fromEntries(callers.map((c) => [c.key, c]));
  fx.notes = [];
  for (const key of ['apL', 'zhou', 'uHF', 'ap402', 'office']) {
    const n = sqliteJson(server, `SELECT id FROM notifications WHERE user_id = ${byKey[key].id} ORDER BY id LIMIT 1`)[0];
    if (n) fx.notes.push({ id: num(n.id), user_id: byKey[key].id, owner: key });
  }
  assert.ok(fx.notes.length >= 3, `notifications of three callers at least: ${JSON.stringify(fx.notes)}`);

  const doc = (await new Client(server.baseUrl).get(`${A}/openapi.json`)).json;
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      ops.push({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, access: op['x-access'], roles: op['x-roles'] ?? [], scope: op['x-scope'] });
    }
  }
  const uncovered = ops.filter((op) => !MATRIX[op.key]).map((op) => op.key);
  const stale = Object.keys(MATRIX).filter((k) => !ops.some((op) => op.key === k));
  assert.deepEqual(uncovered, [], 'every operation of openapi.json has an entry in the authorization matrix');
  assert.deepEqual(stale, [], 'every entry of the matrix is an operation of openapi.json');

  const problems = [];
  let cases = 0;
  const problem = (op, c, o, what, r) => problems.push(`${op.key} | ${c.key} (${c.role}) | ${o.label} | ${what}${r ? ` | got ${brief(r)}` : ''}`);

  // Who gets past the route's gate: public routes everyone, others a session, role routes their roles, units
  // only with an approved letter outside the exempt routes.
  const gate = (op, c) => {
    if (op.access === 'public') return 'pass';
    if (c.role === 'anonymous') return 'deny';
    if (op.access === 'roles' && !op.roles.includes(c.role)) return 'deny';
    if (c.role === 'unit' && c.unitStatus !== 'approved' && !UNIT_GATE_EXEMPT.has(op.key)) return 'deny';
    return 'pass';
  };
  const writes = (op) => op.method !== 'GET';

  // The table's own words agree with the matrix: a public route has no scope and every other one has; a route
  // that names an object within a scope narrower than the city is tried on an object outside some allowed
  // caller's scope.
  assert.deepEqual(ops.filter((op) => (op.access === 'public') !== (op.scope === 'none')).map((op) => `${op.key} ${op.access} ${op.scope}`), [],
    'public routes, and only they, have x-scope none');
  const untried = ops.filter((op) => /\{(id|file|oid)\}/.test(op.path) && ['self', 'unit', 'region'].includes(op.scope)
    && !callers.some((c) => gate(op, c) === 'pass' && MATRIX[op.key].objects(fx).some((o) => MATRIX[op.key].who(c, o, fx) === 'hide')));
  assert.deepEqual(untried.map((op) => op.key), [], 'every scoped route with an object id is tried on a foreign object');
  const later = []; // phase 2: allowed writes

  const trace = [];
  const expectNo5xx = (op, c, o, r, kind) => {
    if (process.env.AUTHZ_TRACE) trace.push(`${kind.padEnd(5)} ${op.key} | ${c.key} | ${o.label} | ${r.status} ${r.bytes.length < 2000000 ? r.bytes.toString('utf8').replace(/\n/g, ' ') : `<big ${r.bytes.length}>`}`);
    if (r.status >= 500) problem(op, c, o, '5xx', r);
  };

  // Phase 1: every read, and every write that must be refused, route by route; the refused writes of a route
  // change nothing in the database.
  for (const op of ops) {
    const entry = MATRIX[op.key];
    const objects = entry.objects(fx);
    const before = writes(op) ? fingerprint(server) : null;
    let refusedWrites = 0;
    for (const c of callers) {
      for (const o of objects) {
        const body = entry.body ? entry.body(fx, o) : undefined;
        if (gate(op, c) === 'deny') {
          cases++;
          const r = await send(c, op, entry, fx, o, body);
          expectNo5xx(op, c, o, r, 'deny');
          if (r.status !== 401 && r.status !== 403) problem(op, c, o, `${c.role === 'anonymous' ? 'no session' : 'role not allowed'}: expected 401/403`, r);
          for (const l of leaks(fx, c, entry, r)) problem(op, c, o, l);
          if (writes(op)) refusedWrites++;
          continue;
        }
        const kind = entry.who(c, o, fx);
        if (writes(op) && (kind === 'own' || kind === 'allow')) { later.push({ op, entry, c, o }); continue; }
        cases++;
        const r = await send(c, op, entry, fx, o, body);
        expectNo5xx(op, c, o, r, kind);
        for (const l of leaks(fx, c, entry, r)) problem(op, c, o, l);
        if (kind === 'allow') { // in scope, but the object may not lend itself to the request
          if (r.status === 401 || r.status === 403) problem(op, c, o, 'allowed, own object: refused', r);
          continue;
        }
        if (kind === 'own') { // a read of one's own
          if (r.status === 401 || r.status === 403) problem(op, c, o, 'allowed, own object: refused', r);
          else if (r.status < 200 || r.status > 299) problem(op, c, o, 'allowed read of an own object: expected 2xx', r);
          else if (entry.check) for (const p of entry.check(c, r, fx)) problem(op, c, o, `LEAK: ${p}`);
          continue;
        }
        if (writes(op)) refusedWrites++;
        if (r.status >= 200 && r.status <= 299) {
          problem(op, c, o, kind === 'hide' ? 'LEAK: an object outside the caller\'s scope answered 2xx' : 'a write the caller may not make answered 2xx', r);
          continue;
        }
        if (kind === 'hide' && r.status !== 403 && r.status !== 404) {
          // Only acceptable when the same request about nothing answers the same (the body was checked first).
          const g = entry.ghost ? entry.ghost(fx, o)
            : { ...o, params: Object.fromEntries(Object.entries(o.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? GHOST : v])) };
          const gr = await send(c, op, g.body ? { ...entry, body: g.body } : entry, fx, g, g.body ? g.body(fx, g) : body);
          expectNo5xx(op, c, { ...g, label: `${o.label}, as an id that does not exist` }, gr, 'ghost');
          const codes = (x) => JSON.stringify([x.status, x.json?.error?.code, (x.json?.error?.fields ?? []).map((f) => [f.field, f.code]),
            (x.json?.error?.items ?? []).map((i) => i.code)]);
          if (codes(gr) !== codes(r)) problem(op, c, o, `outside the caller's scope: expected 403/404 (an id that does not exist answers ${gr.status} ${gr.json?.error?.code ?? ''})`, r);
        }
      }
    }
    if (before && refusedWrites) {
      const changed = changedTables(before, fingerprint(server));
      if (changed.length) problems.push(`${op.key} | refused writes | - | LEAK: the database changed (${changed.join(', ')})`);
    }
  }

  // Phase 2: the writes callers may make, with harmless bodies (their own sessions thrown away for a logout).
  for (const { op, entry, c, o } of later) {
    cases++;
    let who = c;
    if (entry.throwaway && c.role !== 'anonymous') {
      const client = new Client(server.baseUrl);
      const l = await client.login(c.name, c.password);
      assert.equal(l.status, 200, `second session of ${c.key}: ${show(l)}`);
      who = { ...c, client };
    }
    const body = entry.ownBody ? entry.ownBody(fx, o) : {};
    const r = await send(who, op, { ...entry, raw: entry.raw && !entry.ownBody }, fx, o, entry.raw && !entry.ownBody ? undefined : body);
    expectNo5xx(op, c, o, r, 'own-w');
    if (r.status === 401 || r.status === 403) problem(op, c, o, 'allowed write on an own object: refused', r);
    for (const l of leaks(fx, c, entry, r)) problem(op, c, o, l);
  }

  const report = `${problems.length} problem(s) in ${cases} route × caller × object case(s) over ${ops.length} operations and ${callers.length} callers`;
  console.log(report);
  if (process.env.AUTHZ_TRACE) writeFileSync(process.env.AUTHZ_TRACE, `${trace.join('\n')}\n`);
  assert.deepEqual(problems, [], report);
}));
