// Issue 17 (no dead ends): steps that would lead a person somewhere they cannot leave are refused up front,
// with the date that still works, and the steps bound to a day happen on that day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, login, get, post, put, show, setClock, submittedApplication, startPublicity, tryAct, act, UNITS, OPINION, newApplicant, approvedArchive, checkInvariants, notifications, getApp, getArchive, saveArchive, submitArchive, approveArchive, uploadPdf } from '../lib/workflow.mjs';
import { acceptedApplication, acceptedApplications, certifiedApplications, reviewedGroup, reviewContext, setAttendance, ballot, sheet, getMeeting, at, ok, MEMBERS, COMMITTEE, openVoting, closeMeeting } from '../lib/review.mjs';

test('a publicity that would end after the unit deadline is refused with the latest start; one that ends on it works', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const late = await submittedApplication(server, unit);
  const inTime = await submittedApplication(server, unit);
  // 2022-09-08: five working days end on 09-15, after the unit deadline 09-14.
  await setClock(server, at('2022-09-08'));
  const view = ok(await get(unit, `/applications/${late.app.id}`), 'the unit reads the application');
  assert.ok(!view.allowed_actions.includes('start_publicity'), `not offered: ${JSON.stringify(view.allowed_actions)}`);
  assert.equal(view.unavailable_actions.find((u) => u.action === 'start_publicity')?.code, 'publicity_ends_after_deadline');
  const r = await tryAct(unit, late.app.id, 'start_publicity', { start_date: '2022-09-08' });
  assert.equal(r.status, 422, show(r));
  assert.equal(r.json.error.code, 'publicity_ends_after_deadline');
  assert.match(r.json.error.message, /截止/);
  const field = r.json.error.fields.find((f) => f.field === 'start_date');
  assert.match(field.detail, /2022-09-15/, 'the publicity\'s last day');
  assert.match(field.detail, /2022-09-14/, 'the deadline');
  assert.match(field.detail, /市人社局/, 'who can extend it, since the latest start has passed');
  assert.equal(ok(await get(unit, `/applications/${late.app.id}`), 'unchanged').state, 'submitted', 'nothing changed');
  // A day earlier, 09-07 is the latest start: its publicity ends on the deadline and the unit recommends then.
  await setClock(server, at('2022-09-07'));
  const started = await startPublicity(unit, inTime.app.id, '2022-09-07');
  assert.equal(started.publicity.end, '2022-09-14');
  const tooLate = await tryAct(unit, late.app.id, 'start_publicity', { start_date: '2022-09-08' });
  assert.equal(tooLate.json.error.code, 'publicity_ends_after_deadline');
  assert.match(tooLate.json.error.fields[0].detail, /最晚须于 2022-09-07 开始公示/);
  await setClock(server, at('2022-09-14', '16:00:00'));
  await act(unit, inTime.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
}));

