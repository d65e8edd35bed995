// The workflow against the calendar and the clock (docs/workflow.md): deadlines inclusive to 23:59:59 in
// Shanghai for each stage, the city admin's extensions for one unit or one region, five working days of
// publicity over the 2022 中秋 and 国庆 holidays, start dates on rest days, and open objections.
// The server runs with --test-clock; each scenario has a fresh server and database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNITS, OPINION, withServer, setClock, get, post, put, del, show, assertError, hasChinese, login, newApplicant,
  makeArchive, getArchive, submitArchive, approveArchive, approvedArchive, getApp, createApplication, uploadPdf,
  uploadRequired, pledge, tryAct, act, submittedApplication, startPublicity, auditEntries,
} from '../lib/workflow.mjs';

// An application with everything in place, left in draft.
async function readyDraft(server, unit) {
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const app = await createApplication(applicant);
  await uploadRequired(applicant, app.id);
  return { applicant, app: await pledge(applicant, app.id) };
}

async function extend(admin, body) {
  const r = await post(admin, '/deadline-extensions', body);
  assert.ok([200, 201].includes(r.status), `extension ${JSON.stringify(body)}: ${show(r)}`);
  return r.json;
}

// The fields of a stage the contract names (the server may add more, such as days_left).
const stage = (deadlines, name) => {
  const s = deadlines.stages.find((x) => x.stage === name);
  return s && { stage: s.stage, date: s.date, extended: s.extended };
};

test('the applicant deadline: 2022-08-31 23:59:59 is in time, 2022-09-01 00:00:00 is not, and nothing changes', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const early = await readyDraft(server, unit);
  const late = await readyDraft(server, unit);

  const d = await get(early.applicant, '/deadlines');
  assert.equal(d.status, 200, show(d));
  assert.deepEqual(stage(d.json, 'applicant'), { stage: 'applicant', date: '2022-08-31', extended: false });
  assert.equal(d.json.next.stage, 'applicant');
  assert.equal(d.json.next.date, '2022-08-31');

  await setClock(server, '2022-08-31T23:59:59+08:00');
  const inTime = await act(early.applicant, early.app.id, 'submit', {}, 'submitted');
  assert.equal(inTime.submitted_at.slice(0, 19), '2022-08-31T23:59:59');

  await setClock(server, '2022-09-01T00:00:00+08:00');
  const before = await getApp(late.applicant, late.app.id);
  const r = await tryAct(late.applicant, late.app.id, 'submit');
  assertError(r, 422, 'deadline_passed');
  assert.ok(hasChinese(r.json.error.message), `a Chinese message: ${r.json.error.message}`);
  const after = await getApp(late.applicant, late.app.id);
  assert.equal(after.state, 'draft');
  assert.equal(after.version, before.version);
  assert.deepEqual(after.history, []);
  assert.equal(after.snapshot, null);
  assert.ok(!(await get(unit, '/queue')).json.items.some((x) => x.id === late.app.id));
  // In English too, for an English-speaking client.
  late.applicant.lang = 'en';
  const en = await tryAct(late.applicant, late.app.id, 'submit');
  assertError(en, 422, 'deadline_passed');
  assert.ok(!hasChinese(en.json.error.message), en.json.error.message);
  // allowed_actions are "for the caller, now": after the deadline, submitting is not on offer.
  assert.ok(!(await getApp(late.applicant, late.app.id)).allowed_actions.includes('submit'),
    `allowed_actions after the deadline: ${JSON.stringify(after.allowed_actions)}`);
}));

