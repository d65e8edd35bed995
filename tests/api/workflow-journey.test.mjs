// The workflow end to end (docs/workflow.md): an applicant's archive and application through the unit, the
// acceptance point or competent department, to the committee office; returns and resubmission; withdrawal;
// who may see what; downloads; and the invariant checker, which must pass after every scenario and must
// catch a database that was edited behind the server's back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Client } from '../lib/server.mjs';
import {
  UNITS, DEMO_APPLICANT, REQUIRED_FOR_ENGINEER, OPINION, withServer, startClockServer, setClock, checkInvariants,
  sqlite, get, post, put, del, show, assertError, login, newApplicant, makeArchive, getArchive, saveArchive,
  submitArchive, approveArchive, approvedArchive, getApp, createApplication, upload, uploadPdf, uploadRequired,
  pledge, tryAct, act, submittedApplication, startPublicity, notifications, auditEntries, actionIs, tinyPdf,
} from '../lib/workflow.mjs';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/;

// The names a history entry may show for the person or body that acted.
const namesOf = (c) => [c.user.name, c.user.login, c.user.unit?.name].filter(Boolean);

function assertHistory(app, expected) {
  assert.deepEqual(app.history.map((h) => [h.from, h.to, h.action, h.role]), expected.map((e) => e.slice(0, 4)),
    JSON.stringify(app.history));
  app.history.forEach((h, i) => {
    const [, , , , who, day] = expected[i];
    if (who) assert.ok(namesOf(who).includes(h.actor), `history[${i}].actor ${JSON.stringify(h.actor)} is one of ${namesOf(who)}`);
    assert.match(h.at, ISO, `history[${i}].at`);
    if (day) assert.equal(h.at.slice(0, 10), day, `history[${i}].at`);
  });
}