test('voting opens, ballots are cast and counted on the meeting day only; a meeting can move; a vote that cannot finish is voided and repeated; the minutes say when', () => withServer(async (server) => {
  const x = await acceptedApplication(server, { unit: 'county' }, { day: '2022-09-26' });
  const ctx = await reviewContext(server);
  await reviewedGroup(server, [x.app.id]);
  const meeting = ok(await post(ctx.office, '/meetings', { committee_code: COMMITTEE, title: '2022 年度评审会议', held_on: '2022-09-28', application_ids: [x.app.id] }), 'meeting', 201);
  await setAttendance(server, meeting.id, MEMBERS.slice(0, 8));
  // Two days early.
  const early = await post(ctx.office, `/meetings/${meeting.id}/open-voting`, {});
  assert.equal(early.status, 422, show(early));
  assert.equal(early.json.error.code, 'not_meeting_day');
  const view = await getMeeting(ctx.office, meeting.id);
  assert.equal(view.unavailable_actions.find((u) => u.action === 'open_voting')?.code, 'not_meeting_day');
  // The meeting moves to today; a day in the past is refused.
  assert.equal((await put(ctx.office, `/meetings/${meeting.id}/date`, { held_on: '2022-09-25' })).json.error.fields[0].reason, 'date_in_past');
  ok(await put(ctx.office, `/meetings/${meeting.id}/date`, { held_on: '2022-09-26' }), 'reschedule to today');
  await openVoting(server, meeting.id);
  for (const l of MEMBERS.slice(0, 6)) ok(await ballot(server, meeting.id, l, sheet([x.app.id], () => 'yes', l)), `ballot of ${l}`);
  // The next day: no more ballots, and the count cannot close either (the trustees decrypt on the meeting day)…
  await setClock(server, at('2022-09-27'));
  const late = await ballot(server, meeting.id, MEMBERS[6], sheet([x.app.id], () => 'no', MEMBERS[6]));
  assert.equal(late.status, 422, show(late));
  assert.equal(late.json.error.code, 'not_meeting_day');
  const close = await post(ctx.office, `/meetings/${meeting.id}/close`, {});
  assert.equal(close.json.error.code, 'not_meeting_day');
  const v = await getMeeting(ctx.office, meeting.id);
  assert.ok(v.allowed_actions.includes('void_vote'), `the way out: ${JSON.stringify(v.allowed_actions)}`);
  // … so the vote is voided and repeated today, after a new key ceremony: the meeting is never stuck.
  assert.equal((await post(ctx.office, `/meetings/${meeting.id}/void-vote`, {})).json.error.fields[0].reason, 'reason_required');
  const voided = ok(await post(ctx.office, `/meetings/${meeting.id}/void-vote`, { reason: '会议当日未能完成计票' }), 'void');
  assert.equal(voided.status, 'planned');
  assert.equal(voided.ballot.round, 2);
  assert.equal(voided.ballots_cast, 0);
  ok(await put(ctx.office, `/meetings/${meeting.id}/date`, { held_on: '2022-09-27' }), 'reschedule to today');
  await openVoting(server, meeting.id);
  for (const l of MEMBERS.slice(0, 7)) ok(await ballot(server, meeting.id, l, sheet([x.app.id], () => 'yes', l)), `ballot of ${l}`);
  const closed = await closeMeeting(server, meeting.id);
  assert.equal(closed.status, 'closed');
  assert.deepEqual([closed.candidates[0].result.yes, closed.candidates[0].result.no], [7, 0]);
  const minutes = ok(await get(ctx.office, `/meetings/${meeting.id}/minutes`), 'minutes');
  assert.match(minutes.text, /日期：2022-09-27/);
  assert.match(minutes.text, /表决开始：2022-09-27/);
  assert.match(minutes.text, /表决结束：2022-09-27/);
}));

test('a correction keeps the level and specialty the unit publicised; an edit without `pledged` keeps the pledge', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { applicant, app } = await submittedApplication(server, unit, { level: 'engineer', specialty: 'chemical_process' });
  const returned = await act(unit, app.id, 'return', { reason: '材料需补正', items: [{ item: 'achievements', reason: '补充业绩材料' }] }, 'returned');
  assert.ok(returned);
  const mine = await get(applicant, `/applications/${app.id}`);
  const other = await put(applicant, `/applications/${app.id}`, { version: mine.json.version, level: 'assistant_engineer', specialty: 'safety_engineering', pledged: true });
  assert.equal(other.status, 422, show(other));
  assert.deepEqual(other.json.error.fields.map((f) => [f.field, f.code]), [['level', 'frozen_after_submission'], ['specialty', 'frozen_after_submission']]);
  assert.match(other.json.error.fields[0].message, /补正/);
  const still = await get(applicant, `/applications/${app.id}`);
  assert.deepEqual([still.json.level, still.json.specialty, still.json.pledged], ['engineer', 'chemical_process', true], 'nothing changed');
  // The same level and specialty without `pledged`: the pledge stays.
  const same = await put(applicant, `/applications/${app.id}`, { version: still.json.version, level: 'engineer', specialty: 'chemical_process' });
  assert.equal(same.status, 200, show(same));
  assert.equal(same.json.pledged, true, 'an edit that does not mention the pledge does not withdraw it');
}));

