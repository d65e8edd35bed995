// Issue 18: a page that lost the answer to a submission (a 502, a dropped connection at 11 pm) retries with
// the same Idempotency-Key and learns what happened, instead of submitting twice or being told "not allowed".
// The first answer is kept per user for a day; the same key with another request is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { withServer, login, newApplicant, approvedArchive, createApplication, uploadRequired, pledge, getApp, show, sqlite, UNITS, tinyPdf } from '../lib/workflow.mjs';
import { setClock } from '../lib/workflow.mjs';

const A = '/api/v1';
const postWithKey = (c, path, json, key) => c.request('POST', A + path, { json, headers: { 'Idempotency-Key': key } });

test('a retried submission with the same Idempotency-Key gets the first answer; another request under that key is refused', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const draft = await createApplication(applicant);
  await uploadRequired(applicant, draft.id);
  const ready = await pledge(applicant, draft.id);

  const key = randomUUID();
  const body = { version: ready.version };
  const first = await postWithKey(applicant, `/applications/${draft.id}/actions/submit`, body, key);
  assert.equal(first.status, 200, show(first));
  assert.equal(first.json.state, 'submitted');
  // The retry (the page never saw the first answer): the same answer, marked as a replay, and one step only.
  const retry = await postWithKey(applicant, `/applications/${draft.id}/actions/submit`, body, key);
  assert.equal(retry.status, 200, show(retry));
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(retry.json, first.json);
  const now = await getApp(applicant, draft.id);
  assert.equal(now.history.filter((h) => h.action === 'submit').length, 1, 'submitted once');
  // Without the key the same request is a new one, refused in the new state.
  const fresh = await applicant.post(`${A}/applications/${draft.id}/actions/submit`, body);
  assert.equal(fresh.status, 409, show(fresh));
  // The same key with another request: refused, nothing done.
  const other = await postWithKey(applicant, `/applications/${draft.id}/actions/withdraw`, { version: now.version }, key);
  assert.equal(other.status, 422, show(other));
  assert.equal(other.json.error.code, 'idempotency_key_reused');
  assert.match(other.json.error.message, /请求标识/);
  assert.equal((await getApp(applicant, draft.id)).state, 'submitted');
  // A refusal is kept too: its retry gets the same refusal.
  const refusedKey = randomUUID();
  const refused = await postWithKey(applicant, `/applications/${draft.id}/actions/resubmit`, { version: now.version }, refusedKey);
  assert.equal(refused.status, 409, show(refused));
  const refusedAgain = await postWithKey(applicant, `/applications/${draft.id}/actions/resubmit`, { version: now.version }, refusedKey);
  assert.equal(refusedAgain.status, 409);
  assert.equal(refusedAgain.headers.get('idempotent-replayed'), 'true');
  // Keys are per user: another user's request under the same key is their own.
  const other2 = await newApplicant(server);
  const mine = await postWithKey(other2, '/applications', { level: 'engineer', specialty: 'chemical_process' }, key);
  assert.notEqual(mine.json?.error?.code, 'idempotency_key_reused', show(mine));
  // A malformed key is refused before anything happens.
  const bad = await postWithKey(applicant, `/applications/${draft.id}/actions/withdraw`, { version: now.version }, 'x'.repeat(200));
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.code, 'invalid_idempotency_key');
  assert.equal((await getApp(applicant, draft.id)).state, 'submitted');
}));

test('an upload retried with the same key is stored once; keys are forgotten after a day', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const draft = await createApplication(applicant);
  const key = randomUUID();
  const send = () => applicant.request('POST', `${A}/applications/${draft.id}/evidence/achievements?name=${encodeURIComponent('业绩证明.pdf')}`, {
    body: tinyPdf, headers: { 'Content-Type': 'application/octet-stream', 'Idempotency-Key': key } });
  const first = await send();
  assert.equal(first.status, 201, show(first));
  const again = await send();
  assert.equal(again.status, 201, show(again));
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const slot = (await getApp(applicant, draft.id)).slots.find((s) => s.code === 'achievements');
  assert.equal(slot.files.length, 1, 'one file, not two');
  assert.equal(Number(sqlite(server, `SELECT COUNT(*) FROM idempotency_keys`).trim()), 1);
  // A day later the key is free again: the same request runs anew.
  await setClock(server, '2022-08-22T09:30:00+08:00');
  const later = await send();
  assert.equal(later.status, 201, show(later));
  assert.equal(later.headers.get('idempotent-replayed'), null);
  assert.equal((await getApp(applicant, draft.id)).slots.find((s) => s.code === 'achievements').files.length, 2);
}));
