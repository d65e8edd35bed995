// Helpers for the workflow API tests (docs/workflow.md): sign-ins, the performance archive, applications,
// evidence uploads, actions, the test clock and the invariant checker. Each helper asserts the step it
// takes worked, so a scenario reads as the story it tells and fails at the step that broke.
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, Client, residentId, mobile, tinyPdf, bin, freshDatabaseUrl, campaignsDir, calendarsDir,
} from './server.mjs';

export { tinyPdf };

// Demo accounts (src/app/demo.cpp); every demo login has the password Demo@2022.
export const UNITS = {
  county: '91330402MA2JX0016P', // 嘉兴禾丰智能科技有限公司, 南湖 330402, enterprise
  institution: '12330402470012345H', // 嘉兴市南湖区水利工程管理站, 南湖 330402, public institution
  city: '91330400MA28A3C51C', // 嘉兴市交通投资集团有限责任公司, city level, under 嘉兴市交通运输局
};
export const DEMO_APPLICANT = '330402198803142019'; // 王建国
export const PASSWORD = 'Demo@2022';

// Slots the default archive (regular path to 工程师, social security paid in the city) must fill.
export const REQUIRED_FOR_ENGINEER = ['id_card', 'education_certificate', 'title_certificate', 'ce_certificate'];

const A = '/api/v1';

// ---- servers ------------------------------------------------------------------------------------------

// A fresh demo server with the settable clock, started at a day inside the application window.
export async function startClockServer(now = '2022-08-20T09:00:00+08:00', { campaigns } = {}) {
  const server = await startServer({ demo: true, args: ['--test-clock'], ...(campaigns ? { campaigns } : {}) });
  await setClock(server, now);
  return server;
}

const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

// Runs `fn(server)` on a fresh server, then runs the invariant checker (which must pass), stops the server
// and checks that the sanitizers reported nothing.
export async function withServer(fn, { now, campaigns } = {}) {
  const server = await startClockServer(now, { campaigns });
  try {
    await fn(server);
    assertInvariants(server);
  } catch (e) {
    if (SANITIZER.test(server.log())) e.message += `\nserver log:\n${server.log().slice(-4000)}`;
    throw e;
  } finally {
    await server.stop();
  }
  assert.doesNotMatch(server.log(), SANITIZER, `sanitizer report:\n${server.log().slice(-4000)}`);
}

// Runs `fn(server)` on a fresh server over the workflow demo (`zhicheng demo --workflow`, src/app/demo.cpp
// LoadWorkflowDemo: four applications at four stages, ZC2022-000001 … 000004) with the settable clock at
// `now`; then the invariant checker must pass and the sanitizers must have reported nothing.
export async function withWorkflowDemo(fn, { now = '2022-08-25T09:00:00+08:00', args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-workflow-demo-'));
  const dbUrl = freshDatabaseUrl(dir);
  const dataDir = join(dir, 'data');
  let server;
  try {
    execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
      '--calendars', calendarsDir], { stdio: 'pipe' });
    server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock', ...args] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  try {
    await setClock(server, now);
    await fn(server);
    assertInvariants(server);
  } catch (e) {
    if (SANITIZER.test(server.log())) e.message += `\nserver log:\n${server.log().slice(-4000)}`;
    throw e;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.doesNotMatch(server.log(), SANITIZER, `sanitizer report:\n${server.log().slice(-4000)}`);
}

