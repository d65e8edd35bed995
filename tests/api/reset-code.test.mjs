// A way back into a forgotten password (issue 18) and the in-person way back for a person whose identity
// number someone else registered (issue 16): the unit, the acceptance point or the city admin issues a
// one-time code; it signs the person in once, and nothing but choosing a new password works until they do;
// they are told who issued it; every issue is audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';
import { withServer, login, get, post, show, newApplicant, approvedArchive, setClock, UNITS } from '../lib/workflow.mjs';
import { allAudit } from '../lib/review.mjs';

const A = '/api/v1';

async function signIn(server, account, password) {
  const c = new Client(server.baseUrl);
  const r = await c.login(account, password);
  return { c, r };
}

test('a unit issues a one-time code for its applicant: the old password and sessions end, the code works once and only for a new password', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const idNumber = applicant.user.login;

  const issued = await post(unit, '/accounts/reset-code', { account: idNumber, reason: '本人忘记密码，到单位人事科申请' });
  assert.equal(issued.status, 201, show(issued));
  assert.match(issued.json.code, /^[2-9A-Z]{10}$/);
  assert.equal(issued.json.user_id, applicant.user.id);
  assert.match(issued.json.reset_by, /（用人单位）$/);
  // The old session and the old password are gone.
  // (Client.prototype.request: the test client would otherwise sign in again by itself.)
  assert.equal((await Client.prototype.request.call(applicant, 'GET', `${A}/auth/me`)).status, 401, 'signed out everywhere');
  assert.equal((await signIn(server, idNumber, 'Passw0rd2022')).r.status, 401, 'the old password no longer works');

  // The code signs in once; until a new password is set nothing else works, and the person is told who reset it.
  const { c, r } = await signIn(server, idNumber, issued.json.code);
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.must_change_password, true);
  assert.equal(r.json.password_reset_by, issued.json.reset_by);
  const blocked = await get(c, '/archive');
  assert.equal(blocked.status, 403, show(blocked));
  assert.equal(blocked.json.error.code, 'password_change_required');
  assert.match(blocked.json.error.message, /新密码/);
  const weak = await post(c, '/auth/password', { old_password: issued.json.code, new_password: 'password1' });
  assert.equal(weak.status, 422, 'a weak new password is refused as anywhere');
  const changed = await post(c, '/auth/password', { old_password: issued.json.code, new_password: 'Xinmima#2022' });
  assert.equal(changed.status, 204, show(changed));
  assert.equal((await get(c, '/archive')).status, 200, 'free again');
  const me = await get(c, '/auth/me');
  assert.equal(me.json.must_change_password, false);
  assert.equal(me.json.password_reset_by, null);
  assert.equal((await signIn(server, idNumber, issued.json.code)).r.status, 401, 'the code works once');
  assert.equal((await signIn(server, idNumber, 'Xinmima#2022')).r.status, 200);

  // Audited, with the reason.
  const audit = await allAudit(server);
  assert.ok(audit.some((e) => e.action === 'account.reset_code' && e.object_id === String(applicant.user.id) && /忘记密码/.test(e.summary)), 'audited');
}));

test('who may issue a code: a unit only for its own applicants; an acceptance point reassigns an account in person; the city admin for units; codes expire', () => withServer(async (server) => {
  const county = await login(server, UNITS.county);
  const other = await login(server, UNITS.institution);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, county);
  const idNumber = applicant.user.login;
  // Another unit, an applicant, an expert: not theirs.
  const notTheirs = await post(other, '/accounts/reset-code', { account: idNumber, reason: '越权' });
  assert.equal(notTheirs.status, 404, show(notTheirs));
  const stranger = await newApplicant(server);
  assert.equal((await post(stranger, '/accounts/reset-code', { account: idNumber, reason: '越权' })).status, 403);
  assert.equal((await post(county, '/accounts/reset-code', { account: 'committee', reason: '越权' })).status, 404, 'a unit cannot reset staff');
  // A unit cannot move an account to another mobile; every problem at once.
  const bad = await post(county, '/accounts/reset-code', { account: '', reason: '', mobile: '13900000000' });
  assert.equal(bad.status, 422, show(bad));
  assert.deepEqual(bad.json.error.fields.map((f) => f.field).sort(), ['account', 'mobile', 'reason']);

  // The acceptance point of the unit's county checks the person's identity card in front of them and gives
  // the account their own mobile: they sign in by it.
  const ap = await login(server, 'ap330402');
  const moved = await post(ap, '/accounts/reset-code', { account: idNumber, reason: '本人持身份证到受理点，核验后改绑手机', mobile: '13812345678' });
  assert.equal(moved.status, 201, show(moved));
  assert.match(moved.json.reset_by, /（受理点）$/);
  const byMobile = await signIn(server, '13812345678', moved.json.code);
  assert.equal(byMobile.r.status, 200, show(byMobile.r));
  assert.equal(byMobile.r.json.user.mobile, '13812345678');
  const audit = await allAudit(server);
  assert.ok(audit.some((e) => e.action === 'account.reassign' && /13812345678/.test(e.summary)), 'the reassignment is audited');

  // The city admin may issue one for a unit account.
  const admin = await login(server, 'admin');
  const forUnit = await post(admin, '/accounts/reset-code', { account: UNITS.institution, reason: '单位经办人变更' });
  assert.equal(forUnit.status, 201, show(forUnit));
  // A code lasts 72 hours.
  await setClock(server, '2022-08-24T10:00:00+08:00');
  const late = await signIn(server, UNITS.institution, forUnit.json.code);
  assert.equal(late.r.status, 401, show(late.r));
  assert.equal(late.r.json.error.code, 'reset_code_expired');
}));
