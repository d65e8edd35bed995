// Issue 16 (trust), the attacks an outsider or an insider tried, each as a regression test on the real binary:
// the registration oracle that unmasked identity numbers, common passwords, login CSRF, floods of
// password-hashing requests, the objector's name in the applicant's answer and the expert's file scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, Client, residentId, mobile, bin } from '../lib/server.mjs';
import { withServer, login, get, post, put, show, assertError, newApplicant, submittedApplication, startPublicity, setClock, UNITS, getApp, sqlite } from '../lib/workflow.mjs';
import { acceptedApplication, reviewedGroup, closedMeeting, reviewContext, publicClient, tableNames, at, ok, MEMBERS } from '../lib/review.mjs';

const A = '/api/v1';
const form = (o = {}) => ({ name: '赵雨桐', id_number: residentId(), mobile: mobile(), password: 'Passw0rd2022', ...o });

test('registration answers one refusal for any conflict, so a taken identity number cannot be told from a taken mobile', async () => {
  const server = await startServer({ demo: false });
  try {
    const c = () => new Client(server.baseUrl);
    const first = form();
    assert.equal((await c().post(`${A}/auth/register/applicant`, first)).status, 201);
    const takenId = await c().post(`${A}/auth/register/applicant`, form({ id_number: first.id_number }));
    const takenMobile = await c().post(`${A}/auth/register/applicant`, form({ mobile: first.mobile }));
    for (const r of [takenId, takenMobile]) {
      assert.equal(r.status, 409, show(r));
      assert.equal(r.json.error.code, 'registration_conflict');
      assert.deepEqual(r.json.error.fields ?? [], [], 'no field is named');
      assert.match(r.json.error.message, /受理点/, 'the way back: the acceptance point verifies the person');
    }
    assert.deepEqual(takenId.json, takenMobile.json, 'the two conflicts read the same');
  } finally {
    await server.stop();
  }
});

test('common passwords are refused wherever a password is set', async () => {
  const server = await startServer({ demo: true });
  try {
    for (const password of ['password1', 'Password123', '1qaz2wsx', 'woaini1314']) {
      const r = await new Client(server.baseUrl).post(`${A}/auth/register/applicant`, form({ password }));
      assert.equal(r.status, 422, `${password}: ${show(r)}`);
      assert.deepEqual(r.json.error.fields.map((f) => [f.field, f.code, f.reason]), [['password', 'invalid_format', 'common_password']]);
      assert.match(r.json.error.fields[0].message, /常见/);
    }
    const admin = await login(server, 'admin');
    const r = await post(admin, '/auth/password', { old_password: 'Demo@2022', new_password: 'qwerty123' });
    assert.equal(r.status, 422, show(r));
    assert.equal(r.json.error.fields[0].reason, 'common_password');
  } finally {
    await server.stop();
  }
});