export async function setClock(server, now) {
  const r = await new Client(server.baseUrl).request('PUT', `${A}/testing/clock`, { json: { now } });
  assert.equal(r.status, 200, `set clock ${now}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

// `at`: the instant at which no application may be stuck (default: now).
export function checkInvariants(server, { at } = {}) {
  return spawnSync(bin, ['check-invariants', '--db', server.dbUrl, ...(at ? ['--at', at] : [])], { encoding: 'utf8' });
}

export function assertInvariants(server) {
  const r = checkInvariants(server);
  assert.equal(r.status, 0, `check-invariants exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
}

// Runs SQL on the server's database with its own client (sqlite3 or psql; rows as `a|b` lines either way).
export function sqlite(server, sql) {
  if (server.dbUrl.startsWith('postgresql:')) return execFileSync('psql', [server.dbUrl, '-qAt', '-c', sql], { encoding: 'utf8' });
  return execFileSync('sqlite3', [server.dbUrl.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' });
}

// ---- HTTP ---------------------------------------------------------------------------------------------

export const get = (c, path) => c.get(A + path);
export const post = (c, path, json) => c.post(A + path, json);
export const put = (c, path, json) => c.request('PUT', A + path, { json });
export const del = (c, path) => c.request('DELETE', A + path);

export function show(r) {
  const text = r.json ? JSON.stringify(r.json) : r.bytes.toString('utf8');
  return `${r.status} ${text.length > 1200 ? `${text.slice(0, 1200)}…` : text}`;
}

export function assertError(r, status, code, what = '') {
  assert.equal(r.status, status, `${what} expected ${status} ${code}, got ${show(r)}`);
  assert.equal(r.json?.error?.code, code, `${what} ${show(r)}`);
  assert.ok(r.json.error.message, `${what}: an error has a message`);
}

export const hasChinese = (s) => /[\u4e00-\u9fff]/.test(s || '');

// ---- accounts -----------------------------------------------------------------------------------------

// A signed-in client. Moving the test clock forward by days ends idle sessions, as it would for a real user
// coming back days later; the client then signs in again and repeats the request (a 401 changed nothing).
export async function login(server, name, password = PASSWORD) {
  const c = new Client(server.baseUrl);
  const r = await c.login(name, password);
  assert.equal(r.status, 200, `login ${name}: ${show(r)}`);
  c.user = r.json.user;
  const request = c.request.bind(c);
  c.request = async (method, path, opts) => {
    const res = await request(method, path, opts);
    if (res.status !== 401 || res.json?.error?.code !== 'unauthenticated' || path.endsWith('/auth/login')) return res;
    const again = await c.login(name, password);
    assert.equal(again.status, 200, `login ${name} again: ${show(again)}`);
    return request(method, path, opts);
  };
  return c;
}

const NAMES = ['赵雨桐', '钱思远', '孙嘉怡', '李明轩', '周若曦', '吴浩然', '郑欣妍', '冯子墨', '陈静怡', '褚宇航'];
let nameIndex = 0;
// A different birth day for each applicant of this process (1985-01-01 onwards): with one birth day for all,
// the random three-digit serials of two applicants of one test collided now and then (409 already_registered).
let birthIndex = 0;
function nextBirth() {
  const d = new Date(Date.UTC(1985, 0, 1) + birthIndex++ * 86400000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

// Registers a new applicant through the public form and signs them in.
export async function newApplicant(server, name = NAMES[nameIndex++ % NAMES.length]) {
  const form = { name, id_number: residentId('330402', nextBirth()), mobile: mobile(), password: 'Passw0rd2022' };
  const reg = await new Client(server.baseUrl).post(`${A}/auth/register/applicant`, form);
  assert.equal(reg.status, 201, `register ${name}: ${show(reg)}`);
  return login(server, form.id_number, form.password);
}

// ---- archive ------------------------------------------------------------------------------------------

// Archive items of an applicant who may apply for 工程师 on the regular path: 本科 2014, 助理工程师 since
// 2017-07-01 (more than four whole years by the cut-off 2022-12-31), in service, social security paid in the
// city, 90 hours of continuing education in each of 2019–2022.
export function makeArchive(o = {}) {
  return [
    { kind: 'education', data: { level: 'bachelor', graduated: '2014-06-30', school: '浙江工业大学', major: '化学工程与工艺', ...o.education } },
    { kind: 'title', data: { level: 'assistant_engineer', obtained: '2017-07-01', ...o.title } },
    { kind: 'work', data: { from: '2014-07-01', employer: '嘉兴禾丰智能科技有限公司', post: '工艺工程师' } },
    { kind: 'employment', data: { in_service: true, full_time: true, ...o.employment } },
    { kind: 'social_security', data: { paid_in_city: true, ...o.social_security } },
    ...[2019, 2020, 2021, 2022].map((year) => ({ kind: 'continuing_education', data: { year, hours: 90 } })),
  ].map((i) => ({ file_ids: [], ...i }));
}

export async function getArchive(c) {
  const r = await get(c, '/archive');
  assert.equal(r.status, 200, `GET archive: ${show(r)}`);
  return r.json;
}

export async function saveArchive(c, unitCreditCode, items = makeArchive()) {
  const current = await getArchive(c);
  const r = await put(c, '/archive', { version: current.version, unit_credit_code: unitCreditCode, items });
  assert.equal(r.status, 200, `PUT archive: ${show(r)}`);
  return r.json;
}

export async function submitArchive(c) {
  const current = await getArchive(c);
  const r = await post(c, '/archive/submit', { version: current.version });
  assert.equal(r.status, 200, `submit archive: ${show(r)}`);
  assert.equal(r.json.status, 'pending');
  return r.json;
}

export async function approveArchive(unit, userId) {
  const a = await get(unit, `/unit/archives/${userId}`);
  assert.equal(a.status, 200, `unit GET archive ${userId}: ${show(a)}`);
  const r = await post(unit, `/unit/archives/${userId}/approve`, { version: a.json.version });
  assert.equal(r.status, 200, `approve archive ${userId}: ${show(r)}`);
  return r.json;
}

// Fills, submits and has the unit approve the applicant's archive.
export async function approvedArchive(applicant, unit, items = makeArchive()) {
  await saveArchive(applicant, unit.user.unit.credit_code, items);
  await submitArchive(applicant);
  await approveArchive(unit, applicant.user.id);
  const a = await getArchive(applicant);
  assert.equal(a.status, 'approved');
  return a;
}

// ---- applications -------------------------------------------------------------------------------------

export async function getApp(c, id) {
  const r = await get(c, `/applications/${id}`);
  assert.equal(r.status, 200, `GET application ${id}: ${show(r)}`);
  return r.json;
}

export async function createApplication(c, { level = 'engineer', specialty = 'chemical_process' } = {}) {
  const r = await post(c, '/applications', { level, specialty });
  assert.equal(r.status, 201, `create application: ${show(r)}`);
  assert.equal(r.json.state, 'draft');
  return r.json;
}

export function upload(c, appId, slot, body = tinyPdf, name = 'scan.pdf', contentType = 'application/octet-stream') {
  return c.request('POST', `${A}/applications/${appId}/evidence/${slot}?name=${encodeURIComponent(name)}`, {
    body, headers: { 'Content-Type': contentType } });
}

export async function uploadPdf(c, appId, slot, name = `${slot}.pdf`, body = tinyPdf) {
  const r = await upload(c, appId, slot, body, name);
  assert.equal(r.status, 201, `upload to ${slot}: ${show(r)}`);
  return r.json;
}

// Uploads one PDF to every required slot that is still empty.
export async function uploadRequired(c, appId) {
  const app = await getApp(c, appId);
  for (const s of app.slots) {
    if (s.required && s.files.length === 0) await uploadPdf(c, appId, s.code);
  }
  return getApp(c, appId);
}

export async function pledge(c, appId) {
  const app = await getApp(c, appId);
  const r = await put(c, `/applications/${appId}`, { version: app.version, level: app.level, specialty: app.specialty, pledged: true });
  assert.equal(r.status, 200, `pledge: ${show(r)}`);
  assert.equal(r.json.pledged, true);
  return r.json;
}

// POST actions/{action} with the version just read; returns the raw response.
export async function tryAct(c, appId, action, body = {}) {
  const cur = await get(c, `/applications/${appId}`);
  const version = cur.status === 200 ? cur.json.version : 1;
  return post(c, `/applications/${appId}/actions/${action}`, { version, ...body });
}

export async function act(c, appId, action, body = {}, expectState) {
  const r = await tryAct(c, appId, action, body);
  assert.equal(r.status, 200, `${action} on ${appId}: ${show(r)}`);
  if (expectState) assert.equal(r.json.state, expectState, `${action} → ${expectState}`);
  return r.json;
}

export const OPINION = '经审核，该同志申报材料真实，符合申报条件，同意推荐。';

// A fresh applicant with an approved archive at `unit`, whose application is submitted (needs a clock before
// the applicant deadline). Returns { applicant, app }.
export async function submittedApplication(server, unit, { applicant, level = 'engineer', specialty = 'chemical_process', items } = {}) {
  applicant = applicant ?? await newApplicant(server);
  await approvedArchive(applicant, unit, items);
  const draft = await createApplication(applicant, { level, specialty });
  await uploadRequired(applicant, draft.id);
  await pledge(applicant, draft.id);
  const app = await act(applicant, draft.id, 'submit', {}, 'submitted');
  return { applicant, app };
}

export async function startPublicity(unit, appId, startDate) {
  const app = await act(unit, appId, 'start_publicity', { start_date: startDate }, 'publicity');
  assert.equal(app.publicity?.start, startDate);
  return app;
}

// Several submitted applications at one unit, one fresh applicant each.
export async function submittedApplications(server, unit, n, opts = {}) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await submittedApplication(server, unit, opts));
  return out;
}

export async function notifications(c) {
  const r = await get(c, '/notifications');
  assert.equal(r.status, 200, `notifications: ${show(r)}`);
  return r.json;
}

export async function auditEntries(server, query = '') {
  const admin = await login(server, 'admin');
  const r = await get(admin, `/audit?page_size=200${query}`);
  assert.equal(r.status, 200, `audit: ${show(r)}`);
  return r.json.items;
}

// An entry's action names the workflow action as its last segment (e.g. `application.submit`).
// The separator is not `_`, so `recommend` does not match `application.county_recommend`.
export const actionIs = (entry, action) => new RegExp(`(^|[.:/])${action}$`).test(entry.action);

// ---- streaming uploads --------------------------------------------------------------------------------

// Sends `size` bytes (a PDF header, then zeros) and returns the server's answer. Chunked (the default), the
// body is a stream of 64 KiB pieces without a length, as a large file is sent; otherwise a buffer with its
// Content-Length. The server may answer and close before the whole body is sent.
export async function streamUpload(client, path, size, { chunked = true } = {}) {
  const headers = { 'X-CSRF-Token': client.csrf, 'Content-Type': 'application/pdf',
    Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const head = Buffer.from('%PDF-1.4\n');
  let body;
  if (chunked) {
    let sent = 0;
    body = new ReadableStream({
      pull(controller) {
        if (sent >= size) { controller.close(); return; }
        const n = Math.min(64 * 1024, size - sent);
        const piece = Buffer.alloc(n);
        if (sent === 0) head.copy(piece);
        sent += n;
        controller.enqueue(piece);
      },
    });
  } else {
    body = Buffer.alloc(size);
    head.copy(body);
  }
  let res;
  try {
    res = await fetch(client.baseUrl + A + path, { method: 'POST', headers, body, duplex: 'half' });
  } catch (e) {
    throw new Error(`POST ${path} (${size} bytes${chunked ? ', chunked' : ''}): no answer from the server: ${e.message} (${e.cause?.code || e.cause?.message || ''})`);
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  let json = null;
  try { json = JSON.parse(bytes.toString('utf8')); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, bytes };
}
