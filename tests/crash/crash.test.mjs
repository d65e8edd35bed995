// Crash safety: the server is killed with SIGKILL at random moments during a storm of submissions (with
// draft saves and evidence uploads going on beside them), restarted on the same database and data directory,
// and must have kept every change it acknowledged — intact — and nothing half done; `check-invariants` and
// `verify-audit` must pass on the database the crash left behind and again after the restart. 20 cycles, on
// SQLite and (in the PostgreSQL run of scripts/test.sh, ZHICHENG_TEST_PG) on PostgreSQL.
//
// A kill -9 ends the process, not the machine: what the server wrote is in the operating system's hands, so
// this proves the transactions and the order of file and database writes, not fsync against power loss.
//
// Knobs (environment): ZHICHENG_CRASH_CYCLES (20), ZHICHENG_CRASH_APPLICANTS (submitters, 30),
// ZHICHENG_CRASH_SEED (the random kill moments; printed, so a run can be repeated as far as timing allows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readlinkSync, realpathSync, rmSync } from 'node:fs';
import { bin, startServer, onPostgres, tinyPdf, Client, residentId, mobile } from '../lib/server.mjs';
import {
  UNITS, login, approvedArchive, createApplication, uploadRequired, pledge, getApp, get, post, put, del,
  upload, show,
} from '../lib/workflow.mjs';

const CYCLES = Number(process.env.ZHICHENG_CRASH_CYCLES || 20);
const SUBMITTERS = Number(process.env.ZHICHENG_CRASH_APPLICANTS || 30);
const SAVERS = 4; // applicants whose draft is saved again and again (the pledge toggled) during the storm
const UPLOADERS = 4; // applicants who upload evidence during the storm
const UPLOADS_PER_CYCLE = 8; // at most, per uploader (the slot takes 10)
const SEED = Number(process.env.ZHICHENG_CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
// A running clock inside the application window; on a restart the server moves it past the latest stored step.
const ARGS = ['--clock-start', '2022-08-20T09:00:00+08:00'];
const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

// mulberry32: the kill moments follow from the seed.
let seedState = SEED >>> 0;
function random() {
  seedState = (seedState + 0x6d2b79f5) >>> 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randomInt = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)); // lo..hi, both included
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha = (b) => createHash('sha256').update(b).digest('hex');

function cli(command, dbUrl) {
  const r = spawnSync(bin, [command, '--db', dbUrl], { encoding: 'utf8' });
  if (r.error) return `${command} could not run: ${r.error.message}`;
  return r.status === 0 ? null : `${command} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`;
}

// A PDF no other upload has, so that a file read back can only be the one sent.
let uploadCount = 0;
const uniquePdf = () => Buffer.concat([tinyPdf, Buffer.from(`% crash-test ${SEED} ${++uploadCount} ${random()}\n`)]);