test('county unit: archive, application, publicity, unit recommendation, acceptance point, committee office', () => withServer(async (server) => {
  const applicant = await login(server, DEMO_APPLICANT);
  const unit = await login(server, UNITS.county);
  const ap = await login(server, 'ap330402');
  const committee = await login(server, 'committee');

  // The codes come from the published campaign.
  const campaign = (await get(new Client(server.baseUrl), '/campaigns/current')).json;
  const chemical = campaign.families.find((f) => f.code === 'chemical');
  assert.equal(chemical.excluded, false);
  assert.ok(chemical.specialties.some((s) => s.code === 'chemical_process'));
  assert.ok(campaign.levels.some((l) => l.code === 'engineer'));

  // The archive: filled in, saved as a draft naming the unit, submitted, approved by the unit.
  const empty = await getArchive(applicant);
  assert.equal(empty.status, 'draft');
  assert.deepEqual(empty.items, []);
  const saved = await saveArchive(applicant, UNITS.county);
  assert.equal(saved.status, 'draft');
  assert.equal(saved.unit.credit_code, UNITS.county);
  assert.equal(saved.unit.name, '嘉兴禾丰智能科技有限公司');
  assert.deepEqual(saved.items.map((i) => i.kind), makeArchive().map((i) => i.kind));
  assert.ok(saved.items.every((i) => i.id && Array.isArray(i.files)), JSON.stringify(saved.items));
  assert.equal(saved.items[0].data.graduated, '2014-06-30');
  const pending = await submitArchive(applicant);
  assert.match(pending.submitted_at, ISO);

  const list = await get(unit, '/unit/archives?status=pending');
  assert.equal(list.status, 200, show(list));
  const row = list.json.items.find((x) => x.user_id === applicant.user.id);
  assert.ok(row, JSON.stringify(list.json));
  assert.equal(row.name, '王建国');
  assert.equal(row.status, 'pending');
  assert.equal(row.items_count, 9);
  assert.ok(!row.id_number_masked.includes(DEMO_APPLICANT) && row.id_number_masked === `${DEMO_APPLICANT.slice(0, 6)}***********${DEMO_APPLICANT.slice(17)}`, row.id_number_masked);
  assert.ok(list.json.counts.pending >= 1);
  const detail = await get(unit, `/unit/archives/${applicant.user.id}`);
  assert.equal(detail.json.applicant.name, '王建国');
  assert.equal(detail.json.items.length, 9);
  await approveArchive(unit, applicant.user.id);
  assert.equal((await getArchive(applicant)).status, 'approved');

  // Live feedback before creating: eligible on the regular path, and which evidence is needed.
  const preview = await post(applicant, '/applications/preview', { level: 'engineer', specialty: 'chemical_process' });
  assert.equal(preview.status, 200, show(preview));
  assert.equal(preview.json.eligibility.verdict, 'eligible');
  assert.equal(preview.json.eligibility.path, 'regular');
  assert.deepEqual(preview.json.slots.filter((s) => s.required).map((s) => s.code).sort(), [...REQUIRED_FOR_ENGINEER].sort());
  const excluded = await post(applicant, '/applications/preview', { level: 'engineer', specialty: 'software' });
  assert.equal(excluded.json.eligibility.verdict, 'ineligible');

  // The application in draft.
  const draft = await createApplication(applicant, { level: 'engineer', specialty: 'chemical_process' });
  assert.equal(draft.level_name, '工程师');
  assert.equal(draft.specialty_name, '化工工艺');
  assert.equal(draft.campaign_id, 'jiaxing-2022-engineering');
  assert.equal(draft.reviewer, 'acceptance_point');
  assert.equal(draft.city_level, false);
  assert.equal(draft.region_code, '330402');
  assert.equal(draft.unit.credit_code, UNITS.county);
  assert.equal(draft.applicant.name, '王建国');
  assert.equal(draft.resubmissions, 0);
  assert.equal(draft.snapshot, null);
  assert.deepEqual(draft.history, []);
  assert.equal(draft.pledged, false);
  assert.ok(draft.pledge_text && draft.number, JSON.stringify(draft));
  assert.equal(draft.eligibility.verdict, 'eligible');
  const slot = (code) => draft.slots.find((s) => s.code === code);
  const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
  assert.deepEqual(pick(slot('id_card'), ['code', 'name', 'required', 'max_count', 'max_mb', 'files']),
    { code: 'id_card', name: '身份证', required: true, max_count: 1, max_mb: 5, files: [] });
  assert.equal(slot('achievements').required, false);
  assert.equal(slot('achievements').max_mb, 20);
  assert.equal(slot('labour_contract').required, false, 'social security is paid in the city');
  assert.deepEqual(draft.deadlines && [draft.deadlines.applicant, draft.deadlines.unit, draft.deadlines.county].map((d) => String(d).slice(0, 10)),
    ['2022-08-31', '2022-09-14', '2022-09-30']);
  assert.ok(draft.opinion_template, 'the unit gets an opinion template');
  const mine = await get(applicant, '/applications/mine');
  assert.deepEqual(mine.json.items.map((x) => x.id), [draft.id]);
  assertError(await post(applicant, '/applications', { level: 'engineer', specialty: 'chemical_process' }), 409, 'application_exists');

  // Submitting without the evidence names every missing slot; without the pledge, the pledge.
  const noEvidence = await tryAct(applicant, draft.id, 'submit');
  assertError(noEvidence, 422, 'evidence_missing');
  for (const code of REQUIRED_FOR_ENGINEER) {
    assert.ok(noEvidence.json.error.fields?.some((f) => f.field.includes(code)), `${code} named: ${show(noEvidence)}`);
  }
  assert.ok(!noEvidence.json.error.fields.some((f) => f.field.includes('achievements')));
  await uploadRequired(applicant, draft.id);
  assertError(await tryAct(applicant, draft.id, 'submit'), 422, 'pledge_required');
  await pledge(applicant, draft.id);
  const beforeSubmit = await getApp(applicant, draft.id);
  assert.ok(beforeSubmit.allowed_actions.includes('submit'), JSON.stringify(beforeSubmit.allowed_actions));

  const submitted = await act(applicant, draft.id, 'submit', {}, 'submitted');
  const id = submitted.id;
  assert.equal(submitted.submitted_at.slice(0, 10), '2022-08-20');
  assert.equal(submitted.snapshot.version, 1);
  assert.match(submitted.snapshot.sha256, /^[0-9a-f]{64}$/);
  assert.match(submitted.snapshot.created_at, ISO);
  assert.equal(typeof submitted.snapshot.data, 'object');
  assert.ok(submitted.allowed_actions.includes('withdraw'));
  assert.ok(!submitted.allowed_actions.includes('submit'));
  const snapshot = submitted.snapshot;
  assertHistory(submitted, [['draft', 'submitted', 'submit', 'applicant', applicant, '2022-08-20']]);

  // The unit's queue.
  const queue = await get(unit, '/queue?state=submitted');
  assert.equal(queue.status, 200, show(queue));
  const q = queue.json.items.find((x) => x.id === id);
  assert.ok(q, JSON.stringify(queue.json));
  assert.equal(q.applicant_name, '王建国');
  assert.equal(q.level, 'engineer');
  assert.equal(q.specialty_name, '化工工艺');
  assert.equal(q.state, 'submitted');
  assert.equal(queue.json.counts.submitted, 1);
  const byName = await get(unit, `/queue?q=${encodeURIComponent('王建国')}`);
  assert.deepEqual(byName.json.items.map((x) => x.id), [id]);
  const unitView = await getApp(unit, id);
  for (const a of ['start_publicity', 'return']) assert.ok(unitView.allowed_actions.includes(a), JSON.stringify(unitView.allowed_actions));

  // Publicity from Monday 2022-08-22: five working days end on Friday the 26th.
  await setClock(server, '2022-08-22T09:00:00+08:00');
  const inPublicity = await startPublicity(unit, id, '2022-08-22');
  assert.equal(inPublicity.publicity.end, '2022-08-26');
  assert.equal(inPublicity.publicity.days, 5);
  assert.ok(!(await getApp(applicant, id)).allowed_actions.includes('withdraw'), 'the unit has acted');
  // Before the period ends the unit is told why it cannot recommend yet, not just shown no button.
  const waiting = await getApp(unit, id);
  assert.ok(!waiting.allowed_actions.includes('recommend'), JSON.stringify(waiting.allowed_actions));
  const why = waiting.unavailable_actions.find((x) => x.action === 'recommend');
  assert.equal(why?.code, 'publicity_not_ended', JSON.stringify(waiting.unavailable_actions));
  assert.match(why.message, /公示期/);

  // Later edits of the archive do not touch what was submitted.
  const archive = await getArchive(applicant);
  const edited = await put(applicant, '/archive', { version: archive.version, unit_credit_code: UNITS.county,
    items: makeArchive({ education: { school: '浙江大学', graduated: '2015-06-30' } }) });
  assert.equal(edited.status, 200, show(edited));
  assert.equal(edited.json.status, 'draft', 'an approved archive that is edited goes back to draft');
  assert.deepEqual((await getApp(unit, id)).snapshot, snapshot);

  // Recommendation on the last day of publicity, with the unit's opinion.
  await setClock(server, '2022-08-26T10:00:00+08:00');
  const noOpinion = await tryAct(unit, id, 'recommend', { opinion: '' });
  assert.equal(noOpinion.status, 422, show(noOpinion));
  assert.equal((await getApp(unit, id)).state, 'publicity');
  assert.ok((await getApp(unit, id)).allowed_actions.includes('recommend'));
  const recommended = await act(unit, id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  assert.equal(recommended.publicity.opinion, OPINION);

  // The acceptance point of 南湖 sees it in its queue and recommends it to the committee.
  await setClock(server, '2022-09-20T09:00:00+08:00');
  const apQueue = await get(ap, '/queue?state=unit_recommended');
  assert.equal(apQueue.status, 200, show(apQueue));
  assert.ok(apQueue.json.items.some((x) => x.id === id && x.unit_name === '嘉兴禾丰智能科技有限公司'), JSON.stringify(apQueue.json));
  assert.ok((await getApp(ap, id)).allowed_actions.includes('county_recommend'));
  // Its own opinion (optional) goes with the recommendation, into the history and box 十二 of the review form.
  const apOpinion = '经审核，该同志申报材料齐全，符合条件，同意推荐。';
  const countyDone = await act(ap, id, 'county_recommend', { opinion: apOpinion }, 'county_recommended');
  assert.equal(countyDone.history.at(-1).reason, apOpinion, 'the acceptance point\'s opinion is recorded');

  // The committee office receives it.
  await setClock(server, '2022-10-10T09:00:00+08:00');
  const cq = await get(committee, '/queue?state=county_recommended');
  assert.ok(cq.json.items.some((x) => x.id === id), JSON.stringify(cq.json));
  const received = await act(committee, id, 'receive', {}, 'received');

  assertHistory(received, [
    ['draft', 'submitted', 'submit', 'applicant', applicant, '2022-08-20'],
    ['submitted', 'publicity', 'start_publicity', 'unit', unit, '2022-08-22'],
    ['publicity', 'unit_recommended', 'recommend', 'unit', unit, '2022-08-26'],
    ['unit_recommended', 'county_recommended', 'county_recommend', 'acceptance_point', ap, '2022-09-20'],
    ['county_recommended', 'received', 'receive', 'committee_office', committee, '2022-10-10'],
  ]);
  assert.deepEqual(received.snapshot, snapshot, 'the snapshot never changes after submission');
  assert.equal(received.eligibility.verdict, 'eligible', 'the snapshot\'s decision');
  assert.deepEqual((await getApp(applicant, id)).snapshot, snapshot);
  assert.deepEqual((await getApp(applicant, id)).allowed_actions, []);

  // The applicant was told at each step someone else took.
  const n = await notifications(applicant);
  const mineN = n.items.filter((x) => x.application_id === id);
  for (const day of ['2022-08-22', '2022-08-26', '2022-09-20', '2022-10-10']) {
    assert.ok(mineN.some((x) => x.at.startsWith(day)), `a notification of the step taken on ${day}: ${JSON.stringify(mineN)}`);
  }
  for (const x of mineN) {
    assert.ok(x.text && x.kind, JSON.stringify(x));
    assert.match(x.at, ISO);
    assert.equal(x.read, false);
  }
  assert.equal(n.unread, n.items.filter((x) => !x.read).length);
  const one = await post(applicant, `/notifications/${mineN[0].id}/read`, {});
  assert.ok([200, 204].includes(one.status), show(one));
  assert.equal((await notifications(applicant)).unread, n.unread - 1);
  const all = await post(applicant, '/notifications/read-all', {});
  assert.ok([200, 204].includes(all.status), show(all));
  assert.equal((await notifications(applicant)).unread, 0);
  // Nobody else reads them.
  // Nobody else gets them.
  assert.ok(!(await notifications(await newApplicant(server))).items.some((x) => x.application_id === id));

  // Every transition is in the audit log, by whom.
  const audit = (await auditEntries(server)).filter((e) => e.object_id === String(id));
  for (const [action, who] of [['submit', DEMO_APPLICANT], ['start_publicity', UNITS.county], ['recommend', UNITS.county],
    ['county_recommend', 'ap330402'], ['receive', 'committee']]) {
    const e = audit.filter((x) => actionIs(x, action));
    assert.equal(e.length, 1, `one audit entry for ${action}: ${JSON.stringify(audit.map((x) => x.action))}`);
    assert.equal(e[0].actor_login, who, action);
    assert.match(e[0].object_type, /application/);
    assert.match(e[0].at, ISO);
  }
}));

test('city-level unit: its competent department reviews, returns to the unit, then recommends', () => withServer(async (server) => {
  const unit = await login(server, UNITS.city);
  const jtj = await login(server, 'jtj');
  const ap = await login(server, 'ap330402');
  const committee = await login(server, 'committee');
  const { applicant, app } = await submittedApplication(server, unit, { specialty: 'highway_engineering' });
  assert.equal(app.reviewer, 'competent_department');
  assert.equal(app.city_level, true);
  assert.equal(app.unit.credit_code, UNITS.city);
  assert.equal(app.specialty_name, '公路工程');

  await setClock(server, '2022-08-22T09:00:00+08:00');
  await startPublicity(unit, app.id, '2022-08-22');
  await setClock(server, '2022-08-26T09:00:00+08:00');
  await act(unit, app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');

  // Not the county's business, although the unit sits in 南湖.
  assertError(await get(ap, `/applications/${app.id}`), 404, 'not_found');
  assertError(await tryAct(ap, app.id, 'county_recommend'), 404, 'not_found');
  assert.ok(!(await get(ap, '/queue')).json.items.some((x) => x.id === app.id));

  const q = await get(jtj, '/queue?state=unit_recommended');
  assert.equal(q.status, 200, show(q));
  assert.ok(q.json.items.some((x) => x.id === app.id), JSON.stringify(q.json));

  // A return to the unit needs a reason; the unit recommends again without another publicity.
  await setClock(server, '2022-09-01T09:00:00+08:00');
  const noReason = await tryAct(jtj, app.id, 'county_return', { reason: '' });
  assert.equal(noReason.status, 422, show(noReason));
  assert.equal((await getApp(jtj, app.id)).state, 'unit_recommended');
  const back = await act(jtj, app.id, 'county_return', { reason: '单位推荐意见未写明业绩情况' }, 'county_returned');
  assert.equal(back.history.at(-1).reason, '单位推荐意见未写明业绩情况');
  const unitSees = await getApp(unit, app.id);
  assert.ok(unitSees.allowed_actions.includes('recommend') && unitSees.allowed_actions.includes('return'),
    JSON.stringify(unitSees.allowed_actions));
  await act(unit, app.id, 'recommend', { opinion: `${OPINION}该同志主持完成嘉兴港区航道整治工程。` }, 'unit_recommended');
  await act(jtj, app.id, 'county_recommend', {}, 'county_recommended');
  const done = await act(committee, app.id, 'receive', {}, 'received');
  assertHistory(done, [
    ['draft', 'submitted', 'submit', 'applicant', applicant],
    ['submitted', 'publicity', 'start_publicity', 'unit', unit],
    ['publicity', 'unit_recommended', 'recommend', 'unit', unit],
    ['unit_recommended', 'county_returned', 'county_return', 'competent_department', jtj, '2022-09-01'],
    ['county_returned', 'unit_recommended', 'recommend', 'unit', unit],
    ['unit_recommended', 'county_recommended', 'county_recommend', 'competent_department', jtj],
    ['county_recommended', 'received', 'receive', 'committee_office', committee],
  ]);
  assert.equal(done.snapshot.version, 1);
  const audit = (await auditEntries(server)).filter((e) => e.object_id === String(app.id));
  assert.ok(audit.some((e) => actionIs(e, 'county_return') && e.actor_login === 'jtj'), JSON.stringify(audit));
}));

test('return with a correction list, corrections shown, fix and resubmit; withdrawal only before the unit acts', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { applicant, app } = await submittedApplication(server, unit);
  const first = app.snapshot;

  // A return needs a reason and a correction list; without, nothing changes.
  for (const body of [{ reason: '学历证书不清晰' }, { reason: '学历证书不清晰', items: [] }]) {
    const r = await tryAct(unit, app.id, 'return', body);
    assertError(r, 422, 'correction_list_required', JSON.stringify(body));
  }
  const unchanged = await getApp(unit, app.id);
  assert.equal(unchanged.state, 'submitted');
  assert.equal(unchanged.version, app.version);

  await setClock(server, '2022-08-23T14:30:00+08:00');
  const items = [{ item: 'education_certificate', reason: '学历证书扫描件不清晰，请重新上传' },
    { item: 'title_certificate', reason: '缺少职称证书内页' }];
  const returned = await act(unit, app.id, 'return', { reason: '材料需补正', items }, 'returned');
  assert.deepEqual(returned.history.at(-1) && [returned.history.at(-1).from, returned.history.at(-1).to, returned.history.at(-1).action,
    returned.history.at(-1).role, returned.history.at(-1).reason], ['submitted', 'returned', 'return', 'unit', '材料需补正']);

  // The applicant sees what to correct and is told.
  const seen = await getApp(applicant, app.id);
  assert.equal(seen.state, 'returned');
  assert.equal(seen.corrections.round, 1);
  assert.equal(seen.corrections.reason, '材料需补正');
  assert.deepEqual(seen.corrections.items, items);
  assert.equal(seen.corrections.at.slice(0, 10), '2022-08-23');
  assert.ok(seen.allowed_actions.includes('resubmit'), JSON.stringify(seen.allowed_actions));
  const n = await notifications(applicant);
  assert.ok(n.items.some((x) => x.application_id === app.id && x.at.startsWith('2022-08-23')), JSON.stringify(n));
  assert.equal(seen.snapshot.version, 1);

  // The applicant replaces the education certificate and resubmits.
  const edu = seen.slots.find((s) => s.code === 'education_certificate');
  const gone = await del(applicant, `/applications/${app.id}/evidence/education_certificate/${edu.files[0].id}`);
  assert.equal(gone.status, 204, show(gone));
  const fresh = await uploadPdf(applicant, app.id, 'education_certificate', '学位证书-清晰版.pdf');
  await uploadPdf(applicant, app.id, 'title_certificate', '职称证书内页.pdf');
  await setClock(server, '2022-08-25T09:00:00+08:00');
  const again = await act(applicant, app.id, 'resubmit', {}, 'submitted');
  assert.equal(again.resubmissions, 1);
  assert.equal(again.snapshot.version, 2);
  assert.notDeepEqual(again.snapshot.data, first.data, 'the new snapshot has the new file');
  assert.deepEqual(again.slots.find((s) => s.code === 'education_certificate').files.map((f) => f.id), [fresh.id]);
  assert.equal(again.history.at(-1).action, 'resubmit');
  assert.equal(again.history.at(-1).role, 'applicant');
  // Once publicity has started there is nothing to withdraw.
  await startPublicity(unit, app.id, '2022-08-25');
  assertError(await tryAct(applicant, app.id, 'withdraw'), 409, 'transition_not_allowed');
  assert.equal((await getApp(applicant, app.id)).state, 'publicity');

  // A return from publicity: publicity must start again after the resubmission.
  await act(unit, app.id, 'return', { reason: '公示期间发现业绩材料缺页', items: [{ item: 'achievements', reason: '补充业绩材料' }] }, 'returned');
  assert.equal((await getApp(applicant, app.id)).corrections.round, 2);
  await uploadPdf(applicant, app.id, 'achievements', '业绩材料.pdf');
  const third = await act(applicant, app.id, 'resubmit', {}, 'submitted');
  assert.equal(third.resubmissions, 2);
  assert.equal(third.snapshot.version, 3);
  // (A publicity cut short by a return covers nothing: the refusal says to publicise first.)
  assertError(await tryAct(unit, app.id, 'recommend', { opinion: OPINION }), 422, 'publicity_required');

  // Withdrawal before the unit acts: back to draft, and it can be submitted again.
  const other = await submittedApplication(server, unit);
  const withdrawn = await act(other.applicant, other.app.id, 'withdraw', {}, 'draft');
  assert.equal(withdrawn.history.at(-1).action, 'withdraw');
  assert.ok(withdrawn.allowed_actions.includes('submit'));
  assert.ok(!(await get(unit, '/queue?state=submitted')).json.items.some((x) => x.id === other.app.id));
  await act(other.applicant, other.app.id, 'submit', {}, 'submitted');
  await startPublicity(unit, other.app.id, '2022-08-25');
  const late = await tryAct(other.applicant, other.app.id, 'withdraw');
  assertError(late, 409, 'transition_not_allowed');
  assert.equal((await getApp(other.applicant, other.app.id)).state, 'publicity');
}));

