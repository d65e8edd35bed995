// Specialty review groups and the random expert draw (docs/review.md "Specialty review groups and the draw",
// "Experts at work"): who may be drawn and who is excluded for a conflict of interest, a draw anyone can
// replay from its seed, the same seed giving the same experts on another server with the same data, declines
// and withdrawals redrawn, an open place when candidates run out, and what an expert sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { residentId, creditCode } from '../lib/server.mjs';
import {
  withServer, startClockServer, assertInvariants, get, post, put, show, assertError, getApp,
} from '../lib/workflow.mjs';
import {
  EXPERTS, ENVIRONMENTAL, ZHOU, ISO, MOBILE, ID_NUMBER, acceptedApplications, reviewContext, zhou, createGroup, getGroup, draw,
  activeExperts, replayDraw, review, REVIEW, assertRefusal, contractChecks, itemsOf, ok,
} from '../lib/review.mjs';

const SEED = '00112233445566778899aabbccddeeff';

// The draw's pick recomputed here, from its seed and candidates, by the published algorithm.
function assertReplayable(d) {
  // docs/review.md: the seed enters SHA-256 as its 32 hex characters (text).
  const text = replayDraw(d.seed, d.candidates, d.places, { seedAsText: true });
  assert.deepEqual(d.picked, text,
    `the published algorithm gives ${JSON.stringify(text)}; the server picked ${JSON.stringify(d.picked)} ` +
    `from ${JSON.stringify(d.candidates)} with seed ${d.seed}`);
}

async function assertServerReplay(office, d) {
  const stored = ok(await get(office, `/draws/${d.id}`), 'GET draw');
  assert.deepEqual(stored, d, 'GET /draws/{id} returns the draw');
  const r = ok(await get(office, `/draws/${d.id}/replay`), 'replay');
  assert.equal(r.draw_id, d.id);
  assert.deepEqual(r.picked, d.picked);
  assert.deepEqual(r.replayed, d.picked);
  assert.equal(r.matches, true);
}

// Accepted applications for the draw scenario: 周海峰's (environmental engineering, 嘉兴市交通投资集团) and one
// of 嘉兴禾丰智能科技 (the unit of expert13), plus one left received and one of another family.
async function prepare(server) {
  const z = await zhou(server);
  const [zApp, x, received, chemical] = await acceptedApplications(server, [
    { applicant: z, unit: 'city', specialty: 'environmental_engineering' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '陶若楠' },
    { unit: 'county', specialty: 'environmental_engineering', name: '韩子轩', until: 'received' },
    { unit: 'county', specialty: 'chemical_process', name: '曹一鸣' },
  ]);
  return { zApp, x, received, chemical };
}

const loginsOf = (ctx, ids) => ids.map((id) => ctx.loginOf[id]);