test('a certificate check forgives case and pasted spaces', () => withServer(async (server) => {
  const { certifiedApplications, verify } = await import('../lib/review.mjs');
  const { items, certificates } = await certifiedApplications(server, [{ unit: 'county' }]);
  const cert = certificates.find((c) => c.application_id === items[0].app.id) ?? certificates[0];
  const exact = await verify(server, { number: cert.number, name: cert.name });
  assert.equal(exact.status, 200, show(exact));
  const pasted = await verify(server, { number: ` ${cert.number.toLowerCase().replace(/(.{4})/, '$1 ')}\u3000`, name: ` ${cert.name}\u00a0` });
  assert.equal(pasted.status, 200, `lower case and spaces: ${show(pasted)}`);
  assert.equal(pasted.json.number ?? pasted.json.certificate?.number, exact.json.number ?? exact.json.certificate?.number);
}));

test('a refused submission names every problem at once: the archive approval, each missing file, the pledge', () => withServer(async (server) => {
  const { newApplicant, saveArchive, createApplication } = await import('../lib/workflow.mjs');
  const applicant = await newApplicant(server);
  await saveArchive(applicant, UNITS.county);  // saved, never sent to the unit for approval
  const draft = await createApplication(applicant, { level: 'engineer', specialty: 'chemical_process' });
  const r = await tryAct(applicant, draft.id, 'submit');
  assert.equal(r.status, 422, show(r));
  assert.equal(r.json.error.code, 'archive_not_approved', 'the first thing to do');
  const fields = r.json.error.fields.map((f) => f.field);
  assert.ok(fields.includes('archive'), JSON.stringify(fields));
  assert.ok(fields.includes('slots.id_card') && fields.includes('slots.education_certificate'), JSON.stringify(fields));
  assert.ok(fields.includes('pledged'), JSON.stringify(fields));
  for (const f of r.json.error.fields) assert.match(f.message, /[\u4e00-\u9fff]/, `${f.field}: a Chinese message`);
}));

// A late return by the acceptance point: the unit stage reopens for this application until the return day +
// deadlines.correction_working_days (5) working days, and its county deadline moves by as much.
test('a county return after the unit deadline opens a correction window: the unit recommends again, the county deadline moves', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const inWindow = await submittedApplication(server, unit);
  const late = await submittedApplication(server, unit);
  await setClock(server, at('2022-09-01'));
  for (const x of [inWindow, late]) await startPublicity(unit, x.app.id, '2022-09-01');
  await setClock(server, at('2022-09-09'));
  for (const x of [inWindow, late]) await act(unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  // Friday 2022-09-16, two days after the unit deadline: the acceptance point returns both.
  await setClock(server, at('2022-09-16'));
  const ap = await login(server, `ap${inWindow.app.region_code}`);
  for (const x of [inWindow, late]) await act(ap, x.app.id, 'county_return', { reason: '单位推荐意见未加盖公章，请补正后重新推荐' }, 'county_returned');
  const seen = ok(await get(unit, `/applications/${inWindow.app.id}`), 'the unit reads it');
  // 09-19 … 09-23 are the five working days after the return day; 09-14 + 9 days for the county.
  assert.equal(seen.deadlines.reopened_until, '2022-09-23', JSON.stringify(seen.deadlines));
  assert.equal(seen.deadlines.unit, '2022-09-23');
  assert.equal(seen.deadlines.county, '2022-10-09');
  assert.ok(seen.allowed_actions.includes('recommend'), `the unit may recommend again: ${JSON.stringify(seen.unavailable_actions)}`);
  assert.ok(seen.allowed_actions.includes('withdraw') === false, 'the unit cannot withdraw it');
  const mine = ok(await get(inWindow.applicant, `/applications/${inWindow.app.id}`), 'the applicant reads it');
  assert.equal(mine.deadlines.unit, '2022-09-23', 'the applicant sees the deadline that applies');
  assert.ok(mine.allowed_actions.includes('withdraw'), 'the applicant may withdraw it');
  // Within the window the unit recommends again and the county recommends after its own deadline.
  await setClock(server, at('2022-09-22'));
  await act(unit, inWindow.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  await setClock(server, at('2022-10-08'));
  await act(ap, inWindow.app.id, 'county_recommend', {}, 'county_recommended');
  // After the window: refused, naming the stage, the day and who can extend it.
  await setClock(server, at('2022-09-26'));
  const r = await tryAct(unit, late.app.id, 'recommend', { opinion: OPINION });
  assert.equal(r.status, 422, show(r));
  assert.equal(r.json.error.code, 'deadline_passed');
  const detail = r.json.error.fields.find((f) => f.field === 'deadline')?.detail ?? '';
  assert.match(detail, /补正推荐截止日为 2022-09-23/, show(r));
  assert.match(detail, /市人社局/, 'who can extend it');
  // The applicant can still end it: withdrawn is final and releases the quota place.
  const ended = await act(late.applicant, late.app.id, 'withdraw', {}, 'withdrawn');
  assert.deepEqual(ended.allowed_actions, []);
}));

