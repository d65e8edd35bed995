// Accounts end to end over HTTP: registration, sign-in, CSRF, the unit authorisation letter and its
// review, data scope, staff accounts and the audit log with its hash chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, Client, residentId, creditCode, mobile, tinyPdf, bin } from '../lib/server.mjs';
import { sqlite } from '../lib/workflow.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

const client = () => new Client(server.baseUrl);

function applicantForm(overrides = {}) {
  return { name: '赵雨桐', id_number: residentId(), mobile: mobile(), password: 'Passw0rd2022', ...overrides };
}

test('an applicant registers, signs in by resident ID or mobile, and sees who they are', async () => {
  const form = applicantForm({ id_number: residentId('330481', '19870228').replace(/X$/, 'x') });
  const c = client();
  const reg = await c.post('/api/v1/auth/register/applicant', form);
  assert.equal(reg.status, 201, JSON.stringify(reg.json));
  assert.equal(reg.json.user.role, 'applicant');
  assert.equal(reg.json.user.login, form.id_number.toUpperCase());
  const login = await c.login(form.mobile, form.password);
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.name, '赵雨桐');
  assert.equal(me.json.csrf_token, c.csrf);
});

test('a bad registration returns every problem at once, in Chinese or English, and writes nothing', async () => {
  const bad = { name: '', id_number: '330402199002301234', mobile: '2380057', password: 'abc' };
  const zh = await client().post('/api/v1/auth/register/applicant', bad);
  assert.equal(zh.status, 422);
  assert.equal(zh.json.error.code, 'validation_failed');
  // The vocabulary's classes, with the precise reason where there is one (issue 17).
  assert.deepEqual(zh.json.error.fields.map((f) => [f.field, f.code, f.reason]), [
    ['name', 'required', undefined], ['id_number', 'invalid_format', 'resident_id_birth_date'],
    ['mobile', 'invalid_format', 'invalid_mobile'], ['password', 'too_short', undefined]]);
  assert.equal(zh.json.error.fields[3].limit, 8);
  assert.equal(zh.json.error.fields[1].message, '公民身份号码中的出生日期不正确');
  const en = await new Client(server.baseUrl, { lang: 'en' }).post('/api/v1/auth/register/applicant',
    { ...bad, id_number: '330402199001011231' });
  assert.equal(en.json.error.fields[1].message, 'Invalid resident ID number (check digit)');
  assert.equal((await client().login('330402199001011231', 'abc')).status, 401);
});

test('a name with a line break, tab or other control character is refused and nothing is registered', async () => {
  for (const name of ['赵\n雨桐', '赵\t雨桐', '赵\u0000雨桐', '赵\u007f雨桐', '赵\u0085雨桐']) {
    const form = applicantForm({ name });
    const r = await client().post('/api/v1/auth/register/applicant', form);
    assert.equal(r.status, 422, JSON.stringify(name));
    assert.deepEqual(r.json.error.fields.map((f) => [f.field, f.code, f.reason]), [['name', 'invalid_format', 'control_characters']]);
    assert.match(r.json.error.fields[0].message, /控制字符/);
    assert.equal(sqlite(server, `SELECT COUNT(*) FROM users WHERE login = '${form.id_number}'`).trim(), '0', 'nothing registered');
  }
  // Spaces inside a name are not control characters.
  assert.equal((await client().post('/api/v1/auth/register/applicant', applicantForm({ name: 'Anna Li' }))).status, 201);
});

test('registering the same resident ID twice is a 409 that names no field (issue 16: no registration oracle)', async () => {
  const form = applicantForm();
  assert.equal((await client().post('/api/v1/auth/register/applicant', form)).status, 201);
  const again = await client().post('/api/v1/auth/register/applicant', { ...form, mobile: mobile() });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'registration_conflict');
  assert.equal(again.json.error.fields, undefined);
});

