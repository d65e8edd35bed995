// Deadline-day load benchmark: the driver. bench/deadline.sh starts the server (SQLite, demo data, the clock at
// 23:00 on the applicant deadline day) and nginx, then runs this; run it through that script.
//
// Phases, one after the other in one run:
//   1. prepare (not measured): K units registered and approved, N applicants registered, their archives
//      approved by their unit, one draft application each (tests/lib/workflow.mjs helpers);
//   2. hold: as many idle keep-alive connections to the server as its file-descriptor limit leaves room
//      for, in several holder processes (bench/deadline_holder.mjs), each having made one request;
//   3. measured, in two parts: applicants sign in, read their application, save the draft, upload the
//      required evidence, pledge and submit; one reviewer per unit signs in, lists its queue, opens every
//      new application and returns some and starts the publicity of others. Every request is timed by kind.
//      "burst": N - P applicants, C journeys at a time with no pause (the server's capacity: throughput);
//      "paced": P applicants arriving at R a second, pausing about --think-ms between steps as a person
//      would (latency at a stated load). All of it over at most --sockets keep-alive connections, so that
//      the idle ones and these stay within the server's descriptor limit;
//   4. wrk: nginx serving a static file the size of one application's JSON, then the applicants' own
//      `GET /api/v1/applications/{id}` with their session cookies (bench/deadline_own_app.lua), same
//      threads, connections and duration;
//   5. the raw SQLite write rate with the server's PRAGMAs (bench/deadline_sqlite_rate.py);
//   6. checks: the idle connections are still served, every acknowledged submission is in the database in
//      the state the run left it, check-invariants, the server's peak memory (VmHWM) and open descriptors.
// Prints a markdown table and writes the figures as JSON (--json FILE).
import http from 'node:http';
import { fork, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { Client, creditCode } from '../tests/lib/server.mjs';
import * as W from '../tests/lib/workflow.mjs';

const here = import.meta.dirname;
const A = '/api/v1';

// ---- options ------------------------------------------------------------------------------------------

const opt = {
  url: '', serverPid: 0, nginxUrl: '', nginxPidFile: '', www: '', db: '', work: '', bin: '', serverLog: '',
  applicants: 1600, units: 8, concurrency: 32, paced: 600, rate: 5, thinkMs: 1000, sockets: 96, prepConcurrency: 4,
  uploadKb: 100, saves: 3,
  hold: 'auto', holderProcs: 2, fdLimit: 0, wrkThreads: 2, wrkConns: 64, wrkSeconds: 15,
  rawSeconds: 5, json: '',
};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in opt)) throw new Error(`unknown option ${process.argv[i]}`);
  const v = process.argv[i + 1];
  opt[key] = typeof opt[key] === 'number' ? Number(v) : v;
}
for (const k of ['url', 'serverPid', 'nginxUrl', 'www', 'db', 'work', 'bin']) {
  if (!opt[k]) throw new Error(`--${k} is required (run bench/deadline.sh)`);
}
const server = { baseUrl: opt.url, dbUrl: `sqlite:${opt.db}` };
// The server's own descriptor limit (what it can hold), unless given.
if (!opt.fdLimit) opt.fdLimit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${opt.serverPid}/limits`, 'utf8'))[1]);
const port = Number(new URL(opt.url).port);
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- the server process: memory and descriptors ----------------------------------------------------------

function procStatus(field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${opt.serverPid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
function serverFds() {
  try { return readdirSync(`/proc/${opt.serverPid}/fd`).length; } catch { return 0; }
}
function serverThreads() {
  try { return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${opt.serverPid}/status`, 'utf8'))[1]); } catch { return 0; }
}
// CPU time of a process (user + system, seconds) from /proc/PID/stat.
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return 0; }
}
const serverCpu = () => cpuOf(opt.serverPid);
// nginx's CPU: the master and its workers.
function nginxCpu() {
  if (!opt.nginxPidFile) return 0;
  try {
    const master = readFileSync(opt.nginxPidFile, 'utf8').trim();
    const kids = readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return [master, ...kids].reduce((n, pid) => n + cpuOf(pid), 0);
  } catch { return 0; }
}

