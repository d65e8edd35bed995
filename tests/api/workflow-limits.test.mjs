// What the workflow refuses (docs/workflow.md), and that a refusal loses or changes nothing: the quota under
// concurrent recommendations, bad uploads (empty, wrong type, too large, too many), stale forms, the guards
// of submission, and batches that are all or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNITS, OPINION, withServer, setClock, get, post, put, show, assertError, login, newApplicant, makeArchive, getArchive,
  saveArchive, submitArchive, approvedArchive, getApp, createApplication, upload, uploadPdf, uploadRequired, pledge,
  tryAct, act, submittedApplication, startPublicity, streamUpload, tinyPdf,
} from '../lib/workflow.mjs';

const MiB = 1024 * 1024;
const slotFiles = (app) => Object.fromEntries(app.slots.map((s) => [s.code, s.files.map((f) => f.id)]));

async function quotas(c, path = '/units/me/quotas') {
  const r = await get(c, path);
  assert.equal(r.status, 200, show(r));
  return r.json.items;
}

test('quota: four concurrent recommendations against a quota of two — two succeed, two are quota_exceeded', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const unit = await login(server, UNITS.institution);
  const unitId = unit.user.unit.id;
  const set = await put(admin, `/units/${unitId}/quotas`, { items: [{ level: 'engineer', quota: 2 }], reason: '2022 年度工程师推荐名额' });
  assert.equal(set.status, 200, show(set));
  const byAdmin = (await quotas(admin, `/units/${unitId}/quotas`)).find((x) => x.level === 'engineer');
  assert.deepEqual(byAdmin, { level: 'engineer', level_name: '工程师', quota: 2, used: 0, left: 2 });
  assert.equal((await get(await login(server, 'ap330402'), `/units/${unitId}/quotas`)).status, 200, 'its acceptance point reads it');
  const foreign = await get(await login(server, 'ap330481'), `/units/${unitId}/quotas`);
  assert.ok([403, 404].includes(foreign.status), show(foreign));
  assert.equal((await put(unit, `/units/${unitId}/quotas`, { items: [{ level: 'engineer', quota: 9 }], reason: '自己加' })).status, 403);

  const apps = [];
  for (let i = 0; i < 5; i++) apps.push(await submittedApplication(server, unit, { specialty: 'hydraulic_engineering' }));
  await setClock(server, '2022-08-22T09:00:00+08:00');
  for (const x of apps) await startPublicity(unit, x.app.id, '2022-08-22');
  await setClock(server, '2022-08-26T10:00:00+08:00');

  const four = apps.slice(0, 4);
  const clients = await Promise.all(four.map(() => login(server, UNITS.institution)));
  const versions = await Promise.all(four.map((x) => getApp(unit, x.app.id).then((a) => a.version)));
  const results = await Promise.all(four.map((x, i) =>
    post(clients[i], `/applications/${x.app.id}/actions/recommend`, { version: versions[i], opinion: OPINION })));
  assert.ok(results.every((r) => r.status < 500), results.map(show).join('\n'));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 422, 422], results.map(show).join('\n'));
  for (const r of results.filter((x) => x.status === 422)) assertError(r, 422, 'quota_exceeded');

  const states = await Promise.all(four.map((x) => getApp(unit, x.app.id).then((a) => a.state)));
  assert.deepEqual(states.slice().sort(), ['publicity', 'publicity', 'unit_recommended', 'unit_recommended']);
  results.forEach((r, i) => assert.equal(states[i], r.status === 200 ? 'unit_recommended' : 'publicity'));
  assert.deepEqual((await quotas(unit)).find((x) => x.level === 'engineer'),
    { level: 'engineer', level_name: '工程师', quota: 2, used: 2, left: 0 });
  assertError(await tryAct(unit, apps[4].app.id, 'recommend', { opinion: OPINION }), 422, 'quota_exceeded');

  // A county return keeps the place; the unit's return from there releases it.
  const recommended = four.filter((_, i) => states[i] === 'unit_recommended');
  const waiting = four.filter((_, i) => states[i] === 'publicity');
  const ap = await login(server, 'ap330402');
  await act(ap, recommended[0].app.id, 'county_return', { reason: '推荐意见不完整' }, 'county_returned');
  assert.equal((await quotas(unit)).find((x) => x.level === 'engineer').used, 2);
  assertError(await tryAct(unit, waiting[0].app.id, 'recommend', { opinion: OPINION }), 422, 'quota_exceeded');
  await act(unit, recommended[0].app.id, 'return', { reason: '请补充业绩材料', items: [{ item: 'achievements', reason: '补充业绩材料' }] }, 'returned');
  assert.deepEqual((await quotas(unit)).find((x) => x.level === 'engineer'),
    { level: 'engineer', level_name: '工程师', quota: 2, used: 1, left: 1 });
  await act(unit, waiting[0].app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  assert.equal((await quotas(unit)).find((x) => x.level === 'engineer').left, 0);

  // A unit without a quota row has no limit.
  const county = await login(server, UNITS.county);
  const q = await get(county, '/units/me/quotas');
  assert.equal(q.status, 200, show(q));
  assert.ok(!q.json.items.some((x) => x.left === 0), JSON.stringify(q.json));
}));