test('wrong passwords get 401, then 429 after five tries', async () => {
  const form = applicantForm();
  await client().post('/api/v1/auth/register/applicant', form);
  for (let i = 0; i < 5; i++) {
    const r = await client().login(form.id_number, 'WrongPass99');
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'invalid_credentials');
    assert.equal(r.json.error.message, '账号或密码错误');
  }
  const locked = await client().login(form.id_number, form.password);
  assert.equal(locked.status, 429);
  assert.equal(locked.json.error.code, 'too_many_attempts');
});

test('writes without the CSRF token are refused and change nothing', async () => {
  const form = applicantForm();
  await client().post('/api/v1/auth/register/applicant', form);
  const c = client();
  await c.login(form.id_number, form.password);
  const r = await c.request('POST', '/api/v1/auth/password', {
    json: { old_password: form.password, new_password: 'Changed2022' }, csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'csrf_failed');
  assert.equal((await client().login(form.id_number, form.password)).status, 200, 'old password still works');
});

test('password change works, signs out other sessions, and logout ends the session', async () => {
  const form = applicantForm();
  await client().post('/api/v1/auth/register/applicant', form);
  const a = client();
  const b = client();
  await a.login(form.id_number, form.password);
  await b.login(form.id_number, form.password);
  const wrong = await a.post('/api/v1/auth/password', { old_password: 'nope1234', new_password: 'Changed2022' });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.error.fields[0].code, 'wrong_password');
  assert.equal((await a.post('/api/v1/auth/password', { old_password: form.password, new_password: 'Changed2022' })).status, 204);
  assert.equal((await b.get('/api/v1/auth/me')).status, 401, 'the other session is gone');
  assert.equal((await a.get('/api/v1/auth/me')).status, 200, 'this session stays');
  assert.equal((await client().login(form.id_number, 'Changed2022')).status, 200);
  assert.equal((await a.post('/api/v1/auth/logout', {})).status, 204);
  assert.equal((await a.get('/api/v1/auth/me')).status, 401);
});

test('roles are enforced by the route table', async () => {
  assert.equal((await client().get('/api/v1/audit')).status, 401);
  const applicant = client();
  await applicant.login('330402198803142019');
  const r = await applicant.get('/api/v1/audit');
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
  assert.equal((await applicant.get('/api/v1/units')).status, 403);
  const ap = client();
  const apLogin = await ap.login('ap330402');
  assert.equal(apLogin.json.user.role, 'acceptance_point');
  assert.equal(apLogin.json.user.region_name, '南湖区');
  assert.equal((await ap.post('/api/v1/admin/accounts', { role: 'expert', login: 'x1', name: 'x', password: 'Passw0rd1' })).status, 403);
});