test('a committee-office return: the applicant corrects within the window; after it the office may close it', () => withServer(async (server) => {
  const [x, y] = await acceptedApplications(server, [{ unit: 'county', until: 'received' }, { unit: 'county', until: 'received' }], { day: '2022-10-10' });
  const office = await login(server, 'committee');
  for (const z of [x, y])
    await act(office, z.app.id, 'office_return', { reason: '纸质材料与网上不一致', items: [{ item: '业绩证明', reason: '缺少单位盖章' }] }, 'office_returned');
  // Five working days after Monday 2022-10-10: 10-11 … 10-17.
  const seen = ok(await get(x.applicant, `/applications/${x.app.id}`), 'the applicant reads it');
  assert.equal(seen.deadlines.correction_until, '2022-10-17', JSON.stringify(seen.deadlines));
  assert.ok(seen.allowed_actions.includes('correct') && seen.allowed_actions.includes('withdraw'), JSON.stringify(seen.allowed_actions));
  await setClock(server, at('2022-10-12'));
  const early = await tryAct(office, y.app.id, 'not_accept', {});
  assert.equal(early.status, 422, show(early));
  assert.equal(early.json.error.code, 'correction_window_open');
  await setClock(server, at('2022-10-14'));
  await act(x.applicant, x.app.id, 'correct', {}, 'received');
  // After the window: the correction is refused with the day; the office closes the application.
  await setClock(server, at('2022-10-18'));
  const late = await tryAct(y.applicant, y.app.id, 'correct', {});
  assert.equal(late.status, 422, show(late));
  assert.equal(late.json.error.code, 'correction_window_closed');
  assert.match(late.json.error.fields.find((f) => f.field === 'deadline')?.detail ?? '', /2022-10-17/);
  const view = ok(await get(office, `/applications/${y.app.id}`), 'the office reads it');
  assert.ok(view.allowed_actions.includes('not_accept'), JSON.stringify(view.unavailable_actions));
  await act(office, y.app.id, 'not_accept', { reason: '逾期未补正' }, 'not_accepted');
}));

test('an application back with the applicant can be withdrawn; in the application period the applicant may apply again', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const x = await submittedApplication(server, unit);
  await act(unit, x.app.id, 'return', { reason: '材料不全', items: [{ item: '继续教育证书', reason: '未上传' }] }, 'returned');
  const ended = await act(x.applicant, x.app.id, 'withdraw', {}, 'withdrawn');
  assert.equal(ended.state_name, '已撤回申报');
  const again = await post(x.applicant, '/applications', { level: 'engineer', specialty: 'chemical_process' });
  assert.equal(again.status, 201, show(again));
}));

