// The committee meeting (docs/review.md "The committee meeting"): the 11-member demo committee needs 8 present
// (⌈2/3 × 11⌉) and a candidate passes with yes from 6 of 8 present (⌈2/3 × 8⌉); the chair or a vice chair must
// attend; every ballot refusal leaves the count as it was; ballots are secret everywhere a user, an admin or
// the database can look; the minutes are sealed with SHA-256 and a change behind the server's back shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { withServer, get, post, put, show, getApp, tryAct, sqlite, login, notifications } from '../lib/workflow.mjs';
import {
  COMMITTEE, COMMITTEE_NAME, MEMBERS, CHOICES, ISO, acceptedApplications, contractChecks, reviewContext, reviewedGroup, activeExperts,
  createMeeting, getMeeting, setAttendance, ballot, sheet, assertRefusal, ok, itemsOf, allAudit,
  sqliteJson, sqlString, review, tableNames, columnNames, zhou, trustees, closeMeeting, openVoting,
} from '../lib/review.mjs';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

// Two accepted environmental applications of 嘉兴禾丰智能科技 in one reviewed group.
async function twoReviewed(server, names, opinion) {
  const [a, b] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: names[0] },
    { unit: 'county', specialty: 'environmental_monitoring', name: names[1] },
  ]);
  const { group } = await reviewedGroup(server, [a.app.id, b.app.id], { opinion });
  return { a, b, group };
}