test('unit: register, blocked until its letter is approved by its own acceptance point', async () => {
  const code = creditCode('91330402MA');
  const unit = client();
  const reg = await unit.post('/api/v1/auth/register/unit', {
    credit_code: code, name: '嘉兴测试精密机电有限公司', region_code: '330402', unit_type: 'enterprise',
    city_level: false, contact_name: '朱明', mobile: mobile(), password: 'Passw0rd2022' });
  assert.equal(reg.status, 201, JSON.stringify(reg.json));
  assert.equal(reg.json.unit.status, 'letter_required');
  const id = reg.json.unit.id;
  await unit.login(code, 'Passw0rd2022');

  const blocked = await unit.request('PATCH', '/api/v1/units/me', { json: { contact_name: '朱明', mobile: mobile() } });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'unit_not_authorised');

  const notPdf = await unit.request('PUT', '/api/v1/units/me/letter', {
    body: Buffer.from('\x89PNG\r\n\x1a\n....'), headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(notPdf.status, 415);
  assert.equal(notPdf.json.error.code, 'not_pdf');
  assert.equal((await unit.get('/api/v1/units/me')).json.unit.status, 'letter_required');

  const up = await unit.request('PUT', '/api/v1/units/me/letter', {
    body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(up.status, 200, JSON.stringify(up.json));
  assert.equal(up.json.unit.status, 'letter_pending');

  // Another region's acceptance point can neither see nor approve it: to them it does not exist (404, as a
  // unit id that was never issued).
  const haining = client();
  await haining.login('ap330481');
  const list = await haining.get('/api/v1/units?status=letter_pending');
  assert.ok(!list.json.items.some((u) => u.id === id));
  const foreign = await haining.post(`/api/v1/units/${id}/approve`, {});
  assert.equal(foreign.status, 404);
  assert.equal(foreign.json.error.code, 'not_found');
  assert.equal((await haining.get(`/api/v1/units/${id}/letter`)).status, 404);
  assert.equal((await haining.post('/api/v1/units/99999999/approve', {})).status, 404, 'the same as no unit at all');

  // Its own acceptance point sees it, downloads the letter, returns it with a reason, then approves.
  const nanhu = client();
  await nanhu.login('ap330402');
  const mine = await nanhu.get(`/api/v1/units?status=letter_pending&q=${encodeURIComponent('精密机电')}`);
  assert.equal(mine.json.items.length, 1);
  const pdf = await nanhu.get(`/api/v1/units/${id}/letter`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(pdf.headers.get('content-disposition'), /^attachment/);
  assert.equal(pdf.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(pdf.bytes, tinyPdf);
  const noReason = await nanhu.post(`/api/v1/units/${id}/reject`, { reason: '' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.error.fields[0].code, 'required');
  assert.equal(noReason.json.error.fields[0].reason, 'reason_required');
  const rejected = await nanhu.post(`/api/v1/units/${id}/reject`, { reason: '授权书未加盖公章' });
  assert.equal(rejected.json.unit.status, 'letter_rejected');
  assert.equal((await unit.get('/api/v1/units/me')).json.unit.reject_reason, '授权书未加盖公章');
  await unit.request('PUT', '/api/v1/units/me/letter', { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  const approved = await nanhu.post(`/api/v1/units/${id}/approve`, {});
  assert.equal(approved.status, 200);
  assert.equal(approved.json.unit.status, 'approved');
  const twice = await nanhu.post(`/api/v1/units/${id}/approve`, {});
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'invalid_state');

  assert.equal((await unit.get('/api/v1/units/me')).json.unit.status, 'approved');
  assert.equal((await unit.get('/api/v1/auth/me')).json.user.unit.status, 'approved');
  const now = await unit.request('PATCH', '/api/v1/units/me', { json: { contact_name: '朱明亮', mobile: mobile() } });
  assert.equal(now.status, 200, 'an approved unit may act');
  assert.equal(now.json.unit.contact_name, '朱明亮');
});

test('unit registration checks the credit code, region, type and department together', async () => {
  const r = await client().post('/api/v1/auth/register/unit', {
    credit_code: '91330402MA2JX0016Q', name: '某公司', region_code: '999999', unit_type: 'enterprise',
    city_level: true, contact_name: '', mobile: '1', password: 'Passw0rd2022' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.error.fields.map((f) => f.field),
    ['credit_code', 'region_code', 'competent_department_id', 'contact_name', 'mobile']);
  const pi = await client().post('/api/v1/auth/register/unit', {
    credit_code: creditCode('12330402'), name: '某事业单位', region_code: '330402', unit_type: 'enterprise',
    contact_name: '甲', mobile: mobile(), password: 'Passw0rd2022' });
  assert.equal(pi.json.error.fields[0].code, 'unit_type_mismatch');
  const dup = await client().post('/api/v1/auth/register/unit', {
    credit_code: '91330402MA2JX0016P', name: '重复', region_code: '330402', unit_type: 'enterprise',
    contact_name: '甲', mobile: mobile(), password: 'Passw0rd2022' });
  assert.equal(dup.status, 409);
});

test('a city-level unit is approved by the city admin, not a county', async () => {
  const depts = await client().get('/api/v1/competent-departments');
  const jtj = depts.json.find((d) => d.name === '嘉兴市交通运输局');
  const code = creditCode('91330400MA');
  const reg = await client().post('/api/v1/auth/register/unit', {
    credit_code: code, name: '嘉兴市测试港航建设有限公司', region_code: '330402', unit_type: 'enterprise',
    city_level: true, competent_department_id: jtj.id, contact_name: '许强', mobile: mobile(), password: 'Passw0rd2022' });
  assert.equal(reg.status, 201, JSON.stringify(reg.json));
  const unit = client();
  await unit.login(code, 'Passw0rd2022');
  await unit.request('PUT', '/api/v1/units/me/letter', { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  const county = client();
  await county.login('ap330402');
  // A city-level unit is outside the county's scope: to the county it does not exist.
  assert.equal((await county.post(`/api/v1/units/${reg.json.unit.id}/approve`, {})).status, 404);
  const dept = client();
  await dept.login('jtj');
  assert.ok((await dept.get('/api/v1/units')).json.items.some((u) => u.credit_code === code));
  const admin = client();
  await admin.login('admin');
  assert.equal((await admin.post(`/api/v1/units/${reg.json.unit.id}/approve`, {})).status, 200);
});

test('the city admin creates staff accounts with field checks; the audit log records and filters', async () => {
  const admin = client();
  await admin.login('admin');
  const bad = await admin.post('/api/v1/admin/accounts', { role: 'acceptance_point', login: 'a b', name: '', password: 'x' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.error.fields.map((f) => f.field), ['login', 'name', 'password', 'region_code']);
  const ok = await admin.post('/api/v1/admin/accounts', {
    role: 'expert', login: 'expert-test', name: '评审专家 钱学林', password: 'Passw0rd2022' });
  assert.equal(ok.status, 201);
  const dup = await admin.post('/api/v1/admin/accounts', {
    role: 'expert', login: 'expert-test', name: '又一个', password: 'Passw0rd2022' });
  assert.equal(dup.status, 409);
  const list = await admin.get('/api/v1/admin/accounts?role=expert');
  assert.ok(list.json.items.some((u) => u.login === 'expert-test'));

  const audit = await admin.get('/api/v1/audit?action=account.create&actor=admin');
  assert.equal(audit.status, 200);
  assert.ok(audit.json.items.some((e) => e.summary.includes('expert-test') && e.client_ip === '127.0.0.1'));
  assert.ok(audit.json.items.every((e) => e.actor_login === 'admin' && e.action.startsWith('account.create')));
  const badDate = await admin.get('/api/v1/audit?from=2022-02-30');
  assert.equal(badDate.status, 422);
  assert.equal(badDate.json.error.fields[0].code, 'invalid_format');
  assert.equal(badDate.json.error.fields[0].reason, 'invalid_date');
  const future = await admin.get('/api/v1/audit?from=2099-01-01');
  assert.equal(future.json.total, 0);
});

test('verify-audit passes on the live chain and names the first tampered row', async () => {
  const ok = spawnSync(bin, ['verify-audit', '--db', server.dbUrl], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /intact/);
  sqlite(server, "UPDATE audit_log SET summary = '篡改' WHERE id = 7");
  const bad = spawnSync(bin, ['verify-audit', '--db', server.dbUrl], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /row 7\b/);
});

test('concurrent registrations of one resident ID: exactly one succeeds, the rest are 409, none is a 500', async () => {
  const admin = client();
  await admin.login('admin');
  const registrations = async () => (await admin.get('/api/v1/audit?action=account.register&page_size=200')).json.items.length;
  const before = await registrations();
  const form = applicantForm();
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    client().post('/api/v1/auth/register/applicant', { ...form, mobile: i === 0 ? form.mobile : mobile() })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
  assert.equal(await registrations(), before + 1, 'one registration audited');
});

test('concurrent approvals of one letter: one 200, the others 409, and one audit row', async () => {
  const code = creditCode('91330402MA');
  const reg = await client().post('/api/v1/auth/register/unit', {
    credit_code: code, name: '嘉兴并发测试有限公司', region_code: '330402', unit_type: 'enterprise',
    contact_name: '孙力', mobile: mobile(), password: 'Passw0rd2022' });
  const unit = client();
  await unit.login(code, 'Passw0rd2022');
  await unit.request('PUT', '/api/v1/units/me/letter', { body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  const reviewers = await Promise.all(Array.from({ length: 4 }, async () => {
    const c = client();
    await c.login('ap330402');
    return c;
  }));
  const results = await Promise.all(reviewers.map((c) => c.post(`/api/v1/units/${reg.json.unit.id}/approve`, {})));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409]);
  const admin = client();
  await admin.login('admin');
  const audit = await admin.get(`/api/v1/audit?action=unit.letter_approve&object=unit&page_size=200`);
  assert.equal(audit.json.items.filter((e) => e.object_id === String(reg.json.unit.id)).length, 1);
});

test('an applicant finds their unit by name within a region: approved units only, what identifies them and nothing more', async () => {
  // A unit that registered but whose letter is not approved yet is not offered.
  const pendingCode = creditCode('91330402MA');
  assert.equal((await client().post('/api/v1/auth/register/unit', {
    credit_code: pendingCode, name: '嘉兴禾丰待审机电有限公司', region_code: '330402', unit_type: 'enterprise',
    contact_name: '钱进', mobile: mobile(), password: 'Passw0rd2022' })).status, 201);
  const applicant = client();
  const form = applicantForm();
  assert.equal((await applicant.post('/api/v1/auth/register/applicant', form)).status, 201);
  await applicant.login(form.id_number, form.password);

  const found = await applicant.get('/api/v1/unit-directory?q=' + encodeURIComponent('禾丰'));
  assert.equal(found.status, 200, JSON.stringify(found.json));
  assert.deepEqual(found.json.items, [
    { credit_code: '91330402MA2JX0016P', name: '嘉兴禾丰智能科技有限公司', region_name: '南湖区', city_level: false }]);
  assert.equal(found.json.total, 1);
  // By part of the credit code, and within a region.
  const byCode = await applicant.get('/api/v1/unit-directory?q=12330402470');
  assert.deepEqual(byCode.json.items.map((u) => u.name), ['嘉兴市南湖区水利工程管理站']);
  const inNanhu = await applicant.get('/api/v1/unit-directory?q=' + encodeURIComponent('嘉兴') + '&region_code=330402');
  assert.ok(inNanhu.json.items.length >= 2);
  assert.ok(inNanhu.json.items.every((u) => u.region_name === '南湖区'), JSON.stringify(inNanhu.json.items));
  assert.ok(!inNanhu.json.items.some((u) => u.credit_code === pendingCode), 'an unapproved unit is not offered');
  // "%" and "_" are text, not wildcards: they cannot list every unit.
  const wild = await applicant.get('/api/v1/unit-directory?q=' + encodeURIComponent('%%'));
  assert.equal(wild.status, 200);
  assert.deepEqual(wild.json.items, []);
  // Too short a query, an unknown region: both named at once.
  const bad = await applicant.get('/api/v1/unit-directory?q=' + encodeURIComponent('嘉') + '&region_code=999999');
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.error.fields.map((f) => [f.field, f.code]), [['q', 'too_short'], ['region_code', 'unknown_code']]);
  // Only applicants look units up here; staff have their own list.
  const unit = client();
  await unit.login('91330402MA2JX0016P');
  assert.equal((await unit.get('/api/v1/unit-directory?q=' + encodeURIComponent('禾丰'))).status, 403);
});