test(`kill -9 during a submission storm, ${CYCLES} cycles (${onPostgres ? 'PostgreSQL' : 'SQLite'}): acknowledged work survives, intact`, async (t) => {
  t.diagnostic(`seed ${SEED}, ${SUBMITTERS} submitters, ${SAVERS} savers, ${UPLOADERS} uploaders`);
  let server = await startServer({ args: ARGS });
  const first = server; // its temporary directory holds the SQLite file and the data directory
  const { dbUrl, dataDir } = server;
  const clients = [];
  const track = (c) => { clients.push(c); return c; };
  const totals = { mixed: 0, acked: 0, refused: 0, inflight: 0, inflightCommitted: 0, notSent: 0, saves: 0, uploads: 0 };
  try {
    // ---- prepared once: applicants ready to submit, and the savers' and uploaders' drafts ----
    const unit = track(await login(server, UNITS.county));
    let registered = 0;
    const prepare = async (ready) => {
      // A birth date of their own, so that no two random identity numbers collide.
      const birth = new Date(Date.UTC(1990, 0, 1 + registered++)).toISOString().slice(0, 10).replaceAll('-', '');
      const form = { name: '压力测试', id_number: residentId('330402', birth), mobile: mobile(), password: 'Passw0rd2022' };
      const reg = await post(new Client(server.baseUrl), '/auth/register/applicant', form);
      assert.equal(reg.status, 201, `register: ${show(reg)}`);
      const c = track(await login(server, form.id_number, form.password));
      await approvedArchive(c, unit);
      const draft = await createApplication(c);
      if (!ready) return { c, id: draft.id };
      await uploadRequired(c, draft.id);
      await pledge(c, draft.id);
      return { c, id: draft.id };
    };
    const submitters = [];
    for (let i = 0; i < SUBMITTERS; i++) submitters.push(await prepare(true));
    const savers = [];
    for (let i = 0; i < SAVERS; i++) savers.push(await prepare(false));
    const uploaders = [];
    for (let i = 0; i < UPLOADERS; i++) uploaders.push(await prepare(false));

    // What each application is before a storm: a draft, its version, its last snapshot and history length.
    const reread = async (list) => Promise.all(list.map(async (s) => {
      const app = await getApp(s.c, s.id);
      s.app = app;
      s.version = app.version;
      s.snapVersion = app.snapshot?.version ?? 0;
      s.historyLength = app.history.length;
      s.pledged = app.pledged;
    }));
    await reread([...submitters, ...savers, ...uploaders]);
    for (const s of submitters) assert.equal(s.app.state, 'draft');

    // ---- the storm: every draft submitted at once, drafts saved and evidence uploaded meanwhile ----
    // killWhen: null to let it run to the end (calibration), else a function given the storm's state that
    // resolves when the server is to be killed.
    // spread: 0 sends every submission at once; otherwise each one leaves at a random moment within `spread`
    // ms, so that commits and answers interleave (sent all at once, the answers come in a burst at the end).
    async function storm(killWhen, spread = 0) {
      let stopped = false;
      const started = performance.now();
      const submissions = submitters.map((s) => ({ s, result: null, at: null }));
      let acked = 0;
      let settled = 0; // submissions answered or failed
      let onAck = () => {};
      const submitting = submissions.map(async (x) => {
        if (spread) await sleep(spread * random());
        if (stopped) { x.notSent = true; settled++; return; } // its moment came after the kill
        try {
          const r = await post(x.s.c, `/applications/${x.s.id}/actions/submit`, { version: x.s.version });
          x.result = r;
          x.at = performance.now() - started;
          if (r.status >= 200 && r.status < 300) acked++;
        } catch (e) {
          x.error = e;
        }
        settled++;
        onAck();
      });
      // Savers: PUT the draft with the pledge toggled, again and again, until the server is gone.
      const saving = savers.map(async (s) => {
        s.acks = [];
        s.inflight = null;
        let version = s.version;
        let pledged = s.pledged;
        while (!stopped) {
          s.inflight = { version: version + 1, pledged: !pledged };
          try {
            const r = await put(s.c, `/applications/${s.id}`, { version, level: s.app.level, specialty: s.app.specialty, pledged: !pledged });
            if (r.status !== 200) { s.refused = show(r); s.inflight = null; break; }
            s.acks.push({ version: r.json.version, pledged: r.json.pledged });
            s.inflight = null;
            version = r.json.version;
            pledged = r.json.pledged;
          } catch {
            break; // the connection died with the server: s.inflight may or may not have been committed
          }
        }
      });
      // Uploaders: one new file after another into the optional slot.
      const uploading = uploaders.map(async (s) => {
        s.acked = [];
        s.sent = [];
        for (let i = 0; i < UPLOADS_PER_CYCLE && !stopped; i++) {
          const body = uniquePdf();
          s.sent.push(body);
          try {
            const r = await upload(s.c, s.id, 'achievements', body, `achievement-${i}.pdf`);
            if (r.status !== 201) { s.refused = show(r); break; }
            s.acked.push({ file: r.json, body });
          } catch {
            break;
          }
        }
      });

      let killedAt = null;
      let how = 'calibration';
      if (killWhen) {
        how = await killWhen({ started, acked: () => acked, waitAcks: (k) => new Promise((r) => {
          onAck = () => { if (acked >= k || settled === submissions.length) r(); };
          onAck();
        }) });
        killedAt = performance.now() - started;
        // The zhicheng process itself (spawned without a shell by tests/lib/server.mjs), not a wrapper.
        const pid = server.child.pid;
        assert.equal(realpathSync(readlinkSync(`/proc/${pid}/exe`)), realpathSync(bin), 'the pid is the server binary');
        const exited = server.child.exitCode !== null || server.child.signalCode !== null
          ? Promise.resolve({ code: server.child.exitCode, signal: server.child.signalCode })
          : new Promise((r) => server.child.once('exit', (code, signal) => r({ code, signal })));
        stopped = true; // nothing more is sent to this server
        process.kill(pid, 'SIGKILL');
        const end = await exited;
        assert.equal(end.signal, 'SIGKILL', `the server ended by itself before the kill (${JSON.stringify(end)}):\n${server.log().slice(-4000)}`);
      } else {
        await Promise.all(submitting);
        stopped = true;
      }
      await Promise.all([...submitting, ...saving, ...uploading]);
      const duration = performance.now() - started;
      return { submissions, how, killedAt, duration };
    }

    // Checks the database after a restart against what the storm was told; returns the problems found.
    async function verify(result) {
      const problems = [];
      const counts = { notSent: 0, acked: 0, refused: 0, inflight: 0, inflightCommitted: 0, saves: 0, uploads: 0, statuses: {} };
      await Promise.all(result.submissions.map(async ({ s, result: r, notSent }) => {
        const app = await getApp(s.c, s.id);
        const submittedNow = app.state === 'submitted' && app.snapshot?.version === s.snapVersion + 1 &&
          app.history.length === s.historyLength + 1 && app.history.at(-1).action === 'submit' &&
          app.history.at(-1).to === 'submitted';
        const untouched = app.state === 'draft' && (app.snapshot?.version ?? 0) === s.snapVersion &&
          app.history.length === s.historyLength && app.version === s.version;
        const what = `application ${s.id} (${app.number})`;
        if (!submittedNow && !untouched) {
          problems.push(`${what} is half submitted: state ${app.state}, snapshot ${JSON.stringify(app.snapshot && { version: app.snapshot.version, sha256: app.snapshot.sha256 })} (was version ${s.snapVersion}), history ${app.history.length} (was ${s.historyLength}), version ${app.version} (was ${s.version})`);
        }
        if (r && r.status >= 200 && r.status < 300) {
          counts.acked++;
          const ack = r.json;
          if (!submittedNow) problems.push(`LOST: ${what} was acknowledged as submitted (snapshot ${ack.snapshot?.version} ${ack.snapshot?.sha256}) but is ${app.state} with snapshot ${app.snapshot?.version}`);
          else {
            if (app.number !== ack.number) problems.push(`${what}: number ${app.number}, acknowledged ${ack.number}`);
            if (app.version !== ack.version) problems.push(`${what}: version ${app.version}, acknowledged ${ack.version}`);
            if (app.snapshot.sha256 !== ack.snapshot?.sha256) problems.push(`${what}: snapshot hash ${app.snapshot.sha256}, acknowledged ${ack.snapshot?.sha256}`);
            if (app.snapshot.created_at !== ack.snapshot?.created_at) problems.push(`${what}: snapshot time ${app.snapshot.created_at}, acknowledged ${ack.snapshot?.created_at}`);
            try { assert.deepEqual(app.snapshot.data, ack.snapshot?.data); } catch { problems.push(`${what}: the snapshot data read back differs from the acknowledged one`); }
          }
        } else if (r) {
          counts.refused++;
          counts.statuses[r.status] = (counts.statuses[r.status] || 0) + 1;
          if (!untouched) problems.push(`${what}: the submission was answered ${show(r)}, yet it is ${app.state} (snapshot ${app.snapshot?.version})`);
        } else if (notSent) {
          counts.notSent++;
          if (!untouched) problems.push(`${what} was never sent, yet it is ${app.state} (snapshot ${app.snapshot?.version})`);
        } else {
          counts.inflight++;
          if (submittedNow) counts.inflightCommitted++;
        }
      }));
      await Promise.all(savers.map(async (s) => {
        const app = await getApp(s.c, s.id);
        counts.saves += s.acks.length;
        const last = s.acks.at(-1) ?? { version: s.version, pledged: s.pledged };
        const what = `draft ${s.id} (saved ${s.acks.length} times)`;
        if (s.refused) problems.push(`${what}: a save was refused: ${s.refused}`);
        if (app.state !== 'draft') problems.push(`${what} is ${app.state}`);
        const asAcked = app.version === last.version && app.pledged === last.pledged;
        const asInflight = s.inflight && app.version === s.inflight.version && app.pledged === s.inflight.pledged;
        if (!asAcked && !asInflight) {
          problems.push(`${what}: version ${app.version} pledged ${app.pledged}; last acknowledged save ${JSON.stringify(last)}, in flight ${JSON.stringify(s.inflight)}`);
        }
        s.acks.forEach((a, i) => {
          const expected = (i === 0 ? s.version : s.acks[i - 1].version) + 1;
          if (a.version !== expected) problems.push(`${what}: save ${i} answered version ${a.version}, expected ${expected}`);
        });
      }));
      await Promise.all(uploaders.map(async (s) => {
        const app = await getApp(s.c, s.id);
        counts.uploads += s.acked.length;
        const files = app.slots.find((x) => x.code === 'achievements').files;
        const what = `draft ${s.id} (${s.acked.length} uploads acknowledged)`;
        if (s.refused) problems.push(`${what}: an upload was refused: ${s.refused}`);
        for (const { file } of s.acked) {
          if (!files.some((f) => f.id === file.id)) problems.push(`LOST: ${what}: acknowledged file ${file.id} (${file.name}) is missing`);
        }
        if (files.length > s.acked.length + 1) problems.push(`${what}: ${files.length} files in the slot, at most ${s.acked.length + 1} expected`);
        for (const f of files) {
          const r = await s.c.get(`/api/v1/files/${f.id}`);
          const body = Buffer.from(r.bytes);
          if (r.status !== 200) { problems.push(`${what}: file ${f.id} (${f.name}) listed but GET answers ${r.status}`); continue; }
          const sent = s.sent.find((b) => b.equals(body));
          if (!sent) problems.push(`${what}: file ${f.id} (${f.name}, ${body.length} bytes) is none of the bodies sent`);
          if (f.sha256 && f.sha256 !== sha(body)) problems.push(`${what}: file ${f.id} sha256 ${f.sha256} but its bytes hash ${sha(body)}`);
          if (f.size !== undefined && f.size !== body.length) problems.push(`${what}: file ${f.id} size ${f.size} but ${body.length} bytes`);
        }
      }));
      return { problems, counts };
    }

    // Back to the start: every submitted application withdrawn, the uploaded evidence deleted.
    async function reset() {
      await Promise.all(submitters.map(async (s) => {
        const app = await getApp(s.c, s.id);
        if (app.state === 'draft') return;
        const r = await post(s.c, `/applications/${s.id}/actions/withdraw`, { version: app.version });
        assert.equal(r.status, 200, `withdraw ${s.id}: ${show(r)}`);
        assert.equal(r.json.state, 'draft');
      }));
      await Promise.all(uploaders.map(async (s) => {
        const app = await getApp(s.c, s.id);
        for (const f of app.slots.find((x) => x.code === 'achievements').files) {
          const r = await del(s.c, `/applications/${s.id}/evidence/achievements/${f.id}`);
          assert.equal(r.status, 204, `delete file ${f.id}: ${show(r)}`);
        }
      }));
      await reread([...submitters, ...savers, ...uploaders]);
      for (const s of submitters) assert.equal(s.app.state, 'draft');
    }

    // ---- calibration: one storm without a kill, to know how long a storm lasts ----
    const calibration = await storm(null);
    for (const { s, result: r } of calibration.submissions) {
      assert.equal(r?.status, 200, `calibration: submit ${s.id}: ${r ? show(r) : 'no answer'}`);
    }
    const span = Math.max(...calibration.submissions.map((x) => x.at));
    const firstAnswer = Math.min(...calibration.submissions.map((x) => x.at));
    t.diagnostic(`calibration: ${SUBMITTERS} submissions answered between ${firstAnswer.toFixed(0)} and ${span.toFixed(0)} ms`);
    const calibrated = await verify(calibration);
    assert.deepEqual(calibrated.problems, []);
    await reset();

    // ---- the cycles ----
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // Three kinds of moment, in turn: anywhere in the storm's calibrated span (often before any answer,
      // while transactions commit); between the calibrated first and last answers; just after a random
      // number of acknowledgements (answers arrive in bursts, so rather few), plus a few milliseconds.
      const at = async (ms) => { await sleep(ms); return `after ${ms.toFixed(0)} ms`; };
      const result = await storm([
        async () => at(span * (0.05 + 0.9 * random())),
        async () => at(firstAnswer + (span - firstAnswer) * random()),
        async ({ waitAcks }) => {
          const k = randomInt(1, Math.max(1, Math.floor(SUBMITTERS / 2)));
          const jitter = randomInt(0, 4);
          await waitAcks(k);
          await sleep(jitter);
          return `after ${k} acknowledgements + ${jitter} ms`;
        },
      ][(cycle - 1) % 3], cycle % 2 ? 0 : span);
      const oldLog = server.log();
      assert.doesNotMatch(oldLog, SANITIZER, `cycle ${cycle}: sanitizer report before the kill:\n${oldLog.slice(-4000)}`);
      if (server !== first) rmSync(server.dir, { recursive: true, force: true }); // a restart's empty directory

      // The database exactly as the crash left it.
      const problems = [];
      for (const command of ['check-invariants', 'verify-audit']) {
        const failed = cli(command, dbUrl);
        if (failed) problems.push(`after the kill, before the restart: ${failed}`);
      }
      server = await startServer({ existing: { dbUrl, dataDir }, args: ARGS });
      for (const c of clients) c.baseUrl = server.baseUrl;
      const { problems: found, counts } = await verify(result);
      problems.push(...found);
      for (const command of ['check-invariants', 'verify-audit']) {
        const failed = cli(command, dbUrl);
        if (failed) problems.push(`after the restart: ${failed}`);
      }
      for (const k of ['acked', 'refused', 'inflight', 'inflightCommitted', 'notSent', 'saves', 'uploads']) totals[k] += counts[k];
      if (counts.acked && counts.inflight) totals.mixed++;
      t.diagnostic(`cycle ${cycle} (${cycle % 2 ? 'all at once' : `spread over ${span.toFixed(0)} ms`}): killed ${result.how} (${result.killedAt.toFixed(0)} ms): submissions ${counts.acked} acknowledged, ` +
        `${counts.refused} refused ${JSON.stringify(counts.statuses)}, ${counts.inflight} in flight (${counts.inflightCommitted} of them committed)${counts.notSent ? `, ${counts.notSent} not sent yet` : ''}; ` +
        `${counts.saves} draft saves and ${counts.uploads} uploads acknowledged; ${problems.length} problems`);
      assert.deepEqual(problems, [], `cycle ${cycle} (seed ${SEED}), killed ${result.how}`);
      await reset();
    }
    t.diagnostic(`total over ${CYCLES} cycles (${totals.mixed} killed with submissions both acknowledged and in flight): ${totals.acked} submissions acknowledged (0 lost), ${totals.refused} refused, ` +
      `${totals.inflight} in flight (${totals.inflightCommitted} committed), ${totals.notSent} not sent, ${totals.saves} saves, ${totals.uploads} uploads`);
  } finally {
    const log = server.log();
    await server.stop();
    if (server !== first) rmSync(first.dir, { recursive: true, force: true });
    assert.doesNotMatch(log, SANITIZER, `sanitizer report:\n${log.slice(-4000)}`);
  }
});
