// Issue 16 (abuse) and 17 (messages that help): one account's uploads together stay within
// `serve --storage-quota-mb`, and a refused upload says how much is used and what the limit is; a file over
// its slot's size names the slot's limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { setClock, login, newApplicant, approvedArchive, createApplication, upload, getApp, show, UNITS, assertInvariants, uploadRequired, pledge, act, auditEntries, makeArchive } from '../lib/workflow.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bin } from '../lib/server.mjs';

const pdfOf = (bytes, fill = ' ') => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes - 9, fill)]);

test('uploads stop at the account\'s storage quota with the amounts named; a file over its slot\'s limit names the limit', async () => {
  const server = await startServer({ args: ['--test-clock', '--storage-quota-mb', '1'] });
  try {
    await setClock(server, '2022-08-20T09:00:00+08:00');
    const unit = await login(server, UNITS.county);
    const applicant = await newApplicant(server);
    await approvedArchive(applicant, unit);
    const draft = await createApplication(applicant);
    for (const name of ['业绩一.pdf', '业绩二.pdf']) {
      const r = await upload(applicant, draft.id, 'achievements', pdfOf(400 * 1024), name);
      assert.equal(r.status, 201, show(r));
    }
    const over = await upload(applicant, draft.id, 'achievements', pdfOf(400 * 1024), '业绩三.pdf');
    assert.equal(over.status, 413, show(over));
    assert.equal(over.json.error.code, 'storage_quota_exceeded');
    const detail = over.json.error.fields.find((f) => f.field === 'file')?.detail ?? '';
    assert.match(detail, /已上传 0\.8 MB/, detail);
    assert.match(detail, /不超过 1 MB/, detail);
    assert.equal((await getApp(applicant, draft.id)).slots.find((s) => s.code === 'achievements').files.length, 2, 'nothing stored');
    // Another account has a quota of its own.
    const other = await newApplicant(server);
    await approvedArchive(other, unit);
    const theirs = await createApplication(other);
    assert.equal((await upload(other, theirs.id, 'achievements', pdfOf(400 * 1024), 'a.pdf')).status, 201);
    // A file over its slot's limit (the identity card: 5 MB) says so.
    const big = await upload(other, theirs.id, 'id_card', pdfOf(6 * 1024 * 1024), '身份证.pdf');
    assert.equal(big.status, 413, show(big));
    assert.equal(big.json.error.code, 'payload_too_large');
    // (The server refuses it from its Content-Length, before the body is read.)
    assert.match(big.json.error.fields.find((f) => ['file', 'body'].includes(f.field))?.detail ?? '', /每个文件不超过 5 MB/, show(big));
    assertInvariants(server);
  } finally {
    await server.stop();
  }
});

