// Who may call the review routes (docs/review.md, docs/api.md "Roles and data scope"): the public routes need
// no session; every other review route refuses a visitor without a session (401), an applicant, a unit and an
// acceptance point (403, or 404 for an object outside their scope), and experts the office's work; a refusal
// changes nothing. Also the expert pool and the committee's composition rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { residentId, creditCode } from '../lib/server.mjs';
import { UNITS, DEMO_APPLICANT, withServer, get, post, put, show, login } from '../lib/workflow.mjs';
import {
  COMMITTEE, MEMBERS, ZHOU, ID_NUMBER, REVIEW, reviewContext, certifiedApplications, myCertificates, verify,
  publicClient, assertRefusal, ok, itemsOf,
} from '../lib/review.mjs';

// A birth date no demo expert has (the demo pool is 330402 19700101 101…), so that the random sequence never collides.
const EXPERT_ID = residentId('330402', '19700202');
const EXPERT_BODY = {
  name: '测试专家', id_number: EXPERT_ID, families: ['environmental'], title: 'senior',
  unit_name: '嘉兴市环境科学研究所', unit_credit_code: creditCode('12330400MB'), term_start: '2022-01-01', term_end: '2024-12-31',
};

test('roles: public routes need no session; every other review route refuses visitors, applicants, units and acceptance points', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;
  const { items, group, meeting, publicity, certificates } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '章雨泽' },
  ]);
  const [x] = items;
  const appId = x.app.id;
  const [cert] = certificates;
  const drawId = group.draws[0].id;
  const expertId = ctx.id.expert12;
  const kase = ok(await post(x.applicant, '/cases', { kind: 're_examination', application_id: appId, subject: '复查', content: '申请复查评审意见。' }), 'file a case', 201);
  const records = itemsOf(ok(await get(office, '/integrity/records'), 'integrity records'));

  // [method, path, body, scoped object?]
  const routes = [
    ['GET', '/experts'],
    ['POST', '/experts', EXPERT_BODY],
    ['PUT', `/experts/${expertId}`, { ...EXPERT_BODY, active: false }, true],
    ['GET', '/committees'],
    ['PUT', `/committees/${COMMITTEE}/members`, { members: [] }, true],
    ['POST', '/review-groups', { name: '组', family: 'environmental', application_ids: [appId] }],
    ['GET', '/review-groups'],
    ['GET', `/review-groups/${group.id}`, undefined, true],
    ['POST', `/review-groups/${group.id}/draw`, {}, true],
    ['GET', `/draws/${drawId}`, undefined, true],
    ['GET', `/draws/${drawId}/replay`, undefined, true],
    ['GET', '/expert/assignments'],
    ['POST', `/review-groups/${group.id}/respond`, { accept: false, reason: '不参加' }, true],
    ['GET', `/expert/applications/${appId}`, undefined, true],
    ['PUT', `/expert/applications/${appId}/review`, REVIEW, true],
    ['POST', `/expert/applications/${appId}/withdraw`, { reason: '回避' }, true],
    ['POST', '/meetings', { committee_code: COMMITTEE, title: '会', held_on: '2022-10-10', application_ids: [appId] }],
    ['GET', '/meetings'],
    ['GET', `/meetings/${meeting.id}`, undefined, true],
    ['PUT', `/meetings/${meeting.id}/attendance`, { present: [] }, true],
    ['POST', `/meetings/${meeting.id}/open-voting`, {}, true],
    ['POST', `/meetings/${meeting.id}/ballot`, { votes: [{ application_id: appId, choice: 'no' }] }, true],
    ['POST', `/meetings/${meeting.id}/close`, {}, true],
    ['GET', `/meetings/${meeting.id}/minutes`, undefined, true],
    ['POST', '/result-publicity', { meeting_id: meeting.id, start_date: '2022-10-10' }],
    ['GET', '/result-publicity'],
    ['GET', `/result-publicity/${publicity.id}`, undefined, true],
    ['POST', '/result-objections/1/resolve', { outcome: 'upheld', resolution: '成立' }, true],
    ['POST', `/result-publicity/${publicity.id}/confirm`, {}, true],
    ['GET', '/certificates'],
    ['POST', `/certificates/${cert.id}/revoke`, { reason: '撤销', evidence: '无' }, true],
    ['GET', '/integrity/records'],
    ['POST', '/integrity/records', { application_id: appId, reason: '造假', evidence: '无' }],
    ['POST', `/cases/${kase.id}/close`, { outcome: 'upheld', outcome_text: '成立' }, true],
    ['PUT', `/applications/${appId}/paper`, { copies: 2, watermark: true, form_number: x.app.form_number }, true],
  ];
  const call = (c, [method, path, body]) => c.request(method, `/api/v1${path}`, body === undefined ? {} : { json: body });

  // Without a session: 401 everywhere.
  const visitor = publicClient(server);
  for (const r of routes) {
    const res = await call(visitor, r);
    assert.equal(res.status, 401, `${r[0]} ${r[1]} without a session: ${show(res)}`);
  }

  // Applicants (the holder and a stranger), a unit, an acceptance point: 403, or 404 for scoped objects.
  const stranger = await login(server, ZHOU.id_number);
  const unit = await login(server, UNITS.county);
  const ap = await login(server, 'ap330402');
  for (const who of [x.applicant, stranger, unit, ap]) {
    for (const r of routes) {
      const res = await call(who, r);
      const allowed = r[3] ? [403, 404] : [403];
      assert.ok(allowed.includes(res.status), `${r[0]} ${r[1]} as ${who.user.role} ${who.user.login}: ${show(res)}`);
      assert.ok(res.json?.error?.code, `${r[0]} ${r[1]}: an error body`);
    }
  }

  // Experts: not the office's or the admin's work.
  const member = await ctx.expert('expert01');
  const officeOnly = routes.filter(([m, p]) => (m !== 'GET' && !/\/respond$|\/review$|\/withdraw$|\/ballot$/.test(p))
    || ['/experts', '/certificates', '/integrity/records', '/result-publicity'].includes(p));
  for (const r of officeOnly) {
    const res = await call(member, r);
    const allowed = r[3] ? [403, 404] : [403];
    assert.ok(allowed.includes(res.status), `${r[0]} ${r[1]} as expert01: ${show(res)}`);
  }
  // A non-member expert does not see the meeting.
  const outsider = await ctx.expert('expert12');
  const seen = await get(outsider, `/meetings/${meeting.id}`);
  assert.ok([403, 404].includes(seen.status), `GET meeting as a non-member: ${show(seen)}`);
  const list = await get(outsider, '/meetings');
  assert.ok(list.status === 403 || !itemsOf(list.json).some((m) => m.id === meeting.id), show(list));
  // The office cannot change the committee or revoke; the personal routes are the applicant's.
  assert.equal((await put(office, `/committees/${COMMITTEE}/members`, { members: [] })).status, 403);
  for (const who of [office, admin, member]) {
    assert.equal((await get(who, '/my/certificates')).status, 403, `${who.user.login} GET /my/certificates`);
    assert.equal((await get(who, '/my/integrity')).status, 403, `${who.user.login} GET /my/integrity`);
  }

  // What applicants may do: their own certificates, integrity records and cases.
  assert.equal((await myCertificates(x.applicant)).length, 1);
  assert.deepEqual(await myCertificates(stranger), []);
  ok(await get(x.applicant, '/my/integrity'), 'my integrity');
  assert.deepEqual(itemsOf(ok(await get(x.applicant, '/cases'), 'cases')).map((c) => c.id), [kase.id]);
  assert.deepEqual(itemsOf(ok(await get(stranger, '/cases'), 'cases')), []);
  ok(await post(unit, '/cases', { kind: 'complaint', subject: '投诉', content: '单位投诉评审工作。' }), 'a unit files a complaint', 201);

  // Public routes: no session needed.
  const results = await visitor.get('/api/v1/public/results');
  assert.equal(results.status, 200, show(results));
  assert.ok(Array.isArray(results.json.items));
  const v = await verify(server, { number: cert.number, name: '章雨泽' });
  assert.equal(v.status, 200, show(v));
  assert.equal(v.json.status, 'valid');
  const closedObjection = await visitor.post(`/api/v1/public/results/${publicity.id}/objections`, {
    entry_id: 1, name: '群众', contact: '13812345678', content: '有异议' });
  assert.notEqual(closedObjection.status, 401, show(closedObjection));
  assertRefusal(closedObjection, [404, 409], undefined, 'an objection to a confirmed publicity');

  // Nothing the refused calls tried happened.
  assert.equal((await get(office, `/applications/${appId}`)).json.state, 'certified');
  const after = itemsOf(ok(await get(office, '/certificates'), 'certificates'));
  assert.deepEqual(after.map((c) => [c.id, c.status]), [[cert.id, 'valid']]);
  assert.equal((await get(office, `/meetings/${meeting.id}`)).json.status, 'closed');
  assert.equal((await get(office, `/result-publicity/${publicity.id}`)).json.status, 'confirmed');
  const cases = itemsOf(ok(await get(office, '/cases'), 'cases'));
  assert.equal(cases.find((c) => c.id === kase.id).status, 'open');
  assert.equal(itemsOf(ok(await get(office, '/integrity/records'), 'integrity records')).length, records.length);
  const pool = itemsOf(ok(await get(office, '/experts'), 'experts'));
  assert.equal(pool.length, 13);
  assert.equal(pool.find((e) => e.id === expertId).active, true);
  const g = ok(await get(office, `/review-groups/${group.id}`), 'group');
  assert.deepEqual(g.experts.map((e) => [e.expert_id, e.status]), group.experts.map((e) => [e.expert_id, e.status]));
  const committee = itemsOf(ok(await get(office, '/committees'), 'committees')).find((c) => c.code === COMMITTEE);
  assert.equal(committee.member_count, 11);
}));