test('draw: 周海峰\'s group excludes expert01 (same unit) and expert09 (declared relation); replayable on another server; declines redrawn until candidates run out', async () => {
  const server2 = await startClockServer();
  try {
    await withServer(async (server) => {
      const [one, two] = await Promise.all([prepare(server), prepare(server2)]);
      const ctx = await reviewContext(server);
      const ctx2 = await reviewContext(server2);
      const { office } = ctx;
      const { zApp, x, received, chemical } = one;
      assert.equal(zApp.app.applicant.name, ZHOU.name);
      assert.equal(zApp.app.specialty, 'environmental_engineering');

      // Group rules: only accepted applications, of the group's family, in no other group.
      assertRefusal(await post(office, '/review-groups', { name: '环保组', family: 'environmental', application_ids: [received.app.id] }),
        422, 'application_not_accepted');
      assertRefusal(await post(office, '/review-groups', { name: '环保组', family: 'environmental', application_ids: [chemical.app.id] }),
        422, 'family_mismatch');
      assert.equal(itemsOf((await get(office, '/review-groups')).json).length, 0, 'refused groups are not created');

      const group = await createGroup(office, [zApp.app.id], { name: '环境保护专业评议组（一）' });
      assert.equal(group.family, 'environmental');
      assert.equal(group.family_name, '环境保护');
      assert.equal(group.size, 3, 'the campaign\'s group_size');
      assert.equal(group.status, 'drawing');
      assert.deepEqual(group.experts, []);
      assert.deepEqual(group.draws, []);
      assert.deepEqual(group.applications.map((a) => [a.id, a.name, a.specialty_name, a.review_complete]),
        [[zApp.app.id, ZHOU.name, '环境工程', false]]);
      assertRefusal(await post(office, '/review-groups', { name: '重复', family: 'environmental', application_ids: [zApp.app.id] }),
        409, 'already_grouped');
      assert.deepEqual(itemsOf(ok(await get(office, '/review-groups'), 'groups')).map((g) => g.id), [group.id]);

      // The draw, with a seed fixed by the office, on both servers.
      const g2 = await createGroup(ctx2.office, [two.zApp.app.id], { name: '环境保护专业评议组（一）' });
      const { draw: d, group: drawn } = await draw(office, group.id, SEED);
      const { draw: d2 } = await draw(ctx2.office, g2.id, SEED);
      assert.equal(d.seed, SEED);
      assert.equal(d.group_id, group.id);
      assert.equal(d.places, 3);
      assert.equal(d.reason, 'initial');
      assert.ok(d.by, JSON.stringify(d));
      assert.match(d.at, ISO);
      assert.deepEqual(d.candidates, ctx.ids(['expert03', 'expert05', 'expert12', 'expert13']).sort((a, b) => a - b),
        `candidates ${JSON.stringify(loginsOf(ctx, d.candidates))}`);
      const excluded = Object.fromEntries(d.excluded.map((e) => [ctx.loginOf[e.expert_id], e.reasons]));
      assert.ok(excluded.expert01?.includes('same_unit'), `expert01 excluded for same_unit: ${JSON.stringify(d.excluded)}`);
      assert.ok(excluded.expert09?.includes('declared_relation'), `expert09 excluded for declared_relation: ${JSON.stringify(d.excluded)}`);
      for (const l of ['expert02', 'expert04', 'expert06', 'expert07', 'expert08', 'expert10', 'expert11']) {
        assert.ok(excluded[l]?.includes('family'), `${l} is not of the environmental family: ${JSON.stringify(excluded[l])}`);
      }
      assert.deepEqual([...d.candidates, ...d.excluded.map((e) => e.expert_id)].map((id) => ctx.loginOf[id]).sort(), EXPERTS,
        'every expert of the pool is either a candidate or excluded with reasons');
      assert.equal(d.picked.length, 3);
      assert.ok(d.picked.every((id) => d.candidates.includes(id)));
      assertReplayable(d);
      await assertServerReplay(office, d);
      // Same data, same seed, same experts.
      assert.deepEqual(loginsOf(ctx2, d2.picked), loginsOf(ctx, d.picked), 'the same seed picks the same experts on another server');
      assert.deepEqual(loginsOf(ctx2, d2.candidates), loginsOf(ctx, d.candidates));
      const byId = (a, b) => a[0] - b[0];
      assert.deepEqual(drawn.experts.map((e) => [e.expert_id, e.status, e.draw_id]).sort(byId), d.picked.map((id) => [id, 'invited', d.id]).sort(byId));
      assert.ok(drawn.experts.every((e) => e.name && e.unit_name), JSON.stringify(drawn.experts));

      const never = ctx.ids(['expert01', 'expert09']);
      const assertNoConflict = async () => {
        const g = await getGroup(office, group.id);
        assert.ok(!g.experts.some((e) => never.includes(e.expert_id)), `expert01/expert09 in 周海峰's group: ${JSON.stringify(g.experts)}`);
        assert.ok(!g.draws.some((dr) => dr.picked.some((id) => never.includes(id))), JSON.stringify(g.draws));
        return g;
      };
      await assertNoConflict();

      // An expert who was not invited cannot answer; a decline needs a reason.
      const [p0, p1, p2] = d.picked;
      const [rest] = d.candidates.filter((id) => !d.picked.includes(id));
      assertError(await post(await ctx.expert('expert02'), `/review-groups/${group.id}/respond`, { accept: true }), 404, 'not_found');
      const noReason = await post(await ctx.expert(p0), `/review-groups/${group.id}/respond`, { accept: false });
      assertRefusal(noReason, 422, undefined, 'decline without a reason');
      assert.equal((await getGroup(office, group.id)).experts.find((e) => e.expert_id === p0).status, 'invited');

      // A decline is redrawn at once from who is left.
      ok(await post(await ctx.expert(p0), `/review-groups/${group.id}/respond`, { accept: false, reason: '近期出差，无法参加评审' }), 'decline');
      let g = await assertNoConflict();
      const declined = g.experts.find((e) => e.expert_id === p0);
      assert.equal(declined.status, 'declined');
      assert.equal(declined.reason, '近期出差，无法参加评审');
      assert.equal(g.draws.length, 2, JSON.stringify(g.draws));
      const redraw = g.draws[1];
      assert.equal(redraw.reason, 'declined');
      assert.equal(redraw.places, 1);
      assert.deepEqual(redraw.candidates, [rest], 'the declined and the invited are no longer candidates');
      assert.deepEqual(redraw.picked, [rest]);
      assert.ok(redraw.excluded.some((e) => e.expert_id === p0 && e.reasons.includes('in_group')), JSON.stringify(redraw.excluded));
      assert.deepEqual(g.experts.find((e) => e.expert_id === rest)?.status, 'invited');
      assert.equal(g.experts.find((e) => e.expert_id === rest).draw_id, redraw.id);
      assertReplayable(redraw);
      await assertServerReplay(office, redraw);
      assertRefusal(await post(await ctx.expert(p0), `/review-groups/${group.id}/respond`, { accept: true }), 409, 'already_answered');

      ok(await post(await ctx.expert(p1), `/review-groups/${group.id}/respond`, { accept: true }), 'confirm');
      assertRefusal(await post(await ctx.expert(p1), `/review-groups/${group.id}/respond`, { accept: false, reason: '改主意' }), 409, 'already_answered');

      // The next decline finds nobody left: the place stays open and the office is told.
      const before = ok(await get(office, '/notifications'), 'notifications');
      ok(await post(await ctx.expert(p2), `/review-groups/${group.id}/respond`, { accept: false, reason: '身体原因' }), 'second decline');
      g = await assertNoConflict();
      assert.equal(g.experts.find((e) => e.expert_id === p2).status, 'declined');
      assert.deepEqual(activeExperts(g).map((e) => e.expert_id).sort(), [p1, rest].sort());
      assert.equal(g.status, 'drawing');
      const after = ok(await get(office, '/notifications'), 'notifications');
      assert.ok(after.total > before.total, `the office is notified of the open place: ${JSON.stringify(after.items.slice(0, 3))}`);
      // The invitation table says the office hears of every answer: the decline itself, with its reason.
      const everything = [];
      for (let cursor = null; ;) {
        const page = ok(await get(office, `/notifications?page_size=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`), 'notifications');
        everything.push(...page.items);
        if (!(cursor = page.next_cursor)) break;
      }
      assert.ok(everything.some((n) => n.kind === 'review.invitation_declined' && n.text.includes('身体原因')),
        `the office is told of the decline: ${JSON.stringify(everything.slice(-4))}`);
      const draws = g.draws.length;
      const none = await post(office, `/review-groups/${group.id}/draw`, {});
      assertRefusal(none, 422, 'draw_unsatisfiable', 'a draw with no candidate');
      assert.equal((await getGroup(office, group.id)).draws.length, draws, 'nothing recorded');
      ok(await post(await ctx.expert(rest), `/review-groups/${group.id}/respond`, { accept: true }), 'the redrawn expert confirms');
      g = await assertNoConflict();
      assert.equal(g.status, 'drawing', 'one place is still open');
      assert.equal(activeExperts(g).length, 2);

      // 嘉兴禾丰智能科技's application: expert13 shares its unit, expert01 and expert09 are candidates there.
      const other = await createGroup(office, [x.app.id], { name: '环境保护专业评议组（二）' });
      const { draw: free } = await draw(office, other.id);
      assert.match(free.seed, /^[0-9a-f]{32}$/);
      assert.deepEqual(free.candidates, ctx.ids(['expert01', 'expert03', 'expert05', 'expert09', 'expert12']).sort((a, b) => a - b),
        `candidates ${JSON.stringify(loginsOf(ctx, free.candidates))}`);
      assert.ok(free.excluded.find((e) => e.expert_id === ctx.id.expert13)?.reasons.includes('same_unit'), JSON.stringify(free.excluded));
      assertReplayable(free);
      await assertServerReplay(office, free);
    });
    assertInvariants(server2);
  } finally {
    await server2.stop();
  }
});

