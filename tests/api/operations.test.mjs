// Operations (docs/operations.md): `zhicheng backup` while the server runs and `zhicheng restore` into a new
// database give back every application, file and audit row — on SQLite and, in the PostgreSQL run of the
// suite, on PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startServer, freshDatabaseUrl, tinyPdf } from '../lib/server.mjs';
import { withServer, login, UNITS, submittedApplication, getApp, checkInvariants } from '../lib/workflow.mjs';

const run = (args) => spawnSync(bin, args, { encoding: 'utf8' });

test('backup while serving, restore into a new database, and the restored platform has everything', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const { applicant, app } = await submittedApplication(server, unit);
  const fileId = app.slots.find((s) => s.code === 'id_card').files[0].id;

  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-backup-'));
  try {
    const to = join(dir, 'backup');
    const made = run(['backup', '--db', server.dbUrl, '--data-dir', server.dataDir, '--to', to]);
    assert.equal(made.status, 0, made.stdout + made.stderr);
    assert.match(made.stdout, /backed up to/);
    const again = run(['backup', '--db', server.dbUrl, '--data-dir', server.dataDir, '--to', to]);
    assert.equal(again.status, 1, 'a backup never overwrites another');
    assert.match(again.stderr, /already exists/);

    // Restore into a database and data directory of their own.
    const dbUrl = freshDatabaseUrl(dir).replace(/zhicheng\.db$/, 'restored.db');
    const dataDir = join(dir, 'restored-data');
    const restored = run(['restore', '--db', dbUrl, '--data-dir', dataDir, '--from', to]);
    assert.equal(restored.status, 0, restored.stdout + restored.stderr);
    const audit = run(['verify-audit', '--db', dbUrl]);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    const inv = checkInvariants({ dbUrl });
    assert.equal(inv.status, 0, inv.stdout + inv.stderr);

    const copy = await startServer({ existing: { dbUrl, dataDir } });
    try {
      const me = await login(copy, applicant.user.login, 'Passw0rd2022'); // newApplicant's password
      const seen = await getApp(me, app.id);
      assert.equal(seen.number, app.number);
      assert.equal(seen.state, 'submitted');
      assert.equal(seen.snapshot?.sha256, app.snapshot?.sha256, 'the frozen snapshot is the same');
      const file = await me.get(`/api/v1/files/${fileId}`);
      assert.equal(file.status, 200);
      assert.deepEqual(Buffer.from(file.bytes), tinyPdf, 'the uploaded file is back, byte for byte');
    } finally {
      await copy.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}));