test('the unit deadline, an extension for one unit only, the county deadline and an extension for a region', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const cityUnit = await login(server, UNITS.city);
  const admin = await login(server, 'admin');
  const ap = await login(server, 'ap330402');
  const a = await submittedApplication(server, unit);
  const b = await submittedApplication(server, unit);
  const c = await submittedApplication(server, cityUnit, { specialty: 'port_waterway' });

  // Publicity started on the latest day it can: 2022-09-07 → 2022-09-14, the unit deadline.
  await setClock(server, '2022-09-07T09:00:00+08:00');
  for (const [u, x] of [[unit, a], [unit, b], [cityUnit, c]]) {
    const p = await startPublicity(u, x.app.id, '2022-09-07');
    assert.equal(p.publicity.end, '2022-09-14');
  }

  await setClock(server, '2022-09-14T23:59:59+08:00');
  await act(unit, a.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');

  await setClock(server, '2022-09-15T00:00:00+08:00');
  const late = await tryAct(unit, b.app.id, 'recommend', { opinion: OPINION });
  assertError(late, 422, 'deadline_passed');
  assert.ok(hasChinese(late.json.error.message));
  assert.equal((await getApp(unit, b.app.id)).state, 'publicity');

  // Only the city admin extends, and only for the unit named.
  const refused = await post(unit, '/deadline-extensions', { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '自行延期' });
  assert.equal(refused.status, 403, show(refused));
  const ext = await extend(admin, { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '单位因疫情封控延期报送' });
  assert.ok(ext);
  const list = await get(admin, '/deadline-extensions');
  assert.equal(list.status, 200, show(list));
  assert.equal(JSON.stringify(list.json).includes('单位因疫情封控延期报送'), true);

  const mine = await get(unit, '/deadlines');
  assert.deepEqual(stage(mine.json, 'unit'), { stage: 'unit', date: '2022-09-20', extended: true });
  const theirs = await get(cityUnit, '/deadlines');
  assert.deepEqual(stage(theirs.json, 'unit'), { stage: 'unit', date: '2022-09-14', extended: false });
  assert.equal(String((await getApp(unit, b.app.id)).deadlines.unit).slice(0, 10), '2022-09-20');
  assert.equal(String((await getApp(cityUnit, c.app.id)).deadlines.unit).slice(0, 10), '2022-09-14');

  await act(unit, b.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  assertError(await tryAct(cityUnit, c.app.id, 'recommend', { opinion: OPINION }), 422, 'deadline_passed');
  assert.equal((await getApp(cityUnit, c.app.id)).state, 'publicity');
  // Returns are never blocked by a deadline.
  await act(cityUnit, c.app.id, 'return', { reason: '公示期满未及时报送，退回', items: [{ item: 'achievements', reason: '补充业绩' }] }, 'returned');

  const audit = await auditEntries(server);
  const e = audit.filter((x) => /deadline|extension/.test(x.action));
  assert.equal(e.length, 1, JSON.stringify(audit.map((x) => x.action)));
  assert.equal(e[0].actor_login, 'admin');
  assert.ok(e[0].summary.includes('2022-09-20') || e[0].summary.includes('单位因疫情封控延期报送'), e[0].summary);

  // The county deadline, 2022-09-30, binds the acceptance point.
  await setClock(server, '2022-09-30T23:59:59+08:00');
  await act(ap, a.app.id, 'county_recommend', {}, 'county_recommended');
  await setClock(server, '2022-10-01T00:00:00+08:00');
  assertError(await tryAct(ap, b.app.id, 'county_recommend'), 422, 'deadline_passed');
  assert.equal((await getApp(ap, b.app.id)).state, 'unit_recommended');
  await extend(admin, { stage: 'county', region_code: '330402', until: '2022-10-10', reason: '南湖区受理点延期' });
  assert.deepEqual(stage((await get(ap, '/deadlines')).json, 'county'), { stage: 'county', date: '2022-10-10', extended: true });
  assert.deepEqual(stage((await get(await login(server, 'ap330481'), '/deadlines')).json, 'county'),
    { stage: 'county', date: '2022-09-30', extended: false });
  await act(ap, b.app.id, 'county_recommend', {}, 'county_recommended');
}));

