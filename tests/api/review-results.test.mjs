// After the meeting (docs/review.md "Result publicity", "Certificates", "Integrity archive", "Re-examination
// and complaints"): five working days of public result publicity across 国庆, objections from the public,
// confirmation and certificates; public verification logged for the holder; revocation with an integrity
// record that blocks the next application; re-examination and complaint cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, setClock, get, post, show, assertError, getApp, newApplicant, login } from '../lib/workflow.mjs';
import {
  COMMITTEE_NAME, MEMBERS, ISO, ID_NUMBER, MOBILE, at, acceptedApplications, reviewContext, reviewedGroup, createMeeting,
  setAttendance, ballot, sheet, closedMeeting, createPublicity, certifiedApplications, myCertificates,
  verify, publicClient, assertRefusal, contractChecks, ok, itemsOf,
  openVoting, closeMeeting,
} from '../lib/review.mjs';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const addYears = (day, n) => `${Number(day.slice(0, 4)) + n}${day.slice(4)}`;
const hasField = (r, name) => (r.json?.error?.fields ?? []).some((f) => f.field === name || f.field.endsWith(`.${name}`));
const publicResults = async (server) => ok(await publicClient(server).get('/api/v1/public/results'), 'GET /public/results without a session');
const objection = (server, id, body) => publicClient(server).post(`/api/v1/public/results/${id}/objections`, body);

