// Issue 18 ("nothing is lost"): the archive's unsent edits are saved to the server as a working copy on every
// change of an item (PUT /archive/working-copy), read back with the archive, kept by the file clean-up, and
// dropped when the archive is saved or the applicant discards them. An approved archive stays approved and in
// force while the edits wait; only the applicant sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bin, startServer } from '../lib/server.mjs';
import {
  UNITS, setClock, login, newApplicant, approvedArchive, makeArchive, getArchive, createApplication, get, put, del,
  show, assertError, tinyPdf, assertInvariants,
} from '../lib/workflow.mjs';

const archiveUpload = (c, name) => c.request('POST', `/api/v1/archive/files?name=${encodeURIComponent(name)}`,
  { body: tinyPdf, headers: { 'Content-Type': 'application/octet-stream' } });

test('the working copy keeps unsent edits while the approved archive stays in force; saving or discarding ends it', async () => {
  const server = await startServer({ args: ['--test-clock'] });
  try {
    await setClock(server, '2022-08-20T09:00:00+08:00');
    const unit = await login(server, UNITS.county);
    const applicant = await newApplicant(server);
    const approved = await approvedArchive(applicant, unit);
    assert.equal(approved.working_copy, undefined, 'no edits yet');

    // An award with its certificate, added on the archive page: saved as the working copy only.
    const cert = await archiveUpload(applicant, '获奖证书.pdf');
    assert.equal(cert.status, 201, show(cert));
    const edited = [...approved.items.map((i) => ({ id: i.id, kind: i.kind, data: i.data, file_ids: [] })),
      { kind: 'award', data: { code: 'zj_technical_expert' }, file_ids: [cert.json.id] }];
    const body = { version: approved.version, unit_credit_code: UNITS.county, items: edited };
    const saved = await put(applicant, '/archive/working-copy', body);
    assert.equal(saved.status, 200, show(saved));
    assert.equal(saved.json.base_version, approved.version);
    assert.equal(saved.json.items.length, approved.items.length + 1);
    assert.deepEqual(saved.json.items.at(-1).files.map((f) => [f.id, f.name]), [[cert.json.id, '获奖证书.pdf']]);
    assert.match(saved.json.saved_at, /^2022-08-20T09:00/);

    // The archive itself is untouched: still approved, so an application can be made on it.
    const read = await getArchive(applicant);
    assert.equal(read.status, 'approved');
    assert.equal(read.version, approved.version);
    assert.equal(read.items.length, approved.items.length);
    assert.equal(read.working_copy.items.at(-1).kind, 'award');
    assert.equal(read.working_copy.items.at(-1).data.code, 'zj_technical_expert');
    await createApplication(applicant);

    // The unit sees the archive it approved, never the edits.
    const byUnit = await get(unit, `/unit/archives/${applicant.user.id}`);
    assert.equal(byUnit.status, 200, show(byUnit));
    assert.equal(byUnit.json.working_copy, undefined);
    assert.equal(byUnit.json.items.length, approved.items.length);

    // The file clean-up keeps a file only the working copy names.
    const gc = spawnSync(bin, ['gc-files', '--db', server.dbUrl, '--data-dir', server.dataDir, '--grace-hours', '0'], { encoding: 'utf8' });
    assert.equal(gc.status, 0, gc.stderr);
    assert.equal((await applicant.request('GET', `/api/v1/files/${cert.json.id}`)).status, 200, gc.stdout);

    // Shape errors are named together and change nothing: an unknown kind, someone else's file.
    const other = await newApplicant(server);
    const theirs = await archiveUpload(other, '别人的.pdf');
    const bad = await put(applicant, '/archive/working-copy', { ...body, items: [
      { kind: 'hobby', data: {}, file_ids: [] }, { kind: 'award', data: {}, file_ids: [theirs.json.id] }] });
    assertError(bad, 422, 'validation_failed');
    assert.deepEqual(bad.json.error.fields.map((f) => f.field).sort(), ['items[0].kind', 'items[1].file_ids[0]']);
    const badId = await put(applicant, '/archive/working-copy', { ...body, items: [{ id: 'first', kind: 'award', data: {}, file_ids: [] }] });
    assertError(badId, 422, 'validation_failed');
    assert.deepEqual(badId.json.error.fields.map((f) => f.field), ['items[0].id']);
    assert.equal((await getArchive(applicant)).working_copy.items.length, approved.items.length + 1, 'the last good copy stays');
    // Nobody else reads or ends it: another applicant's GET shows their own (none).
    assert.equal((await getArchive(other)).working_copy, undefined);

    // Saving the archive takes the edits in and ends the working copy (the edited archive is sent again).
    const put2 = await put(applicant, '/archive', body);
    assert.equal(put2.status, 200, show(put2));
    assert.equal(put2.json.items.length, approved.items.length + 1);
    assert.equal((await getArchive(applicant)).working_copy, undefined);

    // Discarding: the archive stays as saved.
    assert.equal((await put(applicant, '/archive/working-copy', { ...body, version: put2.json.version, items: makeArchive() })).status, 200);
    assert.equal((await del(applicant, '/archive/working-copy')).status, 204);
    const after = await getArchive(applicant);
    assert.equal(after.working_copy, undefined);
    assert.equal(after.items.length, approved.items.length + 1);
    assert.equal((await del(applicant, '/archive/working-copy')).status, 204, 'discarding nothing is not an error');
    // Only applicants have an archive.
    assert.ok([403, 404].includes((await put(unit, '/archive/working-copy', body)).status));
    assertInvariants(server);
  } finally {
    await server.stop();
  }
});
