// Helpers for the review API tests (docs/review.md): applications driven from a fresh applicant to the
// committee office's acceptance, specialty groups with their draw and reviews, committee meetings with
// attendance and ballots, result publicity and certificates. Like tests/lib/workflow.mjs, each helper asserts
// that the step it takes worked, so a scenario fails at the step that broke.
//
// The test clock moves forward through the 2022 campaign: submission 2022-08-20, unit publicity
// 2022-08-22 … 2022-08-26 (five working days), unit recommendation 2022-08-26, county recommendation
// 2022-09-20 (deadline 2022-09-30), then the review day chosen by the caller. Moving the clock ends sessions;
// the clients of `login` sign in again on their own.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Client } from './server.mjs';
import { registerTrustees, closeAndCount, decryptTally, openVoting as openVotingWith } from './ballot.mjs';
import {
  UNITS, OPINION, setClock, get, post, put, show, login, newApplicant, getApp, act, submittedApplication,
  startPublicity,
} from './workflow.mjs';

export const COMMITTEE = 'jx-engineering-intermediate';
export const COMMITTEE_NAME = '嘉兴市工程技术中级专业技术资格评审委员会';

// 周海峰 (demo applicant): 嘉兴市交通投资集团有限责任公司, the unit of expert01; expert09 declared him a relation.
export const ZHOU = { id_number: '330483197906150058', name: '周海峰', mobile: '13957300015' };

// The demo's experts (docs/review.md "Demo").
export const EXPERTS = Array.from({ length: 13 }, (_, i) => `expert${String(i + 1).padStart(2, '0')}`);
export const MEMBERS = EXPERTS.slice(0, 11); // expert01 chair, expert02 and expert03 vice chairs
export const ENVIRONMENTAL = ['expert01', 'expert03', 'expert05', 'expert09', 'expert12', 'expert13'];

export const CHOICES = ['yes', 'no', 'abstain'];
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/;
// An 18-character resident identity number standing on its own.
export const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
// A mainland mobile number standing on its own (not inside a hex digest).
export const MOBILE = /(?<![0-9A-Fa-f])1[3-9]\d{9}(?![0-9A-Fa-f])/;

const A = '/api/v1';

// ---- small things ---------------------------------------------------------------------------------------

export const at = (day, time = '09:00:00') => `${day}T${time}+08:00`;

// The error the contract names; when the contract leaves the status open, `status` may be a list. A code the
// contract names for one of several items may also come as a field problem of validation_failed (422), the
// platform's form for "every problem at once" (docs/api.md); both are accepted.
export function assertRefusal(r, statuses, code, what = '') {
  const list = [statuses].flat();
  const asField = code && r.status === 422 && r.json?.error?.code === 'validation_failed'
    && (r.json.error.fields ?? []).some((f) => f.code === code || f.reason === code); // a class or its precise reason
  if (!asField) {
    assert.ok(list.includes(r.status), `${what} expected ${list.join('|')} ${code ?? ''}, got ${show(r)}`);
    if (code) assert.equal(r.json?.error?.code, code, `${what} ${show(r)}`);
  }
  assert.ok(r.json?.error?.message, `${what}: an error has a message: ${show(r)}`);
  assert.match(r.json.error.message, /[\u4e00-\u9fff]/, `${what}: a Chinese message: ${r.json.error.message}`);
}

// Checks of what the contract spells out about a shape or a text, collected so that one run of a scenario
// reports every difference at once; `done()` fails the scenario when there were any. The flow itself uses
// plain asserts (a step that did not work stops the scenario).
export function contractChecks() {
  const problems = [];
  const run = (f) => { try { f(); } catch (e) { problems.push(e.message.split('\n').slice(0, 6).join('\n')); } };
  return {
    equal: (a, b, msg) => run(() => assert.deepEqual(a, b, msg)),
    ok: (v, msg) => run(() => assert.ok(v, msg)),
    match: (s, re, msg) => run(() => assert.match(String(s), re, msg)),
    done() {
      if (problems.length) assert.fail(`${problems.length} difference(s) from docs/review.md:\n- ${problems.join('\n- ')}`);
    },
  };
}