test('result publicity: 2022-09-30 + five working days ends 2022-10-11; public list without identity numbers; objections; confirmation', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;
  const cc = contractChecks();
  const [a, b, c] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '龚文博' },
    { unit: 'institution', specialty: 'environmental_monitoring', name: '万佳怡' },
    { unit: 'county', specialty: 'environmental_engineering', name: '史晨阳' },
  ], { day: '2022-09-26' });
  const [A, B, C] = [a.app.id, b.app.id, c.app.id];
  const ids = [A, B, C];
  await reviewedGroup(server, ids);

  // The meeting on 2022-09-27: A and B pass, C fails. No publicity before it closes.
  await setClock(server, at('2022-09-27'));
  const m = await createMeeting(server, ids, { held_on: '2022-09-27' });
  await setAttendance(server, m.id, MEMBERS.slice(0, 8));
  await openVoting(server, m.id);
  assertRefusal(await post(office, '/result-publicity', { meeting_id: m.id, start_date: '2022-09-28' }), 409, 'meeting_not_closed');
  for (const l of MEMBERS.slice(0, 8)) ok(await ballot(server, m.id, l, sheet(ids, (_, id) => (id === C ? 'no' : 'yes'))), `ballot ${l}`);
  await closeMeeting(server, m.id);
  assert.deepEqual(await Promise.all(ids.map(async (id) => (await getApp(office, id)).state)), ['passed', 'passed', 'failed']);

  // The start: a working day, not in the past. From Friday 2022-09-30 over 国庆 (10-01 … 10-07 off, 10-08 and
  // 10-09 make-up working days): 09-30, 10-08, 10-09, 10-10, 10-11.
  await setClock(server, at('2022-09-29', '10:00:00'));
  assertRefusal(await post(office, '/result-publicity', { meeting_id: m.id, start_date: '2022-10-03' }), 422, 'not_working_day', 'a holiday');
  const past = await post(office, '/result-publicity', { meeting_id: m.id, start_date: '2022-09-28' });
  assertRefusal(past, 422, undefined, 'a start in the past');
  assert.equal(itemsOf(ok(await get(office, '/result-publicity'), 'publicities')).length, 0, 'nothing created');
  const calendar = ok(await publicClient(server).get('/api/v1/calendars/working-days?from=2022-09-30&days=5'), 'calendar');
  assert.equal(calendar.end, '2022-10-11');
  const p = await createPublicity(server, m.id, '2022-09-30');
  assert.equal(p.start_date, '2022-09-30');
  assert.equal(p.end_date, calendar.end, 'the end is the fifth working day');
  assert.equal(p.meeting_id, m.id);
  assert.equal(p.committee_name, COMMITTEE_NAME);
  assert.equal(p.status, 'scheduled');
  assert.deepEqual(p.objections, []);
  const entryOf = Object.fromEntries(p.entries.map((e) => [e.application_id, e]));
  for (const id of [A, B]) assert.equal(entryOf[id]?.state, 'passed', JSON.stringify(p.entries));
  assert.equal(entryOf[A].name, '龚文博');
  assert.equal(entryOf[A].unit_name, '嘉兴禾丰智能科技有限公司');
  assertRefusal(await post(office, '/result-publicity', { meeting_id: m.id, start_date: '2022-10-10' }), 409, 'publicity_exists');
  assert.ok(!(await publicResults(server)).items.some((x) => x.id === p.id), 'not public before its start');

  // Open: the public sees the passed candidates only, without identity numbers or contacts.
  await setClock(server, at('2022-09-30'));
  assert.equal(ok(await get(office, `/result-publicity/${p.id}`), 'publicity').status, 'open');
  const pub = await publicResults(server);
  const item = pub.items.find((x) => x.id === p.id);
  assert.ok(item, JSON.stringify(pub));
  assert.equal(item.committee_name, COMMITTEE_NAME);
  assert.equal(item.start_date, '2022-09-30');
  assert.equal(item.end_date, '2022-10-11');
  assert.deepEqual(item.entries.map((e) => e.name).sort(), ['万佳怡', '龚文博'].sort(), 'passed candidates only');
  const pubA = item.entries.find((e) => e.name === '龚文博');
  const pubB = item.entries.find((e) => e.name === '万佳怡');
  assert.deepEqual([pubA.unit_name, pubA.level_name, pubA.specialty_name], ['嘉兴禾丰智能科技有限公司', '工程师', '环境工程']);
  assert.deepEqual([pubB.unit_name, pubB.specialty_name], ['嘉兴市南湖区水利工程管理站', '环境监测']);
  assert.ok(pubA.entry_id !== undefined && pubB.entry_id !== undefined);
  const pubText = JSON.stringify(pub);
  assert.doesNotMatch(pubText, ID_NUMBER, `no identity number in the public list: ${pubText}`);
  for (const x of [a, b, c]) {
    assert.ok(!pubText.includes(x.applicant.user.login), 'no login (identity number)');
    assert.ok(!pubText.includes(x.mobile), 'no mobile');
  }
  assert.doesNotMatch(pubText, MOBILE);
  assert.ok(!pubText.includes('史晨阳'), 'the failed candidate is not published');

  // Not confirmed before the end.
  assertRefusal(await post(admin, `/result-publicity/${p.id}/confirm`, {}), [409, 422], 'publicity_not_ended');
  assert.equal(ok(await get(office, `/result-publicity/${p.id}`), 'publicity').status, 'open');

  // Objections from the public: contact and content required.
  const noContact = await objection(server, p.id, { entry_id: pubB.entry_id, name: '知情群众', content: '该同志业绩材料存在造假。' });
  assertRefusal(noContact, 422, undefined, 'an objection without contact');
  assert.ok(hasField(noContact, 'contact'), `the field contact is named: ${show(noContact)}`);
  assert.ok(!hasField(noContact, 'content'), show(noContact));
  const empty = await objection(server, p.id, { entry_id: pubB.entry_id, name: '', contact: '', content: '' });
  assertRefusal(empty, 422);
  assert.ok(hasField(empty, 'contact') && hasField(empty, 'content'), `both named: ${show(empty)}`);
  const badContact = await objection(server, p.id, { entry_id: pubB.entry_id, name: '知情群众', contact: '找我', content: '业绩造假' });
  assertRefusal(badContact, 422);
  assert.ok(hasField(badContact, 'contact'), show(badContact));
  assert.deepEqual(ok(await get(office, `/result-publicity/${p.id}`), 'publicity').objections, [], 'refusals record nothing');
  const filed = await objection(server, p.id, { entry_id: pubB.entry_id, name: '知情群众', contact: '13812345678', content: '该同志业绩材料存在造假，项目并非本人主持。' });
  assert.equal(filed.status, 201, show(filed));
  assert.ok(filed.json.id !== undefined);
  const withObjection = ok(await get(office, `/result-publicity/${p.id}`), 'publicity');
  assert.equal(withObjection.objections.length, 1);
  const o = withObjection.objections[0];
  assert.equal(o.id, filed.json.id);
  assert.equal(o.application_id, B);
  assert.equal(o.contact, '13812345678');
  assert.equal(o.status, 'open');
  assert.match(o.created_at, ISO);
  assert.equal(o.resolved_at ?? null, null);
  // What each reader may do, from the lifecycle tables: the office decides the objection; nobody may confirm
  // an open publicity.
  assert.deepEqual(o.allowed_actions, ['dismiss', 'uphold'], 'the office decides an open objection');
  const adminOpen = ok(await get(admin, `/result-publicity/${p.id}`), 'publicity');
  assert.deepEqual([adminOpen.allowed_actions, adminOpen.unavailable_actions], [[], []], 'nothing to confirm while open');
  assert.deepEqual(adminOpen.objections[0].allowed_actions, [], 'objections are the office\'s to decide');

  // After the end: no longer public, no more objections; not confirmed while an objection is open.
  await setClock(server, at('2022-10-12'));
  assert.equal(ok(await get(office, `/result-publicity/${p.id}`), 'publicity').status, 'ended');
  assert.ok(!(await publicResults(server)).items.some((x) => x.id === p.id), 'ended publicities are not listed');
  assertRefusal(await objection(server, p.id, { entry_id: pubA.entry_id, name: '群众', contact: 'someone@example.com', content: '有异议' }),
    409, 'publicity_not_open');
  assertRefusal(await post(admin, `/result-publicity/${p.id}/confirm`, {}), [409, 422], 'objection_open');
  const officeConfirm = await post(office, `/result-publicity/${p.id}/confirm`, {});
  assert.equal(officeConfirm.status, 403, `the committee office confirms: ${show(officeConfirm)}`);
  // The admin is told why confirming is not possible yet, with the reason the action answers.
  const adminEnded = ok(await get(admin, `/result-publicity/${p.id}`), 'publicity');
  assert.deepEqual(adminEnded.allowed_actions, []);
  assert.deepEqual(adminEnded.unavailable_actions.map((u) => [u.action, u.code]), [['confirm', 'objection_open']]);
  assert.match(adminEnded.unavailable_actions[0].message, /[\u4e00-\u9fa5]/, 'a Chinese reason');
  assert.deepEqual(ok(await get(office, `/result-publicity/${p.id}`), 'publicity').allowed_actions, [], 'not the office\'s step');

  // B holds one of the public institution's three 工程师 places while passed (docs/review.md: quota places are
  // held in accepted, passed and certified), and gives it back when failed.
  const engineerUsed = async () => (await get(b.unit, '/units/me/quotas')).json.items.find((q) => q.level === 'engineer').used;
  cc.equal(await engineerUsed(), 1, 'a passed application holds its quota place');

  // The objection upheld: B is overturned to failed.
  const byApplicant = await post(b.applicant, `/result-objections/${o.id}/resolve`, { outcome: 'dismissed', resolution: '本人不服' });
  assert.ok([403, 404].includes(byApplicant.status), show(byApplicant));
  ok(await post(office, `/result-objections/${o.id}/resolve`, { outcome: 'upheld', resolution: '经核实，业绩材料不实，撤销其评审通过结果。' }), 'resolve upheld');
  const appB = await getApp(office, B);
  assert.equal(appB.state, 'failed');
  assert.deepEqual([appB.history.at(-1).from, appB.history.at(-1).to, appB.history.at(-1).action, appB.history.at(-1).role],
    ['passed', 'failed', 'overturn', 'committee_office']);
  cc.equal(await engineerUsed(), 0, 'a failed application holds no quota place');
  const resolved = ok(await get(office, `/result-publicity/${p.id}`), 'publicity').objections[0];
  assert.equal(resolved.status, 'upheld');
  assert.equal(resolved.resolution, '经核实，业绩材料不实，撤销其评审通过结果。');
  assert.match(resolved.resolved_at, ISO);
  assert.deepEqual(resolved.allowed_actions, [], 'a decided objection offers nothing');
  assert.deepEqual(ok(await get(admin, `/result-publicity/${p.id}`), 'publicity').allowed_actions, ['confirm']);

  // Confirmed: the passed candidate is certified with a certificate; the others are not.
  // Confirmed (two requests at once: one confirms, certificates are issued once).
  const admin2 = await login(server, 'admin');
  const twice = await Promise.all([post(admin, `/result-publicity/${p.id}/confirm`, {}), post(admin2, `/result-publicity/${p.id}/confirm`, {})]);
  assert.deepEqual(twice.map((r) => r.status).sort(), [200, 409], twice.map(show).join('\n'));
  const confirmed = twice.find((r) => r.status === 200).json;
  assert.equal(confirmed.status, 'confirmed');
  assert.match(confirmed.confirmed_at, ISO);
  assert.deepEqual(await Promise.all(ids.map(async (id) => (await getApp(office, id)).state)), ['certified', 'failed', 'failed']);
  const appA = await getApp(a.applicant, A);
  assert.deepEqual([appA.history.at(-1).from, appA.history.at(-1).to, appA.history.at(-1).action, appA.history.at(-1).role],
    ['passed', 'certified', 'confirm', 'city_admin']);
  const certs = itemsOf(ok(await get(office, '/certificates'), 'certificates'));
  assert.equal(certs.length, 1, JSON.stringify(certs));
  assert.equal(certs[0].number, 'JXGC2022-00001');
  assert.equal(certs[0].name, '龚文博');
  assert.equal(certs[0].application_id, A);
  assert.equal(certs[0].level_name, '工程师');
  assert.equal(certs[0].specialty_name, '环境工程');
  assert.equal(certs[0].committee_name, COMMITTEE_NAME);
  assert.equal(certs[0].issued_on, '2022-10-12');
  assert.equal(certs[0].status, 'valid');
  assert.deepEqual(certs[0].allowed_actions, [], 'revoking is not the office\'s step');
  assert.deepEqual(itemsOf(ok(await get(admin, '/certificates'), 'certificates'))[0].allowed_actions, ['revoke']);
  assert.deepEqual((await myCertificates(a.applicant))[0].allowed_actions, [], 'the holder cannot revoke');
  assert.equal((await myCertificates(a.applicant)).length, 1);
  assert.deepEqual(await myCertificates(b.applicant), []);
  const again = await post(admin, `/result-publicity/${p.id}/confirm`, {});
  assert.ok(again.status >= 400 && again.status < 500, `confirming twice: ${show(again)}`);
  assert.equal(itemsOf((await get(office, '/certificates')).json).length, 1, 'no second certificate');
  cc.done();
}));

