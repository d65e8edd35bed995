// The committee office's pre-review publicity (评前公示, docs/review.md "Pre-review publicity"): a campaign
// option that Jiaxing's 2022 notice does not use, served here from the example campaign
// data/examples/pre-review. Accepted candidates are published with name, unit, level and specialty; the
// public objects with a contact; the office dismisses (the candidate goes on), upholds (back for correction
// with the finding) or finds the person not eligible (not accepted, final); nobody joins a specialty group
// before the period ends with no open objection. Also: the lifecycle tables at GET /api/v1/lifecycles and
// docs/lifecycles.md generated from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { bin, repoRoot } from '../lib/server.mjs';
import { withServer, setClock, get, post, getApp, act, login, notifications, show } from '../lib/workflow.mjs';
import {
  COMMITTEE, COMMITTEE_NAME, ID_NUMBER, MOBILE, at, acceptedApplications, assertRefusal, ok, itemsOf, publicClient,
  checkIn,
} from '../lib/review.mjs';

const EXAMPLE = join(repoRoot, 'data', 'examples', 'pre-review');
const publicList = async (server) => itemsOf(ok(await publicClient(server).get('/api/v1/public/pre-review'), 'GET /public/pre-review'));
const object = (server, id, body) => publicClient(server).post(`/api/v1/public/pre-review/${id}/objections`, body);
const group = (office, ids) => post(office, '/review-groups', { name: '环境保护专业评议组', family: 'environmental', application_ids: ids });
const texts = (list) => list.map((n) => n.text ?? n.message ?? JSON.stringify(n)).join('\n');

