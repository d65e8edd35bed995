// Issue 16 (abuse) and 17 (messages that help): one account's uploads together stay within
// `serve --storage-quota-mb`, and a refused upload says how much is used and what the limit is; a file over
// its slot's size names the slot's limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { setClock, login, newApplicant, approvedArchive, createApplication, upload, getApp, show, UNITS, assertInvariants } from '../lib/workflow.mjs';

const pdfOf = (bytes) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes - 9, 0x20)]);

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