test('publicity over 中秋: started Tuesday 2022-09-06 it ends 2022-09-13; recommending before then fails', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { applicant, app } = await submittedApplication(server, unit);
  await setClock(server, '2022-09-06T09:00:00+08:00');
  const p = await startPublicity(unit, app.id, '2022-09-06');
  assert.deepEqual([p.publicity.start, p.publicity.end, p.publicity.days], ['2022-09-06', '2022-09-13', 5]);
  const q = await get(unit, '/queue?state=publicity');
  assert.equal(q.json.items.find((x) => x.id === app.id)?.publicity_end, '2022-09-13');

  for (const now of ['2022-09-09T17:00:00+08:00', '2022-09-12T23:59:59+08:00']) {
    await setClock(server, now);
    const r = await tryAct(unit, app.id, 'recommend', { opinion: OPINION });
    assertError(r, 422, 'publicity_not_ended', now);
    assert.ok(hasChinese(r.json.error.message));
    assert.equal((await getApp(unit, app.id)).state, 'publicity');
  }
  await setClock(server, '2022-09-13T00:00:00+08:00');
  await act(unit, app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  assert.equal((await getApp(applicant, app.id)).history.at(-1).at.slice(0, 10), '2022-09-13');
}));

test('publicity over 国庆 with an extension: 2022-09-28 → 2022-10-09, the make-up Sunday counts', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const admin = await login(server, 'admin');
  const { app } = await submittedApplication(server, unit);

  await setClock(server, '2022-09-28T09:00:00+08:00');
  assertError(await tryAct(unit, app.id, 'start_publicity', { start_date: '2022-09-28' }), 422, 'deadline_passed');
  // (Past the county deadline of 09-30: the county stage moves with it, as the admin confirms.)
  await extend(admin, { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-10-14', reason: '国庆假期顺延', extend_later: true });

  // Rest days are no start dates: the holiday itself and a holiday Saturday.
  for (const day of ['2022-10-03', '2022-10-01']) {
    const r = await tryAct(unit, app.id, 'start_publicity', { start_date: day });
    assertError(r, 422, 'not_working_day', day);
    assert.equal((await getApp(unit, app.id)).state, 'submitted');
  }
  const p = await startPublicity(unit, app.id, '2022-09-28');
  assert.equal(p.publicity.end, '2022-10-09');

  await setClock(server, '2022-10-08T16:00:00+08:00');
  assertError(await tryAct(unit, app.id, 'recommend', { opinion: OPINION }), 422, 'publicity_not_ended');
  await setClock(server, '2022-10-09T10:00:00+08:00');
  await act(unit, app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
}));

test('a start date on a holiday or in the past is refused; a later working day is fine', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { app } = await submittedApplication(server, unit);
  await setClock(server, '2022-09-08T09:00:00+08:00');
  for (const day of ['2022-09-12', '2022-09-10', '2022-09-11']) {
    assertError(await tryAct(unit, app.id, 'start_publicity', { start_date: day }), 422, 'not_working_day', day);
  }
  const past = await tryAct(unit, app.id, 'start_publicity', { start_date: '2022-09-07' });
  assert.equal(past.status, 422, `a start before today: ${show(past)}`);
  const bad = await tryAct(unit, app.id, 'start_publicity', { start_date: '2022-09-31' });
  assert.equal(bad.status, 422, show(bad));
  const none = await tryAct(unit, app.id, 'start_publicity', {});
  assert.equal(none.status, 422, show(none));
  const still = await getApp(unit, app.id);
  assert.equal(still.state, 'submitted');
  assert.equal(still.publicity, null);
  // 2022-09-09 is a working day, but its five working days end on 09-16, after the unit deadline: a publicity
  // that could never lead to a recommendation is refused (issue 17; it used to be accepted).
  assertError(await tryAct(unit, app.id, 'start_publicity', { start_date: '2022-09-09' }), 422, 'publicity_ends_after_deadline');
}));