// Busy and total jiffies of the whole machine (/proc/stat), to show what else ran on the cores.
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((x, y) => x + y, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

// Samples RSS every 250 ms and descriptors every second; `mark(phase)` starts a new phase's maxima and
// closes the previous one with its duration, the server's CPU, the driver's CPU and the machine's CPU.
const sampler = {
  phases: {}, phase: 'start', timer: null, fdTimer: null,
  start() {
    this.timer = setInterval(() => this.sample(false), 250);
    this.fdTimer = setInterval(() => this.sample(true), 1000);
  },
  sample(fds) {
    const p = (this.phases[this.phase] ??= { maxRssKb: 0, maxFds: 0, cpu0: serverCpu(), self0: selfCpu(),
      machine0: machineCpu(), load0: loadavg(), t0: performance.now() });
    p.maxRssKb = Math.max(p.maxRssKb, procStatus('VmRSS'));
    if (fds) p.maxFds = Math.max(p.maxFds, serverFds());
  },
  mark(phase) {
    this.sample(true);
    const p = this.phases[this.phase];
    if (p) {
      p.seconds = +((performance.now() - p.t0) / 1000).toFixed(1);
      p.cpuSeconds = +(serverCpu() - p.cpu0).toFixed(1);
      p.driverCpuSeconds = +(selfCpu() - p.self0).toFixed(1);
      const m = machineCpu();
      p.machineBusyCores = +((m.busy - p.machine0.busy) / Math.max(0.01, p.seconds)).toFixed(2);
      p.serverCores = +(p.cpuSeconds / Math.max(0.01, p.seconds)).toFixed(2);
      p.loadavgEnd = loadavg();
    }
    this.phase = phase;
    this.sample(true);
  },
  stop() { clearInterval(this.timer); clearInterval(this.fdTimer); this.mark('end'); },
};

// ---- measured HTTP: node:http with one keep-alive agent, every request timed by kind ------------------

// At most `sockets` connections: the server's descriptor table is full of idle connections, and a
// request waiting for a free connection is timed from the moment it was made.
const agent = new http.Agent({ keepAlive: true, maxSockets: opt.sockets, maxTotalSockets: opt.sockets, maxFreeSockets: opt.sockets, scheduling: 'fifo' });
const parts = new Map(); // part → (kind → { ms: [], errors, errorSamples: [] })
let stats = new Map();
const startPart = (name) => { stats = new Map(); parts.set(name, stats); };
const KIND_ORDER = ['login', 'get_application', 'save_draft', 'upload', 'pledge', 'submit', 'unit_login', 'queue',
  'unit_get_application', 'unit_return', 'unit_start_publicity'];

function send(method, path, { headers = {}, body } = {}) {
  return new Promise((done) => {
    const t0 = performance.now();
    const h = { 'Accept-Language': 'zh-CN', ...headers };
    if (body !== undefined) h['Content-Length'] = body.length;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', (e) => done({ status: 0, error: e.code || e.message, body: Buffer.alloc(0), ms: performance.now() - t0 }));
    });
    req.on('error', (e) => done({ status: 0, error: e.code || e.message, body: Buffer.alloc(0), ms: performance.now() - t0 }));
    req.end(body);
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// A signed-in person of the measured phase: session cookie and CSRF token, as the web app keeps them.
class Session {
  // With `thinkMs`, each request after the sign-in waits 0.5–1.5 × thinkMs first (not timed), as a person
  // reading the page would.
  constructor(thinkMs = 0) { this.cookie = ''; this.csrf = ''; this.token = ''; this.thinkMs = thinkMs; }

  // Sends, times under `kind` and counts an error when the status is not `expect`. Returns the answer with
  // `json` parsed (null when not JSON) and `ok`.
  async call(kind, expect, method, path, { json, body, contentType } = {}) {
    if (this.thinkMs && this.cookie) await sleep(this.thinkMs * (0.5 + Math.random()));
    const headers = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = Buffer.from(JSON.stringify(json)); }
    if (contentType) headers['Content-Type'] = contentType;
    const r = await send(method, A + path, { headers, body });
    const s = stats.get(kind) ?? { ms: [], errors: 0, errorSamples: [] };
    stats.set(kind, s);
    s.ms.push(r.ms);
    r.ok = r.status === expect;
    if (!r.ok) {
      s.errors++;
      if (s.errorSamples.length < 5) s.errorSamples.push(`${method} ${path}: ${r.status || r.error} ${r.body.toString('utf8').slice(0, 200)}`);
    }
    r.json = null;
    if ((r.headers?.['content-type'] || '').startsWith('application/json') && r.body.length) {
      try { r.json = JSON.parse(r.body.toString('utf8')); } catch { /* counted by status */ }
    }
    return r;
  }

  async login(login, password, kind) {
    const r = await this.call(kind, 200, 'POST', '/auth/login', { json: { login, password } });
    if (!r.ok) return false;
    for (const c of [r.headers['set-cookie'] ?? []].flat()) {
      const m = /^zc_session=([^;]+)/.exec(c);
      if (m) { this.token = m[1]; this.cookie = `zc_session=${m[1]}`; }
    }
    this.csrf = r.json.csrf_token;
    return true;
  }
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] : 0);
const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;

// ---- unique identities ----------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// The i-th applicant's resident ID: born on day i / 800 after 1986-01-01, sequence 100 + i % 800.
function residentIdOf(i) {
  const d = new Date(Date.UTC(1986, 0, 1) + Math.floor(i / 800) * 86400000);
  const birth = d.toISOString().slice(0, 10).replaceAll('-', '');
  const first = `330402${birth}${100 + (i % 800)}`;
  const sum = [...first].reduce((s, c, k) => s + Number(c) * ID_WEIGHTS[k], 0);
  return first + '10X98765432'[sum % 11];
}
const mobileOf = (i) => `1398${String(i).padStart(7, '0')}`;
const APPLICANT_PASSWORD = 'Deadline2022';