test('meeting: 8 of 11 present is a quorum, 6 yes of 8 passes and 5 fails; attendance and ballot refusals change nothing', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;
  const cc = contractChecks();
  const [a, b] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '孔令辉' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '严雪梅' },
  ]);
  const A = a.app.id;
  const B = b.app.id;
  const ids = [A, B];

  // Group opinions, expert by expert, to compare with the meeting's summary.
  const OPINIONS = {
    [A]: [['key', 'conforms'], ['key', 'conforms'], ['general', 'basically']],
    [B]: [['general', 'basically'], ['not', 'not'], ['not', 'not']],
  };
  const { group } = await reviewedGroup(server, ids, { reviews: false });
  const experts = await Promise.all(activeExperts(group).map((e) => ctx.expert(e.expert_id)));
  const body = { committee_code: COMMITTEE, title: '2022 年度第一次评审会议', held_on: '2022-10-10', application_ids: ids };
  await review(experts[0], A);
  assertRefusal(await post(office, '/meetings', body), 422, 'group_review_incomplete', 'a candidate not yet reviewed by every expert');
  for (const [i, c] of experts.entries()) {
    for (const id of ids) await review(c, id, { recommendation: OPINIONS[id][i][0], conformity: OPINIONS[id][i][1], comments: `评议意见 ${i + 1}` });
  }

  const m = await createMeeting(server, ids, { title: '2022 年度第一次评审会议', held_on: '2022-10-10' });
  assert.equal(m.committee_code, COMMITTEE);
  assert.equal(m.committee_name, COMMITTEE_NAME);
  assert.equal(m.held_on, '2022-10-10');
  assert.equal(m.status, 'planned');
  assert.equal(m.member_count, 11);
  assert.equal(m.quorum_needed, 8, '⌈2/3 × 11⌉');
  assert.equal(m.pass_needed, null, 'null before voting');
  assert.equal(m.ballots_cast, 0);
  assert.equal(m.present_count, 0);
  const positions = Object.fromEntries(m.members.map((x) => [ctx.loginOf[x.expert_id], x.position]));
  assert.deepEqual(Object.keys(positions).sort(), MEMBERS);
  assert.equal(positions.expert01, 'chair');
  assert.equal(positions.expert02, 'vice_chair');
  assert.equal(positions.expert03, 'vice_chair');
  assert.ok(MEMBERS.slice(3).every((l) => positions[l] === 'member'), JSON.stringify(positions));
  assert.ok(m.members.every((x) => x.present === false && x.name), JSON.stringify(m.members));
  const summary = Object.fromEntries(m.candidates.map((c) => [c.application_id, c.group_summary]));
  assert.deepEqual(summary[A], { key: 2, general: 1, not: 0, conforms: 2, basically: 1, not_conform: 0 });
  assert.deepEqual(summary[B], { key: 0, general: 1, not: 2, conforms: 0, basically: 1, not_conform: 2 });
  const cand = m.candidates.find((c) => c.application_id === A);
  assert.equal(cand.name, '孔令辉');
  assert.equal(cand.number, a.app.number);
  assert.equal(cand.unit_name, '嘉兴禾丰智能科技有限公司');
  assert.equal(cand.level_name, '工程师');
  assert.equal(cand.specialty_name, '环境工程');
  assert.ok(m.candidates.every((c) => c.result === null));
  assertRefusal(await post(office, '/meetings', { ...body, application_ids: [A] }), 409, 'already_scheduled');
  assert.equal(itemsOf(ok(await get(office, '/meetings'), 'meetings')).length, 1, 'the refused meeting is not created');

  const cast = async () => (await getMeeting(office, m.id)).ballots_cast;
  const present = async () => (await getMeeting(office, m.id)).present_count;

  // Attendance: only members.
  const outsider = await put(office, `/meetings/${m.id}/attendance`, { present: ctx.ids([...MEMBERS.slice(0, 8), 'expert12']) });
  assertRefusal(outsider, 422, 'not_committee_member');
  assert.equal(await present(), 0, 'nothing recorded');

  // Seven present: no quorum.
  await setAttendance(server, m.id, MEMBERS.slice(0, 7));
  assert.equal(await present(), 7);
  // What the page offers says the same as the server's answer (the meeting table plus its guards).
  const actions = (x) => ({
    allowed: x.allowed_actions,
    unavailable: Object.fromEntries(x.unavailable_actions.map((u) => [u.action, u.code])),
  });
  assert.deepEqual(actions(await getMeeting(office, m.id)), {
    allowed: ['set_attendance', 'reschedule', 'register_key'],
    unavailable: { open_voting: 'quorum_not_met' },
  });
  assert.ok((await getMeeting(office, m.id)).unavailable_actions.every((u) => /[\u4e00-\u9fff]/.test(u.message)), 'reasons in Chinese');
  assertRefusal(await post(office, `/meetings/${m.id}/open-voting`, {}), 409, 'quorum_not_met');
  assert.equal((await getMeeting(office, m.id)).status, 'planned');
  // A present member cannot vote before voting opens.
  const early = await ballot(server, m.id, 'expert01', sheet(ids, () => 'yes'));
  assertRefusal(early, 409, 'voting_not_open');
  assert.equal(await cast(), 0);

  // Eight present, but neither the chair nor a vice chair.
  await setAttendance(server, m.id, MEMBERS.slice(3, 11));
  assert.equal(await present(), 8);
  assert.equal(actions(await getMeeting(office, m.id)).unavailable.open_voting, 'chair_absent');
  assertRefusal(await post(office, `/meetings/${m.id}/open-voting`, {}), 409, 'chair_absent');
  assert.equal((await getMeeting(office, m.id)).status, 'planned');

  // Eight present with the chair: voting opens; the counts are frozen.
  const PRESENT = MEMBERS.slice(0, 8);
  await setAttendance(server, m.id, PRESENT);
  // Voting waits for the two trustees' keys (the encrypted ballot, docs/review.md).
  assert.equal(actions(await getMeeting(office, m.id)).unavailable.open_voting, 'trustee_keys_missing');
  assertRefusal(await post(office, `/meetings/${m.id}/open-voting`, {}), 409, 'trustee_keys_missing');
  await trustees(server, m.id);
  assert.deepEqual(actions(await getMeeting(office, m.id)).allowed, ['set_attendance', 'reschedule', 'register_key', 'open_voting']);
  await openVoting(server, m.id);
  let v = await getMeeting(office, m.id);
  assert.equal(v.status, 'voting');
  assert.deepEqual(actions(v), { allowed: ['close', 'void_vote'], unavailable: {} });
  assert.equal(v.present_count, 8);
  assert.equal(v.member_count, 11);
  assert.equal(v.pass_needed, 6, '⌈2/3 × 8⌉');
  assert.deepEqual(v.members.filter((x) => x.present).map((x) => ctx.loginOf[x.expert_id]).sort(), PRESENT);
  const late = await put(office, `/meetings/${m.id}/attendance`, { present: ctx.ids(MEMBERS.slice(0, 10)) });
  assert.ok(late.status >= 400 && late.status < 500, `attendance after voting opened: ${show(late)}`);
  assert.equal(await present(), 8, 'the present count is frozen');

  // The committee cannot be changed while it votes; a review cannot be changed once its candidate is voted on.
  const committee = itemsOf(ok(await get(admin, '/committees'), 'committees')).find((c) => c.code === COMMITTEE);
  const same = committee.members.map(({ expert_id, position, term_start, term_end }) => ({ expert_id, position, term_start, term_end }));
  assertRefusal(await put(admin, `/committees/${COMMITTEE}/members`, { members: same }), 409, 'meeting_in_progress');
  assertRefusal(await put(experts[0], `/expert/applications/${A}/review`, { recommendation: 'not', conformity: 'not', comments: '改' }),
    409, 'review_locked');

  // Ballot refusals: each leaves ballots_cast as it was.
  const refusals = [
    ['expert12', sheet(ids, () => 'yes'), 403, 'not_a_member'],
    ['expert09', sheet(ids, () => 'yes'), 403, 'not_present'],
    ['expert01', [{ application_id: A, choice: 'yes' }], 422, 'ballot_incomplete'],
    ['expert01', [{ application_id: A, choice: 'yes' }, { application_id: A, choice: 'no' }], 422, 'ballot_incomplete'],
    ['expert01', [...sheet(ids, () => 'yes'), { application_id: 999999, choice: 'yes' }], 422, 'ballot_incomplete'],
    ['expert01', [], 422, 'ballot_incomplete'],
  ];
  for (const [l, votes, status, code] of refusals) {
    assertRefusal(await ballot(server, m.id, l, votes), status, code, `${l} ${JSON.stringify(votes)}`);
    assert.equal(await cast(), 0, `${code}: ballots_cast unchanged`);
  }
  const badChoice = await ballot(server, m.id, 'expert01', [{ application_id: A, choice: 'yes' }, { application_id: B, choice: 'maybe' }]);
  assert.equal(badChoice.status, 422, `an unknown choice: ${show(badChoice)}`);
  for (const who of [office, admin]) {
    const r = await post(who, `/meetings/${m.id}/ballot`, { votes: sheet(ids, () => 'yes') });
    assert.equal(r.status, 403, `${who.user.login} votes: ${show(r)}`);
  }
  assert.equal(await cast(), 0);

  // The votes: A gets 6 yes (passes), B gets 5 yes (fails); expert08 is present and does not vote.
  const choose = (l, id) => {
    const i = MEMBERS.indexOf(l);
    if (id === A) return i < 6 ? 'yes' : 'no';
    return i < 5 ? 'yes' : (i === 5 ? 'no' : 'abstain');
  };
  const voters = MEMBERS.slice(0, 7);
  const e01 = await ctx.expert('expert01');
  assert.equal((await getMeeting(e01, m.id)).voted, false);
  assert.deepEqual(actions(await getMeeting(e01, m.id)), { allowed: ['vote'], unavailable: {} });
  assert.deepEqual(actions(await getMeeting(await ctx.expert('expert09'), m.id)), { allowed: [], unavailable: { vote: 'not_present' } });
  for (const [n, l] of voters.entries()) {
    ok(await ballot(server, m.id, l, sheet(ids, choose, l)), `ballot of ${l}`);
    assert.equal(await cast(), n + 1);
  }
  assert.equal((await getMeeting(e01, m.id)).voted, true);
  assert.deepEqual(actions(await getMeeting(e01, m.id)), { allowed: [], unavailable: { vote: 'already_voted' } });
  assert.equal((await getMeeting(await ctx.expert('expert08'), m.id)).voted, false);
  assertRefusal(await ballot(server, m.id, 'expert01', sheet(ids, () => 'no')), 409, 'already_voted');
  assert.equal(await cast(), 7);
  const asg = ok(await get(e01, '/expert/assignments'), 'assignments').meetings.find((x) => x.id === m.id);
  assert.deepEqual({ status: asg.status, voted: asg.voted, present: asg.present }, { status: 'voting', voted: true, present: true });
  const absent = ok(await get(await ctx.expert('expert09'), '/expert/assignments'), 'assignments').meetings.find((x) => x.id === m.id);
  assert.equal(absent?.present, false, JSON.stringify(absent));

  // Closing tallies: members who did not vote count as not yes.
  await closeMeeting(server, m.id);
  v = await getMeeting(office, m.id);
  assert.equal(v.status, 'closed');
  assert.deepEqual(actions(v), { allowed: [], unavailable: {} }, 'a closed meeting offers nothing');
  assert.match(v.closed_at, ISO);
  assert.match(v.seal_sha256, /^[0-9a-f]{64}$/);
  const result = Object.fromEntries(v.candidates.map((c) => [c.application_id, c.result]));
  assert.deepEqual(result[A], { yes: 6, no: 1, abstain: 0, passed: true });
  assert.deepEqual(result[B], { yes: 5, no: 1, abstain: 1, passed: false });
  const appA = await getApp(office, A);
  const appB = await getApp(office, B);
  assert.equal(appA.state, 'passed');
  assert.equal(appB.state, 'failed');
  assert.deepEqual(appA.history.at(-1) && [appA.history.at(-1).from, appA.history.at(-1).to, appA.history.at(-1).action], ['accepted', 'passed', 'pass']);
  assert.deepEqual([appB.history.at(-1).from, appB.history.at(-1).to, appB.history.at(-1).action], ['accepted', 'failed', 'fail']);
  assert.equal((await getApp(a.applicant, A)).state, 'passed', 'the applicant sees the result');
  assert.equal((await getApp(b.applicant, B)).state, 'failed');

  // Closed: no more ballots, no second close.
  assertRefusal(await ballot(server, m.id, 'expert08', sheet(ids, () => 'yes')), 409, 'voting_closed');
  assertRefusal(await post(office, `/meetings/${m.id}/close`, {}), 409, 'voting_closed');
  assert.equal(await cast(), 7);
  assert.deepEqual((await getMeeting(office, m.id)).candidates.map((c) => c.result), v.candidates.map((c) => c.result));

  // A passed or failed candidate is moved on only by the result publicity, not through /actions.
  for (const [who, id, action] of [[office, A, 'overturn'], [admin, A, 'confirm'], [admin, A, 'revoke'], [office, B, 'pass']]) {
    const r = await tryAct(who, id, action, { reason: '直接操作' });
    assert.ok(r.status === 403 || r.status === 409, `${action} through /actions: ${show(r)}`);
    const expected = who === admin ? [403, 'forbidden'] : [409, 'transition_not_allowed'];
    cc.equal([r.status, r.json?.error?.code], expected, `${action} by ${who.user.login} through /actions: ${show(r)}`);
  }
  assert.deepEqual([(await getApp(office, A)).state, (await getApp(office, B)).state], ['passed', 'failed']);
  cc.done();
}));