test('scope: other units, applicants and regions neither see nor act on an application or its files', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const institution = await login(server, UNITS.institution);
  const cityUnit = await login(server, UNITS.city);
  const { applicant, app } = await submittedApplication(server, unit);
  const own = await submittedApplication(server, institution, { specialty: 'hydraulic_engineering' });
  const fileId = app.slots.find((s) => s.code === 'id_card').files[0].id;

  for (const other of [institution, cityUnit]) {
    assertError(await get(other, `/applications/${app.id}`), 404, 'not_found');
    assertError(await tryAct(other, app.id, 'start_publicity', { start_date: '2022-08-22' }), 404, 'not_found');
    assertError(await tryAct(other, app.id, 'return', { reason: 'x', items: [{ item: 'id_card', reason: 'x' }] }), 404, 'not_found');
    const f = await get(other, `/files/${fileId}`);
    assert.ok([403, 404].includes(f.status), `another unit downloads: ${show(f)}`);
    assert.ok(!(await get(other, '/queue')).json.items.some((x) => x.id === app.id));
    const arch = await get(other, `/unit/archives/${applicant.user.id}`);
    assert.ok([403, 404].includes(arch.status), `another unit reads the archive: ${show(arch)}`);
  }
  assert.deepEqual((await get(institution, '/queue')).json.items.map((x) => x.id), [own.app.id]);
  assert.deepEqual((await get(unit, '/queue')).json.items.map((x) => x.id), [app.id]);

  const stranger = await newApplicant(server);
  assertError(await get(stranger, `/applications/${app.id}`), 404, 'not_found');
  assertError(await tryAct(stranger, app.id, 'withdraw'), 404, 'not_found');
  assert.ok([403, 404].includes((await get(stranger, `/files/${fileId}`)).status));
  assert.deepEqual((await get(stranger, '/applications/mine')).json.items, []);
  const sq = await get(stranger, '/queue');
  assert.equal(sq.status, 403, `an applicant has no queue: ${show(sq)}`);

  // Up to the county stage, then the right and the wrong acceptance points.
  await setClock(server, '2022-08-22T09:00:00+08:00');
  await startPublicity(unit, app.id, '2022-08-22');
  await setClock(server, '2022-08-26T09:00:00+08:00');
  await act(unit, app.id, 'recommend', { opinion: OPINION }, 'unit_recommended');
  const haining = await login(server, 'ap330481');
  assertError(await get(haining, `/applications/${app.id}`), 404, 'not_found');
  assertError(await tryAct(haining, app.id, 'county_recommend'), 404, 'not_found');
  assert.ok([403, 404].includes((await get(haining, `/files/${fileId}`)).status));
  assert.ok(!(await get(haining, '/queue')).json.items.some((x) => x.id === app.id));
  const jtj = await login(server, 'jtj');
  assertError(await get(jtj, `/applications/${app.id}`), 404, 'not_found');
  const nanhu = await login(server, 'ap330402');
  assert.ok((await get(nanhu, '/queue?state=unit_recommended')).json.items.some((x) => x.id === app.id));
  assert.equal((await get(nanhu, `/files/${fileId}`)).status, 200, 'the reviewer may read the evidence');
  // An applicant cannot take a unit's or reviewer's action on their own application.
  // (The contract lists transition_not_allowed for actions; a role that never takes the action may also be
  // told 403 forbidden by the route's role check.)
  const wrongRole = await tryAct(applicant, app.id, 'county_recommend');
  assert.ok([[403, 'forbidden'], [409, 'transition_not_allowed']].some(([st, code]) => wrongRole.status === st && wrongRole.json?.error?.code === code), show(wrongRole));
  assert.equal((await getApp(applicant, app.id)).state, 'unit_recommended');
}));