test('certificates: public verification logged for the holder; forgeries not found and not logged; revocation, integrity record, ineligible', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;
  const { items, certificates } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '傅晓光' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '邹雨涵' },
  ]);
  const [x, y] = items;
  assert.deepEqual(items.map((i) => i.app.state), ['certified', 'certified']);
  assert.deepEqual(certificates.map((cc) => cc.number).sort(), ['JXGC2022-00001', 'JXGC2022-00002']);

  const [mine] = await myCertificates(x.applicant);
  assert.equal(mine.name, '傅晓光');
  assert.equal(mine.application_id, x.app.id);
  assert.equal(mine.status, 'valid');
  assert.equal(mine.issued_on, '2022-10-10');
  assert.deepEqual(mine.checks, []);
  assert.match(mine.verify_code, /^[23456789A-HJ-NP-Z]{4}([ -]?[23456789A-HJ-NP-Z]{4}){3}$/, `four groups of four: ${mine.verify_code}`);
  const code = mine.verify_code.replace(/[^0-9A-Z]/g, '');
  assert.equal(code.length, 16);
  assert.ok([...code].every((ch) => CODE_ALPHABET.includes(ch)));
  const [theirs] = await myCertificates(y.applicant);
  assert.notEqual(theirs.verify_code, mine.verify_code);

  // By number and name, saying who checks: valid, and the holder sees the check.
  const checker = '嘉兴某建设有限公司人事部';
  const byNumber = await verify(server, { number: mine.number, name: '傅晓光', checker });
  assert.equal(byNumber.status, 200, show(byNumber));
  assert.deepEqual(
    [byNumber.json.number, byNumber.json.name, byNumber.json.level_name, byNumber.json.specialty_name, byNumber.json.committee_name, byNumber.json.issued_on, byNumber.json.status],
    [mine.number, '傅晓光', '工程师', '环境工程', COMMITTEE_NAME, '2022-10-10', 'valid']);
  assert.equal(byNumber.json.revoked_on ?? null, null);
  assert.doesNotMatch(JSON.stringify(byNumber.json), ID_NUMBER);
  let checks = (await myCertificates(x.applicant))[0].checks;
  assert.equal(checks.length, 1, JSON.stringify(checks));
  assert.equal(checks[0].checker, checker);
  assert.match(checks[0].at, ISO);
  assert.ok(checks[0].via, JSON.stringify(checks[0]));
  // By code, as printed.
  const byCode = await verify(server, { code: mine.verify_code });
  assert.equal(byCode.status, 200, show(byCode));
  assert.equal(byCode.json.number, mine.number);
  assert.equal(byCode.json.status, 'valid');
  checks = (await myCertificates(x.applicant))[0].checks;
  assert.equal(checks.length, 2);
  assert.notEqual(checks[0].via, undefined);
  assert.deepEqual((await myCertificates(y.applicant))[0].checks, [], 'another holder sees none of these checks');

  // Forged number, wrong name, bad code: not found, nothing logged.
  const badCode = code === 'ABCDEFGHJKLMNPQR' ? 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' : 'ABCD-EFGH-JKLM-NPQR';
  for (const q of [
    { number: 'JXGC2022-99999', name: '傅晓光', checker },
    { number: mine.number, name: '傅晓明', checker },
    { number: theirs.number, name: '傅晓光', checker },
    { code: badCode, checker },
  ]) {
    assertError(await verify(server, q), 404, 'certificate_not_found', JSON.stringify(q));
  }
  assert.equal((await myCertificates(x.applicant))[0].checks.length, 2, 'failed checks are not logged');
  assert.deepEqual((await myCertificates(y.applicant))[0].checks, []);

  // Revocation by the city admin only; the application is revoked; an integrity record of three years.
  await setClock(server, at('2022-10-20'));
  const byOffice = await post(office, `/certificates/${mine.id}/revoke`, { reason: '提供虚假业绩材料', evidence: '举报核实' });
  assert.equal(byOffice.status, 403, show(byOffice));
  const revoked = ok(await post(admin, `/certificates/${mine.id}/revoke`, { reason: '提供虚假业绩材料', evidence: '经群众举报并调查核实，业绩项目非本人完成。' }), 'revoke');
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.revoked_on, '2022-10-20');
  assert.equal(revoked.revoke_reason, '提供虚假业绩材料');
  const app = await getApp(office, x.app.id);
  assert.equal(app.state, 'revoked');
  assert.deepEqual([app.history.at(-1).from, app.history.at(-1).to, app.history.at(-1).action, app.history.at(-1).role],
    ['certified', 'revoked', 'revoke', 'city_admin']);
  const after = await verify(server, { number: mine.number, name: '傅晓光' });
  assert.equal(after.status, 200, show(after));
  assert.equal(after.json.status, 'revoked');
  assert.equal(after.json.revoked_on, '2022-10-20');
  assert.equal((await verify(server, { code: mine.verify_code })).json?.status, 'revoked');
  assertRefusal(await post(admin, `/certificates/${mine.id}/revoke`, { reason: '再次撤销', evidence: '无' }), 409, 'already_revoked');
  assert.equal((await myCertificates(x.applicant))[0].status, 'revoked');

  const records = itemsOf(ok(await get(x.applicant, '/my/integrity'), 'my integrity'));
  assert.equal(records.length, 1, JSON.stringify(records));
  const rec = records[0];
  assert.equal(rec.start_date, '2022-10-20');
  assert.equal(rec.end_date, addYears('2022-10-20', 3), 'three years (integrity.record_years)');
  assert.equal(rec.in_force, true);
  assert.equal(rec.certificate_number, mine.number);
  assert.equal(rec.application_number, x.app.number);
  assert.ok(rec.reason, JSON.stringify(rec));
  assert.deepEqual(itemsOf(ok(await get(y.applicant, '/my/integrity'), 'my integrity')), [], 'only the holder');
  const all = itemsOf(ok(await get(office, '/integrity/records'), 'integrity records'));
  const listed = all.find((r) => r.certificate_number === mine.number);
  assert.ok(listed, JSON.stringify(all));
  assert.equal(listed.name, '傅晓光');
  assert.doesNotMatch(listed.id_number_masked, ID_NUMBER, 'masked');

  // The eligibility engine now refuses the person, naming the integrity rule; the other holder is eligible.
  const preview = ok(await post(x.applicant, '/applications/preview', { level: 'engineer', specialty: 'environmental_engineering' }), 'preview');
  assert.equal(preview.eligibility.verdict, 'ineligible');
  const rule = preview.eligibility.reasons.find((r) => r.code === 'general.integrity');
  assert.equal(rule?.status, 'unmet', JSON.stringify(preview.eligibility.reasons));
  assert.match(rule.message.zh, /诚信/);
  const control = ok(await post(y.applicant, '/applications/preview', { level: 'engineer', specialty: 'environmental_engineering' }), 'preview');
  assert.equal(control.eligibility.reasons.find((r) => r.code === 'general.integrity')?.status, 'met');
}));