test('an open objection blocks the recommendation until it is resolved; an upheld one ends in 不予推荐', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const [x, y] = [await submittedApplication(server, unit), await submittedApplication(server, unit)];
  await setClock(server, '2022-08-22T09:00:00+08:00');
  await startPublicity(unit, x.app.id, '2022-08-22');
  await startPublicity(unit, y.app.id, '2022-08-22');

  await setClock(server, '2022-08-24T15:00:00+08:00');
  const o = await post(unit, `/applications/${x.app.id}/objections`, { content: '反映其业绩材料中的项目并非本人主持', raised_by: '同事实名反映' });
  assert.equal(o.status, 201, show(o));
  const seen = await getApp(unit, x.app.id);
  assert.equal(seen.objections.length, 1);
  assert.equal(seen.objections[0].status, 'open');
  assert.equal(seen.objections[0].raised_by, '同事实名反映');
  assert.equal(seen.objections[0].raised_at.slice(0, 10), '2022-08-24');
  const oid = seen.objections[0].id;
  // The unit decides it (the objection table's steps); the applicant cannot.
  assert.deepEqual(seen.objections[0].allowed_actions, ['dismiss', 'uphold']);
  assert.deepEqual((await getApp(x.applicant, x.app.id)).objections.map((ob) => ob.allowed_actions), [[]]);

  await setClock(server, '2022-08-26T10:00:00+08:00');
  const blocked = await tryAct(unit, x.app.id, 'recommend', { opinion: OPINION });
  assertError(blocked, 422, 'objection_open');
  assert.equal((await getApp(unit, x.app.id)).state, 'publicity');

  const res = await post(unit, `/applications/${x.app.id}/objections/${oid}/resolve`, { outcome: 'dismissed', resolution: '经核实，该项目由申报人主持完成，反映情况不属实' });
  assert.ok([200, 201].includes(res.status), show(res));
  const resolved = (await getApp(unit, x.app.id)).objections[0];
  assert.equal(resolved.status, 'dismissed');
  assert.equal(resolved.resolution, '经核实，该项目由申报人主持完成，反映情况不属实');
  assert.equal(resolved.resolved_at.slice(0, 10), '2022-08-26');
  assert.deepEqual(resolved.allowed_actions, [], 'a decided objection offers nothing');
  await act(unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');

  // Upheld: the unit does not recommend.
  const o2 = await post(unit, `/applications/${y.app.id}/objections`, { content: '继续教育学时证明系伪造', raised_by: '匿名来信' });
  assert.equal(o2.status, 201, show(o2));
  const oid2 = (await getApp(unit, y.app.id)).objections[0].id;
  await post(unit, `/applications/${y.app.id}/objections/${oid2}/resolve`, { outcome: 'upheld', resolution: '经核实，反映情况属实' });
  const noReason = await tryAct(unit, y.app.id, 'reject', { reason: '' });
  assert.equal(noReason.status, 422, `a rejection needs a reason: ${show(noReason)}`);
  assert.equal((await getApp(unit, y.app.id)).state, 'publicity');
  const rejected = await act(unit, y.app.id, 'reject', { reason: '异议经核实属实，不予推荐' }, 'not_recommended');
  assert.equal(rejected.history.at(-1).reason, '异议经核实属实，不予推荐');
  assert.deepEqual((await getApp(y.applicant, y.app.id)).allowed_actions, []);
  // No objection is raised outside publicity.
  const outside = await post(unit, `/applications/${x.app.id}/objections`, { content: '迟到的异议', raised_by: '某人' });
  assert.ok([409, 422].includes(outside.status), show(outside));
}));