test('the public sign-in takes only JSON from this site: a same-site page cannot sign a victim into another account', async () => {
  const server = await startServer({ demo: true });
  try {
    const body = JSON.stringify({ login: 'admin', password: 'Demo@2022' });
    const send = (headers) => fetch(`${server.baseUrl}${A}/auth/login`, { method: 'POST', headers, body });
    const plain = await send({ 'Content-Type': 'text/plain' });
    assert.equal(plain.status, 415);
    assert.equal((await plain.json()).error.code, 'json_required');
    const none = await send({});  // a typeless body (fetch with a Blob, a form without enctype …)
    assert.equal(none.status, 415);
    assert.equal(none.headers.get('set-cookie'), null, 'no session was made');
    const foreign = await send({ 'Content-Type': 'application/json', Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, 'cross_site_request');
    const sameSite = await send({ 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-site' });
    assert.equal(sameSite.status, 403, 'a sibling subdomain is another site for this purpose');
    const own = await send({ 'Content-Type': 'application/json', Origin: server.baseUrl, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(own.status, 200, 'the platform\'s own page signs in');
    const script = await send({ 'Content-Type': 'application/json' });
    assert.equal(script.status, 200, 'a request with neither header (curl, a script) passes');
    // Registration is a public write too.
    const reg = await fetch(`${server.baseUrl}${A}/auth/register/applicant`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(form()) });
    assert.equal(reg.status, 415);
  } finally {
    await server.stop();
  }
});

test('a registration flood is refused before any hashing, with 429 and Retry-After, while others sign in and read', async () => {
  // The default limits (the other tests raise them): 20 registrations a minute from one address.
  const server = await startServer({ demo: true, defaultLimits: true });
  try {
    const flood = Array.from({ length: 128 }, () => new Client(server.baseUrl).post(`${A}/auth/register/applicant`, form()));
    const others = [];
    for (let i = 0; i < 5; i++) {
      others.push(new Client(server.baseUrl).login('committee', 'Demo@2022'));
      others.push(fetch(`${server.baseUrl}${A}/campaigns/current`));
    }
    const floodAnswers = await Promise.all(flood);
    const otherAnswers = await Promise.all(others);
    const counts = {};
    for (const r of floodAnswers) counts[r.status] = (counts[r.status] ?? 0) + 1;
    assert.ok((counts[201] ?? 0) <= 20, `at most 20 registrations a minute from one address: ${JSON.stringify(counts)}`);
    assert.ok((counts[429] ?? 0) >= 100, `the rest are refused: ${JSON.stringify(counts)}`);
    assert.equal(counts[503], undefined, 'never 503');
    assert.equal(counts[500], undefined);
    const refused = floodAnswers.find((r) => r.status === 429);
    assert.equal(refused.json.error.code, 'rate_limited');
    assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
    for (const r of otherAnswers) assert.equal(r.status, 200, `another user's request during the flood: ${r.status}`);
  } finally {
    await server.stop();
  }
});

test('the applicant never learns who objected; the unit that must hear the objector does', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { app, applicant } = await submittedApplication(server, unit);
  await setClock(server, at('2022-08-22'));
  await startPublicity(unit, app.id, '2022-08-22');
  const raised = await post(unit, `/applications/${app.id}/objections`, { content: '业绩材料与实际不符', raised_by: '同事张三 13800000000' });
  assert.equal(raised.status, 201, show(raised));
  const unitView = await getApp(unit, app.id);
  assert.equal(unitView.objections[0].raised_by, '同事张三 13800000000');
  const mine = await getApp(applicant, app.id);
  assert.equal(mine.objections.length, 1, 'the applicant sees that there is an objection');
  assert.equal(mine.objections[0].raised_by, null);
  assert.ok(!JSON.stringify(mine).includes('张三'), 'nor anywhere else in the answer');
}));

test('an expert reads only the files the snapshot names, never the personal slots, and only until the meeting closes', () => withServer(async (server) => {
  const x = await acceptedApplication(server, { unit: 'county' }, { day: '2022-09-26' });
  const ctx = await reviewContext(server);
  // The applicant's own files: every slot of the snapshot, and one upload the application never used.
  const own = await getApp(x.applicant, x.app.id);
  const slotFile = (code) => own.slots.find((s) => s.code === code)?.files?.[0]?.id;
  const idCard = slotFile('id_card');
  const education = slotFile('education_certificate');
  assert.ok(idCard && education, JSON.stringify(own.slots.map((s) => [s.code, s.files.length])));
  const { group } = await reviewedGroup(server, [x.app.id]);
  const expert = await ctx.expert(group.experts.find((e) => e.status === 'confirmed').expert_id);
  const view = ok(await get(expert, `/expert/applications/${x.app.id}`), 'expert view');
  assert.deepEqual(view.snapshot.slots.find((s) => s.code === 'id_card').files, [], 'the identity card is listed without its file');
  assert.equal(view.snapshot.applicant.id_number_masked, '', 'no digit of the identity number');
  assert.doesNotMatch(JSON.stringify(view), /\d{6}\*+/);
  assert.equal((await get(expert, `/files/${education}`)).status, 200, 'evidence the snapshot names');
  assertError(await get(expert, `/files/${idCard}`), 404, 'not_found', 'the identity card scan');
  // After the meeting that decides it closes, the expert's access ends.
  await setClock(server, at('2022-09-27'));
  await closedMeeting(server, [x.app.id], { present: MEMBERS.slice(0, 8) });
  assertError(await get(expert, `/files/${education}`), 404, 'not_found', 'after the meeting closed');
  // The committee office still reads everything it needs.
  assert.equal((await get(ctx.office, `/files/${idCard}`)).status, 200);
}));

test('the secret ballot: only ciphertexts are stored, the public board verifies from its data alone with zhicheng verify-election, and a changed count is caught', () => withServer(async (server) => {
  const x = await acceptedApplication(server, { unit: 'county' }, { day: '2022-09-26' });
  await reviewedGroup(server, [x.app.id]);
  await setClock(server, at('2022-09-27'));
  const { meeting } = await closedMeeting(server, [x.app.id], { present: MEMBERS.slice(0, 8), choose: (l) => (l === 'expert08' ? 'no' : 'yes') });
  assert.deepEqual(meeting.candidates[0].result, { yes: 7, no: 1, abstain: 0, passed: true });
  // The database holds ciphertexts only: no table of counters and no choice in any row of the ballot tables.
  assert.ok(!tableNames(server).includes('ballot_tally'), 'no running counters to replay from the WAL or old row versions');
  assert.doesNotMatch(sqlite(server, 'SELECT sheet FROM ballot_sheets'), /"(yes|no|abstain)"/);
  // The public board (no sign-in), verified by the command line from the board alone.
  const board = await publicClient(server).get(`/api/v1/public/meetings/${meeting.id}/board`);
  assert.equal(board.status, 200, show(board));
  assert.equal(board.json.sheets.length, 8);
  assert.ok(!JSON.stringify(board.json).includes(x.app.number), 'candidates by their place only');
  const run = (json) => spawnSync(bin, ['verify-election', '-'], { input: JSON.stringify(json), encoding: 'utf8' });
  const good = run(board.json);
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /the election verifies/);
  assert.match(good.stdout, /8 of 8 sheets prove themselves/);
  assert.match(good.stdout, /decrypted yes\/no\/abstain 7\/1\/0 = the published result/);
  const forged = structuredClone(board.json);
  forged.results[0].yes = 8;
  forged.results[0].no = 0;
  const bad = run(forged);
  assert.equal(bad.status, 2, bad.stdout);
  assert.match(bad.stdout, /FAIL candidate 1: decrypted yes\/no\/abstain 7\/1\/0 differs from the published result/);
  const dropped = structuredClone(board.json);
  dropped.sheets.pop();
  assert.equal(run(dropped).status, 2, 'a sheet left out no longer matches the tally');
}));