// Eight present members, each with a different pair of choices for the two candidates, in this order.
const SECRET_VOTERS = ['expert03', 'expert07', 'expert01', 'expert05', 'expert08', 'expert02', 'expert06', 'expert04'];
const PAIRS = [['no', 'abstain'], ['yes', 'yes'], ['abstain', 'no'], ['yes', 'no'], ['no', 'no'], ['abstain', 'yes'], ['yes', 'abstain'], ['no', 'yes']];

// Reads every table, with its columns.
function dumpDatabase(server) {
  return tableNames(server).map((name) => ({
    name,
    columns: columnNames(server, name),
    rows: sqliteJson(server, `SELECT * FROM "${name}"`),
  }));
}

// Column names split into words: candidate_id is not a date, meeting_id not a member.
const words = (column) => column.toLowerCase().split(/[_\W]+/).filter(Boolean);
const VOTER_WORDS = ['voter', 'member', 'expert', 'user', 'actor', 'login', 'session', 'receipt', 'by', 'ip', 'address', 'who'];
const TIME_WORDS = ['at', 'time', 'date', 'created', 'updated', 'stamp', 'timestamp', 'ts', 'when', 'day', 'seq', 'sequence'];
const VOTE_WORDS = /赞成|反对|弃权|\b(yes|no|abstain)\b/i;