test('deadline extensions are checked: one target, a known stage, a real date, a reason', () => withServer(async (server) => {
  const admin = await login(server, 'admin');
  const unit = await login(server, UNITS.county);
  const before = await get(admin, '/deadline-extensions');
  for (const body of [
    { stage: 'unit', unit_id: unit.user.unit.id, region_code: '330402', until: '2022-09-20', reason: '两者都填' },
    { stage: 'unit', until: '2022-09-20', reason: '都不填' },
    { stage: 'expert', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '未知环节' },
    { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-09-31', reason: '日期不存在' },
    { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '' },
    { stage: 'unit', unit_id: 999999, until: '2022-09-20', reason: '没有这个单位' },
    { stage: 'county', region_code: '999999', until: '2022-10-10', reason: '没有这个地区' },
  ]) {
    const r = await post(admin, '/deadline-extensions', body);
    assert.ok([404, 422].includes(r.status), `${JSON.stringify(body)}: ${show(r)}`);
  }
  assert.deepEqual((await get(admin, '/deadline-extensions')).json, before.json, 'nothing was saved');
  assert.deepEqual(stage((await get(unit, '/deadlines')).json, 'unit'), { stage: 'unit', date: '2022-09-14', extended: false });

  // Stages stay in order: the applicant stage past the unit deadline is refused with the date it passes …
  const late = await post(admin, '/deadline-extensions', { stage: 'applicant', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '系统故障' });
  assert.equal(late.status, 422, show(late));
  assert.equal(late.json.error.code, 'extension_out_of_order');
  assert.match(late.json.error.fields.find((f) => f.field === 'until').detail, /用人单位推荐截止日为 2022-09-14/);
  assert.deepEqual((await get(admin, '/deadline-extensions')).json, before.json, 'nothing was saved');
  // … and, confirmed, moves the later stages with it; the list says who set each.
  const both = await post(admin, '/deadline-extensions', { stage: 'applicant', unit_id: unit.user.unit.id, until: '2022-09-20', reason: '系统故障', extend_later: true });
  assert.equal(both.status, 201, show(both));
  const rows = both.json.items.filter((x) => x.unit_id === unit.user.unit.id && x.until === '2022-09-20');
  assert.deepEqual(rows.map((x) => x.stage).sort(), ['applicant', 'unit']);
  assert.ok(rows.every((x) => x.created_by === admin.user.name), JSON.stringify(rows));
  const d = (await get(unit, '/deadlines')).json;
  assert.equal(stage(d, 'applicant').date, '2022-09-20');
  assert.equal(stage(d, 'unit').date, '2022-09-20');
  assert.equal(stage(d, 'county').date, '2022-09-30', 'the county deadline was later already');
}));

test('resubmission has the checks of submission and the unit deadline; a return is never late', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const admin = await login(server, 'admin');
  const { applicant, app } = await submittedApplication(server, unit);
  await setClock(server, '2022-09-14T18:00:00+08:00');
  await act(unit, app.id, 'return', { reason: '请补充继续教育证明', items: [{ item: 'ce_certificate', reason: '缺 2022 年度证明' }] }, 'returned');

  // The archive edited after the return is no longer approved: no resubmission on it.
  const archive = await getArchive(applicant);
  const edited = await put(applicant, '/archive', { version: archive.version, unit_credit_code: UNITS.county,
    items: makeArchive({ education: { major: '化学工程' } }) });
  assert.equal(edited.status, 200, show(edited));
  assertError(await tryAct(applicant, app.id, 'resubmit'), 422, 'archive_not_approved');
  await submitArchive(applicant);
  await approveArchive(unit, applicant.user.id);
  // The evidence removed: no resubmission either.
  const ce = (await getApp(applicant, app.id)).slots.find((s) => s.code === 'ce_certificate').files[0];
  assert.equal((await del(applicant, `/applications/${app.id}/evidence/ce_certificate/${ce.id}`)).status, 204);
  const missing = await tryAct(applicant, app.id, 'resubmit');
  assertError(missing, 422, 'evidence_missing');
  assert.ok(missing.json.error.fields?.some((f) => f.field.includes('ce_certificate')), show(missing));
  await uploadPdf(applicant, app.id, 'ce_certificate', '2019-2022继续教育.pdf');

  // After the unit deadline, resubmitting is late, until the unit's deadline is extended.
  await setClock(server, '2022-09-15T08:00:00+08:00');
  const late = await tryAct(applicant, app.id, 'resubmit');
  assertError(late, 422, 'deadline_passed');
  const still = await getApp(applicant, app.id);
  assert.equal(still.state, 'returned');
  assert.equal(still.resubmissions, 0);
  assert.equal(still.snapshot.version, 1);
  await extend(admin, { stage: 'unit', unit_id: unit.user.unit.id, until: '2022-09-16', reason: '补正材料顺延' });
  const again = await act(applicant, app.id, 'resubmit', {}, 'submitted');
  assert.equal(again.resubmissions, 1);
  assert.equal(again.snapshot.version, 2);
}));