test('downloads: the bytes as an attachment with nosniff, for the owner and those who may see the application', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);

  // A file attached to an archive item.
  const diploma = await applicant.request('POST', '/api/v1/archive/files?name=' + encodeURIComponent('学位证书.pdf'), {
    body: tinyPdf, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(diploma.status, 201, show(diploma));
  assert.deepEqual(Object.keys(diploma.json).sort(), ['content_type', 'id', 'name', 'sha256', 'size', 'uploaded_at']);
  assert.equal(diploma.json.name, '学位证书.pdf');
  assert.equal(diploma.json.size, tinyPdf.length);
  assert.equal(diploma.json.content_type, 'application/pdf');
  assert.equal(diploma.json.sha256, createHash('sha256').update(tinyPdf).digest('hex'));
  const items = makeArchive();
  items[0].file_ids = [diploma.json.id];
  const saved = await saveArchive(applicant, UNITS.county, items);
  assert.deepEqual(saved.items[0].files.map((f) => f.id), [diploma.json.id]);
  await submitArchive(applicant);
  const unitArchive = await get(unit, `/unit/archives/${applicant.user.id}`);
  assert.equal(unitArchive.json.items[0].files[0].id, diploma.json.id);
  const byUnit = await get(unit, `/files/${diploma.json.id}`);
  assert.equal(byUnit.status, 200, show(byUnit));
  assert.deepEqual(byUnit.bytes, tinyPdf);
  await approveArchive(unit, applicant.user.id);

  // Evidence of the three kinds, each served back byte for byte.
  const app = await createApplication(applicant);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  const files = [
    [await uploadPdf(applicant, app.id, 'id_card', '身份证.pdf'), tinyPdf, 'application/pdf'],
    [await uploadPdf(applicant, app.id, 'achievements', 'site-photo.jpg', jpeg), jpeg, 'image/jpeg'],
    [await uploadPdf(applicant, app.id, 'achievements', 'drawing.png', png), png, 'image/png'],
  ];
  for (const [file, bytes, type] of files) {
    assert.equal(file.content_type, type, file.name);
    assert.equal(file.size, bytes.length);
    assert.match(file.uploaded_at, ISO);
    const r = await get(applicant, `/files/${file.id}`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.bytes, bytes, file.name);
    assert.match(r.headers.get('content-disposition') || '', /^attachment/i, file.name);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('content-type').split(';')[0], type);
  }
  await uploadRequired(applicant, app.id);
  await pledge(applicant, app.id);
  await act(applicant, app.id, 'submit', {}, 'submitted');
  const unitGets = await get(unit, `/files/${files[1][0].id}`);
  assert.equal(unitGets.status, 200);
  assert.deepEqual(unitGets.bytes, jpeg);
  assert.match(unitGets.headers.get('content-disposition') || '', /^attachment/i);
  assert.equal(unitGets.headers.get('x-content-type-options'), 'nosniff');
  const missing = await get(applicant, '/files/99999999');
  assert.equal(missing.status, 404, show(missing));
  assert.equal((await new Client(server.baseUrl).get(`/api/v1/files/${files[0][0].id}`)).status, 401, 'not without signing in');
}));