test('the demo public institution starts with its quota rows (工程师 3, 助理工程师 5) under the campaign\'s level codes', () => withServer(async (server) => {
  const unit = await login(server, UNITS.institution);
  const items = await quotas(unit);
  const byLevel = Object.fromEntries(items.map((x) => [x.level, x]));
  assert.deepEqual(byLevel.engineer, { level: 'engineer', level_name: '工程师', quota: 3, used: 0, left: 3 }, JSON.stringify(items));
  assert.deepEqual(byLevel.assistant_engineer, { level: 'assistant_engineer', level_name: '助理工程师', quota: 5, used: 0, left: 5 }, JSON.stringify(items));
  assert.ok(items.every((x) => ['engineer', 'assistant_engineer', 'technician'].includes(x.level)), `levels are codes: ${JSON.stringify(items)}`);
}));

test('the demo quota of 3 engineers is enforced: the 4th recommendation is quota_exceeded', () => withServer(async (server) => {
  const unit = await login(server, UNITS.institution);
  const apps = [];
  for (let i = 0; i < 4; i++) apps.push(await submittedApplication(server, unit, { specialty: 'hydrology' }));
  await setClock(server, '2022-08-22T09:00:00+08:00');
  for (const x of apps) await startPublicity(unit, x.app.id, '2022-08-22');
  await setClock(server, '2022-08-26T10:00:00+08:00');
  for (const x of apps.slice(0, 3)) await act(unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  const fourth = await tryAct(unit, apps[3].app.id, 'recommend', { opinion: OPINION });
  assertError(fourth, 422, 'quota_exceeded');
  assert.equal((await getApp(unit, apps[3].app.id)).state, 'publicity');
}));

test('bad uploads are refused with the right status and leave the slots as they were', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const app = await createApplication(applicant);
  const idCard = await uploadPdf(applicant, app.id, 'id_card', '身份证.pdf');
  const before = slotFiles(await getApp(applicant, app.id));

  const checks = [
    ['an empty file', () => upload(applicant, app.id, 'education_certificate', Buffer.alloc(0), 'empty.pdf'), 422, 'file_empty'],
    ['a text file named .pdf', () => upload(applicant, app.id, 'education_certificate', Buffer.from('这不是 PDF 文件，只是一段文字。\n'), 'diploma.pdf', 'application/pdf'), 415, 'file_type_not_allowed'],
    ['a text file', () => upload(applicant, app.id, 'education_certificate', Buffer.from('hello'), 'notes.txt', 'text/plain'), 415, 'file_type_not_allowed'],
    ['an executable named .pdf', () => upload(applicant, app.id, 'education_certificate',
      Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(500)]), 'scan.pdf', 'application/pdf'), 415, 'file_type_not_allowed'],
    ['HTML named .png', () => upload(applicant, app.id, 'achievements', Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png', 'image/png'), 415, 'file_type_not_allowed'],
    ['a second file in a one-file slot', () => upload(applicant, app.id, 'id_card', tinyPdf, 'another.pdf'), 422, 'slot_full'],
    ['an unknown slot', () => upload(applicant, app.id, 'passport', tinyPdf, 'passport.pdf'), 404, 'unknown_slot'],
    ['6 MiB to the 5 MiB slot', () => streamUpload(applicant, `/applications/${app.id}/evidence/id_card?name=big.pdf`, 6 * MiB, { chunked: false }), 413, 'payload_too_large'],
    ['a stream of 11 MiB to a 10 MiB slot', () => streamUpload(applicant, `/applications/${app.id}/evidence/education_certificate?name=huge.pdf`, 11 * MiB), 413, 'payload_too_large'],
    ['a stream of 21 MiB to the 20 MiB slot', () => streamUpload(applicant, `/applications/${app.id}/evidence/achievements?name=huge.pdf`, 21 * MiB), 413, 'payload_too_large'],
    ['11 MiB to the archive', () => streamUpload(applicant, '/archive/files?name=huge.pdf', 11 * MiB), 413, 'payload_too_large'],
  ];
  for (const [label, send, status, code] of checks) {
    const r = await send();
    assertError(r, status, code, label);
    assert.deepEqual(slotFiles(await getApp(applicant, app.id)), before, `${label}: nothing saved, nothing lost`);
  }

  // The limits are inclusive: exactly 10 MiB fits a 10 MiB slot, 5 MiB the identity card's.
  const exact = await streamUpload(applicant, `/applications/${app.id}/evidence/education_certificate?name=exact.pdf`, 10 * MiB);
  assert.equal(exact.status, 201, `exactly 10 MiB: ${show(exact)}`);
  assert.equal(exact.json.size, 10 * MiB);
  const education = await getApp(applicant, app.id);
  assert.deepEqual(education.slots.find((s) => s.code === 'education_certificate').files.map((f) => f.id), [exact.json.id]);
  assert.deepEqual(education.slots.find((s) => s.code === 'id_card').files.map((f) => f.id), [idCard.id]);

  // A slot of three takes three and no more.
  await uploadPdf(applicant, app.id, 'education_certificate', '2.pdf');
  await uploadPdf(applicant, app.id, 'education_certificate', '3.pdf');
  assertError(await upload(applicant, app.id, 'education_certificate', tinyPdf, '4.pdf'), 422, 'slot_full');
  assert.equal((await getApp(applicant, app.id)).slots.find((s) => s.code === 'education_certificate').files.length, 3);

  // Once submitted, the evidence is frozen.
  await uploadRequired(applicant, app.id);
  await pledge(applicant, app.id);
  const submitted = await act(applicant, app.id, 'submit', {}, 'submitted');
  const frozen = slotFiles(submitted);
  const late = await upload(applicant, app.id, 'achievements', tinyPdf, 'late.pdf');
  assert.ok([409, 422].includes(late.status), `upload after submission: ${show(late)}`);
  const lateDel = await applicant.request('DELETE', `/api/v1/applications/${app.id}/evidence/id_card/${idCard.id}`);
  assert.ok([409, 422].includes(lateDel.status), `delete after submission: ${show(lateDel)}`);
  assert.deepEqual(slotFiles(await getApp(applicant, app.id)), frozen);
  // Someone else cannot upload into it.
  const other = await newApplicant(server);
  assertError(await upload(other, app.id, 'achievements', tinyPdf, 'x.pdf'), 404, 'not_found');
}));