test('draw: more places than candidates is draw_unsatisfiable and records nothing; a full group is group_full', () => withServer(async (server) => {
  const [x, y] = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_monitoring', name: '彭雨欣' },
    { unit: 'institution', specialty: 'environmental_engineering', name: '鲁嘉佑' },
  ]);
  const ctx = await reviewContext(server);
  const { office } = ctx;
  const cc = contractChecks();

  // 嘉兴禾丰智能科技: five environmental experts are candidates (expert13 shares the unit); six places.
  const big = await createGroup(office, [x.app.id], { name: '大组', size: 6 });
  assert.equal(big.size, 6);
  const r = await post(office, `/review-groups/${big.id}/draw`, {});
  assertRefusal(r, 422, 'draw_unsatisfiable');
  cc.match(r.json.error.fields?.[0]?.detail ?? '', /6[^]*5/, `draw_unsatisfiable: the field detail gives the places (6) and the candidates (5): ${show(r)}`);
  const g = await getGroup(office, big.id);
  assert.deepEqual(g.draws, [], 'no draw recorded');
  assert.deepEqual(g.experts, [], 'nobody invited');
  assert.equal(g.status, 'drawing');
  assertError(await get(office, '/draws/999999'), 404, 'not_found');

  // A group of three at the public institution. expert12 is made inactive and a new environmental expert
  // starts a term only in 2023: both are excluded, five candidates remain. Two draws at once fill it once.
  const e12 = ctx.byId[ctx.id.expert12];
  const { name, families, title, unit_name, unit_credit_code, term_start, term_end } = e12;
  const inactive = ok(await put(office, `/experts/${e12.id}`, { name, families, title, unit_name, unit_credit_code, term_start, term_end, active: false }), 'deactivate expert12');
  assert.equal(inactive.active, false);
  const future = ok(await post(office, '/experts', { name: '未来专家', id_number: residentId('330402', '19750505'), families: ['environmental'], title: 'senior',
    unit_name: '嘉兴市环境监测中心', unit_credit_code: creditCode('12330400MC'), term_start: '2023-01-01', term_end: '2025-12-31' }), 'an expert from 2023', 201);
  assert.equal(future.in_term, false);
  const small = await createGroup(office, [y.app.id], { name: '小组' });
  const both = await Promise.all([post(office, `/review-groups/${small.id}/draw`, {}), post(office, `/review-groups/${small.id}/draw`, {})]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], `two draws at once: ${both.map(show).join('\n')}`);
  assertRefusal(both.find((r) => r.status === 409), 409, 'group_full', 'the second of two draws at once');
  const { draw: d, group } = both.find((r) => r.status === 200).json;
  assert.deepEqual(d.candidates.map((id) => ctx.loginOf[id]).sort(), ENVIRONMENTAL.filter((l) => l !== 'expert12'), JSON.stringify(d));
  const why = Object.fromEntries(d.excluded.map((e) => [e.expert_id, e.reasons]));
  assert.ok(why[e12.id]?.includes('inactive'), `expert12 excluded as inactive: ${JSON.stringify(why[e12.id])}`);
  assert.ok(why[future.id]?.includes('term'), `the 2023 expert excluded for the term: ${JSON.stringify(why[future.id])}`);
  assertReplayable(d);
  assert.equal(group.experts.length, 3);
  assert.equal((await getGroup(office, small.id)).experts.length, 3, 'three invited, not six');
  assertRefusal(await post(office, `/review-groups/${small.id}/draw`, {}), 409, 'group_full', 'every place invited');
  for (const e of group.experts) ok(await post(await ctx.expert(e.expert_id), `/review-groups/${small.id}/respond`, { accept: true }), 'confirm');
  const full = await getGroup(office, small.id);
  assert.equal(full.status, 'reviewing');
  assertRefusal(await post(office, `/review-groups/${small.id}/draw`, {}), 409, 'group_full');
  assert.equal((await getGroup(office, small.id)).draws.length, 1);
  cc.done();
}));

