// Several server nodes on one database (docs/operations.md): a session made on one node works on the other,
// and a unit's quota holds when recommendations race through both. On SQLite the two processes share one WAL
// file; in the PostgreSQL run of the suite, one PostgreSQL database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startServer, Client, tinyPdf } from '../lib/server.mjs';
import {
  withServer, assertInvariants, setClock, login, UNITS, OPINION, submittedApplication, startPublicity, getApp, post, put, show, assertError,
} from '../lib/workflow.mjs';

test('two nodes, one database: a sign-in on one works on the other; a quota holds across both', () => withServer(async (a) => {
  const b = await startServer({ existing: { dbUrl: a.dbUrl, dataDir: a.dataDir }, args: ['--test-clock'] });
  try {
    await setClock(b, '2022-08-20T09:00:00+08:00');
    // The session cookie from node A, presented to node B.
    const onA = await login(a, UNITS.institution);
    const onB = new Client(b.baseUrl);
    onB.cookies = new Map(onA.cookies);
    onB.csrf = onA.csrf;
    const me = await onB.get('/api/v1/auth/me');
    assert.equal(me.status, 200, show(me));
    assert.equal(me.json.user.login, UNITS.institution);

    // A quota of two; four recommendations, two through each node, at once.
    const admin = await login(a, 'admin');
    const unitId = onA.user.unit.id;
    assert.equal((await put(admin, `/units/${unitId}/quotas`, { items: [{ level: 'engineer', quota: 2 }], reason: '两节点测试' })).status, 200);
    const apps = [];
    for (let i = 0; i < 4; i++) apps.push(await submittedApplication(a, onA, { specialty: 'hydraulic_engineering' }));
    for (const s of [a, b]) await setClock(s, '2022-08-22T09:00:00+08:00');
    for (const x of apps) await startPublicity(onA, x.app.id, '2022-08-22');
    for (const s of [a, b]) await setClock(s, '2022-08-26T10:00:00+08:00');
    const clients = await Promise.all(apps.map((_, i) => login(i % 2 ? b : a, UNITS.institution)));
    const versions = await Promise.all(apps.map((x) => getApp(clients[0], x.app.id).then((r) => r.version)));
    const results = await Promise.all(apps.map((x, i) =>
      post(clients[i], `/applications/${x.app.id}/actions/recommend`, { version: versions[i], opinion: OPINION })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 422, 422], results.map(show).join('\n'));
    for (const r of results.filter((x) => x.status === 422)) assertError(r, 422, 'quota_exceeded');

    // Wrong passwords spread over both nodes count together: the sixth try is locked on either.
    for (let i = 0; i < 5; i++) {
      const r = await new Client((i % 2 ? b : a).baseUrl).login('jtj', 'wrong-password-1');
      assert.equal(r.status, 401, show(r));
    }
    for (const s of [a, b]) assertError(await new Client(s.baseUrl).login('jtj', 'Demo@2022'), 429, 'too_many_attempts');
  } finally {
    const { code, signal } = await b.stop();
    assert.ok(code === 0 || signal === 'SIGTERM', `node B exited ${code} ${signal}`);
  }
}));

test('two nodes without a shared disk (--blobs database): a file uploaded through one downloads through the other', async () => {
  const a = await startServer({ args: ['--test-clock', '--blobs', 'database'] });
  const own = mkdtempSync(join(tmpdir(), 'zhicheng-node-b-'));
  const b = await startServer({ existing: { dbUrl: a.dbUrl, dataDir: own }, args: ['--test-clock', '--blobs', 'database'] });
  try {
    for (const s of [a, b]) await setClock(s, '2022-08-20T09:00:00+08:00'); // sessions follow the clock
    const unit = await login(a, UNITS.county);
    const { applicant, app } = await submittedApplication(a, unit);
    const fileId = app.slots.find((s) => s.code === 'id_card').files[0].id;
    const onB = new Client(b.baseUrl);
    onB.cookies = new Map(applicant.cookies);
    onB.csrf = applicant.csrf;
    const got = await onB.get(`/api/v1/files/${fileId}`);
    assert.equal(got.status, 200, show(got));
    assert.deepEqual(Buffer.from(got.bytes), tinyPdf, 'the same bytes, fetched from the database by node B');
    const cached = readdirSync(join(own, 'blobs'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(basename(f)));
    assert.equal(cached.length, 1, `node B keeps the fetched file: ${cached}`);
    // The unit sees it through node B as well, and a stranger still does not.
    const unitOnB = await login(b, UNITS.county);
    assert.equal((await unitOnB.get(`/api/v1/files/${fileId}`)).status, 200);
    const other = await login(b, UNITS.institution);
    assert.equal((await other.get(`/api/v1/files/${fileId}`)).status, 404);
    assertInvariants(a);
  } finally {
    await b.stop();
    await a.stop();
    rmSync(own, { recursive: true, force: true });
  }
});