test('submission guards: archive not approved, ineligible, a stale form; nothing changes after a refusal', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);

  // An archive still waiting for the unit.
  const waiting = await newApplicant(server);
  await saveArchive(waiting, UNITS.county);
  await submitArchive(waiting);
  const w = await createApplication(waiting);
  await uploadRequired(waiting, w.id);
  await pledge(waiting, w.id);
  assertError(await tryAct(waiting, w.id, 'submit'), 422, 'archive_not_approved');
  assert.equal((await getApp(waiting, w.id)).state, 'draft');

  // An excluded specialty: the application is not eligible.
  const ineligible = await newApplicant(server);
  await approvedArchive(ineligible, unit);
  const i = await createApplication(ineligible);
  await uploadRequired(ineligible, i.id);
  await pledge(ineligible, i.id);
  const cur = await getApp(ineligible, i.id);
  const moved = await put(ineligible, `/applications/${i.id}`, { version: cur.version, level: 'engineer', specialty: 'software', pledged: true });
  assert.equal(moved.status, 200, show(moved));
  assert.equal(moved.json.eligibility.verdict, 'ineligible');
  assertError(await tryAct(ineligible, i.id, 'submit'), 422, 'not_eligible');
  assert.equal((await getApp(ineligible, i.id)).state, 'draft');

  // The application form replayed with an old version.
  const v1 = (await getApp(ineligible, i.id)).version;
  const edit = await put(ineligible, `/applications/${i.id}`, { version: v1, level: 'engineer', specialty: 'fine_chemicals', pledged: true });
  assert.equal(edit.status, 200, show(edit));
  assert.ok(edit.json.version !== v1);
  const replay = await put(ineligible, `/applications/${i.id}`, { version: v1, level: 'assistant_engineer', specialty: 'chemical_process', pledged: false });
  assertError(replay, 409, 'stale_version');
  const kept = await getApp(ineligible, i.id);
  assert.deepEqual([kept.level, kept.specialty, kept.pledged, kept.version], ['engineer', 'fine_chemicals', true, edit.json.version]);
  assertError(await post(ineligible, `/applications/${i.id}/actions/submit`, { version: v1 }), 409, 'stale_version');
  assert.equal((await getApp(ineligible, i.id)).state, 'draft');

  // The archive form replayed with an old version.
  const a0 = await getArchive(ineligible);
  const first = await put(ineligible, '/archive', { version: a0.version, unit_credit_code: UNITS.county,
    items: makeArchive({ education: { school: '嘉兴学院' } }) });
  assert.equal(first.status, 200, show(first));
  const second = await put(ineligible, '/archive', { version: a0.version, unit_credit_code: UNITS.institution, items: [] });
  assertError(second, 409, 'stale_version');
  const a1 = await getArchive(ineligible);
  assert.equal(a1.unit.credit_code, UNITS.county);
  assert.equal(a1.items.length, 9);
  assert.equal(a1.items[0].data.school, '嘉兴学院');
  assertError(await post(ineligible, '/archive/submit', { version: a0.version }), 409, 'stale_version');
  assert.equal((await getArchive(ineligible)).status, 'draft');
  const badItem = await put(ineligible, '/archive', { version: a1.version, unit_credit_code: UNITS.county,
    items: makeArchive({ education: { graduated: '2014-02-30' } }) });
  assert.equal(badItem.status, 422, show(badItem));
  assert.ok(badItem.json.error.fields.some((f) => f.field === 'items[0].data.graduated'), show(badItem));
  assert.equal((await getArchive(ineligible)).items[0].data.graduated, '2014-06-30');
  const noSuchUnit = await put(ineligible, '/archive', { version: a1.version, unit_credit_code: '91330402MA2JX0016Q', items: makeArchive() });
  assert.equal(noSuchUnit.status, 422, show(noSuchUnit));
  assert.ok(JSON.stringify(noSuchUnit.json.error).includes('unit_credit_code'), show(noSuchUnit));
  assert.equal((await getArchive(ineligible)).unit.credit_code, UNITS.county);
  // A body wrong in shape and in substance at once: one answer names every problem, in the order of the body.
  const mixed = await put(ineligible, '/archive', { version: 'x', unit_credit_code: '91330402MA2JX0016Q', extra: 1, items: [
    'not an object',
    { id: 'seven', kind: 'education', data: { level: 'bachelor', graduated: '2014-06-30' }, file_ids: [999999, 'x'], colour: 'red' },
    { kind: 7, data: {} },
    { kind: 'work' },
    { kind: 'planet', data: 5 },
    { id: 999999, kind: 'social_security', data: { paid_in_city: true }, file_ids: 'none' },
  ] });
  assert.equal(mixed.status, 422, show(mixed));
  // (the profile's own problems with what is left follow these)
  assert.deepEqual(mixed.json.error.fields.slice(0, 13).map((f) => [f.field, f.code]), [
    ['extra', 'unknown_field'], ['version', 'required'], ['unit_credit_code', 'unit_not_found'],
    ['items[0]', 'wrong_type'], ['items[1].colour', 'unknown_field'], ['items[1].id', 'unknown_code'],
    ['items[1].file_ids[0]', 'unknown_code'], ['items[1].file_ids[1]', 'unknown_code'], ['items[2].kind', 'unknown_code'],
    ['items[3].data', 'required'], ['items[4].kind', 'unknown_code'], ['items[5].id', 'unknown_code'],
    ['items[5].file_ids', 'wrong_type'],
  ], show(mixed));
  assert.equal((await getArchive(ineligible)).version, a1.version);

  // The unit approving an archive that changed since it was read: it was edited and submitted again.
  await submitArchive(ineligible);
  const seen = (await get(unit, `/unit/archives/${ineligible.user.id}`)).json;
  const a2 = await getArchive(ineligible);
  await put(ineligible, '/archive', { version: a2.version, unit_credit_code: UNITS.county, items: makeArchive({ education: { school: '浙江理工大学' } }) });
  // Meanwhile, back in draft, the archive is the applicant's own again.
  const whileDraft = await post(unit, `/unit/archives/${ineligible.user.id}/approve`, { version: seen.version });
  assert.ok([404, 409].includes(whileDraft.status), show(whileDraft));
  assert.equal((await getArchive(ineligible)).status, 'draft');
  await submitArchive(ineligible);
  assertError(await post(unit, `/unit/archives/${ineligible.user.id}/approve`, { version: seen.version }), 409, 'stale_version');
  const after = await getArchive(ineligible);
  assert.equal(after.status, 'pending');
  assert.equal(after.items[0].data.school, '浙江理工大学');

  // The unit acting on a form it read before the applicant withdrew.
  const { applicant, app } = await submittedApplication(server, unit);
  const stale = await getApp(unit, app.id);
  await act(applicant, app.id, 'withdraw', {}, 'draft');
  const replayed = await post(unit, `/applications/${app.id}/actions/start_publicity`, { version: stale.version, start_date: '2022-08-22' });
  // Back in draft the application is the applicant's own: the unit is told it changed, or no longer sees it.
  assert.ok([[409, 'stale_version'], [409, 'transition_not_allowed'], [404, 'not_found']]
    .some(([st, code]) => replayed.status === st && replayed.json?.error?.code === code), show(replayed));
  const now = await getApp(applicant, app.id);
  assert.equal(now.state, 'draft');
  assert.equal(now.publicity, null);
  // Two clerks start publicity from the same page at once: one wins, the other is told.
  await act(applicant, app.id, 'submit', {}, 'submitted');
  const v = (await getApp(unit, app.id)).version;
  const clerks = await Promise.all([login(server, UNITS.county), login(server, UNITS.county)]);
  const both = await Promise.all(clerks.map((c) => post(c, `/applications/${app.id}/actions/start_publicity`, { version: v, start_date: '2022-08-22' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map(show).join('\n'));
  assert.ok(['stale_version', 'transition_not_allowed'].includes(both.find((r) => r.status === 409).json.error.code));
  assert.equal((await getApp(unit, app.id)).history.filter((h) => h.action === 'start_publicity').length, 1);
}));