test('expert pool and committee: the demo experts; terms of at most three years; composition rules', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { office, admin } = ctx;

  // The demo pool as the office reads it.
  const e01 = ctx.byId[ctx.id.expert01];
  assert.equal(e01.name, '陆振华');
  assert.equal(e01.title, 'full_senior');
  assert.equal(e01.title_name, '正高级工程师');
  assert.deepEqual([...e01.families].sort(), ['chemical', 'environmental']);
  assert.equal(e01.unit_credit_code, UNITS.city);
  assert.deepEqual([e01.term_start, e01.term_end, e01.in_term, e01.active], ['2021-01-01', '2023-12-31', true, true]);
  assert.equal(ctx.byId[ctx.id.expert02].title_name, '高级工程师');
  const rel = ctx.byId[ctx.id.expert09].relations;
  assert.deepEqual(rel.map((r) => r.name), [ZHOU.name]);
  for (const e of ctx.experts) {
    for (const v of [e.id_number_masked, ...e.relations.map((r) => r.id_number_masked)]) assert.doesNotMatch(v, ID_NUMBER, `masked: ${v}`);
  }
  assert.ok(!JSON.stringify(ctx.experts).includes(ZHOU.id_number));
  const env = itemsOf(ok(await get(office, '/experts?family=environmental'), 'experts by family'));
  assert.deepEqual(env.map((e) => e.login).sort(), ['expert01', 'expert03', 'expert05', 'expert09', 'expert12', 'expert13']);
  const q = itemsOf(ok(await get(office, `/experts?q=${encodeURIComponent('孙晓东')}`), 'experts by name'));
  assert.deepEqual(q.map((e) => e.login), ['expert09']);

  // A new expert: a term of at most three years.
  const long = await post(office, '/experts', { ...EXPERT_BODY, term_end: '2025-12-31' });
  assertRefusal(long, 422, 'term_too_long');
  const created = ok(await post(office, '/experts', { ...EXPERT_BODY, relations: [{ name: '王建国', id_number: DEMO_APPLICANT, relation: '同事' }] }), 'create expert', 201);
  assert.equal(created.login, null);
  assert.equal(created.name, '测试专家');
  assert.equal(created.title_name, '高级工程师');
  assert.ok(created.in_term);
  assert.ok(!JSON.stringify(created).includes(EXPERT_ID) && !JSON.stringify(created).includes(DEMO_APPLICANT), 'masked');
  assert.deepEqual(created.relations.map((r) => r.name), ['王建国']);
  // The same person again: refused on the identity number, and the pool keeps one record.
  const again = await post(office, '/experts', { ...EXPERT_BODY, name: '测试专家二' });
  assertRefusal(again, 422, 'expert_exists', 'a second expert with the same identity number');
  assert.ok(again.json.error.fields.some((f) => f.field === 'id_number' && /已在专家库中/.test(f.message)), show(again));
  assert.equal(itemsOf(ok(await get(office, `/experts?q=${encodeURIComponent('测试专家')}`), 'experts')).length, 1);
  const off = ok(await put(office, `/experts/${created.id}`, { ...EXPERT_BODY, active: false }), 'deactivate');
  assert.equal(off.active, false);

  // The committee: 11 members, positions, terms.
  const committees = itemsOf(ok(await get(office, '/committees'), 'committees'));
  const c = committees.find((x) => x.code === COMMITTEE);
  assert.equal(c.member_count, 11);
  assert.deepEqual(c.expert_titles.map((t) => t.code ?? t).sort(), ['full_senior', 'senior']);
  const current = c.members.map(({ expert_id, position, term_start, term_end }) => ({ expert_id, position, term_start, term_end }));
  assert.deepEqual(c.members.map((m) => ctx.loginOf[m.expert_id]).sort(), MEMBERS);
  const set = (members) => put(admin, `/committees/${COMMITTEE}/members`, { members });
  const member = (l, position = 'member', term = ['2022-01-01', '2024-12-31']) => ({ expert_id: ctx.id[l], position, term_start: term[0], term_end: term[1] });

  const plain = current.find((m) => m.position === 'member');
  assertRefusal(await set(current.filter((m) => m !== plain)), 422, 'members_even');
  assertRefusal(await set([...current.filter((m) => m.position !== 'chair'), member('expert12')]), 422, 'chair_required', 'no chair');
  assertRefusal(await set(current.map((m) => (m.position === 'vice_chair' ? { ...m, position: 'member' } : m))), 422, 'chair_required', 'no vice chair');
  assertRefusal(await set([...current.map((m) => (m.expert_id === ctx.id.expert02 ? { ...m, position: 'chair' } : m))]), 422, 'chair_required', 'two chairs');
  assertRefusal(await set([...current, member('expert12', 'member', ['2022-01-01', '2025-06-30']), member('expert13')]), 422, 'term_too_long');
  assertRefusal(await set([...current, { ...member('expert12'), expert_id: 999999 }, member('expert13')]), 422, 'expert_not_found');
  assertRefusal(await set([...current, member('expert12'), member('expert12')]), 422, 'duplicate');
  ok(await set([...current, member('expert12'), member('expert13')]), 'thirteen members');
  const now = itemsOf(ok(await get(office, '/committees'), 'committees')).find((x) => x.code === COMMITTEE);
  assert.equal(now.member_count, 13);
  assert.equal(now.members.filter((m) => m.position === 'chair').length, 1);
  const expert = await ctx.expert('expert05');
  assert.equal((await get(expert, '/committees')).status, 200, 'experts read the committees');
}));