test('check-invariants passes on a live database and names an application edited behind the server\'s back', async () => {
  const server = await startClockServer();
  try {
    const unit = await login(server, UNITS.county);
    const { applicant, app } = await submittedApplication(server, unit);
    const draftApp = await createApplication(await (async () => {
      const a = await newApplicant(server);
      await approvedArchive(a, unit);
      return a;
    })());
    assert.ok(applicant);
    const ok = checkInvariants(server);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);

    // A draft that claims to have been received: no history leads there.
    sqlite(server, `UPDATE applications SET state = 'received' WHERE id = ${draftApp.id}`);
    const bad = checkInvariants(server);
    assert.equal(bad.status, 2, bad.stdout + bad.stderr);
    assert.match(bad.stdout + bad.stderr, new RegExp(`\\b${draftApp.id}\\b`), 'names the application');
    assert.match(bad.stdout + bad.stderr, /state|history/i, 'names the problem');
    sqlite(server, `UPDATE applications SET state = 'draft' WHERE id = ${draftApp.id}`);
    assert.equal(checkInvariants(server).status, 0, 'restored');

    // The submitted snapshot edited: its hash no longer matches.
    const changed = sqlite(server, `UPDATE application_snapshots SET data = replace(data, 'chemical_process', 'fine_chemicals') WHERE application_id = ${app.id} RETURNING version`);
    assert.equal(changed.trim().split('\n').length, 1, `the snapshot row names the specialty: ${changed}`);
    const tampered = checkInvariants(server);
    assert.equal(tampered.status, 2, tampered.stdout + tampered.stderr);
    assert.match(tampered.stdout + tampered.stderr, /snapshot/i);
    assert.match(tampered.stdout + tampered.stderr, new RegExp(`\\b${app.id}\\b`));
  } finally {
    await server.stop();
  }
});