// A PDF of about `kb` kB, different for every applicant and slot (the blob store deduplicates by SHA-256).
function evidence(i, slot, kb) {
  const head = `%PDF-1.4\n% deadline bench applicant ${i} slot ${slot}\n`;
  const tail = W.tinyPdf.toString('latin1').replace(/^%PDF-1\.4\n/, '');
  const line = `% ${'0123456789abcdef'.repeat(4)}\n`;
  const pad = Math.max(0, kb * 1024 - head.length - tail.length);
  return Buffer.from(head + line.repeat(Math.floor(pad / line.length)) + tail, 'latin1');
}

// Runs `fn(item, index)` over `items`, `lanes` at a time.
async function pool(items, lanes, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, async () => {
    while (next < items.length) {
      const k = next++;
      await fn(items[k], k);
    }
  }));
}

// ---- 1. prepare -----------------------------------------------------------------------------------------

async function prepare() {
  const t0 = performance.now();
  const regions = (await new Client(server.baseUrl).get(`${A}/regions`)).json.map((r) => r.code);
  const units = [];
  for (let k = 0; k < opt.units; k++) {
    const region = regions[k % regions.length];
    const code = creditCode(`91${region}MA`);
    const form = { credit_code: code, name: `嘉兴截止日压测${k + 1}号机械有限公司`, region_code: region, unit_type: 'enterprise',
      city_level: false, contact_name: '人事专员', mobile: `1379${String(k).padStart(7, '0')}`, password: APPLICANT_PASSWORD };
    const r = await new Client(server.baseUrl).post(`${A}/auth/register/unit`, form);
    if (r.status !== 201) throw new Error(`register unit ${k}: ${W.show(r)}`);
    const c = await W.login(server, code, APPLICANT_PASSWORD);
    const l = await c.request('PUT', `${A}/units/me/letter`, { body: W.tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
    if (l.status !== 200) throw new Error(`letter of unit ${k}: ${W.show(l)}`);
    const ap = await W.login(server, `ap${region}`);
    const ok = await W.post(ap, `/units/${r.json.unit.id}/approve`, {});
    if (ok.status !== 200) throw new Error(`approve unit ${k}: ${W.show(ok)}`);
    units.push({ k, code, id: r.json.unit.id, region, client: await W.login(server, code, APPLICANT_PASSWORD) });
  }
  log(`prepare: ${units.length} units registered and approved`);

  const applicants = [];
  let done = 0;
  await pool(Array.from({ length: opt.applicants }, (_, i) => i), opt.prepConcurrency, async (i) => {
    const unit = units[i % units.length];
    const form = { name: `压测申报人${i}`, id_number: residentIdOf(i), mobile: mobileOf(i), password: APPLICANT_PASSWORD };
    const reg = await new Client(server.baseUrl).post(`${A}/auth/register/applicant`, form);
    if (reg.status !== 201) throw new Error(`register applicant ${i}: ${W.show(reg)}`);
    const c = await W.login(server, form.id_number, APPLICANT_PASSWORD);
    await W.approvedArchive(c, unit.client);
    const draft = await W.createApplication(c);
    applicants.push({ i, login: form.id_number, appId: draft.id, unit: unit.k,
      slots: draft.slots.filter((s) => s.required).map((s) => s.code) });
    if (++done % 250 === 0) log(`prepare: ${done} of ${opt.applicants} applicants ready`);
  });
  applicants.sort((a, b) => a.i - b.i);
  const seconds = (performance.now() - t0) / 1000;
  log(`prepare: ${applicants.length} applicants with approved archives and drafts in ${seconds.toFixed(0)} s`);
  return { units, applicants, seconds };
}

// ---- 2. idle connections ----------------------------------------------------------------------------------

async function openHolders(total) {
  const per = Math.ceil(total / opt.holderProcs);
  const holders = [];
  for (let p = 0; p < opt.holderProcs; p++) {
    const n = Math.min(per, total - p * per);
    if (n <= 0) break;
    const child = fork(join(here, 'deadline_holder.mjs'), [String(port), String(n), '100'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    holders.push({ child, n, next: (type) => new Promise((ok) => {
      const on = (m) => { if (m.type === type) { child.off('message', on); ok(m); } };
      child.on('message', on);
    }) });
  }
  const opened = await Promise.all(holders.map((h) => h.next('opened')));
  return { holders, opened };
}

// ---- 3. measured phase ------------------------------------------------------------------------------------

// One applicant's evening: sign in, read, save, upload, read, pledge, submit, read. With `thinkMs`, a pause
// of 0.5–1.5 × thinkMs before each step after the sign-in.
async function applicantJourney(a, outcome, thinkMs = 0) {
  const s = new Session(thinkMs);
  if (!await s.login(a.login, APPLICANT_PASSWORD, 'login')) return;
  const path = `/applications/${a.appId}`;
  let r = await s.call('get_application', 200, 'GET', path);
  if (!r.ok) return;
  let { version } = r.json;
  const { level, specialty } = r.json;
  const save = async (kind, pledged) => {
    const w = await s.call(kind, 200, 'PUT', path, { json: { version, level, specialty, pledged } });
    if (w.ok) version = w.json.version;
    return w.ok;
  };
  // Save the draft, upload the required slots between saves, read it again, pledge, submit, read the result.
  const uploadsPerSave = Math.ceil(a.slots.length / opt.saves);
  for (let k = 0; k < opt.saves; k++) {
    if (!await save('save_draft', false)) return;
    for (const slot of a.slots.slice(k * uploadsPerSave, (k + 1) * uploadsPerSave)) {
      const u = await s.call('upload', 201, 'POST', `${path}/evidence/${slot}?name=${encodeURIComponent(`${slot}.pdf`)}`,
        { body: evidence(a.i, slot, opt.uploadKb), contentType: 'application/pdf' });
      if (!u.ok) return;
    }
  }
  r = await s.call('get_application', 200, 'GET', path);
  if (!r.ok) return;
  version = r.json.version;
  if (!await save('pledge', true)) return;
  const sub = await s.call('submit', 200, 'POST', `${path}/actions/submit`, { json: { version } });
  if (!sub.ok) return;
  outcome.submitted.set(a.appId, { state: sub.json.state, snapshot: sub.json.snapshot?.sha256 });
  r = await s.call('get_application', 200, 'GET', path);
  outcome.sessions.push({ appId: a.appId, token: s.token });
}

async function unitReviewer(unit, outcome, applicantsDone) {
  const s = new Session();
  if (!await s.login(unit.code, APPLICANT_PASSWORD, 'unit_login')) return;
  const seen = new Set();
  for (;;) {
    const finished = applicantsDone();
    let fresh = 0;
    let after = '';
    for (;;) { // pages of the queue, newest first, until a page holds nothing new
      const q = await s.call('queue', 200, 'GET', `/queue?state=submitted&page_size=50${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      if (!q.ok) break;
      const items = q.json.items.filter((x) => !seen.has(x.id));
      for (const item of items) {
        seen.add(item.id);
        fresh++;
        const g = await s.call('unit_get_application', 200, 'GET', `/applications/${item.id}`);
        if (!g.ok) continue;
        const { version } = g.json;
        if (item.id % 10 === 0) {
          const r = await s.call('unit_return', 200, 'POST', `/applications/${item.id}/actions/return`, { json: { version,
            reason: '材料需补正', items: [{ item: 'title_certificate', reason: '缺少职称证书内页，请补充上传' }] } });
          if (r.ok) outcome.unitActed.set(item.id, 'returned');
        } else if (item.id % 10 <= 3) {
          const r = await s.call('unit_start_publicity', 200, 'POST', `/applications/${item.id}/actions/start_publicity`,
            { json: { version, start_date: '2022-09-01' } });
          if (r.ok) outcome.unitActed.set(item.id, 'publicity');
        }
      }
      if (!items.length || !q.json.next_cursor) break;
      after = q.json.next_cursor;
    }
    if (finished && fresh === 0) return;
    if (fresh === 0) await sleep(1000); // nothing new: look again in a second, as a person refreshing the list
  }
}

function summarize(kinds, seconds) {
  const out = {};
  for (const kind of KIND_ORDER) {
    const x = kinds.get(kind);
    if (!x) continue;
    const ms = [...x.ms].sort((p, q) => p - q);
    out[kind] = { count: ms.length, rps: r1(ms.length / seconds), p50: r2(pct(ms, 50)), p99: r2(pct(ms, 99)),
      max: r2(ms.at(-1)), errors: x.errors, errorSamples: x.errorSamples };
  }
  const all = [...kinds.values()];
  const count = all.reduce((n, x) => n + x.ms.length, 0);
  return { seconds: r1(seconds), kinds: out, total: { count, rps: r1(count / seconds), errors: all.reduce((n, x) => n + x.errors, 0) } };
}

async function measured(prep) {
  const outcome = { submitted: new Map(), unitActed: new Map(), sessions: [] };
  let applicantsFinished = false;
  const burst = prep.applicants.slice(0, Math.max(0, prep.applicants.length - opt.paced));
  const paced = prep.applicants.slice(burst.length);
  const out = {};

  startPart('burst');
  sampler.mark('measured-burst');
  const reviewers = prep.units.map((u) => unitReviewer(u, outcome, () => applicantsFinished));
  let t0 = performance.now();
  let c0 = serverCpu();
  let done = 0;
  log(`measured, burst: ${burst.length} applicants, ${opt.concurrency} at a time without pauses; ${prep.units.length} unit reviewers`);
  await pool(burst, opt.concurrency, async (a) => {
    await applicantJourney(a, outcome);
    if (++done % 200 === 0) log(`measured, burst: ${done} of ${burst.length} applicants done`);
  });
  out.burst = summarize(stats, (performance.now() - t0) / 1000);
  out.burst.applicants = burst.length;
  out.burst.serverCores = r2((serverCpu() - c0) / out.burst.seconds);
  out.burst.serverCpuMsPerRequest = r2(((serverCpu() - c0) * 1000) / out.burst.total.count);
  log(`measured, burst: ${out.burst.total.count} requests in ${out.burst.seconds} s, ${out.burst.total.errors} errors`);

  if (paced.length) {
    startPart('paced');
    sampler.mark('measured-paced');
    log(`measured, paced: ${paced.length} applicants arriving at ${opt.rate}/s, pausing ~${opt.thinkMs} ms between steps`);
    t0 = performance.now();
    c0 = serverCpu();
    done = 0;
    let active = 0;
    let maxActive = 0;
    await Promise.all(paced.map(async (a, k) => {
      await sleep(Math.max(0, t0 + (k * 1000) / opt.rate - performance.now()));
      maxActive = Math.max(maxActive, ++active);
      await applicantJourney(a, outcome, opt.thinkMs);
      active--;
      if (++done % 200 === 0) log(`measured, paced: ${done} of ${paced.length} applicants done`);
    }));
    out.paced = summarize(stats, (performance.now() - t0) / 1000);
    out.paced.applicants = paced.length;
    out.paced.maxActiveApplicants = maxActive;
    out.paced.serverCores = r2((serverCpu() - c0) / out.paced.seconds);
    out.paced.serverCpuMsPerRequest = r2(((serverCpu() - c0) * 1000) / out.paced.total.count);
    log(`measured, paced: ${out.paced.total.count} requests in ${out.paced.seconds} s, ${out.paced.total.errors} errors, up to ${maxActive} applicants active at once`);
  }
  applicantsFinished = true;
  await Promise.all(reviewers);
  return { outcome, parts: out };
}

// ---- 4. wrk ---------------------------------------------------------------------------------------------

function toMs(v, unit) { return Number(v) * { us: 0.001, ms: 1, s: 1000, m: 60000 }[unit]; }
// Runs wrk; `cpu` reads the CPU seconds of the process(es) serving, to give the CPU time per request
// (less sensitive than the rate to whatever else runs on the machine).
function wrk(url, extra = [], env = {}, cpu = () => 0) {
  const args = [`-t${opt.wrkThreads}`, `-c${opt.wrkConns}`, `-d${opt.wrkSeconds}s`, '--latency', ...extra, url];
  const cpu0 = cpu();
  const r = spawnSync('wrk', args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const cpuSeconds = cpu() - cpu0;
  const out = r.stdout || '';
  if (r.status !== 0 || !/Requests\/sec/.test(out)) throw new Error(`wrk ${args.join(' ')} failed:\n${out}\n${r.stderr}`);
  const lat = (p) => { const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out); return m ? toMs(m[1], m[2]) : NaN; };
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    requests: Number(/(\d+) requests in/.exec(out)[1]),
    p50: lat(50), p99: lat(99), max: (() => { const m = /Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)/.exec(out); return m ? toMs(m[1], m[2]) : NaN; })(),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: sock ? sock.slice(1).map(Number).reduce((x, y) => x + y, 0) : 0,
    cpuSeconds: r2(cpuSeconds),
    cpuUsPerRequest: Math.round((cpuSeconds * 1e6) / Number(/(\d+) requests in/.exec(out)[1])),
    raw: out,
  };
}

// ---- main -----------------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  sampler.start();
  const commit = spawnSync('git', ['-C', resolve(here, '..'), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim();
  const result = { date: started.toISOString(), commit, machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30) }, options: { ...opt } };

  // 1. prepare
  sampler.mark('prepare');
  const prep = await prepare();
  result.prepare = { units: prep.units.length, applicants: prep.applicants.length, seconds: r1(prep.seconds) };

  // 2. idle connections: fill the server's descriptor table up to its limit, leaving room for the measured
  // phase's own connections and upload files (each request in flight may hold a socket and a file).
  await sleep(5000); // let the preparation's keep-alive sockets close
  sampler.mark('hold');
  const fdsBefore = serverFds();
  const rssBeforeHold = procStatus('VmRSS');
  const active = Math.max(opt.sockets, opt.wrkConns);
  const hold = opt.hold === 'auto' ? opt.fdLimit - fdsBefore - 2 * active - 40 : Number(opt.hold);
  log(`hold: server has ${fdsBefore} descriptors open; opening ${hold} idle connections in ${opt.holderProcs} processes`);
  const { holders, opened } = await openHolders(hold);
  const held = opened.reduce((s, o) => s + o.opened, 0);
  await sleep(1000);
  const rssAfterHold = procStatus('VmRSS');
  result.idle = { requested: hold, opened: held, failed: opened.reduce((s, o) => s + o.failed, 0), serverFdsBefore: fdsBefore,
    serverFdsHeld: serverFds(), openSeconds: r1(Math.max(...opened.map((o) => o.ms)) / 1000),
    openErrors: opened.map((o) => o.errors), rssBeforeMiB: r1(rssBeforeHold / 1024), rssAfterMiB: r1(rssAfterHold / 1024),
    bytesPerConnection: held ? Math.round(((rssAfterHold - rssBeforeHold) * 1024) / held) : 0 };
  log(`hold: ${held} idle connections open (${result.idle.failed} failed); server has ${result.idle.serverFdsHeld} descriptors open`);

  // 3. measured
  const cpu0 = serverCpu();
  const mt0 = performance.now();
  const m = await measured(prep);
  result.measured = { ...m.parts, seconds: r1((performance.now() - mt0) / 1000), serverCpuSeconds: r1(serverCpu() - cpu0),
    submitted: m.outcome.submitted.size, journeysFailed: prep.applicants.length - m.outcome.submitted.size,
    concurrency: opt.concurrency, rate: opt.rate, thinkMs: opt.thinkMs };
  result.measured.errors = Object.values(m.parts).reduce((n, p) => n + p.total.errors, 0);
  agent.destroy();

  // 4. wrk: a static file of the size of one application's JSON, then the applicants' own applications.
  sampler.mark('wrk');
  const sample = m.outcome.sessions.slice(0, 25);
  const bodies = [];
  for (const x of sample) {
    const r = await send('GET', `${A}/applications/${x.appId}`, { headers: { Cookie: `zc_session=${x.token}` } });
    if (r.status === 200) bodies.push(r.body);
  }
  agent.destroy();
  bodies.sort((x, y) => x.length - y.length);
  const median = bodies[Math.floor(bodies.length / 2)];
  mkdirSync(opt.www, { recursive: true });
  writeFileSync(join(opt.www, 'application.json'), median);
  const sessionsFile = join(opt.work, 'sessions.txt');
  writeFileSync(sessionsFile, m.outcome.sessions.map((x) => `${x.appId} ${x.token}\n`).join(''));
  const staticCheck = await fetch(opt.nginxUrl);
  if (staticCheck.status !== 200) throw new Error(`nginx: ${staticCheck.status}`);
  log(`wrk: nginx static file (${median.length} bytes), ${opt.wrkThreads} threads, ${opt.wrkConns} connections, ${opt.wrkSeconds} s`);
  const ng = wrk(opt.nginxUrl, [], {}, nginxCpu);
  sampler.mark('wrk-ours');
  log(`wrk: own application GET over ${m.outcome.sessions.length} applicants' sessions`);
  const ours = wrk(opt.url, ['-s', join(here, 'deadline_own_app.lua')], { ZC_SESSIONS: sessionsFile }, serverCpu);
  result.wrk = { threads: opt.wrkThreads, connections: opt.wrkConns, seconds: opt.wrkSeconds, bodyBytes: median.length,
    sessions: m.outcome.sessions.length, nginx: { ...ng, raw: undefined }, ours: { ...ours, raw: undefined },
    ratio: r2(ours.rps / ng.rps), cpuRatio: r2(ng.cpuUsPerRequest / ours.cpuUsPerRequest) };
  result.wrk.raw = { nginx: ng.raw, ours: ours.raw };
  log(`wrk: nginx ${ng.rps} req/s, ours ${ours.rps} req/s, ratio ${result.wrk.ratio}`);

  // 5. raw SQLite writes (same disk, same PRAGMAs)
  sampler.mark('raw-db');
  const raw = spawnSync('python3', [join(here, 'deadline_sqlite_rate.py'), join(opt.work, 'raw.db'), String(opt.rawSeconds), '1024'], { encoding: 'utf8' });
  if (raw.status !== 0) throw new Error(`raw sqlite rate: ${raw.stderr}`);
  result.rawDb = JSON.parse(raw.stdout.trim().split('\n').at(-1));
  log(`raw sqlite: ${result.rawDb.commits_per_s} commits/s`);

  // 6. checks
  sampler.mark('checks');
  const counts = await Promise.all(holders.map((h) => { const p = h.next('count'); h.child.send({ cmd: 'count' }); return p; }));
  result.idle.stillOpenBeforeCheck = counts.reduce((s, c) => s + c.open, 0);
  result.idle.closedEarly = counts.reduce((s, c) => s + c.closedEarly, 0);
  result.idle.serverFdsPeak = Math.max(...Object.values(sampler.phases).map((p) => p.maxFds));
  const checked = await Promise.all(holders.map((h) => { const p = h.next('checked'); h.child.send({ cmd: 'check' }); return p; }));
  result.idle.stillServed = checked.reduce((s, c) => s + c.alive, 0);
  result.idle.notServed = checked.reduce((s, c) => s + c.dead, 0);
  for (const h of holders) h.child.send({ cmd: 'close' });
  log(`idle: ${result.idle.stillServed} of ${held} held connections still served at the end`);

  // Every acknowledged submission is in the database, in the state the unit's action (if any) left it.
  const rows = spawnSync('sqlite3', ['-readonly', opt.db, 'SELECT id, state, submitted_at, snapshot_version FROM applications'], { encoding: 'utf8' });
  if (rows.status !== 0) throw new Error(`sqlite3: ${rows.stderr}`);
  const db = new Map(rows.stdout.trim().split('\n').map((l) => l.split('|')).map(([id, state, at, snap]) => [Number(id), { state, at: Number(at), snap: Number(snap) }]));
  let lost = 0; let wrongState = 0; let submittedInDb = 0; const lostSamples = [];
  for (const [id] of m.outcome.submitted) {
    const row = db.get(id);
    const want = m.outcome.unitActed.get(id) ?? 'submitted';
    if (!row || row.at === 0 || row.snap === 0 || row.state === 'draft') { lost++; if (lostSamples.length < 5) lostSamples.push({ id, row }); continue; }
    submittedInDb++;
    if (row.state !== want) wrongState++;
  }
  const prepared = new Set(prep.applicants.map((a) => a.appId));
  const unacknowledgedSubmitted = [...prepared].filter((id) => !m.outcome.submitted.has(id) && db.get(id)?.state !== 'draft').length;
  const byState = {};
  for (const id of prepared) { const st = db.get(id)?.state ?? 'missing'; byState[st] = (byState[st] || 0) + 1; }
  result.durability = { acknowledged: m.outcome.submitted.size, inDatabase: submittedInDb, lost, wrongState, unacknowledgedSubmitted,
    unitReturned: [...m.outcome.unitActed.values()].filter((v) => v === 'returned').length,
    unitPublicity: [...m.outcome.unitActed.values()].filter((v) => v === 'publicity').length, byState, lostSamples };
  const inv = spawnSync(opt.bin, ['check-invariants', '--db', `sqlite:${opt.db}`], { encoding: 'utf8', timeout: 180000 });
  result.durability.checkInvariants = { exit: inv.status, output: (inv.stdout + inv.stderr).trim().split('\n').slice(0, 10).join('\n') };

  sampler.stop();
  result.memory = { vmHwmMiB: r1(procStatus('VmHWM') / 1024), vmRssEndMiB: r1(procStatus('VmRSS') / 1024), threads: serverThreads(),
    byPhase: Object.fromEntries(Object.entries(sampler.phases).map(([k, p]) => [k, { maxRssMiB: r1(p.maxRssKb / 1024), maxFds: p.maxFds,
      seconds: p.seconds, serverCores: p.serverCores, driverCpuSeconds: p.driverCpuSeconds, machineBusyCores: p.machineBusyCores,
      loadavgStart: p.load0, loadavgEnd: p.loadavgEnd }])) };
  if (opt.serverLog) {
    const text = readFileSync(opt.serverLog, 'utf8');
    const lines = text.split('\n');
    result.serverLog = { errorLines: lines.filter((l) => / (error|critical) /.test(l)).length, warningLines: lines.filter((l) => / warning /.test(l)).length,
      samples: lines.filter((l) => / (error|critical|warning) /.test(l)).slice(0, 8) };
  }
  report(result);
  if (opt.json) writeFileSync(resolve(opt.json), JSON.stringify(result, null, 2));
}

function report(r) {
  const parts = Object.entries({ burst: r.measured.burst, paced: r.measured.paced }).filter(([, p]) => p);
  const errors = r.measured.errors + r.wrk.ours.non2xx + r.wrk.ours.socketErrors + r.idle.failed + r.idle.notServed;
  const worst = (p) => Object.entries(p.kinds).sort((x, y) => y[1].p99 - x[1].p99)[0];
  const worstNonLogin = (p) => Object.entries(p.kinds).filter(([kind]) => !/login/.test(kind)).sort((x, y) => y[1].p99 - x[1].p99)[0];
  const openConns = r.idle.opened;
  const mb = (mib) => r1(mib * 1.048576);
  const lines = [];
  lines.push(`## Deadline day: ${r.prepare.applicants} applicants, ${r.prepare.units} units, ${openConns.toLocaleString('en')} idle connections held`);
  lines.push('');
  lines.push(`${r.date.slice(0, 10)}, ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memGiB} GiB; SQLite; server, driver, holders, wrk and nginx on the same cores.`);
  lines.push(`Load average at the start ${r.memory.byPhase.prepare?.loadavgStart?.join(' ')}; machine busy cores by phase: ${Object.entries(r.memory.byPhase).filter(([, p]) => p.machineBusyCores !== undefined).map(([n, p]) => `${n} ${p.machineBusyCores} (server ${p.serverCores})`).join(', ')}.`);
  for (const [name, p] of parts) {
    lines.push('');
    lines.push(name === 'burst'
      ? `Measured, burst: ${p.applicants} applicants, ${r.measured.concurrency} journeys at a time without pauses, ${p.seconds} s; server ${p.serverCores} cores, ${p.serverCpuMsPerRequest} ms CPU per request`
      : `Measured, paced: ${p.applicants} applicants arriving at ${r.measured.rate}/s, ~${r.measured.thinkMs} ms between steps (up to ${p.maxActiveApplicants} active at once), ${p.seconds} s; server ${p.serverCores} cores, ${p.serverCpuMsPerRequest} ms CPU per request`);
    lines.push('');
    lines.push('| request kind | count | req/s | p50 ms | p99 ms | max ms | errors |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const [kind, x] of Object.entries(p.kinds)) lines.push(`| ${kind} | ${x.count} | ${x.rps} | ${x.p50} | ${x.p99} | ${x.max} | ${x.errors} |`);
    lines.push(`| **all** | ${p.total.count} | ${p.total.rps} | | | | ${p.total.errors} |`);
  }
  lines.push('');
  lines.push(`| wrk -t${r.wrk.threads} -c${r.wrk.connections} -d${r.wrk.seconds}s --latency | req/s | p50 ms | p99 ms | non-2xx | socket errors | server CPU per request |`);
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  lines.push(`| nginx, static file of ${r.wrk.bodyBytes} bytes | ${r.wrk.nginx.rps} | ${r.wrk.nginx.p50} | ${r.wrk.nginx.p99} | ${r.wrk.nginx.non2xx} | ${r.wrk.nginx.socketErrors} | ${r.wrk.nginx.cpuUsPerRequest} µs |`);
  lines.push(`| own application GET, ${r.wrk.sessions} applicants' sessions | ${r.wrk.ours.rps} | ${r.wrk.ours.p50} | ${r.wrk.ours.p99} | ${r.wrk.ours.non2xx} | ${r.wrk.ours.socketErrors} | ${r.wrk.ours.cpuUsPerRequest} µs |`);
  lines.push(`| **ratio ours / nginx** | **${r.wrk.ratio}** | | | | | ${r.wrk.cpuRatio} |`);
  lines.push('');
  lines.push('| database writes | per second |');
  lines.push('|---|---:|');
  lines.push(`| raw SQLite: one-row INSERT + COMMIT (WAL, synchronous=FULL), ${r.rawDb.seconds} s | ${r.rawDb.commits_per_s} |`);
  for (const [name, p] of parts) {
    lines.push(`| submissions, ${name} | ${p.kinds.submit?.rps ?? 0} |`);
    lines.push(`| draft saves (+ pledges), ${name} | ${r1((p.kinds.save_draft?.rps ?? 0) + (p.kinds.pledge?.rps ?? 0))} |`);
    lines.push(`| all writes (sign-ins, saves, pledges, uploads, submissions, unit actions), ${name} | ${r1(['save_draft', 'pledge', 'upload', 'submit', 'unit_return', 'unit_start_publicity', 'login', 'unit_login'].reduce((n, k) => n + (p.kinds[k]?.rps ?? 0), 0))} |`);
  }
  lines.push('');
  lines.push('| check | value |');
  lines.push('|---|---|');
  lines.push(`| idle keep-alive connections held (holders' count) | ${openConns} of ${r.idle.requested} requested, ${r.idle.failed} failed |`);
  lines.push(`| server descriptors: before holding / holding / peak | ${r.idle.serverFdsBefore} / ${r.idle.serverFdsHeld} / ${r.idle.serverFdsPeak} (limit ${r.options.fdLimit}) |`);
  lines.push(`| idle connections still served at the end | ${r.idle.stillServed} of ${openConns} (${r.idle.closedEarly} closed early) |`);
  lines.push(`| server RSS before / after opening them | ${r.idle.rssBeforeMiB} / ${r.idle.rssAfterMiB} MiB (${r.idle.bytesPerConnection} bytes per connection) |`);
  lines.push(`| submissions acknowledged / in the database / lost / in an unexpected state | ${r.durability.acknowledged} / ${r.durability.inDatabase} / ${r.durability.lost} / ${r.durability.wrongState} |`);
  lines.push(`| unit returns / publicity starts (states checked too) | ${r.durability.unitReturned} / ${r.durability.unitPublicity} |`);
  lines.push(`| check-invariants | exit ${r.durability.checkInvariants.exit} |`);
  lines.push(`| server peak memory (VmHWM) | ${r.memory.vmHwmMiB} MiB = ${mb(r.memory.vmHwmMiB)} MB |`);
  lines.push(`| server peak RSS by phase (MiB) | ${Object.entries(r.memory.byPhase).filter(([, p]) => p.maxRssMiB).map(([n, p]) => `${n} ${p.maxRssMiB}`).join(', ')} |`);
  if (r.serverLog) lines.push(`| server log: error / warning lines | ${r.serverLog.errorLines} / ${r.serverLog.warningLines} |`);
  lines.push('');
  const met = (b) => (b ? 'met' : '**not met**');
  lines.push('| target | measured | |');
  lines.push('|---|---|---|');
  lines.push(`| own application GET ≥ 0.35 × nginx | ${r.wrk.ratio} × | ${met(r.wrk.ratio >= 0.35)} |`);
  for (const [name, p] of parts) {
    const [wk, wx] = worst(p);
    const nl = worstNonLogin(p);
    lines.push(`| p99 ≤ 100 ms for every request kind, ${name}, ${openConns.toLocaleString('en')} open connections | worst ${wk} ${wx.p99} ms; apart from sign-ins: ${nl ? `${nl[0]} ${nl[1].p99} ms` : '-'} | ${met(wx.p99 <= 100)} |`);
  }
  lines.push(`| p99 ≤ 100 ms, own application GET under wrk | ${r.wrk.ours.p99} ms | ${met(r.wrk.ours.p99 <= 100)} |`);
  lines.push(`| peak memory ≤ 300 MB | ${mb(r.memory.vmHwmMiB)} MB | ${met(mb(r.memory.vmHwmMiB) <= 300)} |`);
  lines.push(`| zero errors | ${errors} | ${met(errors === 0)} |`);
  lines.push(`| zero lost submissions | ${r.durability.lost} lost of ${r.durability.acknowledged} | ${met(r.durability.lost === 0 && r.durability.wrongState === 0)} |`);
  console.log(lines.join('\n'));
  for (const [name, p] of parts) {
    for (const [kind, x] of Object.entries(p.kinds)) if (x.errorSamples.length) console.log(`\nerrors of ${kind} (${name}):\n  ${x.errorSamples.join('\n  ')}`);
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
