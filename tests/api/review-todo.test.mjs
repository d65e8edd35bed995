// The home page's 评审待办 (docs/review.md "Home page"): what the review waits for from each person, counted
// by the server for the caller only, and gone once it is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, get, post, put } from '../lib/workflow.mjs';
import { acceptedApplications, reviewContext, createGroup, draw, ok, itemsOf } from '../lib/review.mjs';

const todo = async (c) => {
  const r = ok(await get(c, '/review/todo'), 'todo');
  return Object.fromEntries(itemsOf(r).map((i) => [i.kind, i]));
};

test('review to-do: intake and grouping for the office, the invitation and then the review for the drawn expert only', () => withServer(async (server) => {
  const [received, accepted] = await acceptedApplications(server, [{ until: 'received' }, {}]);
  const ctx = await reviewContext(server);
  let office = await todo(ctx.office);
  assert.equal(office.intake?.count, 1, `one received application: ${JSON.stringify(office)}`);
  assert.match(office.intake.text, /形式审查/);
  assert.equal(office.intake.link, '/queue?state=received');
  assert.equal(office.grouping?.count, 1, 'one accepted application in no group');
  assert.ok(received.app.id);

  const group = await createGroup(ctx.office, [accepted.app.id]);
  const { draw: d } = await draw(ctx.office, group.id);
  office = await todo(ctx.office);
  assert.equal(office.grouping, undefined, 'grouped');
  assert.equal(office.draw, undefined, 'every place is filled by the draw');

  const drawn = d.picked[0];
  const expert = await ctx.expert(drawn);
  let mine = await todo(expert);
  assert.equal(mine.invitations?.count, 1, `the drawn expert is invited: ${JSON.stringify(mine)}`);
  assert.equal(mine.invitations.link, '/expert');
  const bystander = await ctx.expert(ctx.experts.find((e) => e.login && !d.picked.includes(e.id)).id);
  assert.deepEqual(await todo(bystander), {}, 'an expert who was not drawn has nothing to do');

  ok(await post(expert, `/review-groups/${group.id}/respond`, { accept: true }), 'confirm');
  mine = await todo(expert);
  assert.equal(mine.invitations, undefined);
  assert.equal(mine.reviews?.count, 1, 'one application to review');
  ok(await put(expert, `/expert/applications/${accepted.app.id}/review`, { recommendation: 'key', conformity: 'conforms', comments: '好' }), 'review');
  assert.equal((await todo(expert)).reviews, undefined, 'reviewed');

  // The same list in English for an English page.
  const en = await ctx.office.get('/api/v1/review/todo', { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.status, 200);
  assert.match(itemsOf(en.json).find((i) => i.kind === 'intake').text, /formal review/);
}));