test('batch recommendation is all or nothing', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const other = await login(server, UNITS.institution);
  const [a, b, c] = [await submittedApplication(server, unit), await submittedApplication(server, unit), await submittedApplication(server, unit)];
  const foreign = await submittedApplication(server, other, { specialty: 'hydrology' });
  await setClock(server, '2022-08-22T09:00:00+08:00');
  await startPublicity(unit, a.app.id, '2022-08-22');
  await startPublicity(unit, b.app.id, '2022-08-22');
  await startPublicity(other, foreign.app.id, '2022-08-22');
  await setClock(server, '2022-08-26T09:00:00+08:00');
  await startPublicity(unit, c.app.id, '2022-08-26'); // ends 2022-09-01

  const item = async (x) => ({ id: x.app.id, version: (await getApp(unit, x.app.id)).version });
  const snapshot = async () => Promise.all([a, b, c].map((x) => getApp(unit, x.app.id).then((p) => [p.state, p.version])));
  const before = await snapshot();

  const errorsOf = (r) => r.json?.error?.items ?? r.json?.items;
  const mixed = await post(unit, '/applications/batch/recommend', { items: [await item(a), await item(c)], opinion: OPINION });
  assertError(mixed, 422, 'batch_rejected');
  const errs = errorsOf(mixed);
  assert.ok(Array.isArray(errs), show(mixed));
  const bad = errs.find((e) => e.id === c.app.id);
  assert.equal(bad?.code, 'publicity_not_ended', show(mixed));
  assert.ok(bad.message);
  assert.ok(!errs.some((e) => e.id === a.app.id && e.code), 'the good item has no error');
  assert.deepEqual(await snapshot(), before, 'neither was applied');

  const stale = await post(unit, '/applications/batch/recommend', { items: [await item(a), { id: b.app.id, version: before[1][1] - 1 }], opinion: OPINION });
  assertError(stale, 422, 'batch_rejected');
  assert.equal(errorsOf(stale).find((e) => e.id === b.app.id)?.code, 'stale_version', show(stale));
  const outOfScope = await post(unit, '/applications/batch/recommend', { items: [await item(a), { id: foreign.app.id, version: 1 }], opinion: OPINION });
  assertError(outOfScope, 422, 'batch_rejected');
  assert.equal(errorsOf(outOfScope).find((e) => e.id === foreign.app.id)?.code, 'not_found', show(outOfScope));
  assert.deepEqual(await snapshot(), before, 'still nothing applied');
  assert.equal((await getApp(other, foreign.app.id)).state, 'publicity');

  const good = await post(unit, '/applications/batch/recommend', { items: [await item(a), await item(b)], opinion: OPINION });
  assert.equal(good.status, 200, show(good));
  assert.equal(good.json.applied, 2);
  for (const x of [a, b]) {
    const p = await getApp(unit, x.app.id);
    assert.equal(p.state, 'unit_recommended');
    assert.equal(p.history.at(-1).action, 'recommend');
    assert.equal(p.publicity.opinion, OPINION);
  }
  assert.equal((await getApp(unit, c.app.id)).state, 'publicity');
}));

