// The committee office's intake (docs/review.md "The application's states after the committee office receives
// it", "Paper forms"): paper check-in and its refusals, which record nothing; acceptance only after check-in;
// a return for correction with a correction list; the applicant's correction (a new snapshot, the paper check-in
// cleared, no deadline); and the transitions that only the review routes may apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNITS, withServer, get, put, show, assertError, getApp, tryAct, act, login, submittedApplication,
} from '../lib/workflow.mjs';
import { acceptedApplications, reviewContext, checkIn, assertRefusal, contractChecks, ISO } from '../lib/review.mjs';

const paper = (c, id, body) => put(c, `/applications/${id}/paper`, body);
const GOOD = (app) => ({ copies: 2, watermark: true, form_number: app.form_number });

// What a refusal must leave as it was.
const unchanged = (app) => ({ state: app.state, version: app.version, paper: app.paper, form_number: app.form_number });

test('intake: paper check-in refusals record nothing; accept needs the paper; office return, correction, check-in, accept', () => withServer(async (server) => {
  const [p, q] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'chemical_process', name: '蒋明哲', until: 'received' },
    { unit: 'county', specialty: 'fine_chemicals', name: '韩思琪', until: 'received' },
  ], { day: '2022-10-10' });
  const { office, admin } = await reviewContext(server);
  const cc = contractChecks();

  // The committee office saw them from county_recommended on, and now they are received.
  let app = await getApp(office, p.app.id);
  assert.equal(app.state, 'received');
  assert.equal(app.snapshot.version, 1);
  assert.equal(app.form_number, `${app.number}-v1`, 'the form number is {application number}-v{snapshot version}');
  assert.equal(app.paper, null, 'nothing checked in yet');
  const other = await getApp(office, q.app.id);
  assert.equal(other.form_number, `${other.number}-v1`);
  assert.notEqual(other.form_number, app.form_number);
  assert.equal((await getApp(p.applicant, p.app.id)).form_number, app.form_number, 'the applicant sees the number to print');

  // Acceptance before the paper forms are checked in is refused, with a message in Chinese.
  const early = await tryAct(office, app.id, 'accept');
  assertRefusal(early, [409, 422], undefined, 'accept before check-in');
  assert.deepEqual(unchanged(await getApp(office, app.id)), unchanged(app));

  // Paper refusals: each named, nothing recorded.
  const refusals = [
    [{ ...GOOD(app), copies: 1 }, 'paper_copies'],
    [{ ...GOOD(app), copies: 3 }, 'paper_copies'],
    [{ ...GOOD(app), watermark: false }, 'paper_watermark_missing'],
    [{ ...GOOD(app), form_number: `${app.number}-v2` }, 'paper_form_mismatch'],
    [{ ...GOOD(app), form_number: other.form_number }, 'paper_form_mismatch'],
  ];
  for (const [body, code] of refusals) {
    const r = await paper(office, app.id, body);
    assertRefusal(r, 422, code, `check-in ${JSON.stringify(body)}`);
    assert.deepEqual(unchanged(await getApp(office, app.id)), unchanged(app), `${code}: nothing recorded`);
  }

  // Nobody but the committee office checks in paper.
  for (const who of [p.applicant, p.unit, admin]) {
    const r = await paper(who, app.id, GOOD(app));
    assert.ok([403, 404].includes(r.status), `${who.user.login} checks in paper: ${show(r)}`);
  }
  assert.equal((await getApp(office, app.id)).paper, null);

  // The right forms: recorded with who and when.
  app = await checkIn(office, app);
  assert.equal(app.paper.copies, 2);
  assert.equal(app.paper.watermark, true);
  assert.equal(app.paper.form_number, `${app.number}-v1`);
  assert.match(app.paper.checked_at, ISO);
  assert.equal(app.paper.checked_at.slice(0, 10), '2022-10-10');
  assert.ok(app.paper.checked_by, JSON.stringify(app.paper));

  // Return for correction: a reason and a complete list are needed.
  assertError(await tryAct(office, app.id, 'office_return', { reason: '评审表缺少单位盖章', items: [] }), 422, 'correction_list_required');
  assert.equal((await getApp(office, app.id)).state, 'received');
  const returned = await act(office, app.id, 'office_return', {
    reason: '纸质评审表与网上材料不一致',
    items: [{ item: 'achievements', reason: '补充业绩证明材料' }],
  }, 'office_returned');
  // The correction list is shown to the applicant as for a unit's return (docs/workflow.md `corrections`).
  cc.equal(returned.corrections?.reason, '纸质评审表与网上材料不一致', `office_return: corrections.reason (corrections = ${JSON.stringify(returned.corrections)})`);
  cc.equal(returned.corrections?.items?.map((i) => i.item), ['achievements'], 'office_return: corrections.items');
  const seen = await getApp(p.applicant, app.id);
  assert.equal(seen.state, 'office_returned');
  assert.ok(seen.allowed_actions.includes('correct'), JSON.stringify(seen.allowed_actions));
  cc.equal(seen.corrections?.items?.[0]?.reason, '补充业绩证明材料', 'the applicant sees the correction list');
  // Not the office's to accept while returned; not another applicant's to correct.
  assertError(await tryAct(office, app.id, 'accept'), 409, 'transition_not_allowed');
  assertError(await tryAct(q.applicant, app.id, 'correct'), 404, 'not_found');

  // The applicant corrects, long after the applicant deadline: a new snapshot, the paper check-in cleared.
  const corrected = await act(p.applicant, app.id, 'correct', {}, 'received');
  assert.equal(corrected.snapshot.version, 2);
  assert.notEqual(corrected.snapshot.sha256, undefined);
  assert.equal(corrected.form_number, `${corrected.number}-v2`);
  assert.equal(corrected.paper, null, 'a new snapshot clears the paper check-in');
  app = await getApp(office, app.id);
  assert.equal(app.paper, null);

  // Accept is refused again until the new forms are in; the old form (v1) is refused.
  assertRefusal(await tryAct(office, app.id, 'accept'), [409, 422], undefined, 'accept after the correction, before check-in');
  const old = await paper(office, app.id, { copies: 2, watermark: true, form_number: `${app.number}-v1` });
  assertRefusal(old, 422, 'paper_form_mismatch', 'the older snapshot\'s form');
  assert.equal((await getApp(office, app.id)).paper, null);
  app = await checkIn(office, app);
  assert.equal(app.paper.form_number, `${app.number}-v2`);
  const accepted = await act(office, app.id, 'accept', {}, 'accepted');

  const h = accepted.history.slice(-4).map((x) => [x.from, x.to, x.action, x.role]);
  assert.deepEqual(h, [
    ['county_recommended', 'received', 'receive', 'committee_office'],
    ['received', 'office_returned', 'office_return', 'committee_office'],
    ['office_returned', 'received', 'correct', 'applicant'],
    ['received', 'accepted', 'accept', 'committee_office'],
  ], JSON.stringify(accepted.history));
  assert.equal(accepted.history.at(-1).at.slice(0, 10), '2022-10-10');

  // The other one goes straight through; paper cannot be checked in once accepted.
  let second = await checkIn(office, await getApp(office, q.app.id));
  second = await act(office, second.id, 'accept', {}, 'accepted');
  const late = await paper(office, second.id, GOOD(second));
  assert.ok(late.status >= 400 && late.status < 500, `check-in after acceptance: ${show(late)}`);

  // pass, fail, overturn, confirm and revoke are applied by the review routes only.
  for (const [who, action] of [[office, 'pass'], [office, 'fail'], [office, 'overturn'], [admin, 'confirm'], [admin, 'revoke']]) {
    const r = await tryAct(who, second.id, action, { reason: '直接操作' });
    assert.ok(r.status === 403 || r.status === 409, `${action} through /actions: ${show(r)}`);
    // The city admin has no /actions route at all (403); the office meets the table (409).
    const expected = who === admin ? [403, 'forbidden'] : [409, 'transition_not_allowed'];
    cc.equal([r.status, r.json?.error?.code], expected, `${action} by ${who.user.login} through /actions: ${show(r)}`);
  }
  assert.equal((await getApp(office, second.id)).state, 'accepted');
  // An applicant cannot accept their own application.
  const self = await tryAct(q.applicant, second.id, 'accept');
  assert.ok([403, 409].includes(self.status), show(self));

  // The applicant's view of the state.
  const mine = await get(p.applicant, '/applications/mine');
  assert.equal(mine.json.items.find((x) => x.id === app.id).state, 'accepted');
  cc.done();
}));

test('intake: the committee office sees applications from county recommendation on; paper only once received', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { office } = await reviewContext(server);
  const early = await submittedApplication(server, unit, { specialty: 'chemical_process' });
  const [x] = await acceptedApplications(server, [{ unit: 'county', specialty: 'chemical_process', until: 'county_recommended' }], { day: '2022-09-21' });
  assert.equal(x.app.state, 'county_recommended');
  const queue = await get(office, '/queue?state=county_recommended');
  assert.ok(queue.json.items.some((i) => i.id === x.app.id), show(queue));
  // Still with the unit: not the committee's.
  assertError(await get(office, `/applications/${early.app.id}`), 404, 'not_found');
  assert.ok(!(await get(office, '/queue')).json.items.some((i) => i.id === early.app.id));
  // Paper cannot be checked in before the application is received.
  const r = await paper(office, x.app.id, { copies: 2, watermark: true, form_number: x.app.form_number ?? `${x.app.number}-v1` });
  assert.ok(r.status >= 400 && r.status < 500, `check-in before receipt: ${show(r)}`);
  const after = await getApp(office, x.app.id);
  assert.equal(after.state, 'county_recommended');
  assert.equal(after.paper ?? null, null);
}));