test('ballot secrecy: nothing in the meeting, the minutes, the audit log or the database links a member to a choice', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office } = ctx;
  const { a, b } = await twoReviewed(server, ['范嘉懿', '葛天宇']);
  const ids = [a.app.id, b.app.id];
  const choiceOf = Object.fromEntries(SECRET_VOTERS.map((l, i) => [l, PAIRS[i]]));
  const choose = (l, id) => choiceOf[l][ids.indexOf(id)];
  const m = await createMeeting(server, ids);
  await setAttendance(server, m.id, [...SECRET_VOTERS].sort());
  await openVoting(server, m.id);
  for (const l of SECRET_VOTERS.slice(0, -1)) ok(await ballot(server, m.id, l, sheet(ids, choose, l)), `ballot of ${l}`);
  // The last member sends the sheet from three sessions at once: one ballot counts.
  const last = SECRET_VOTERS.at(-1);
  const sessions = await Promise.all([0, 1, 2].map(() => login(server, last)));
  const sent = await Promise.all(sessions.map((c) => post(c, `/meetings/${m.id}/ballot`, { votes: sheet(ids, choose, last) })));
  assert.deepEqual(sent.map((r) => r.status).sort(), [200, 409, 409], sent.map(show).join('\n'));
  for (const r of sent.filter((x) => x.status === 409)) assertRefusal(r, 409, 'already_voted');
  assert.equal((await getMeeting(office, m.id)).ballots_cast, SECRET_VOTERS.length);
  const names = Object.fromEntries(ctx.experts.map((e) => [e.id, e.name]));
  const memberNames = MEMBERS.map((l) => names[ctx.id[l]]);

  const checkApi = async (when) => {
    for (const who of [office, ctx.admin, await ctx.expert('expert03'), await ctx.expert('expert04')]) {
      const meeting = await getMeeting(who, m.id);
      const text = JSON.stringify(meeting);
      assert.doesNotMatch(text, /choice|ballot_box|box_id/i, `${when}: GET /meetings/{id} as ${who.user.login} shows no choice: ${text}`);
      for (const member of meeting.members) {
        for (const [k, val] of Object.entries(member)) {
          assert.ok(!CHOICES.includes(val), `${when}: members[].${k} = ${val}`);
          assert.doesNotMatch(k, /choice|vote(?!d$)|yes|abstain/i, `${when}: members[].${k}`);
        }
      }
      const list = JSON.stringify(ok(await get(who, '/meetings'), 'meetings'));
      assert.doesNotMatch(list, /choice/i, `${when}: GET /meetings`);
      const assignments = await get(who, '/expert/assignments');
      if (assignments.status === 200) assert.doesNotMatch(JSON.stringify(assignments.json), /choice/i);
    }
  };
  await checkApi('while voting');
  await closeMeeting(server, m.id);
  await checkApi('after closing');
  const closed = await getMeeting(office, m.id);
  const tally = (k) => ({
    yes: PAIRS.filter((p) => p[k] === 'yes').length, no: PAIRS.filter((p) => p[k] === 'no').length,
    abstain: PAIRS.filter((p) => p[k] === 'abstain').length,
  });
  for (const c of closed.candidates) {
    const { yes, no, abstain } = c.result;
    assert.deepEqual({ yes, no, abstain }, tally(ids.indexOf(c.application_id)), `the tally of ${c.name}`);
  }

  // The minutes name who attended and the totals, never who voted how.
  const minutes = ok(await get(office, `/meetings/${m.id}/minutes`), 'minutes');
  for (const line of minutes.text.split('\n')) {
    const member = memberNames.find((n) => line.includes(n));
    if (member) assert.doesNotMatch(line, VOTE_WORDS, `a line of the minutes puts ${member} next to a vote: ${line}`);
  }

  // The audit log: who did what, but no choice.
  const audit = await allAudit(server);
  for (const e of audit) {
    const text = JSON.stringify(e);
    assert.doesNotMatch(text, /"choice"|choice[=:]/i, `audit entry with a choice: ${text}`);
    if (e.role === 'expert' || /ballot|vote/i.test(e.action)) {
      assert.doesNotMatch(e.summary ?? '', VOTE_WORDS, `audit entry ${e.action} tells a choice: ${text}`);
    }
  }

  // The database (docs/review.md: a ballot box of counters): no table stores one sheet — no column holds
  // the choices one by one — and the counters per candidate are exactly the announced results.
  const db = dumpDatabase(server);
  for (const t of db) {
    for (const c of t.columns) {
      assert.ok(!(t.rows.length && t.rows.every((r) => CHOICES.includes(r[c]))), `${t.name}.${c} stores choices one by one`);
    }
  }
  // No counters either (a copy of the WAL or of old row versions replayed them commit by commit into every
  // member's choices): the only counts are the announced results; the sheets are ciphertexts with proofs
  // (docs/review.md "The secret ballot"), one per receipt, with no voter and no time.
  const counters = db.filter((t) => ['yes', 'no', 'abstain'].every((c) => t.columns.includes(c)) && !t.columns.includes('passed'));
  assert.deepEqual(counters.map((t) => t.name), [], 'no table of running counters');
  const box = db.find((t) => t.name === 'ballot_sheets');
  assert.equal(box.rows.length, SECRET_VOTERS.length, 'one encrypted sheet per member who voted');
  for (const col of box.columns) {
    assert.ok(!words(col).some((w) => VOTER_WORDS.includes(w)), `${box.name}.${col} names a voter`);
    assert.ok(!words(col).some((w) => TIME_WORDS.includes(w)), `${box.name}.${col} is a time`);
  }
  for (const r of box.rows) assert.doesNotMatch(String(r.sheet), /:\s*"(yes|no|abstain)"/i, 'a sheet holds ciphertexts only');
  const holding = [box];
  // No other table carries a choice in a text blob (an audit detail, a request log).
  for (const t of db.filter((x) => !holding.includes(x))) {
    for (const r of t.rows) {
      const text = JSON.stringify(r);
      assert.doesNotMatch(text, /\\?"choice\\?"\s*:/, `${t.name} holds a choice: ${text.slice(0, 300)}`);
    }
  }
  // The receipts record that a member voted, without a time.
  const receipts = db.filter((t) => t.rows.length === SECRET_VOTERS.length && !holding.includes(t) && /ballot|vote|receipt/i.test(t.name));
  for (const t of receipts) {
    for (const c of t.columns) assert.ok(!words(c).some((w) => TIME_WORDS.includes(w)), `${t.name}.${c}: a receipt has no time`);
  }
}));