test('double clicks and races: one application per person, one file in a one-file slot, one submission, the quota held', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);

  const creates = await Promise.all(Array.from({ length: 4 }, () => post(applicant, '/applications', { level: 'engineer', specialty: 'chemical_process' })));
  assert.ok(creates.every((r) => r.status < 500), creates.map(show).join('\n'));
  assert.deepEqual(creates.map((r) => r.status).sort(), [201, 409, 409, 409], creates.map(show).join('\n'));
  for (const r of creates.filter((x) => x.status === 409)) assertError(r, 409, 'application_exists');
  const app = creates.find((r) => r.status === 201).json;
  assert.equal((await get(applicant, '/applications/mine')).json.items.length, 1);

  const uploads = await Promise.all(Array.from({ length: 4 }, (_, i) => upload(applicant, app.id, 'id_card', tinyPdf, `id-${i}.pdf`)));
  assert.deepEqual(uploads.map((r) => r.status).sort(), [201, 422, 422, 422], uploads.map(show).join('\n'));
  for (const r of uploads.filter((x) => x.status === 422)) assertError(r, 422, 'slot_full');
  assert.equal((await getApp(applicant, app.id)).slots.find((s) => s.code === 'id_card').files.length, 1);

  await uploadRequired(applicant, app.id);
  await pledge(applicant, app.id);
  const v = (await getApp(applicant, app.id)).version;
  const submits = await Promise.all(Array.from({ length: 3 }, () => post(applicant, `/applications/${app.id}/actions/submit`, { version: v })));
  assert.deepEqual(submits.map((r) => r.status).sort(), [200, 409, 409], submits.map(show).join('\n'));
  const submitted = await getApp(applicant, app.id);
  assert.equal(submitted.state, 'submitted');
  assert.equal(submitted.history.length, 1);
  assert.equal(submitted.snapshot.version, 1);
}));

