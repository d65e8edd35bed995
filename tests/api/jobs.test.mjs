// Timed jobs on two nodes (docs/operations.md): the end of a unit's publicity and the deadline reminders run
// once, whichever node claims them (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  assertInvariants, setClock, login, UNITS, submittedApplication, startPublicity, createApplication, approvedArchive,
  newApplicant, notifications, sqlite,
} from '../lib/workflow.mjs';

// The nodes start inside the campaign: a job planned for 2022 would otherwise be found late at start (2026).
const FAST = ['--test-clock', '--clock-start', '2022-08-20T09:00:00+08:00', '--job-interval-ms', '100'];

// Generous: on a loaded CI machine two ASan nodes may tick late.
async function eventually(what, fn, ms = 30000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('timed jobs: a publicity end and a deadline reminder each reach their people once with two nodes running', async () => {
  const a = await startServer({ args: FAST });
  const b = await startServer({ existing: { dbUrl: a.dbUrl, dataDir: a.dataDir }, args: FAST });
  try {
    const both = async (iso) => { for (const s of [a, b]) await setClock(s, iso); };
    await both('2022-08-20T09:00:00+08:00');
    const unit = await login(a, UNITS.county);
    const { app } = await submittedApplication(a, unit);
    // Someone who has not submitted yet, for the applicant reminder.
    const late = await newApplicant(a);
    await approvedArchive(late, unit);
    await createApplication(late);

    await both('2022-08-22T09:00:00+08:00');
    await startPublicity(unit, app.id, '2022-08-22'); // ends 2022-08-26
    await both('2022-08-25T23:00:00+08:00');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await notifications(unit)).items.filter((n) => n.kind === 'publicity.ended').length, 0, 'not before the day');

    await both('2022-08-26T08:00:01+08:00');
    // An empty list is not the notice: wait until one is there.
    const ended = await eventually('the publicity-ended notice', async () => {
      const found = (await notifications(unit)).items.filter((n) => n.kind === 'publicity.ended');
      return found.length > 0 ? found : null;
    });
    assert.match(ended[0].text ?? ended[0].text_zh ?? JSON.stringify(ended[0]), new RegExp(`${app.number}.*今日起可`));

    // 3 days before the applicant deadline (2022-08-31), 09:00: the draft's owner is reminded.
    await both('2022-08-28T09:00:01+08:00');
    await eventually('the deadline reminder', async () =>
      (await notifications(late)).items.some((n) => n.kind === 'deadline.reminder'));
    await new Promise((r) => setTimeout(r, 600)); // both nodes ticked several times since
    assert.equal((await notifications(unit)).items.filter((n) => n.kind === 'publicity.ended').length, 1, 'once, not once per node');
    const reminders = (await notifications(late)).items.filter((n) => n.kind === 'deadline.reminder');
    assert.equal(reminders.length, 1, 'one reminder, not one per node');
    assert.match(JSON.stringify(reminders[0]), /2022-08-31/);

    const rows = sqlite(a, "SELECT kind, status, claimed_by FROM jobs WHERE status = 'done' ORDER BY id").trim().split('\n');
    assert.ok(rows.some((r) => r.startsWith('publicity.ended|done|')), rows.join('\n'));
    assert.ok(rows.some((r) => r.startsWith('deadline.reminder|done|')), rows.join('\n'));
    assertInvariants(a);
  } catch (e) {
    // The nodes' logs say which one claimed what, and whether a tick failed.
    e.message += `\n--- node a:\n${a.log().slice(-3000)}\n--- node b:\n${b.log().slice(-3000)}`;
    throw e;
  } finally {
    await b.stop();
    await a.stop();
  }
});
