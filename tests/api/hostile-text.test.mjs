// Issue 16, "valid text everywhere": hostile file names and texts go through upload, the archive, submission,
// both printed forms and the exports without an error answer; what is stored is valid UTF-8 with no
// bidirectional override; bytes that are not UTF-8 are refused at the boundary (query and path) with a clear
// 4xx, never a 5xx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withServer, login, get, show, newApplicant, approvedArchive, makeArchive, createApplication, upload, uploadRequired,
  pledge, act, setClock, UNITS, assertInvariants,
} from '../lib/workflow.mjs';
import { pdfText } from '../lib/pdf.mjs';

const A = '/api/v1';
const RLO = '\u202e';
const LONG = '嘉兴市某某化工有限公司年产十万吨精细化工中间体项目工艺设计及安全评价报告附件一至附件十二扫描件合订本最终版本'; // 58 characters, 174 bytes
const NAMES = [
  `${LONG}${LONG}.pdf`, // over 200 bytes: cut at a character boundary, the extension kept
  '业绩证明.pdf.bat', // never an extension that runs something
  `${RLO}fdp.exe`, // a right-to-left override hiding .exe
  'a/b\\c"d.pdf', // separators and quotes
  '😀𝌆 证明（终稿）.pdf', // four-byte characters
  'e\u0301\u200d组合.pdf', // combining mark and zero-width joiner
];
const TEXT = `项目${RLO}名称 😀𝌆 e\u0301 “引号” <script>&amp;`;

const isWellFormed = (s) => typeof s === 'string' && !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

test('hostile file names and texts pass upload, submission, both forms and the exports; stored names are clean', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server, '韩梅梅');
  const items = makeArchive();
  items.push({ kind: 'achievement', file_ids: [], data: { type: 'project', title: TEXT, date: '2021-06-30', role: `负责人${RLO}` } });
  await approvedArchive(applicant, unit, items);
  const draft = await createApplication(applicant);
  for (const name of NAMES) {
    const r = await upload(applicant, draft.id, 'achievements', undefined, name);
    assert.equal(r.status, 201, `${name}: ${show(r)}`);
    const stored = r.json.name;
    assert.ok(isWellFormed(stored), `${name} → ${stored}`);
    assert.ok(!stored.includes(RLO), `no override: ${stored}`);
    assert.ok(!/[/\\"]/.test(stored), `no separators: ${stored}`);
    assert.ok(Buffer.byteLength(stored) <= 200, `at most 200 bytes: ${Buffer.byteLength(stored)}`);
    assert.match(stored, /\.pdf$/, `a PDF keeps or gets .pdf: ${stored}`);
  }
  // Bytes that are not UTF-8 in the name: refused, naming the parameter; nothing stored.
  const before = (await get(applicant, `/applications/${draft.id}`)).json.slots.find((s) => s.code === 'achievements').files.length;
  const broken = await applicant.request('POST', `${A}/applications/${draft.id}/evidence/achievements?name=%FF%FE.pdf`, {
    body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(broken.status, 422, show(broken));
  assert.deepEqual(broken.json.error.fields.map((f) => [f.field, f.code, f.reason]), [['name', 'invalid_format', 'invalid_utf8']]);
  assert.match(broken.json.error.fields[0].message, /UTF-8/);
  assert.equal((await get(applicant, `/applications/${draft.id}`)).json.slots.find((s) => s.code === 'achievements').files.length, before, 'nothing stored');

  await uploadRequired(applicant, draft.id);
  await pledge(applicant, draft.id);
  const submitted = await act(applicant, draft.id, 'submit', {}, 'submitted');
  const names = submitted.snapshot.data.slots.flatMap((s) => s.files.map((f) => f.name));
  assert.ok(names.length >= NAMES.length && names.every(isWellFormed), JSON.stringify(names));

  // Both printed forms and the unit's list export answer 200 with the texts in them.
  const form = await get(unit, `/applications/${draft.id}/review-form.pdf`);
  assert.equal(form.status, 200, show(form));
  const text = pdfText(form.bytes).replace(/\s+/g, '');
  assert.ok(text.includes('业绩证明'), 'the material list prints the names');
  const pub = await get(unit, `/applications/${draft.id}/publicity-form.pdf`);
  assert.equal(pub.status, 200, show(pub));
  for (const path of ['/queue.xlsx', '/unit/archives.xlsx']) {
    const x = await get(unit, path);
    assert.equal(x.status, 200, `${path}: ${show(x)}`);
  }
  const admin = await login(server, 'admin');
  const audit = await get(admin, '/audit.xlsx');
  assert.equal(audit.status, 200, show(audit));
  assertInvariants(server);
}));

test('a query or path value that is not UTF-8 is a clear 4xx on every kind of route, never a 5xx', () => withServer(async (server) => {
  await setClock(server, '2022-08-25T09:00:00+08:00');
  const unit = await login(server, UNITS.county);
  const q = await unit.request('GET', `${A}/queue?q=%C3%28`);
  assert.equal(q.status, 422, show(q));
  assert.equal(q.json.error.fields[0].field, 'q');
  assert.equal(q.json.error.fields[0].reason, 'invalid_utf8');
  const path = await unit.request('GET', `${A}/applications/%FF`);
  assert.equal(path.status, 404, show(path));
  const pub = await unit.request('GET', `${A}/public/certificates/verify?code=%ED%A0%80`); // an encoded surrogate
  assert.ok([404, 422].includes(pub.status), show(pub));
}));