test('after a revocation a new application is refused with the integrity reason, not as a second application', () => withServer(async (server) => {
  const { items, certificates } = await certifiedApplications(server, [{ unit: 'county', specialty: 'environmental_engineering' }]);
  const admin = await login(server, 'admin');
  const revoked = await post(admin, `/certificates/${certificates[0].id}/revoke`, { reason: '业绩材料弄虚作假，经查属实', evidence: '调查报告' });
  assert.ok([200, 201].includes(revoked.status), show(revoked));
  const again = await post(items[0].applicant, '/applications', { level: 'engineer', specialty: 'environmental_engineering' });
  assert.equal(again.status, 409, show(again));
  assert.equal(again.json.error.code, 'application_revoked');
  assert.match(again.json.error.message, /撤销.*3 年内不得申报/);
}));

test('saving an approved archive without a change keeps it approved; a change sends it back to draft', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  const approved = await approvedArchive(applicant, unit);
  // 23:00 on the applicant deadline: the applicant presses 保存档案 without changing anything.
  await setClock(server, at('2022-08-31', '23:00:00'));
  const items = approved.items.map((i) => ({ id: i.id, kind: i.kind, data: i.data, file_ids: (i.files ?? []).map((f) => f.id) }));
  const same = await put(applicant, '/archive', { version: approved.version, unit_credit_code: approved.unit?.credit_code ?? UNITS.county, items });
  assert.equal(same.status, 200, show(same));
  assert.equal(same.json.status, 'approved', 'still approved and in force');
  assert.equal(same.json.version, approved.version, 'nothing was written');
  // A real change is a new draft for the unit to approve.
  items[0].data = { ...items[0].data, note: '补充说明' };
  const changed = await put(applicant, '/archive', { version: approved.version, unit_credit_code: UNITS.county, items: items.slice(1) });
  assert.equal(changed.status, 200, show(changed));
  assert.equal(changed.json.status, 'draft');
}));

// Issue 17: "no new publicity is needed unless the corrected content changes what was publicised", and
// "notices carry the dates and the correction items".
test('after a county return, a correction that leaves the publicised content alone is recommended without a new publicity; one that changes it is not; the notices name the items and the day', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const same = await submittedApplication(server, unit);
  const changed = await submittedApplication(server, unit);
  const fresh = await submittedApplication(server, unit);
  await setClock(server, at('2022-09-01'));
  for (const x of [same, changed]) await startPublicity(unit, x.app.id, '2022-09-01');
  const told = (await notifications(same.applicant)).items.find((n) => n.kind === 'application.start_publicity');
  assert.match(told?.text ?? '', /公示期：2022-09-01 至 2022-09-07（5 个工作日）/, 'the publicity notice has its period');
  await setClock(server, at('2022-09-08'));
  for (const x of [same, changed]) await act(unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  // Tuesday 09-13: the acceptance point returns both; the unit's window runs five working days from 09-14.
  await setClock(server, at('2022-09-13'));
  const ap = await login(server, `ap${same.app.region_code}`);
  for (const x of [same, changed]) await act(ap, x.app.id, 'county_return', { reason: '学历证书扫描件不清晰' }, 'county_returned');
  const unitNotice = (await notifications(unit)).items.find((n) => n.kind === 'application.county_return' && n.application_id === same.app.id);
  assert.match(unitNotice?.text ?? '', /理由：学历证书扫描件不清晰/, JSON.stringify(unitNotice));
  assert.match(unitNotice.text, /单位须于 2022-09-20（含当日）前重新推荐/, 'the unit hears by when');
  const items = [{ item: '学历证书', reason: '扫描件不清晰，请重新上传' }, { item: '业绩证明', reason: '请补充项目验收报告' }];
  for (const x of [same, changed]) await act(unit, x.app.id, 'return', { reason: '请按受理点意见补正', items }, 'returned');
  const returned = (await notifications(same.applicant)).items.find((n) => n.kind === 'application.return');
  assert.match(returned?.text ?? '', /需补正的事项：1\. 学历证书（扫描件不清晰，请重新上传）；2\. 业绩证明（请补充项目验收报告）/, JSON.stringify(returned));
  assert.match(returned.text, /单位推荐截止日为 2022-09-20/, 'the applicant hears by when');

  // A clearer scan only: the publicity still covers it, so the unit recommends at once.
  await uploadPdf(same.applicant, same.app.id, 'education_certificate', '学历证书-清晰版.pdf');
  await act(same.applicant, same.app.id, 'resubmit', {}, 'submitted');
  const seen = await getApp(unit, same.app.id);
  assert.ok(seen.allowed_actions.includes('recommend'), `recommend without a new publicity: ${JSON.stringify(seen.unavailable_actions)}`);
  assert.ok(seen.allowed_actions.includes('start_publicity'), 'a new publicity stays possible');
  await act(unit, same.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');

  // A new achievement changes what the copy shows: a new publicity first, and the refusal says what changed.
  const archive = await getArchive(changed.applicant);
  const more = [...archive.items.map(({ kind, data, file_ids }) => ({ kind, data, file_ids: file_ids ?? [] })),
    { kind: 'achievement', data: { type: 'project', title: '年产 5 万吨聚酯装置节能改造', date: '2021-12-01', role: '技术负责人' }, file_ids: [] }];
  await saveArchive(changed.applicant, unit.user.unit.credit_code, more);
  await submitArchive(changed.applicant);
  await approveArchive(unit, changed.applicant.user.id);
  await act(changed.applicant, changed.app.id, 'resubmit', {}, 'submitted');
  const r = await tryAct(unit, changed.app.id, 'recommend', { opinion: OPINION });
  assert.equal(r.status, 422, show(r));
  assert.equal(r.json.error.code, 'publicity_content_changed');
  assert.match(r.json.error.fields.find((f) => f.field === 'publicity')?.detail ?? '', /专业技术工作业绩/, show(r));
  const view = await getApp(unit, changed.app.id);
  assert.equal(view.unavailable_actions.find((u) => u.action === 'recommend')?.code, 'publicity_content_changed');
  await startPublicity(unit, changed.app.id, '2022-09-14');

  // Never publicised: the unit is told to publicise first.
  const first = await getApp(unit, fresh.app.id);
  assert.equal(first.unavailable_actions.find((u) => u.action === 'recommend')?.code, 'publicity_required', JSON.stringify(first.unavailable_actions));
}));