test('cases: re-examination only of one\'s own reviewed application; filed, listed, closed once; an integrity record without a certificate', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;
  const [a, b, c] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '金思彤' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '廖子豪' },
    { unit: 'county', specialty: 'environmental_engineering', name: '谭梦瑶' },
  ]);
  const [A, B] = [a.app.id, b.app.id];
  await reviewedGroup(server, [A, B]);
  await closedMeeting(server, [A, B], { choose: (_, id) => (id === A ? 'yes' : 'no') });
  assert.equal((await getApp(office, A)).state, 'passed');
  assert.equal((await getApp(office, B)).state, 'failed');
  const stranger = await newApplicant(server, '林书豪');

  const file = (who, body) => post(who, '/cases', body);
  const re = (id) => ({ kind: 're_examination', application_id: id, subject: '申请复查', content: '本人对评审结果有异议，申请复查。' });

  // Someone else's application, an application not yet reviewed, or none at all: refused.
  const foreign = await file(b.applicant, re(A));
  assert.ok([[422, 'case_application_required'], [404, 'not_found']].some(([s, k]) => foreign.status === s && foreign.json?.error?.code === k),
    `a re-examination of someone else's application: ${show(foreign)}`);
  assertRefusal(await file(c.applicant, re(c.app.id)), 422, 'case_application_required', 'an accepted, unreviewed application');
  assertRefusal(await file(stranger, { kind: 're_examination', subject: '复查', content: '复查' }), 422, 'case_application_required', 'no application');
  assert.equal(itemsOf(ok(await get(office, '/cases'), 'cases')).length, 0, 'nothing filed');
  const anonymous = await publicClient(server).post('/api/v1/cases', { kind: 'complaint', subject: '投诉', content: '投诉' });
  assert.equal(anonymous.status, 401, show(anonymous));

  // Filed: the failed applicant's re-examination and a stranger's complaint.
  const filed = await file(b.applicant, re(B));
  assert.equal(filed.status, 201, show(filed));
  const kase = filed.json;
  assert.equal(kase.kind, 're_examination');
  assert.equal(kase.application_id, B);
  assert.equal(kase.application_number, b.app.number);
  assert.equal(kase.filed_by_name, '廖子豪');
  assert.equal(kase.status, 'open');
  assert.equal(kase.outcome, null);
  assert.match(kase.created_at, ISO);
  assert.equal(kase.closed_at ?? null, null);
  const complaint = await file(stranger, { kind: 'complaint', subject: '评审程序投诉', content: '评审会议未按规定公开评审结果。' });
  assert.equal(complaint.status, 201, show(complaint));
  assert.equal(complaint.json.application_id ?? null, null);
  const passedOwn = await file(a.applicant, re(A));
  assert.equal(passedOwn.status, 201, `a passed applicant may ask too: ${show(passedOwn)}`);

  // Listed: everything for the office and the admin, only one's own for others.
  const forOffice = itemsOf(ok(await get(office, '/cases'), 'cases'));
  assert.deepEqual(forOffice.map((x) => x.id).sort(), [kase.id, complaint.json.id, passedOwn.json.id].sort());
  assert.equal(itemsOf(ok(await get(admin, '/cases'), 'cases')).length, 3);
  assert.deepEqual(itemsOf(ok(await get(b.applicant, '/cases'), 'cases')).map((x) => x.id), [kase.id]);
  assert.deepEqual(itemsOf(ok(await get(stranger, '/cases'), 'cases')).map((x) => x.id), [complaint.json.id]);
  assert.deepEqual(itemsOf(ok(await get(c.applicant, '/cases'), 'cases')), []);
  // Who may close an open case, from the case table: the office and the admin, not the filer.
  assert.deepEqual(forOffice.map((x) => x.allowed_actions), [['close'], ['close'], ['close']]);
  assert.deepEqual(itemsOf(ok(await get(b.applicant, '/cases'), 'cases'))[0].allowed_actions, []);

  // Closed with an outcome, once.
  const own = await post(b.applicant, `/cases/${kase.id}/close`, { outcome: 'upheld', outcome_text: '自己结案' });
  assert.ok([403, 404].includes(own.status), show(own));
  const closed = ok(await post(office, `/cases/${kase.id}/close`, { outcome: 'dismissed', outcome_text: '经复查，评审程序合法，维持原评审结果。' }), 'close');
  assert.equal(closed.status, 'closed');
  assert.equal(closed.outcome, 'dismissed');
  assert.equal(closed.outcome_text, '经复查，评审程序合法，维持原评审结果。');
  assert.match(closed.closed_at, ISO);
  assert.deepEqual(closed.allowed_actions, [], 'a closed case offers nothing more');
  assertRefusal(await post(office, `/cases/${kase.id}/close`, { outcome: 'upheld', outcome_text: '再次办结' }), 409, 'case_closed');
  assertRefusal(await post(admin, `/cases/${kase.id}/close`, { outcome: 'upheld', outcome_text: '再次办结' }), 409, 'case_closed');
  const seen = itemsOf(ok(await get(b.applicant, '/cases'), 'cases'))[0];
  assert.deepEqual([seen.status, seen.outcome, seen.outcome_text], ['closed', 'dismissed', '经复查，评审程序合法，维持原评审结果。']);
  ok(await post(admin, `/cases/${complaint.json.id}/close`, { outcome: 'upheld', outcome_text: '已责成评委会办事机构整改。' }), 'admin closes');
  assert.equal((await getApp(office, B)).state, 'failed', 'a case does not change the application');

  // Fraud found without a certificate: the city admin records it; the person becomes ineligible.
  const notAdmin = await post(office, '/integrity/records', { application_id: B, reason: '伪造业绩证明', evidence: '核查报告' });
  assert.equal(notAdmin.status, 403, show(notAdmin));
  const rec = await post(admin, '/integrity/records', { application_id: B, reason: '伪造业绩证明', evidence: '核查报告' });
  assert.ok([200, 201].includes(rec.status), show(rec));
  const records = itemsOf(ok(await get(b.applicant, '/my/integrity'), 'my integrity'));
  assert.equal(records.length, 1, JSON.stringify(records));
  assert.equal(records[0].start_date, '2022-10-10');
  assert.equal(records[0].end_date, '2025-10-10');
  assert.equal(records[0].application_number, b.app.number);
  assert.equal(records[0].in_force, true);
  const preview = ok(await post(b.applicant, '/applications/preview', { level: 'engineer', specialty: 'environmental_monitoring' }), 'preview');
  assert.equal(preview.eligibility.verdict, 'ineligible');
  assert.equal(preview.eligibility.reasons.find((r) => r.code === 'general.integrity')?.status, 'unmet');
}));