// Finds the stored minutes: the table and column whose value is the minutes' text.
function findMinutes(server, text) {
  for (const t of tableNames(server)) {
    for (const row of sqliteJson(server, `SELECT * FROM "${t}"`)) {
      for (const [col, val] of Object.entries(row)) {
        if (val === text) return { table: t, column: col };
      }
    }
  }
  return null;
}

test('minutes: sealed with SHA-256, verified; a change in the database shows as not verified', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office } = ctx;
  const { a, b } = await twoReviewed(server, ['汤雅琪', '尹浩宇']);
  const ids = [a.app.id, b.app.id];
  const m = await createMeeting(server, ids, { title: '2022 年度工程技术中级评审会议', held_on: '2022-10-10' });
  const before = await get(office, `/meetings/${m.id}/minutes`);
  assert.ok(before.status >= 400 && before.status < 500, `minutes before the meeting closes: ${show(before)}`);
  const PRESENT = MEMBERS.slice(0, 8);
  await setAttendance(server, m.id, PRESENT);
  await openVoting(server, m.id);
  for (const l of PRESENT) ok(await ballot(server, m.id, l, sheet(ids, (_, id) => (id === a.app.id ? 'yes' : 'no'))), `ballot ${l}`);
  await closeMeeting(server, m.id);
  const meeting = await getMeeting(office, m.id);

  const minutes = ok(await get(office, `/meetings/${m.id}/minutes`), 'minutes');
  assert.equal(typeof minutes.text, 'string');
  assert.equal(minutes.sha256, sha256(minutes.text), 'sha256 is the SHA-256 of the text returned');
  assert.equal(minutes.verified, true);
  assert.equal(meeting.seal_sha256, minutes.sha256, 'the meeting carries the seal');
  assert.deepEqual(ok(await get(ctx.admin, `/meetings/${m.id}/minutes`), 'minutes as admin'), minutes);

  // What the minutes contain: the committee, the date, members and who attended, candidates, opinions, votes.
  const text = minutes.text;
  assert.ok(text.includes(COMMITTEE_NAME), text);
  assert.ok(text.includes('2022-10-10') || text.includes('2022年10月10日'), `the date: ${text}`);
  for (const x of meeting.members) assert.ok(text.includes(x.name), `member ${x.name} in the minutes`);
  for (const c of meeting.candidates) {
    assert.ok(text.includes(c.name), `candidate ${c.name}`);
    assert.ok(text.includes(c.specialty_name), `specialty ${c.specialty_name}`);
  }
  assert.match(text, /8/, 'the number present');
  assert.match(text, /通过/, 'the results');
  assert.match(text, /重点推荐|一般推荐|推荐/, 'the group opinions');

  // Changed behind the server's back: no longer verified.
  const where = findMinutes(server, text);
  assert.ok(where, 'the minutes are stored as returned');
  const name = meeting.candidates.find((c) => c.application_id === a.app.id).name;
  const tamper = `UPDATE "${where.table}" SET "${where.column}" = replace("${where.column}", ${sqlString(name)}, ${sqlString(`【篡改】${name}`)}) WHERE "${where.column}" = ${sqlString(text)} RETURNING 1`;
  assert.equal(sqlite(server, tamper).trim(), '1');
  const changed = ok(await get(office, `/meetings/${m.id}/minutes`), 'minutes after tampering');
  assert.ok(changed.text.includes('【篡改】'), 'the stored text is what is returned');
  assert.equal(changed.verified, false, 'a changed text is not verified');
  assert.notEqual(sha256(changed.text), meeting.seal_sha256);
  // Restored: verified again (and the invariant check at the end passes).
  sqlite(server, `UPDATE "${where.table}" SET "${where.column}" = replace("${where.column}", '【篡改】', '')`);
  const restored = ok(await get(office, `/meetings/${m.id}/minutes`), 'minutes restored');
  assert.equal(restored.verified, true);
  assert.equal(restored.text, text);
}));