test('the unit returns an archive item by item; the applicant fixes it; queues filter and page', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await saveArchive(applicant, UNITS.county);
  await submitArchive(applicant);
  const seen = (await get(unit, `/unit/archives/${applicant.user.id}`)).json;
  const title = seen.items.find((i) => i.kind === 'title');
  const noReason = await post(unit, `/unit/archives/${applicant.user.id}/return`, { version: seen.version, reason: '', items: [] });
  assert.equal(noReason.status, 422, show(noReason));
  const ret = await post(unit, `/unit/archives/${applicant.user.id}/return`, { version: seen.version, reason: '职称信息与证书不符',
    items: [{ item_id: title.id, reason: '取得时间应为证书落款日期' }] });
  assert.equal(ret.status, 200, show(ret));
  const back = await getArchive(applicant);
  assert.equal(back.status, 'returned');
  assert.equal(back.return_reason, '职称信息与证书不符');
  assert.equal(back.items.find((i) => i.id === title.id).return_reason, '取得时间应为证书落款日期');
  assert.equal(back.items.find((i) => i.kind === 'education').return_reason, '');
  // An application cannot be submitted on a returned archive.
  const app = await createApplication(applicant);
  await uploadRequired(applicant, app.id);
  await pledge(applicant, app.id);
  assertError(await tryAct(applicant, app.id, 'submit'), 422, 'archive_not_approved');
  // Fixed, keeping the item ids, and approved.
  const items = back.items.map((i) => ({ id: i.id, kind: i.kind, data: i.kind === 'title' ? { ...i.data, obtained: '2017-06-28' } : i.data, file_ids: [] }));
  const fixed = await put(applicant, '/archive', { version: back.version, unit_credit_code: UNITS.county, items });
  assert.equal(fixed.status, 200, show(fixed));
  assert.deepEqual(fixed.json.items.map((i) => i.id), back.items.map((i) => i.id), 'items keep their ids');
  await submitArchive(applicant);
  await approveArchive(unit, applicant.user.id);
  const submitted = await act(applicant, app.id, 'submit', {}, 'submitted');

  // A second application of another level and specialty, then the filters.
  const other = await submittedApplication(server, unit, { specialty: 'fine_chemicals' });
  const all = await get(unit, '/queue');
  assert.equal(all.json.total, 2);
  assert.equal(all.json.counts.submitted, 2);
  const bySpecialty = await get(unit, '/queue?specialty=fine_chemicals');
  assert.deepEqual(bySpecialty.json.items.map((x) => x.id), [other.app.id]);
  assert.equal((await get(unit, '/queue?level=assistant_engineer')).json.total, 0);
  const byNumber = await get(unit, `/queue?q=${encodeURIComponent(submitted.number)}`);
  assert.deepEqual(byNumber.json.items.map((x) => x.id), [submitted.id]);
  // Paged by cursor, newest first: page 1 holds the later application, page 2 (after its cursor) the other.
  const first = await get(unit, '/queue?page_size=1');
  assert.equal(first.status, 200, show(first));
  assert.equal(first.json.total, 2);
  assert.deepEqual(first.json.items.map((x) => x.id), [other.app.id]);
  assert.equal(typeof first.json.next_cursor, 'string', show(first));
  const second = await get(unit, `/queue?page_size=1&after=${encodeURIComponent(first.json.next_cursor)}`);
  assert.equal(second.status, 200, show(second));
  assert.equal(second.json.total, 2);
  assert.deepEqual(second.json.items.map((x) => x.id), [submitted.id], 'the second page holds the other application');
  assert.equal(second.json.next_cursor, null, 'the last page');
  assertError(await get(unit, '/queue?page_size=1&page=2'), 422, 'validation_failed', 'page numbers are refused');
  assert.equal((await get(unit, '/queue?state=publicity')).json.total, 0);
}));

test('a file name cannot inject headers into the download', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const app = await createApplication(applicant);
  const evil = '证书"; filename=x.html\r\nSet-Cookie: zc_session=stolen\r\n.pdf';
  const r = await upload(applicant, app.id, 'id_card', tinyPdf, evil);
  if (r.status !== 201) {
    assert.equal(r.status, 422, `refused as a bad name, or stored: ${show(r)}`);
    return;
  }
  const d = await get(applicant, `/files/${r.json.id}`);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('set-cookie'), null, 'no header smuggled in');
  const cd = d.headers.get('content-disposition');
  assert.match(cd, /^attachment/i);
  assert.doesNotMatch(cd, /[\r\n]/);
  // One quoted file name (the quote and line breaks neutralised), optionally its RFC 5987 form.
  assert.match(cd, /^attachment; filename="[^"\r\n]*"(; filename\*=UTF-8''[^\s;"]+)?$/, cd);
  assert.deepEqual(d.bytes, tinyPdf);
}));