export function ok(r, what, status = 200) {
  assert.equal(r.status, status, `${what}: ${show(r)}`);
  return r.json;
}

// Items of a list answer ({items, total}), or the answer itself when it is an array.
export const itemsOf = (json) => (Array.isArray(json) ? json : json?.items ?? []);

export function publicClient(server) {
  return new Client(server.baseUrl);
}

export function sqliteJson(server, sql) {
  if (server.dbUrl.startsWith('postgresql:')) {
    const out = execFileSync('psql', [server.dbUrl, '-qAt', '-c', `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out);
  }
  const out = execFileSync('sqlite3', ['-json', server.dbUrl.replace(/^sqlite:/, ''), sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim() ? JSON.parse(out) : [];
}

// The database's tables and a table's columns, on either backend.
const onPg = (server) => server.dbUrl.startsWith('postgresql:');
export function tableNames(server) {
  return sqliteJson(server, onPg(server)
    ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map((r) => r.name);
}
export function columnNames(server, table) {
  return sqliteJson(server, onPg(server)
    ? `SELECT column_name AS name FROM information_schema.columns WHERE table_name = ${sqlString(table)}`
    : `PRAGMA table_info(${sqlString(table)})`).map((c) => c.name);
}

export const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

// Every entry of the audit log (all pages), newest first.
export async function allAudit(server) {
  const admin = await login(server, 'admin');
  const out = [];
  let after = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 100, 'the audit log ends within 100 pages');
    const r = await get(admin, `/audit?page_size=200${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
    assert.equal(r.status, 200, `audit: ${show(r)}`);
    out.push(...r.json.items);
    if (r.json.next_cursor === null) break;
    assert.equal(typeof r.json.next_cursor, 'string', `audit next_cursor: ${show(r)}`);
    after = r.json.next_cursor;
  }
  return out;
}

// ---- the draw, as docs/review.md describes it -------------------------------------------------------------

// Recomputes a draw: byte stream = SHA-256(seed ‖ counter as 8 bytes big-endian), 64-bit numbers big-endian,
// rejection below 2^64 − (2^64 mod n), partial Fisher–Yates. The seed is taken as its 16 bytes (hex-decoded)
// or, with `seedAsText`, as the 32 characters.
export function replayDraw(seedHex, candidates, places, { seedAsText = false } = {}) {
  const seed = seedAsText ? Buffer.from(seedHex, 'utf8') : Buffer.from(seedHex, 'hex');
  let counter = 0n;
  let block = Buffer.alloc(0);
  let pos = 0;
  const next = () => {
    if (pos + 8 > block.length) {
      const c = Buffer.alloc(8);
      c.writeBigUInt64BE(counter++);
      block = createHash('sha256').update(seed).update(c).digest();
      pos = 0;
    }
    const v = block.readBigUInt64BE(pos);
    pos += 8;
    return v;
  };
  const a = [...candidates];
  const TWO64 = 1n << 64n;
  for (let i = 0; i < places; i++) {
    const n = BigInt(a.length - i);
    const limit = TWO64 - (TWO64 % n);
    let x;
    do { x = next(); } while (x >= limit);
    const j = i + Number(x % n);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, places);
}

// ---- people -----------------------------------------------------------------------------------------------

const contexts = new WeakMap();

// The committee office, the city admin, and the expert pool of the demo (login ↔ id), read once per server.
export async function reviewContext(server) {
  if (contexts.has(server)) return contexts.get(server);
  const office = await login(server, 'committee');
  const admin = await login(server, 'admin');
  const r = await get(office, '/experts');
  assert.equal(r.status, 200, `GET /experts: ${show(r)}`);
  const list = itemsOf(r.json);
  const id = {};
  const loginOf = {};
  const byId = {};
  for (const e of list) {
    byId[e.id] = e;
    if (e.login) { id[e.login] = e.id; loginOf[e.id] = e.login; }
  }
  for (const l of EXPERTS) assert.ok(id[l] !== undefined, `the demo expert ${l} is in GET /experts: ${JSON.stringify(list.map((e) => e.login))}`);
  const clients = new Map();
  const ctx = {
    office, admin, id, loginOf, byId, experts: list,
    ids: (logins) => logins.map((l) => id[l]),
    async expert(l) {
      if (typeof l === 'number') l = loginOf[l];
      if (!clients.has(l)) clients.set(l, await login(server, l));
      return clients.get(l);
    },
  };
  contexts.set(server, ctx);
  return ctx;
}

// ---- applications up to acceptance ---------------------------------------------------------------------

const reviewerOf = (app) => (app.reviewer === 'competent_department' ? 'jtj' : `ap${app.region_code}`);

export async function checkIn(office, app) {
  const r = await put(office, `/applications/${app.id}/paper`, { copies: 2, watermark: true, form_number: app.form_number });
  assert.equal(r.status, 200, `paper check-in of ${app.id} (${app.form_number}): ${show(r)}`);
  return getApp(office, app.id);
}

// Drives each spec from a fresh applicant (or the one given) through submission, unit publicity and
// recommendation, county recommendation, to the committee office, all in step with one clock.
// spec: {unit: 'county'|'institution'|'city', specialty, level, name, applicant, until}
// `until`: 'county_recommended' | 'received' | 'checked_in' | 'accepted' (default).
// An applicant who already has an application in county_recommended (the demo's 周海峰) keeps it.
// Returns [{applicant, app, unit, mobile}] in spec order, `app` as the committee office reads it.
export async function acceptedApplications(server, specs, { day = '2022-10-10' } = {}) {
  await setClock(server, at('2022-08-20'));
  const units = {};
  const unitClient = async (key) => (units[key] ??= await login(server, UNITS[key] ?? key));
  const items = [];
  for (const s of specs) {
    const unit = await unitClient(s.unit ?? 'county');
    const applicant = s.applicant ?? await newApplicant(server, s.name);
    const mine = await get(applicant, '/applications/mine');
    const existing = (mine.json?.items ?? []).find((x) => x.state === 'county_recommended');
    if (existing) {
      items.push({ applicant, unit, app: { id: existing.id }, ready: true, until: s.until ?? 'accepted' });
      continue;
    }
    const { app } = await submittedApplication(server, unit, { applicant, level: s.level ?? 'engineer', specialty: s.specialty ?? 'environmental_engineering' });
    items.push({ applicant, unit, app, until: s.until ?? 'accepted' });
  }
  const fresh = items.filter((x) => !x.ready);
  if (fresh.length) {
    await setClock(server, at('2022-08-22'));
    for (const x of fresh) await startPublicity(x.unit, x.app.id, '2022-08-22');
    await setClock(server, at('2022-08-26', '10:00:00'));
    for (const x of fresh) await act(x.unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
    await setClock(server, at('2022-09-20'));
    const reviewers = {};
    for (const x of fresh) {
      const who = reviewerOf(x.app);
      reviewers[who] ??= await login(server, who);
      await act(reviewers[who], x.app.id, 'county_recommend', {}, 'county_recommended');
    }
  }
  await setClock(server, at(day));
  const office = await login(server, 'committee');
  for (const x of items) {
    x.mobile = x.applicant.user.mobile;
    if (x.until === 'county_recommended') { x.app = await getApp(office, x.app.id); continue; }
    x.app = await act(office, x.app.id, 'receive', {}, 'received');
    if (x.until === 'received') continue;
    x.app = await checkIn(office, x.app);
    if (x.until === 'checked_in') continue;
    x.app = await act(office, x.app.id, 'accept', {}, 'accepted');
  }
  return items.map(({ applicant, unit, app, mobile }) => ({ applicant, unit, app, mobile }));
}

export async function acceptedApplication(server, spec = {}, opts) {
  return (await acceptedApplications(server, [spec], opts))[0];
}

// 周海峰, signed in (environmental_engineering at 嘉兴市交通投资集团有限责任公司 when the application is made here).
export async function zhou(server) {
  return login(server, ZHOU.id_number);
}

// ---- groups, draws, reviews --------------------------------------------------------------------------------

export async function getGroup(office, id) {
  return ok(await get(office, `/review-groups/${id}`), `GET group ${id}`);
}

export async function createGroup(office, appIds, { name = '环境保护专业评议组', family = 'environmental', size } = {}) {
  const body = { name, family, application_ids: appIds };
  if (size !== undefined) body.size = size;
  return ok(await post(office, '/review-groups', body), 'create group', 201);
}

export async function draw(office, groupId, seed) {
  const r = await post(office, `/review-groups/${groupId}/draw`, seed ? { seed } : {});
  return ok(r, `draw for group ${groupId}`);
}

export const activeExperts = (group) => group.experts.filter((e) => ['invited', 'confirmed'].includes(e.status));

// Every invited expert of the group accepts.
export async function confirmAll(server, groupId) {
  const ctx = await reviewContext(server);
  let group = await getGroup(ctx.office, groupId);
  for (const e of group.experts.filter((x) => x.status === 'invited')) {
    const c = await ctx.expert(e.expert_id);
    ok(await post(c, `/review-groups/${groupId}/respond`, { accept: true }), `${c.user.login} confirms`);
  }
  group = await getGroup(ctx.office, groupId);
  return group;
}

export const REVIEW = { recommendation: 'key', conformity: 'conforms', comments: '业绩突出，材料齐全，符合评审条件。' };

export async function review(expertClient, appId, body = REVIEW) {
  return ok(await put(expertClient, `/expert/applications/${appId}/review`, body), `${expertClient.user.login} reviews ${appId}`);
}

// A group over `appIds`, drawn, confirmed by every expert, and (unless `reviews: false`) reviewed by each.
export async function reviewedGroup(server, appIds, { family = 'environmental', size, seed, name, reviews = true, opinion = () => REVIEW } = {}) {
  const ctx = await reviewContext(server);
  const created = await createGroup(ctx.office, appIds, { family, size, name });
  const first = await draw(ctx.office, created.id, seed);
  let group = await confirmAll(server, created.id);
  assert.equal(group.status, 'reviewing', `every place confirmed: ${JSON.stringify(group.experts)}`);
  if (reviews) {
    for (const e of activeExperts(group)) {
      const c = await ctx.expert(e.expert_id);
      for (const id of appIds) await review(c, id, opinion(c.user.login, id));
    }
    group = await getGroup(ctx.office, created.id);
    assert.ok(group.applications.every((a) => a.review_complete), `reviews complete: ${JSON.stringify(group.applications)}`);
  }
  return { group, draw: first.draw };
}

// ---- meetings ---------------------------------------------------------------------------------------------

export async function getMeeting(c, id) {
  return ok(await get(c, `/meetings/${id}`), `GET meeting ${id}`);
}

export async function createMeeting(server, appIds, { title = '2022 年度工程技术中级评审会议', held_on } = {}) {
  const ctx = await reviewContext(server);
  const day = held_on ?? (await get(publicClient(server), '/testing/clock')).json.now.slice(0, 10);
  return ok(await post(ctx.office, '/meetings', { committee_code: COMMITTEE, title, held_on: day, application_ids: appIds }), 'create meeting', 201);
}

export async function setAttendance(server, meetingId, logins) {
  const ctx = await reviewContext(server);
  return ok(await put(ctx.office, `/meetings/${meetingId}/attendance`, { present: ctx.ids(logins) }), `attendance ${logins}`);
}

export async function ballot(server, meetingId, loginName, votes) {
  const ctx = await reviewContext(server);
  const c = await ctx.expert(loginName);
  return post(c, `/meetings/${meetingId}/ballot`, { votes });
}

// votes of one member: choice(login, appId) for each candidate.
export const sheet = (appIds, choose, l) => appIds.map((id) => ({ application_id: id, choice: choose(l, id) }));

// A meeting over `appIds`: attendance, voting opened, each voter's ballot, closed. `choose(login, appId)`.
// Returns {meeting (closed, as the office reads it), created}.
export async function closedMeeting(server, appIds, { present = MEMBERS.slice(0, 8), voters = present, choose = () => 'yes', held_on, title } = {}) {
  const ctx = await reviewContext(server);
  const created = await createMeeting(server, appIds, { held_on, title });
  await setAttendance(server, created.id, present);
  await openVoting(server, created.id);
  for (const l of voters) {
    // A member leaves out the candidates they withdraw from (回避), as their ballot page does.
    const view = await getMeeting(await ctx.expert(l), created.id);
    const mine = appIds.filter((id) => !view.candidates.find((x) => x.application_id === id)?.recuse);
    ok(await ballot(server, created.id, l, sheet(mine, choose, l)), `ballot of ${l}`);
  }
  const meeting = await closeMeeting(server, created.id);
  assert.equal(meeting.status, 'closed');
  return { meeting, created };
}

// The key ceremony (both trustees register their keys, tests/lib/ballot.mjs), then the vote opens.
export async function openVoting(server, meetingId) {
  return openVotingWith(await reviewContext(server), server.baseUrl, meetingId);
}

export async function trustees(server, meetingId) {
  return registerTrustees(await reviewContext(server), server.baseUrl, meetingId);
}

// Both trustees decrypt a vote the office has closed (in the web app, say).
export async function decrypt(server, meetingId) {
  return decryptTally(await reviewContext(server), server.baseUrl, meetingId);
}

// Closes the vote and has both trustees decrypt the tally; the meeting, closed, as the office reads it.
export async function closeMeeting(server, meetingId) {
  return closeAndCount(await reviewContext(server), server.baseUrl, meetingId);
}

// ---- result publicity and certificates --------------------------------------------------------------------

export async function createPublicity(server, meetingId, startDate) {
  const ctx = await reviewContext(server);
  return ok(await post(ctx.office, '/result-publicity', { meeting_id: meetingId, start_date: startDate }), 'create result publicity', 201);
}

// Applications through the whole review: accepted on 2022-09-26, one group, a meeting on 2022-09-27 where
// `choose` decides (all yes by default), result publicity from 2022-09-28 (five working days end on the
// make-up working day 2022-10-09), confirmed by the city admin on 2022-10-10.
// Returns {items, group, meeting, publicity, certificates}.
export async function certifiedApplications(server, specs, { choose } = {}) {
  const ctx = await reviewContext(server);
  const items = await acceptedApplications(server, specs, { day: '2022-09-26' });
  const ids = items.map((x) => x.app.id);
  const { group } = await reviewedGroup(server, ids);
  await setClock(server, at('2022-09-27'));
  const { meeting } = await closedMeeting(server, ids, { choose });
  await setClock(server, at('2022-09-28'));
  const created = await createPublicity(server, meeting.id, '2022-09-28');
  assert.equal(created.end_date, '2022-10-09', 'five working days from 2022-09-28 end on the make-up working day 2022-10-09');
  await setClock(server, at('2022-10-10'));
  const publicity = ok(await post(ctx.admin, `/result-publicity/${created.id}/confirm`, {}), 'confirm result publicity');
  const certificates = itemsOf(ok(await get(ctx.office, '/certificates'), 'GET certificates'));
  for (const x of items) x.app = await getApp(ctx.office, x.app.id);
  return { items, group, meeting, publicity, certificates };
}

export async function myCertificates(applicant) {
  return itemsOf(ok(await get(applicant, '/my/certificates'), 'GET /my/certificates'));
}

export function verify(server, query) {
  const q = new URLSearchParams(query).toString();
  return publicClient(server).get(`${A}/public/certificates/verify?${q}`);
}