test('回避 at the meeting: a member with a declared relation to a candidate does not vote on them, the threshold counts the others, the minutes say who withdrew', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  // 周海峰's application (孙晓东, expert09 and a committee member, declared a relation with him) and another.
  const [z, other] = await acceptedApplications(server, [
    { applicant: await zhou(server) },
    { unit: 'county', specialty: 'environmental_monitoring', name: '钱立新' },
  ]);
  const Z = z.app.id;
  const O = other.app.id;
  await reviewedGroup(server, [Z, O]);
  const m = await createMeeting(server, [Z, O]);
  const cand = (meeting, id) => meeting.candidates.find((c) => c.application_id === id);

  // Before voting the office sees who will withdraw, and why.
  const planned = await getMeeting(ctx.office, m.id);
  assert.deepEqual(cand(planned, Z).recusals.map((r) => [ctx.loginOf[r.expert_id], r.name, r.reasons]),
    [['expert09', '孙晓东', ['declared_relation']]]);
  assert.deepEqual(cand(planned, O).recusals, []);

  // 10 of 11 present, expert09 among them.
  const present = MEMBERS.slice(0, 10);
  assert.ok(present.includes('expert09'));
  await setAttendance(server, m.id, present);
  await openVoting(server, m.id);
  const sun = await ctx.expert('expert09');
  const mine = await getMeeting(sun, m.id);
  assert.equal(cand(mine, Z).recuse, true);
  assert.equal(cand(mine, O).recuse, false);
  assert.ok(!('recusals' in cand(mine, Z)), 'a member is told only of their own withdrawal');
  const told = (await notifications(sun)).items.find((n) => n.kind === 'meeting.voting');
  assert.match(told.text ?? JSON.stringify(told), /须回避 1 名评审对象/);

  // A sheet that votes on the candidate is refused and counts nothing; the sheet without it is the complete one.
  const refused = await ballot(server, m.id, 'expert09', [{ application_id: Z, choice: 'yes' }, { application_id: O, choice: 'yes' }]);
  assertRefusal(refused, 422, 'must_recuse', 'a vote on a candidate the member withdraws from');
  assert.equal((await getMeeting(ctx.office, m.id)).ballots_cast, 0);
  assertRefusal(await ballot(server, m.id, 'expert09', []), 422, 'ballot_incomplete', 'an empty sheet');
  ok(await ballot(server, m.id, 'expert09', [{ application_id: O, choice: 'yes' }]), 'ballot without the candidate');

  // 周海峰: 6 yes of the 9 who may vote (⌈2/3 × 9⌉ = 6) passes; the other: 6 yes of 10 (⌈2/3 × 10⌉ = 7) fails.
  const others = present.filter((l) => l !== 'expert09');
  for (const [i, l] of others.entries()) {
    ok(await ballot(server, m.id, l, [
      { application_id: Z, choice: i < 6 ? 'yes' : 'no' },
      { application_id: O, choice: i < 5 ? 'yes' : 'no' },
    ]), `ballot of ${l}`);
  }
  const voting = await getMeeting(ctx.office, m.id);
  assert.equal(cand(voting, Z).pass_needed, 6);
  assert.equal(cand(voting, O).pass_needed, 7);
  await closeMeeting(server, m.id);
  const closed = await getMeeting(ctx.office, m.id);
  assert.deepEqual(cand(closed, Z).result, { yes: 6, no: 3, abstain: 0, passed: true });
  assert.deepEqual(cand(closed, O).result, { yes: 6, no: 4, abstain: 0, passed: false });
  assert.equal((await getApp(ctx.office, Z)).state, 'passed');
  assert.equal((await getApp(ctx.office, O)).state, 'failed');

  const minutes = ok(await get(ctx.office, `/meetings/${m.id}/minutes`), 'minutes');
  assert.ok(minutes.verified);
  assert.match(minutes.text, /回避：孙晓东（申报回避关系）；须赞成 6 票\n\s*表决：赞成 6，反对 3，弃权 0，未投 0；结果：通过/);
  assert.match(minutes.text, /表决：赞成 6，反对 4，弃权 0，未投 0；结果：未通过/);
}));
