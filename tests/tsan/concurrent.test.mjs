// A short concurrent run against the server built with ThreadSanitizer (scripts/tsan.sh sets ZHICHENG_BIN):
// applicants register, sign in (the hashing pool), save archives and submit applications while the unit
// reviews, others read queues, dashboards and notifications, and the timed-jobs thread ticks — every kind of
// thread the server has, at once. Any data race makes TSan report and stop the server (halt_on_error), which
// fails the requests and the log check below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { UNITS, login, setClock, submittedApplication, show } from '../lib/workflow.mjs';

test('concurrent applicants, reviewers and timed jobs: no data race', { timeout: 600000 }, async () => {
  const server = await startServer({ demo: true, args: ['--test-clock', '--workers', '4', '--job-interval-ms', '200'] });
  try {
    await setClock(server, '2022-08-20T09:00:00+08:00');
    const unit = await login(server, UNITS.county);
    const county = await login(server, 'ap330402');
    const admin = await login(server, 'admin');
    const readers = async () => {
      for (let i = 0; i < 5; i++) {
        for (const [c, path] of [[unit, '/api/v1/queue'], [county, '/api/v1/stats'], [admin, '/api/v1/stats'], [unit, '/api/v1/notifications'], [admin, '/api/v1/audit']]) {
          const r = await c.get(path);
          assert.equal(r.status, 200, `${path}: ${show(r)}`);
        }
      }
    };
    const apps = await Promise.all([
      submittedApplication(server, unit),
      submittedApplication(server, unit),
      submittedApplication(server, unit),
      readers(),
      readers(),
    ]);
    const submitted = apps.slice(0, 3).map((a) => a.app);
    // The unit returns two at once while a third is read and the county's dashboard is counted.
    const results = await Promise.all([
      unit.post(`/api/v1/applications/${submitted[0].id}/actions/return`, { version: submitted[0].version, reason: '请补充材料', items: [{ item: 'achievements', reason: '补充业绩材料' }] }),
      unit.post(`/api/v1/applications/${submitted[1].id}/actions/return`, { version: submitted[1].version, reason: '请补充材料', items: [{ item: 'achievements', reason: '补充业绩材料' }] }),
      unit.get(`/api/v1/applications/${submitted[2].id}`),
      county.get('/api/v1/stats'),
    ]);
    for (const r of results) assert.equal(r.status, 200, show(r));
  } finally {
    await server.stop();
  }
  assert.doesNotMatch(server.log(), /ThreadSanitizer/, `TSan report:\n${server.log().slice(-6000)}`);
});