// Issue 16: "garbage collection of unlinked and deleted blobs that counts every reference".
test('gc-files deletes what nothing refers to (an unattached upload, evidence removed before any submission, stray bytes), keeps what an archive, a slot or a snapshot names, and frees the quota', async () => {
  const server = await startServer({ args: ['--test-clock', '--storage-quota-mb', '1'] });
  const gc = (...args) => spawnSync(bin, ['gc-files', '--db', server.dbUrl, '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const download = (c, id) => c.request('GET', `/api/v1/files/${id}`);
  const archiveUpload = (c, bytes, name) => c.request('POST', `/api/v1/archive/files?name=${encodeURIComponent(name)}`,
    { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  try {
    await setClock(server, '2022-08-20T09:00:00+08:00');
    const unit = await login(server, UNITS.county);
    const applicant = await newApplicant(server);
    await approvedArchive(applicant, unit);
    const draft = await createApplication(applicant);
    // An archive upload never attached, and the same bytes uploaded by someone else into a slot of theirs.
    const looseBytes = pdfOf(300 * 1024, 'a');
    const loose = await archiveUpload(applicant, looseBytes, '未使用.pdf');
    assert.equal(loose.status, 201, show(loose));
    const other = await newApplicant(server);
    await approvedArchive(other, unit);
    const theirs = await createApplication(other);
    const shared = await upload(other, theirs.id, 'achievements', looseBytes, '同一文件.pdf');
    assert.equal(shared.status, 201, show(shared));
    // Evidence put in a slot and removed before anything was submitted.
    const dropped = await upload(applicant, draft.id, 'achievements', pdfOf(300 * 1024, 'b'), '放错了.pdf');
    assert.equal(dropped.status, 201, show(dropped));
    assert.equal((await applicant.request('DELETE', `/api/v1/applications/${draft.id}/evidence/achievements/${dropped.json.id}`)).status, 204);
    // What is submitted stays: its snapshot names it.
    const submitted = await uploadRequired(applicant, draft.id);
    await pledge(applicant, draft.id);
    const app = await act(applicant, draft.id, 'submit', {}, 'submitted');
    const kept = submitted.slots.flatMap((s) => s.files.map((f) => f.id));
    assert.ok(kept.length > 0);
    // 0.6 MB of the 1 MB quota are used by files nothing needs: a 0.5 MB upload is refused.
    const before = await archiveUpload(applicant, pdfOf(500 * 1024, 'c'), '新业绩.pdf');
    assert.equal(before.status, 413, show(before));
    // Bytes on disk the database never knew (an upload whose transaction failed), from long ago.
    const stray = join(server.dataDir, 'blobs', 'ee', 'ee'.padEnd(64, '0'));
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, 'left over');
    utimesSync(stray, new Date('2022-01-01'), new Date('2022-01-01'));

    const dry = gc('--dry-run', '--grace-hours', '0');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would delete 2 files/, dry.stdout);
    assert.equal((await download(applicant, loose.json.id)).status, 200, 'a dry run deletes nothing');

    const done = gc('--grace-hours', '0');
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /deleted 2 files \(614400 bytes of quota\), 1 blobs .*, 1 stray files/, done.stdout);
    assert.equal((await download(applicant, loose.json.id)).status, 404, 'the unattached upload is gone');
    assert.equal((await download(applicant, dropped.json.id)).status, 404, 'the removed evidence is gone');
    const same = await download(other, shared.json.id);
    assert.equal(same.status, 200, 'a blob another file uses stays');
    assert.equal(Buffer.compare(same.bytes, looseBytes), 0, 'with its bytes');
    for (const id of kept) assert.equal((await download(unit, id)).status, 200, `the unit still reads submitted file ${id}`);
    assert.equal(existsSync(stray), false, 'the stray bytes are gone');
    const audit = await auditEntries(server, '&action=files.collect');
    assert.equal(audit.length, 1);
    assert.match(audit[0].summary, /删除无引用的文件 2 个/);
    // The quota counts what is left.
    const after = await archiveUpload(applicant, pdfOf(500 * 1024, 'c'), '新业绩.pdf');
    assert.equal(after.status, 201, show(after));
    // A second run within the grace period leaves that fresh, still unattached upload alone.
    assert.match(gc().stdout, /deleted 0 files/);
    assert.equal((await download(applicant, after.json.id)).status, 200);
    assertInvariants(server);
  } finally {
    await server.stop();
  }
});

test('evidence reuse: a file of the archive goes into a slot without a second upload; the quota counts it once, removing it from the slot keeps it in the archive, another applicant\'s file is not found', async () => {
  const server = await startServer({ args: ['--test-clock', '--storage-quota-mb', '1'] });
  try {
    await setClock(server, '2022-08-20T09:00:00+08:00');
    const unit = await login(server, UNITS.county);
    const applicant = await newApplicant(server);
    const uploadArchiveFile = async (c, name, bytes) => {
      const r = await c.request('POST', `/api/v1/archive/files?name=${encodeURIComponent(name)}`, {
        body: pdfOf(bytes), headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(r.status, 201, show(r));
      return r.json;
    };
    const diploma = await uploadArchiveFile(applicant, '毕业证书.pdf', 600 * 1024);
    const items = makeArchive();
    items[0].file_ids = [diploma.id];
    await approvedArchive(applicant, unit, items);
    const draft = await createApplication(applicant);
    const attach = (c, slot, body) => c.request('POST', `/api/v1/applications/${draft.id}/evidence/${slot}/attach`, { json: body });

    // 600 kB of a 1 MB quota are used: uploading the diploma again would not fit, attaching it does.
    assert.equal((await upload(applicant, draft.id, 'education_certificate', pdfOf(600 * 1024), '毕业证书.pdf')).status, 413);
    const attached = await attach(applicant, 'education_certificate', { file_id: diploma.id });
    assert.equal(attached.status, 200, show(attached));
    assert.equal(attached.json.id, diploma.id);
    assert.equal(attached.json.name, '毕业证书.pdf');
    // Twice is once.
    assert.equal((await attach(applicant, 'education_certificate', { file_id: diploma.id })).status, 200);
    let app = await getApp(applicant, draft.id);
    assert.deepEqual(app.slots.find((s) => s.code === 'education_certificate').files.map((f) => f.id), [diploma.id]);
    // A second slot may hold the same file too; a slot that is full says so.
    assert.equal((await attach(applicant, 'title_certificate', { file_id: diploma.id })).status, 200);
    const small = await upload(applicant, draft.id, 'id_card', pdfOf(10 * 1024), '身份证.pdf');
    assert.equal(small.status, 201, show(small));
    const full = await attach(applicant, 'id_card', { file_id: diploma.id });
    assert.equal(full.json.error.code, 'slot_full', show(full));

    // Someone else's file, an unknown one, a missing or mistyped id: not found or named.
    const other = await newApplicant(server);
    const theirs = await uploadArchiveFile(other, '他人证书.pdf', 10 * 1024);
    for (const fileId of [theirs.id, 99999999]) {
      const r = await attach(applicant, 'achievements', { file_id: fileId });
      assert.equal(r.status, 404, show(r));
      assert.deepEqual(r.json.error.fields.map((f) => f.field), ['file_id']);
    }
    const missing = await attach(applicant, 'achievements', {});
    assert.equal(missing.status, 422, show(missing));
    assert.deepEqual(missing.json.error.fields.map((f) => [f.field, f.code]), [['file_id', 'required']]);
    assert.equal((await attach(applicant, 'no_such_slot', { file_id: diploma.id })).status, 404);

    // Out of the slot, the file stays in the archive and can still be read.
    const removed = await applicant.request('DELETE', `/api/v1/applications/${draft.id}/evidence/title_certificate/${diploma.id}`);
    assert.equal(removed.status, 204, show(removed));
    app = await getApp(applicant, draft.id);
    assert.equal(app.slots.find((s) => s.code === 'title_certificate').files.length, 0);
    const archive = (await applicant.get('/api/v1/archive')).json;
    assert.deepEqual(archive.items.find((i) => i.kind === 'education').files.map((f) => f.id), [diploma.id]);
    assert.equal((await applicant.request('GET', `/api/v1/files/${diploma.id}`)).status, 200);
    // Each attachment is audited.
    const audit = await auditEntries(server, '&action=application.evidence.attach');
    assert.equal(audit.filter((e) => e.object_id === String(draft.id)).length, 2, JSON.stringify(audit));
  } finally {
    await server.stop();
  }
});