test('the example campaign differs from the 2022 notice only in the pre-review line', () => {
  const notice = readFileSync(join(repoRoot, 'data', 'campaigns', 'jiaxing-2022-engineering.toml'), 'utf8');
  const example = readFileSync(join(EXAMPLE, 'jiaxing-2022-engineering.toml'), 'utf8');
  const strip = (s) => s.split('\n').filter((l) => !l.startsWith('# EXAMPLE') && !/^# (many|\(tests|`zhicheng)/.test(l) && !l.startsWith('pre_review_working_days')).join('\n');
  assert.equal(strip(example), strip(notice), 'keep data/examples/pre-review in step with data/campaigns');
  assert.match(example, /^pre_review_working_days = 5/m);
});

test('docs/lifecycles.md is what `zhicheng lifecycles` prints', () => {
  const r = spawnSync(bin, ['lifecycles', '--markdown'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const doc = readFileSync(join(repoRoot, 'docs', 'lifecycles.md'), 'utf8');
  assert.equal(doc, r.stdout, 'regenerate: zhicheng lifecycles --markdown > docs/lifecycles.md');
});

test('Jiaxing 2022 has no pre-review publicity: nothing public, publishing is refused, groups form as before', () => withServer(async (server) => {
  const office = await login(server, 'committee');
  const campaign = ok(await publicClient(server).get('/api/v1/campaigns/current'), 'campaign');
  assert.equal(campaign.publicity.pre_review_working_days, 0);
  assert.deepEqual(await publicList(server), []);
  assertRefusal(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-09-26' }), 409, 'pre_review_not_configured');
  const [a] = await acceptedApplications(server, [{ specialty: 'environmental_engineering' }], { day: '2022-09-26' });
  ok(await group(office, [a.app.id]), 'a group straight after acceptance', 201);
}));

test('the generated lifecycle tables in docs/workflow.md and docs/review.md are current', () => {
  let blocks = 0;
  for (const file of ['workflow.md', 'review.md']) {
    const doc = readFileSync(join(repoRoot, 'docs', file), 'utf8');
    for (const m of doc.matchAll(/<!-- BEGIN GENERATED: zhicheng (lifecycles [^>]*?) -->\n([\s\S]*?)<!-- END GENERATED -->/g)) {
      const r = spawnSync(bin, m[1].split(/\s+/), { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(m[2], r.stdout, `docs/${file}: regenerate the block "zhicheng ${m[1]}"`);
      blocks += 1;
    }
  }
  assert.ok(blocks >= 2, `found ${blocks} generated blocks`);
});

test('GET /lifecycles: every table with labels, colours, attributes and roles', () => withServer(async (server) => {
  const all = itemsOf(ok(await publicClient(server).get('/api/v1/lifecycles'), 'GET /lifecycles'));
  const byName = Object.fromEntries(all.map((l) => [l.name, l]));
  for (const n of ['application', 'archive', 'unit_objection', 'job', 'invitation', 'review_group', 'meeting',
    'result_publicity', 'result_objection', 'certificate', 'case', 'pre_review_publicity', 'pre_review_candidate',
    'pre_review_objection'])
    assert.ok(byName[n], `lifecycle ${n}: ${all.map((l) => l.name)}`);
  // Every table: labels in both languages, a colour key, every step between its own states, and no state
  // that is not final without a way on.
  for (const l of all) {
    const codes = new Set(l.states.map((s) => s.code));
    for (const s of l.states) {
      assert.match(s.name_zh, /[\u4e00-\u9fff]/, `${l.name}.${s.code}`);
      assert.ok(s.name_en, `${l.name}.${s.code}`);
      assert.ok(['info', 'warning', 'success', 'danger', 'primary'].includes(s.color), `${l.name}.${s.code}: ${s.color}`);
      if (!s.final)
        assert.ok(l.transitions.some((t) => t.from === s.code && t.to !== s.code), `${l.name}.${s.code} has a way on`);
    }
    for (const t of l.transitions) {
      assert.ok(t.from === null || codes.has(t.from), `${l.name}: ${t.from} → ${t.action}`);
      assert.ok(codes.has(t.to), `${l.name}: ${t.action} → ${t.to}`);
      assert.ok(Array.isArray(t.notify) && Array.isArray(t.effects), `${l.name}.${t.action}`);
    }
  }
  // The meeting's states as the committee office and the experts see them.
  assert.deepEqual(byName.meeting.states.map((s) => [s.code, s.name_zh]), [['planned', '筹备中'], ['voting', '投票中'], ['tallying', '待解密计票'], ['closed', '已结束']]);
  assert.deepEqual(byName.certificate.transitions.find((t) => t.action === 'revoke').roles, ['city_admin']);
  const app = byName.application;
  const state = Object.fromEntries(app.states.map((s) => [s.code, s]));
  assert.equal(state.draft.name_zh, '草稿');
  assert.ok(state.unit_recommended.flags.includes('holds_quota'));
  assert.ok(!state.publicity.flags.includes('holds_quota'));
  assert.ok(state.accepted.visible_to.includes('committee_office'));
  assert.ok(!state.submitted.visible_to.includes('committee_office'));
  assert.equal(state.not_accepted.final, true);
  for (const s of app.states) {
    assert.match(s.name_zh, /[\u4e00-\u9fff]/, s.code);
    assert.ok(['info', 'warning', 'success', 'danger', 'primary'].includes(s.color), `${s.code}: ${s.color}`);
    // No dead end: a state that is not final has a way out.
    if (!s.final) assert.ok(app.transitions.some((t) => t.from === s.code), `${s.code} has a transition out`);
  }
  const submit = app.transitions.find((t) => t.from === 'draft' && t.action === 'submit');
  assert.deepEqual(submit.roles, ['applicant']);
  // Whom a step tells and what it does are declared with it.
  assert.deepEqual(submit.notify, ['applicant', 'unit']);
  assert.deepEqual(submit.effects, ['freeze_snapshot']);
  const recommend = app.transitions.find((t) => t.from === 'publicity' && t.action === 'recommend');
  assert.deepEqual(recommend.notify, ['applicant', 'reviewers']);
  assert.deepEqual(recommend.effects, ['record_opinion']);
  // The work queue's tabs (the web app's 申报审核 page takes them from here): every tab is a state of the
  // table that the role can see; the unit starts with what waits for it.
  assert.equal(app.queue_tabs.unit[0], 'submitted');
  assert.equal(app.queue_tabs.committee_office[0], 'county_recommended');
  for (const [role, tabs] of Object.entries(app.queue_tabs)) {
    for (const code of tabs) {
      assert.ok(state[code], `${role} tab ${code} is a state`);
      assert.ok(state[code].visible_to.includes(role), `${role} sees its tab ${code}`);
    }
  }
}));

test('pre-review publicity: publish, public list without identity numbers, objections decided three ways, groups wait for the end', () => withServer(async (server) => {
  const office = await login(server, 'committee');
  const campaign = ok(await publicClient(server).get('/api/v1/campaigns/current'), 'campaign');
  assert.equal(campaign.publicity.pre_review_working_days, 5);
  const [a, b, c] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '龚文博' },
    { unit: 'institution', specialty: 'environmental_monitoring', name: '万佳怡' },
    { unit: 'county', specialty: 'environmental_engineering', name: '史晨阳' },
  ], { day: '2022-09-26' });
  const [A, B, C] = [a.app.id, b.app.id, c.app.id];

  // Accepted is not enough: the group waits for the publicity.
  assertRefusal(await group(office, [A]), 422, 'pre_review_pending', 'a group before the publicity');

  // Refusals name every problem of the form at once.
  const bad = await post(office, '/pre-review-publicity', { committee_code: 'nope', start_date: 'tomorrow' });
  assert.equal(bad.status, 422, show(bad));
  assert.deepEqual(bad.json.error.fields.map((f) => f.field).sort(), ['committee_code', 'start_date']);
  assertRefusal(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-10-03' }), 422, 'not_working_day', 'a holiday');
  assertRefusal(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-09-23' }), 422, 'date_in_past', 'the past');
  const applicant = a.applicant;
  assert.equal((await post(applicant, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-09-26' })).status, 403);

  // Five working days from Monday 2022-09-26: 09-26 … 09-30.
  const p = ok(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-09-26' }), 'publish', 201);
  assert.equal(p.start_date, '2022-09-26');
  assert.equal(p.end_date, '2022-09-30');
  assert.equal(p.committee_name, COMMITTEE_NAME);
  assert.equal(p.status, 'open');
  assert.deepEqual(p.candidates.map((x) => x.application_id).sort((x, y) => x - y), [A, B, C].sort((x, y) => x - y));
  assert.ok(p.candidates.every((x) => x.status === 'listed'));
  assertRefusal(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-09-27' }), 422, 'pre_review_no_candidates', 'nobody new to publish');

  // The applicant hears of it, with the dates.
  assert.match(texts(itemsOf(await notifications(applicant))), /评前公示[\s\S]*2022-09-26 至 2022-09-30/);

  // The public page: names, units, levels, specialties; no identity number, no mobile, no state.
  const list = await publicList(server);
  assert.equal(list.length, 1);
  assert.equal(list[0].id, p.id);
  assert.equal(list[0].entries.length, 3);
  const raw = JSON.stringify(list);
  assert.doesNotMatch(raw, ID_NUMBER);
  assert.doesNotMatch(raw, MOBILE);
  assert.ok(list[0].entries.every((e) => e.name && e.unit_name && e.level_name && e.specialty_name && !('state' in e)));
  assert.ok(list[0].entries.some((e) => e.name === '万佳怡'));

  // Objections: a contact is required and checked; every problem at once; unknown candidates refused.
  const none = await object(server, p.id, {});
  assert.equal(none.status, 422, show(none));
  assert.deepEqual(none.json.error.fields.map((f) => f.field).sort(), ['contact', 'content', 'entry_id', 'name']);
  assertRefusal(await object(server, p.id, { entry_id: B, name: '李明', contact: 'call me', content: '业绩不实' }), 422, 'invalid_contact');
  assertRefusal(await object(server, p.id, { entry_id: 999999, name: '李明', contact: '13900001111', content: '业绩不实' }), 422, 'not_found');
  const oa = ok(await object(server, p.id, { entry_id: A, name: '王五', contact: '0573-82000000', content: '论文署名存疑' }), 'objection to A', 201);
  const ob = ok(await object(server, p.id, { entry_id: B, name: '李明', contact: '13900001111', content: '业绩证明材料与实际不符' }), 'objection to B', 201);
  const oc = ok(await object(server, p.id, { entry_id: C, name: '赵六', contact: 'zl@example.com', content: '学历不符合申报条件' }), 'objection to C', 201);

  // The office sees the objector; the applicant never does.
  const seen = ok(await get(office, `/pre-review-publicity/${p.id}`), 'office view');
  assert.equal(seen.objections.length, 3);
  assert.ok(seen.objections.some((o) => o.name === '李明' && o.contact === '13900001111'));
  // Who decides, from the objection table: the office, three ways; the city admin reads only.
  assert.deepEqual(seen.objections.map((o) => o.allowed_actions), [0, 1, 2].map(() => ['dismiss', 'uphold', 'not_eligible']));
  const admin = await login(server, 'admin');
  assert.deepEqual(ok(await get(admin, `/pre-review-publicity/${p.id}`), 'admin view').objections.map((o) => o.allowed_actions), [[], [], []]);
  const bView = JSON.stringify(await getApp(b.applicant, B)) + JSON.stringify(await notifications(b.applicant));
  assert.doesNotMatch(bView, /李明|13900001111/);

  // Deciding: an outcome and a finding are required.
  const empty = await post(office, `/pre-review-objections/${ob.id}/resolve`, {});
  assert.equal(empty.status, 422, show(empty));
  assert.deepEqual(empty.json.error.fields.map((f) => f.field).sort(), ['outcome', 'resolution']);
  assertRefusal(await post(office, `/pre-review-objections/${ob.id}/resolve`, { outcome: 'maybe', resolution: 'x' }), 422, 'unknown_code');

  // Upheld: B goes back for correction with the finding as the item, and is told.
  ok(await post(office, `/pre-review-objections/${ob.id}/resolve`, { outcome: 'upheld', resolution: '经核查，业绩证明中的项目验收日期有误，请更正' }), 'uphold B');
  const bApp = await getApp(b.applicant, B);
  assert.equal(bApp.state, 'office_returned');
  assert.match(JSON.stringify(bApp.corrections ?? bApp), /项目验收日期有误/);
  assert.ok((bApp.allowed_actions ?? []).includes('correct'), JSON.stringify(bApp.allowed_actions));
  assert.match(texts(itemsOf(await notifications(b.applicant))), /评前公示异议成立/);
  assertRefusal(await post(office, `/pre-review-objections/${ob.id}/resolve`, { outcome: 'dismissed', resolution: '重复' }), 409, 'objection_not_open');

  // Not eligible: C ends as not accepted, with the reason; nothing is left to do.
  ok(await post(office, `/pre-review-objections/${oc.id}/resolve`, { outcome: 'not_eligible', resolution: '经核查，学历证书为非国民教育系列，不符合申报条件' }), 'C not eligible');
  const cApp = await getApp(c.applicant, C);
  assert.equal(cApp.state, 'not_accepted');
  assert.deepEqual(cApp.allowed_actions ?? [], []);
  assert.match(texts(itemsOf(await notifications(c.applicant))), /不符合申报条件/);

  // The public list now holds A only; A's objection is still open.
  assert.deepEqual((await publicList(server))[0].entries.map((e) => e.entry_id), [A]);

  // After the period (10-01 … 10-07 are 国庆 holidays): A's objection is still open, so no group yet.
  await setClock(server, at('2022-10-08'));
  assert.deepEqual(await publicList(server), []);
  assertRefusal(await object(server, p.id, { entry_id: A, name: '王五', contact: '13900002222', content: '补充' }), 409, 'publicity_not_open');
  const ended = ok(await get(office, `/pre-review-publicity/${p.id}`), 'ended');
  assert.equal(ended.status, 'ended');
  assert.equal(ended.candidates.find((x) => x.application_id === A).status, 'objection_open');
  assertRefusal(await group(office, [A]), 422, 'pre_review_pending', 'an open objection');
  ok(await post(office, `/pre-review-objections/${oa.id}/resolve`, { outcome: 'dismissed', resolution: '经核查，论文署名属实' }), 'dismiss A');
  assert.equal((await getApp(a.applicant, A)).state, 'accepted');
  const cleared = ok(await get(office, `/pre-review-publicity/${p.id}`), 'cleared');
  assert.equal(cleared.candidates.find((x) => x.application_id === A).status, 'cleared');
  ok(await group(office, [A]), 'A joins a group', 201);

  // B corrects, is received, checked in and accepted again: it needs a new publicity of its own.
  const corrected = await act(b.applicant, B, 'correct', {}, 'received');
  await checkIn(office, corrected);
  await act(office, B, 'accept', {}, 'accepted');
  assertRefusal(await group(office, [B]), 422, 'pre_review_pending', 'B after correction');
  const p2 = ok(await post(office, '/pre-review-publicity', { committee_code: COMMITTEE, start_date: '2022-10-08' }), 'publish again', 201);
  assert.deepEqual(p2.candidates.map((x) => x.application_id), [B]);
  assert.equal(p2.end_date, '2022-10-12');
  await setClock(server, at('2022-10-13'));
  ok(await group(office, [B]), 'B joins a group after its own publicity', 201);
  const all = itemsOf(ok(await get(office, '/pre-review-publicity'), 'list'));
  assert.deepEqual(all.map((x) => x.id), [p2.id, p.id]);
}, { campaigns: EXAMPLE }));