test('quota: a batch and single recommendations racing never exceed it', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const unit = await login(server, UNITS.institution);
  const set = await put(admin, `/units/${unit.user.unit.id}/quotas`, { items: [{ level: 'engineer', quota: 2 }], reason: '名额调整' });
  assert.equal(set.status, 200, show(set));
  const apps = [];
  for (let i = 0; i < 4; i++) apps.push(await submittedApplication(server, unit, { specialty: 'hydraulic_engineering' }));
  await setClock(server, '2022-08-22T09:00:00+08:00');
  for (const x of apps) await startPublicity(unit, x.app.id, '2022-08-22');
  await setClock(server, '2022-08-26T10:00:00+08:00');
  const items = await Promise.all(apps.map((x) => getApp(unit, x.app.id).then((a) => ({ id: a.id, version: a.version }))));
  const clients = await Promise.all([0, 1, 2].map(() => login(server, UNITS.institution)));
  const results = await Promise.all([
    post(clients[0], '/applications/batch/recommend', { items: items.slice(0, 2), opinion: OPINION }),
    post(clients[1], `/applications/${items[2].id}/actions/recommend`, { version: items[2].version, opinion: OPINION }),
    post(clients[2], `/applications/${items[3].id}/actions/recommend`, { version: items[3].version, opinion: OPINION }),
  ]);
  assert.ok(results.every((r) => r.status === 200 || r.status === 422), results.map(show).join('\n'));
  const states = await Promise.all(apps.map((x) => getApp(unit, x.app.id).then((a) => a.state)));
  const recommended = states.filter((s) => s === 'unit_recommended').length;
  assert.ok(recommended <= 2, `at most the quota: ${states}`);
  assert.ok(recommended >= 1, `someone got the places: ${states}`);
  const q = (await quotas(unit)).find((x) => x.level === 'engineer');
  assert.deepEqual([q.used, q.left], [recommended, 2 - recommended]);
  if (results[0].status === 200) assert.deepEqual(states.slice(0, 2), ['unit_recommended', 'unit_recommended']);
  else {
    assertError(results[0], 422, 'batch_rejected');
    assert.deepEqual(states.slice(0, 2), ['publicity', 'publicity'], 'a rejected batch applied nothing');
  }
}));