// Issue 17: "a test that walks the lifecycle tables with the clock at each deadline's edge and proves that
// no non-final state is stuck" — check-invariants --at names any application left without a step.
test('with applications in every stage, check-invariants finds none stuck at any deadline\'s edge', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const apps = [];
  for (let i = 0; i < 7; i++) apps.push(await submittedApplication(server, unit));
  const [submitted, publicity, returned, unitRecommended, countyReturned, countyRecommended, received] = apps;
  await act(unit, returned.app.id, 'return', { reason: '材料不全', items: [{ item: '继续教育证书', reason: '未上传' }] }, 'returned');
  await setClock(server, at('2022-09-01'));
  for (const x of [publicity, unitRecommended, countyReturned, countyRecommended, received]) await startPublicity(unit, x.app.id, '2022-09-01');
  await setClock(server, at('2022-09-08'));
  for (const x of [unitRecommended, countyReturned, countyRecommended, received]) await act(unit, x.app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  const ap = await login(server, `ap${submitted.app.region_code}`);
  await act(ap, countyReturned.app.id, 'county_return', { reason: '请补正推荐意见' }, 'county_returned');
  for (const x of [countyRecommended, received]) await act(ap, x.app.id, 'county_recommend', {}, 'county_recommended');
  await setClock(server, at('2022-10-10'));
  const office = await login(server, 'committee');
  await act(office, received.app.id, 'receive', {}, 'received');
  const edges = ['2022-08-31', '2022-09-01', '2022-09-14', '2022-09-15', '2022-09-30', '2022-10-01', '2022-10-17', '2022-10-18', '2023-06-30'];
  for (const day of edges)
    for (const time of ['00:00:00', '23:59:59']) {
      const r = checkInvariants(server, { at: `${day}T${time}+08:00` });
      assert.equal(r.status, 0, `on ${day} ${time}: ${r.stdout}${r.stderr}`);
    }
  const bad = checkInvariants(server, { at: '2022-13-01' });
  assert.equal(bad.status, 1, 'a malformed instant is refused');
  assert.match(bad.stderr, /--at/);
}));