test('experts at work: scope, no contact details, reviews, and withdrawal (回避) with a replacement', () => withServer(async (server) => {
  const [x] = await acceptedApplications(server, [{ unit: 'institution', specialty: 'environmental_engineering', name: '邵可馨' }]);
  const ctx = await reviewContext(server);
  const { office } = ctx;
  const cc = contractChecks();
  const id = x.app.id;
  const mobile = x.mobile;
  assert.match(mobile, MOBILE);
  const group = await createGroup(office, [id], { name: '环境保护专业评议组' });
  const { draw: d } = await draw(office, group.id);
  const [w, e1, e2] = await Promise.all(d.picked.map((eid) => ctx.expert(eid)));
  const outsider = await ctx.expert(ENVIRONMENTAL.find((l) => !d.picked.includes(ctx.id[l])));
  const stranger = await ctx.expert('expert02');

  // Invited but not confirmed: the group is listed, its applications are not, the application is hidden.
  const invited = ok(await get(w, '/expert/assignments'), 'assignments');
  const listed = invited.groups.find((g) => g.group_id === group.id);
  assert.ok(listed, JSON.stringify(invited));
  assert.ok(['invited', 'drawing'].includes(listed.status), `the invitation (or the group) status: ${listed.status}`);
  assert.deepEqual(listed.applications, [], 'applications are listed only once the expert has confirmed');
  assertError(await get(w, `/expert/applications/${id}`), 404, 'not_found');
  for (const c of [w, e1, e2]) ok(await post(c, `/review-groups/${group.id}/respond`, { accept: true }), 'confirm');

  // Not in the group: 404, nothing listed.
  for (const c of [outsider, stranger]) {
    assertError(await get(c, `/expert/applications/${id}`), 404, 'not_found');
    assertError(await put(c, `/expert/applications/${id}/review`, REVIEW), 404, 'not_found');
    const a = ok(await get(c, '/expert/assignments'), 'assignments');
    assert.ok(!JSON.stringify(a.groups).includes(x.app.number), JSON.stringify(a));
  }

  // A confirmed expert's view: the application and its snapshot, without the applicant's mobile or any contact.
  const view = ok(await get(w, `/expert/applications/${id}`), 'expert view');
  assert.equal(view.id, id);
  assert.equal(view.number, x.app.number);
  assert.equal(view.level_name, '工程师');
  assert.equal(view.specialty_name, '环境工程');
  assert.equal(view.group_id, group.id);
  assert.equal(view.my_review, null);
  assert.ok(view.snapshot && typeof view.snapshot === 'object', JSON.stringify(view).slice(0, 300));
  const text = JSON.stringify(view);
  assert.ok(!text.includes(mobile), `the applicant's mobile ${mobile} is in the expert's view`);
  assert.doesNotMatch(text, /mobile/i, 'no mobile field in the expert\'s view');
  assert.doesNotMatch(text, MOBILE, 'no mobile number at all in the expert\'s view');
  assert.ok(!text.includes('13857300002'), 'nor the unit contact\'s mobile');
  // The workflow's own route gives an expert nothing more.
  const raw = await get(w, `/applications/${id}`);
  if (raw.status === 200) assert.ok(!JSON.stringify(raw.json).includes(mobile), 'GET /applications/{id} as expert has no mobile');
  else assert.ok([403, 404].includes(raw.status), show(raw));
  // The evidence of the snapshot: the confirmed expert may download it (docs/workflow.md "Files": anyone who may
  // see an application that links the file), an expert outside the group may not.
  const fileIds = JSON.stringify(view.snapshot).match(/"files":\[\{"id":(\d+)/);
  assert.ok(fileIds, 'the snapshot lists the evidence files');
  const evidence = await get(w, `/files/${fileIds[1]}`);
  cc.equal(evidence.status, 200, `a confirmed expert downloads the evidence: ${show(evidence)}`);
  const notYours = await get(stranger, `/files/${fileIds[1]}`);
  assert.ok([403, 404].includes(notYours.status), `an expert outside the group downloads the evidence: ${show(notYours)}`);
  const assignments = ok(await get(w, '/expert/assignments'), 'assignments');
  const mine = assignments.groups.find((g) => g.group_id === group.id);
  assert.deepEqual(mine.applications.map((a) => [a.id, a.number, a.my_review]), [[id, x.app.number, null]]);
  assert.ok(!JSON.stringify(assignments).includes(mobile));

  // Reviews: the choices are checked, saved, shown to the expert and the office.
  const bad = await put(w, `/expert/applications/${id}/review`, { recommendation: 'excellent', conformity: 'conforms', comments: '好' });
  assertRefusal(bad, 422, undefined, 'unknown recommendation');
  const saved = await review(w, id, { recommendation: 'general', conformity: 'basically', comments: '业绩材料基本完整。' });
  const expected = { recommendation: 'general', conformity: 'basically', comments: '业绩材料基本完整。' };
  cc.equal(pick(saved.my_review), expected, `PUT review answers the expert's view with the review: ${JSON.stringify(saved).slice(0, 200)}`);
  assert.deepEqual(pick(ok(await get(w, `/expert/applications/${id}`), 'view').my_review), expected);
  const listedReview = ok(await get(w, '/expert/assignments'), 'assignments').groups.find((z) => z.group_id === group.id).applications[0].my_review;
  assert.deepEqual(pick(listedReview), expected);
  await review(e1, id);
  let g = await getGroup(office, group.id);
  let a = g.applications.find((z) => z.id === id);
  assert.equal(a.reviews.length, 2);
  assert.equal(a.review_complete, false);
  const wr = a.reviews.find((z) => ctx.loginOf[z.expert_id] === w.user.login);
  assert.equal(wr.recommendation, 'general');
  assert.ok(wr.expert_name && wr.at, JSON.stringify(wr));

  // Withdrawal (回避): needs a reason; the expert leaves, the review is discarded, the place is redrawn.
  assertRefusal(await post(w, `/expert/applications/${id}/withdraw`, {}), 422, undefined, 'withdraw without a reason');
  ok(await post(w, `/expert/applications/${id}/withdraw`, { reason: '与申报人系大学同学' }), 'withdraw');
  g = await getGroup(office, group.id);
  const wid = ctx.id[w.user.login];
  assert.equal(g.experts.find((z) => z.expert_id === wid).status, 'withdrawn');
  a = g.applications.find((z) => z.id === id);
  assert.deepEqual(a.reviews.map((z) => z.expert_id).sort(), [ctx.id[e1.user.login]], 'the withdrawn expert\'s review is discarded');
  assert.equal(g.draws.length, 2);
  const redraw = g.draws[1];
  assert.equal(redraw.reason, 'withdrawn');
  assert.equal(redraw.places, 1);
  assert.equal(redraw.picked.length, 1);
  assert.ok(!redraw.candidates.includes(wid), 'the withdrawn expert is not a candidate again');
  assert.ok(redraw.excluded.some((z) => z.expert_id === wid), JSON.stringify(redraw.excluded));
  assertReplayable(redraw);
  const [replacement] = redraw.picked;
  assert.equal(g.experts.find((z) => z.expert_id === replacement).status, 'invited');
  assertError(await get(w, `/expert/applications/${id}`), 404, 'not_found');
  // The applicant joins the expert's declared relations (masked).
  const pool = itemsOf(ok(await get(office, '/experts'), 'experts'));
  const rel = pool.find((z) => z.id === wid).relations;
  assert.ok(rel.some((z) => z.name === '邵可馨'), JSON.stringify(rel));
  assert.ok(!JSON.stringify(rel).includes(x.applicant.user.login), 'relations are masked');
  for (const e of pool) {
    for (const v of [e.id_number_masked, ...e.relations.map((z) => z.id_number_masked)]) assert.doesNotMatch(v, ID_NUMBER, `masked: ${v}`);
  }

  // The replacement confirms and reviews; the group is complete.
  const r = await ctx.expert(replacement);
  ok(await post(r, `/review-groups/${group.id}/respond`, { accept: true }), 'replacement confirms');
  await review(e2, id);
  await review(r, id, { recommendation: 'not', conformity: 'not', comments: '业绩不足。' });
  g = await getGroup(office, group.id);
  assert.equal(g.status, 'reviewing');
  a = g.applications.find((z) => z.id === id);
  assert.equal(a.review_complete, true);
  assert.equal(a.reviews.length, 3);
  assert.equal((await getApp(office, id)).state, 'accepted', 'reviews do not change the state');
  cc.done();
}));

const pick = (o) => o && { recommendation: o.recommendation, conformity: o.conformity, comments: o.comments };
