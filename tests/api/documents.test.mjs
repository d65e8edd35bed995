// The review form (《专业技术职务任职资格评审表》, docs/documents.md) as the people who print and check it see
// it: the PDF's text against a golden file (the applicant's data, the evidence list with SHA-256 prefixes, the
// eligibility reasons with their clauses, the pledge, sections 一 … 十三), an attachment with an even page
// count, the watermark (platform, number, name, masked identity number, download time) and the footer on every
// page, the QR code a phone scans and the public check of its verification code, who may download it (the
// scope of GET /applications/{id}), an outdated print after a resubmission, and the check's rate limit.
// The servers start from the workflow demo (tests/lib/workflow.mjs withWorkflowDemo): ZC2022-000001 李晓燕
// submitted, 000002 陈志强 in publicity, 000003 张敏 with the acceptance point of 南湖, 000004 周海峰 (a
// city-level unit under 嘉兴市交通运输局) recommended to the committee.
//
// The text is read with poppler-utils (pdftotext, pdfinfo, pdftoppm) and the QR code with zbar (zbarimg).
//
// Golden file: tests/golden/review-form-ZC2022-000004.txt. After a deliberate change of the form, rewrite it
// with
//   ZHICHENG_UPDATE_GOLDEN=1 node --test tests/api/documents.test.mjs
// and read the diff before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, repoRoot } from '../lib/server.mjs';
import {
  UNITS, withWorkflowDemo, setClock, get, show, assertError, login, newApplicant, approvedArchive,
  createApplication, getApp, act,
} from '../lib/workflow.mjs';
import { sqliteJson } from '../lib/review.mjs';
import { pdfText, pdfInfo, pageTexts, qrCodes } from '../lib/pdf.mjs';

const A = '/api/v1';
const GOLDEN = join(repoRoot, 'tests', 'golden', 'review-form-ZC2022-000004.txt');
const UPDATE_GOLDEN = process.env.ZHICHENG_UPDATE_GOLDEN === '1';

const PLATFORM = '职称申报评审管理服务平台';
const FORM_NAME = '专业技术职务任职资格评审表';
// The demo's people (src/app/demo.cpp); every demo login has the password Demo@2022.
const ZHOU = { login: '330483197906150058', name: '周海峰', masked: '330483***********8', number: 'ZC2022-000004' };
const LI = { login: '330411199207080027', name: '李晓燕', masked: '330411***********7', number: 'ZC2022-000001' };
const ZHANG_NUMBER = 'ZC2022-000003';

// A verification code: 16 characters without look-alikes (no 0, 1, I, O), printed in groups of four.
const CODE = /^[23456789A-HJ-NP-Z]{16}$/;
const GROUPED = /[23456789A-HJ-NP-Z]{4}(?:-[23456789A-HJ-NP-Z]{4}){3}/g;
const grouped = (code) => code.match(/.{4}/g).join('-');
const VERIFY_KEYS = ['kind', 'form_name', 'number', 'form_number', 'applicant_name', 'id_number_masked', 'unit_name',
  'level_name', 'specialty_name', 'submitted_at', 'snapshot_version', 'snapshot_sha256', 'current', 'pages',
  'printed_at'].sort();

const formPath = (id) => `${A}/applications/${id}/review-form.pdf`;
const verify = (server, code) => new Client(server.baseUrl).get(`${A}/public/forms/verify?code=${encodeURIComponent(code)}`);

// The application's id from its number, as the city admin finds it.
async function idOf(server, number) {
  const admin = await login(server, 'admin');
  const r = await get(admin, `/queue?q=${encodeURIComponent(number)}`);
  assert.equal(r.status, 200, `queue ?q=${number}: ${show(r)}`);
  const item = r.json.items.find((i) => i.number === number);
  assert.ok(item, `${number} in the admin's queue: ${show(r)}`);
  return item.id;
}

// Downloads the form; it must be a PDF. Returns {bytes, pages, headers, code, text} where `code` is the
// verification code printed under the title and `text` the whole text in reading order.
async function download(c, id, who = '') {
  const r = await c.get(formPath(id));
  assert.equal(r.status, 200, `${who} downloads the form of ${id}: ${show(r)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/pdf/, `${who}: a PDF`);
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${who}: the body is a PDF`);
  const pages = Number(r.headers.get('x-page-count'));
  const text = pdfText(r.bytes, ['-raw', '-nodiag']);
  const m = text.match(/验证码：\s*([23456789A-HJ-NP-Z]{4}(?:-[23456789A-HJ-NP-Z]{4}){3})/);
  assert.ok(m, `${who}: the verification code is printed under the title:\n${text.slice(0, 400)}`);
  return { bytes: r.bytes, pages, headers: r.headers, code: m[1], text };
}

const noSpace = (s) => String(s ?? '').replace(/\s+/g, '');

// ---- the golden text --------------------------------------------------------------------------------------

// The text a reader sees: `pdftotext -layout -nodiag` (the form without its diagonal watermark) with a fixed
// character pitch (`-fixed 5`): with the default, pdftotext estimates the pitch from each page's characters, so
// the spacing of whole pages moved with the random verification code. The code is masked, and the spacing on
// its lines (centred title lines and the footers, where the code's width moves what follows it) is made fixed.
// Trailing spaces are trimmed; each page break (form feed) becomes a marked line.
// pdftotext -nodiag also drops the footer's first word 表号 (it is printed, as the -raw text and a rendering
// show; the footer is checked with -raw in the watermark test).
function normaliseFormText(text, code) {
  assert.ok(text.includes(code), 'the code to mask is in the text');
  const pages = text.split('\f');
  if (pages.at(-1).trim() === '') pages.pop();
  return pages.map((page) => page.split('\n').map((line) => {
    if (!line.includes(code)) return line.trimEnd();
    return line.replaceAll(code, 'XXXX-XXXX-XXXX-XXXX').trim().replace(/ {2,}/g, '    ');
  }).join('\n').replace(/\n+$/, '')).join('\n\n======================================== 分页 ========================================\n');
}

test('golden text: the review form of ZC2022-000004 as its applicant 周海峰 downloads it', () => withWorkflowDemo(async (server) => {
  const zhou = await login(server, ZHOU.login);
  const id = await idOf(server, ZHOU.number);
  const app = await getApp(zhou, id);
  assert.equal(app.number, ZHOU.number);
  assert.equal(app.state, 'county_recommended', 'the demo: recommended to the committee');
  const form = await download(zhou, id, ZHOU.name);

  // What the form must show whatever the golden file says (so that rewriting the golden file cannot hide a
  // loss): sections 一 … 十三 in order, the applicant's data, every evidence file of the snapshot with the first
  // 16 hex digits of its SHA-256, the eligibility summary and the route's conditions with their clauses, the pledge.
  const flat = noSpace(form.text);
  const sections = ['一、基本情况', '二、学历', '三、工作经历', '四、专业技术资格与职业技能', '五、继续教育',
    '六、专业技术工作业绩', '七、在岗与社会保险', '八、申报材料清单', '九、资格审查', '十、本人承诺', '十一、单位推荐意见',
    '十二、县（市、区）人力社保部门或主管部门审核意见', '十三、评审委员会评审意见'];
  let at = -1;
  for (const s of sections) {
    const i = flat.indexOf(s, at + 1);
    assert.ok(i > at, `section ${s} after the one before it`);
    at = i;
  }
  const data = app.snapshot.data;
  for (const [label, value] of [['姓名', ZHOU.name], ['公民身份号码', ZHOU.masked], ['工作单位', data.unit.name],
    ['统一社会信用代码', data.unit.credit_code], ['申报资格', data.level_name], ['申报专业', data.specialty_name],
    ['申报编号', ZHOU.number], ['表号：', `${ZHOU.number}-v${app.snapshot.version}`]]) {
    assert.ok(flat.includes(noSpace(label + value)), `${label} ${value} on the form`);
  }
  assert.ok(!form.text.includes(ZHOU.login), 'the full identity number is not printed');
  const files = data.slots.flatMap((s) => s.files.map((f) => ({ slot: s.name, name: f.name, sha: f.sha256 })));
  assert.ok(files.length >= 4, `the snapshot lists the evidence files: ${JSON.stringify(files)}`);
  for (const f of files) {
    assert.match(f.sha, /^[0-9a-f]{64}$/, `${f.name}: the snapshot's SHA-256`);
    assert.ok(flat.includes(noSpace(f.slot + f.name + f.sha.slice(0, 16))), `八: ${f.slot} ${f.name} ${f.sha.slice(0, 16)}`);
  }
  assert.ok(flat.includes(noSpace(data.eligibility.summary.zh)), `九: the summary ${data.eligibility.summary.zh}`);
  // On paper: the general conditions and those of the route taken, met or not, each with its clause; the
  // other routes' conditions and the on-screen reminders (status "info") are left out.
  const printed = data.eligibility.reasons.filter(
    (r) => (r.status === 'met' || r.status === 'unmet') && (r.group === 'general' || r.group === data.eligibility.path));
  assert.ok(printed.length >= 5, `九: the route's conditions: ${JSON.stringify(printed.map((r) => r.code))}`);
  for (const r of printed) {
    assert.ok(flat.includes(noSpace(r.message.zh)), `九: the reason ${r.code} ${r.message.zh}`);
    assert.ok(flat.includes(noSpace(r.clause)), `九: the clause of ${r.code}: ${r.clause}`);
  }
  for (const r of data.eligibility.reasons.filter((x) => !printed.includes(x))) {
    assert.ok(!flat.includes(noSpace(r.message.zh)), `九: not on paper: ${r.code} (${r.group}, ${r.status}) ${r.message.zh}`);
  }
  assert.ok(!flat.includes('info'), '九: no raw status code on paper');
  assert.ok(data.pledge.text && flat.includes(noSpace(data.pledge.text)), `十: the pledge ${data.pledge.text}`);
  assert.ok(flat.includes(noSpace(app.publicity.opinion)), '十一: the unit\'s opinion');
  // 十二: the acceptance point's own opinion, recorded with its recommendation, with who and when (issue 17).
  const county = app.history.find((h) => h.action === 'county_recommend');
  assert.ok(county?.reason, `the acceptance point recorded an opinion: ${JSON.stringify(app.history)}`);
  const twelve = flat.slice(flat.indexOf('十二、'), flat.indexOf('十三、'));
  assert.ok(twelve.includes(noSpace(county.reason)), `十二: the opinion ${county.reason} in ${twelve}`);
  assert.ok(twelve.includes(noSpace(`审核单位：${county.actor}`)), `十二: who recorded it: ${twelve}`);

  // The golden file.
  const layout = pdfText(form.bytes, ['-layout', '-fixed', '5', '-nodiag']);
  const codes = layout.match(GROUPED) ?? [];
  assert.equal(codes.length, 1 + form.pages, `the code under the title and in each footer: ${codes}`);
  for (const c of codes) assert.equal(c, form.code, 'one code on the whole form');
  const actual = `${normaliseFormText(layout, form.code)}\n`;
  if (UPDATE_GOLDEN || !existsSync(GOLDEN)) {
    mkdirSync(dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, actual);
    if (!UPDATE_GOLDEN) assert.fail(`${GOLDEN} did not exist; written from this run: read it, then run again`);
    return;
  }
  const expected = readFileSync(GOLDEN, 'utf8');
  if (actual !== expected) {
    const out = join(mkdtempSync(join(tmpdir(), 'zhicheng-golden-')), 'review-form-ZC2022-000004.txt');
    writeFileSync(out, actual);
    assert.equal(actual, expected, `the form's text differs from ${GOLDEN} (this run's text: ${out}; ` +
      'ZHICHENG_UPDATE_GOLDEN=1 rewrites the golden file after a deliberate change)');
  }
}));

// ---- the download -----------------------------------------------------------------------------------------

test('an attachment: application/pdf, nosniff, X-Page-Count equals the pages pdfinfo counts, an even number', () => withWorkflowDemo(async (server) => {
  const zhou = await login(server, ZHOU.login);
  const id = await idOf(server, ZHOU.number);
  const form = await download(zhou, id, ZHOU.name);
  const h = form.headers;
  assert.equal(h.get('content-type'), 'application/pdf');
  assert.match(h.get('content-disposition') || '', /^attachment/i, 'downloaded, not shown inline');
  assert.match(decodeURIComponent(h.get('content-disposition')), /评审表-ZC2022-\d{6}\.pdf/, `the file name: ${h.get('content-disposition')}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff');
  assert.match(h.get('cache-control') || '', /no-store/, 'a personal document is not cached');
  assert.match(h.get('x-page-count') || '', /^\d+$/, 'X-Page-Count');
  const info = pdfInfo(form.bytes);
  assert.equal(Number(info.Pages), form.pages, `pdfinfo Pages ${info.Pages} = X-Page-Count ${form.pages}`);
  assert.ok(form.pages >= 2 && form.pages % 2 === 0, `an even page count for double-sided printing: ${form.pages}`);
  assert.match(info['Page size'], /595\.\d+ x 841\.\d+ pts \(A4\)/, 'A4');
  assert.equal(info.Title, FORM_NAME);
}));

// ---- watermark and footer ---------------------------------------------------------------------------------

test('every page carries the watermark (platform, number, name, masked identity number, download time in Shanghai to the minute) and the footer', () => withWorkflowDemo(async (server) => {
  // 2022-08-24 17:37:59 UTC is 2022-08-25 01:37:59 in Shanghai: the watermark shows 2022-08-25 01:37.
  await setClock(server, '2022-08-24T17:37:59+00:00');
  const zhou = await login(server, ZHOU.login);
  const id = await idOf(server, ZHOU.number);
  const form = await download(zhou, id, ZHOU.name);
  const texts = pageTexts(form.bytes, form.pages);
  assert.equal(texts.length, form.pages);
  for (const [i, t] of texts.entries()) {
    const p = i + 1;
    assert.ok(t.includes(`${PLATFORM}${ZHOU.number}`), `page ${p}: the platform and the number in the watermark:\n${t}`);
    assert.ok(t.includes(`${ZHOU.name}${ZHOU.masked}下载于2022-08-2501:37`),
      `page ${p}: the name, the masked identity number and the download time in the watermark:\n${t}`);
    assert.ok(t.includes(`表号${ZHOU.number}-v1验证码${form.code}第${p}页`), `page ${p}: the footer:\n${t}`);
    assert.ok(!t.includes(ZHOU.login), `page ${p}: never the full identity number`);
  }
  // The last page of a form whose content ends on an odd page is marked blank.
  if (texts.at(-1).includes('本页空白')) assert.ok(!texts.at(-1).includes('十三、'), 'the blank page is blank');
}));

// ---- the QR code and the public check ---------------------------------------------------------------------

test('the QR code links to /verify with the printed code; the public check gives the facts of the snapshot; each download has its own code', () => withWorkflowDemo(async (server) => {
  const zhou = await login(server, ZHOU.login);
  const id = await idOf(server, ZHOU.number);
  const app = await getApp(zhou, id);
  const form = await download(zhou, id, ZHOU.name);

  const qr = qrCodes(form.bytes, 1, 150);
  assert.equal(qr.length, 1, `one QR code on page 1: ${JSON.stringify(qr)}`);
  const m = qr[0].match(/^(.*)\/verify\?code=([^&]+)$/);
  assert.ok(m, `the QR code holds {address}/verify?code=…: ${qr[0]}`);
  assert.equal(m[1], server.baseUrl, 'the address the browser used (no --public-url)');
  const code = m[2];
  assert.match(code, CODE, `16 characters without look-alikes: ${code}`);
  assert.equal(grouped(code), form.code, 'the QR code\'s code is the one printed on the form');
  assert.ok(noSpace(form.text).includes(`验证码${form.code}`), 'and in the footer');

  const v = await verify(server, code);
  assert.equal(v.status, 200, `anonymous check: ${show(v)}`);
  assert.deepEqual(Object.keys(v.json).sort(), VERIFY_KEYS, `the documented facts: ${show(v)}`);
  assert.equal(v.json.kind, 'review_form');
  assert.equal(v.json.form_name, FORM_NAME);
  assert.equal(v.json.number, ZHOU.number);
  assert.equal(v.json.form_number, `${ZHOU.number}-v${app.snapshot.version}`);
  assert.equal(v.json.applicant_name, ZHOU.name);
  assert.equal(v.json.id_number_masked, '', 'the public sees no digit of the identity number');
  assert.ok(!JSON.stringify(v.json).includes(ZHOU.login.slice(0, 6)), 'not even the region digits');
  assert.equal(v.json.unit_name, app.snapshot.data.unit.name);
  assert.equal(v.json.level_name, app.snapshot.data.level_name);
  assert.equal(v.json.specialty_name, app.snapshot.data.specialty_name);
  assert.equal(v.json.submitted_at, app.snapshot.data.submitted_at);
  assert.equal(v.json.snapshot_version, app.snapshot.version);
  assert.equal(v.json.snapshot_sha256, app.snapshot.sha256, 'the SHA-256 GET /applications/{id} shows');
  assert.match(v.json.snapshot_sha256, /^[0-9a-f]{64}$/);
  assert.equal(v.json.current, true);
  assert.equal(v.json.pages, form.pages, 'the page count of the PDF');
  assert.equal(v.json.printed_at, '2022-08-25T09:00:00+08:00', 'the server clock at the download');
  assert.ok(!JSON.stringify(v.json).includes(ZHOU.login), 'never the full identity number');

  // The code as people type it: grouped, lower case, with spaces.
  for (const typed of [form.code, code.toLowerCase(), form.code.toLowerCase(), form.code.replaceAll('-', ' '), ` ${code} `]) {
    const again = await verify(server, typed);
    assert.equal(again.status, 200, `${JSON.stringify(typed)}: ${show(again)}`);
    assert.deepEqual(again.json, v.json, `${JSON.stringify(typed)}: the same print`);
  }
  // Unknown codes.
  const unknown = code.split('').reverse().join('') === code ? '2345678923456789' : code.split('').reverse().join('');
  for (const bad of [unknown, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', '', `${code}X`, code.slice(0, 15), 'A'.repeat(200)]) {
    assertError(await verify(server, bad), 404, 'form_not_found', `code ${JSON.stringify(bad)}`);
  }

  // A second download: a new code, both verifiable, the same snapshot.
  await setClock(server, '2022-08-25T10:15:00+08:00');
  const second = await download(zhou, id, `${ZHOU.name} again`);
  assert.notEqual(second.code, form.code, 'a fresh code for every download');
  const [qr2] = qrCodes(second.bytes, 1, 150);
  assert.equal(qr2, `${server.baseUrl}/verify?code=${second.code.replaceAll('-', '')}`);
  const v2 = await verify(server, second.code);
  assert.equal(v2.status, 200, show(v2));
  assert.equal(v2.json.printed_at, '2022-08-25T10:15:00+08:00');
  assert.deepEqual({ ...v2.json, printed_at: null }, { ...v.json, printed_at: null }, 'the same facts');
  assert.equal((await verify(server, form.code)).status, 200, 'the first print still checks');

  // A print by the committee office checks the same way.
  const office = await login(server, 'committee');
  const byOffice = await download(office, id, 'committee office');
  const v3 = await verify(server, byOffice.code);
  assert.equal(v3.status, 200, show(v3));
  assert.equal(v3.json.snapshot_sha256, app.snapshot.sha256);
  assert.equal(new Set([form.code, second.code, byOffice.code]).size, 3);
  const prints = sqliteJson(server, `SELECT code, snapshot_version, pages FROM form_prints WHERE application_id = ${Number(id)} ORDER BY id`);
  assert.deepEqual(prints.map((p) => grouped(p.code)), [form.code, second.code, byOffice.code], 'every download is recorded');
}));

// ---- who may download it ----------------------------------------------------------------------------------

test('scope: the applicant, the unit, the reviewer, the committee office and the city admin; 404 outside, 403 for an expert, 401 anonymous, 409 before submission', () => withWorkflowDemo(async (server) => {
  const zhouId = await idOf(server, ZHOU.number);
  const zhangId = await idOf(server, ZHANG_NUMBER);
  const liId = await idOf(server, LI.number);
  const printsBefore = sqliteJson(server, 'SELECT COUNT(*) AS n FROM form_prints')[0].n;
  let downloads = 0;

  // [login, {application id: status}]: ZC2022-000004 of a city-level unit is reviewed by 嘉兴市交通运输局
  // (jtj), not by the acceptance point of the unit's region; ZC2022-000003 (禾丰, 南湖) has reached the
  // acceptance point of 南湖; neither ZC2022-000003 nor 000001 has reached the committee office.
  const expected = [
    [ZHOU.login, { [zhouId]: 200, [zhangId]: 404, [liId]: 404 }, '周海峰 (applicant of 000004)'],
    [LI.login, { [zhouId]: 404, [zhangId]: 404, [liId]: 200 }, '李晓燕 (applicant of 000001)'],
    [UNITS.city, { [zhouId]: 200, [zhangId]: 404, [liId]: 404 }, 'the unit of 000004'],
    [UNITS.county, { [zhouId]: 404, [zhangId]: 200, [liId]: 200 }, 'the unit of 000003 and 000001'],
    [UNITS.institution, { [zhouId]: 404, [zhangId]: 404, [liId]: 404 }, 'another unit'],
    ['jtj', { [zhouId]: 200, [zhangId]: 404, [liId]: 404 }, 'the competent department of 000004'],
    ['ap330402', { [zhouId]: 404, [zhangId]: 200, [liId]: 404 }, 'the acceptance point of 南湖'],
    ['ap330481', { [zhouId]: 404, [zhangId]: 404, [liId]: 404 }, 'the acceptance point of 海宁 (another region)'],
    ['committee', { [zhouId]: 200, [zhangId]: 404, [liId]: 404 }, 'the committee office'],
    ['admin', { [zhouId]: 200, [zhangId]: 200, [liId]: 200 }, 'the city admin'],
    ['expert01', { [zhouId]: 403, [zhangId]: 403, [liId]: 403 }, 'an expert'],
  ];
  for (const [name, byId, who] of expected) {
    const c = await login(server, name);
    for (const [id, status] of Object.entries(byId)) {
      const r = await c.get(formPath(id));
      const what = `${who} (${name}) downloads the form of application ${id}`;
      assert.equal(r.status, status, `${what}: ${show(r)}`);
      if (status === 200) {
        downloads += 1;
        assert.equal(r.headers.get('content-type'), 'application/pdf', what);
      } else {
        assertError(r, status, status === 404 ? 'not_found' : 'forbidden', what);
      }
      // The same scope as the application itself.
      const a = await c.get(`${A}/applications/${id}`);
      assert.equal(a.status, status, `${what}: GET /applications/${id} answers ${a.status} (scope like the application)`);
    }
  }
  const anonymous = await new Client(server.baseUrl).get(formPath(zhouId));
  assertError(anonymous, 401, 'unauthenticated', 'anonymous');

  // Ids that are no application.
  const admin = await login(server, 'admin');
  for (const bad of ['abc', '4x', '-1', '999999']) assertError(await admin.get(formPath(bad)), 404, 'not_found', `id ${bad}`);

  // Before submission there is no snapshot to print: a fresh applicant's draft.
  const fresh = await newApplicant(server);
  const unit = await login(server, UNITS.county);
  await approvedArchive(fresh, unit);
  const draft = await createApplication(fresh);
  assertError(await fresh.get(formPath(draft.id)), 409, 'form_requires_submission', 'a draft');
  assert.equal((await unit.get(formPath(draft.id))).status, (await unit.get(`${A}/applications/${draft.id}`)).status,
    'the unit: the draft\'s form answers as the draft');

  const printsAfter = sqliteJson(server, 'SELECT COUNT(*) AS n FROM form_prints')[0].n;
  assert.equal(Number(printsAfter) - Number(printsBefore), downloads, 'one recorded print per download, none for a refusal');
}));

// ---- an outdated print ------------------------------------------------------------------------------------

test('after a withdrawal and resubmission the old print checks as outdated (current false, version 1) and a new download is -v2', () => withWorkflowDemo(async (server) => {
  const li = await login(server, LI.login);
  const id = await idOf(server, LI.number);
  const before = await getApp(li, id);
  assert.equal(before.state, 'submitted', 'the demo: 000001 waits for its unit');
  assert.equal(before.snapshot.version, 1);
  const old = await download(li, id, LI.name);
  assert.ok(noSpace(old.text).includes(`表号：${LI.number}-v1`), 'the first print is -v1');
  const oldCheck = await verify(server, old.code);
  assert.equal(oldCheck.status, 200, show(oldCheck));
  assert.equal(oldCheck.json.current, true);

  await act(li, id, 'withdraw', {}, 'draft');
  // Back in draft the old snapshot is about to be replaced: no form until it is submitted again.
  const inDraft = await li.get(`/api/v1/applications/${id}/review-form.pdf`);
  assert.equal(inDraft.status, 409, 'no review form while the application is back in draft');
  assert.equal(inDraft.json?.error?.code, 'form_requires_submission');
  await setClock(server, '2022-08-26T10:00:00+08:00');
  const after = await act(li, id, 'submit', {}, 'submitted');
  assert.equal(after.snapshot.version, 2, 'the resubmission makes snapshot 2');
  assert.notEqual(after.snapshot.sha256, before.snapshot.sha256, 'of new content (the submission time)');

  const outdated = await verify(server, old.code);
  assert.equal(outdated.status, 200, show(outdated));
  assert.equal(outdated.json.current, false, 'the old print is outdated');
  assert.equal(outdated.json.snapshot_version, 1);
  assert.equal(outdated.json.form_number, `${LI.number}-v1`);
  assert.equal(outdated.json.snapshot_sha256, before.snapshot.sha256, 'the facts of the snapshot it was printed from');
  assert.equal(outdated.json.submitted_at, before.snapshot.data.submitted_at);
  assert.equal(outdated.json.applicant_name, LI.name);

  const fresh = await download(li, id, `${LI.name} after resubmitting`);
  const flat = noSpace(fresh.text);
  assert.ok(flat.includes(`表号：${LI.number}-v2`), 'the new print is -v2');
  assert.ok(!flat.includes(`${LI.number}-v1`), 'and nowhere -v1');
  assert.ok(flat.includes(`提交时间${after.snapshot.data.submitted_at.slice(0, 10)}${after.snapshot.data.submitted_at.slice(11, 16)}`),
    `the new submission time ${after.snapshot.data.submitted_at}`);
  const current = await verify(server, fresh.code);
  assert.equal(current.status, 200, show(current));
  assert.equal(current.json.current, true);
  assert.equal(current.json.snapshot_version, 2);
  assert.equal(current.json.form_number, `${LI.number}-v2`);
  assert.equal(current.json.snapshot_sha256, after.snapshot.sha256);
  assert.equal(current.json.pages, fresh.pages);
}));

// ---- rate limit -------------------------------------------------------------------------------------------

test('the public check is rate-limited per address: 429 rate_limited past the per-minute limit, other routes unaffected, again next minute', () => withWorkflowDemo(async (server) => {
  const zhou = await login(server, ZHOU.login);
  const form = await download(zhou, await idOf(server, ZHOU.number), ZHOU.name);
  // The limit is --eligibility-rate (default 60 a minute), counted on the server's (test) clock.
  const limit = 5;
  const anon = new Client(server.baseUrl);
  for (let i = 1; i <= limit; i++) {
    const r = await anon.get(`${A}/public/forms/verify?code=${form.code}`);
    assert.equal(r.status, 200, `check ${i} of ${limit}: ${show(r)}`);
  }
  assertError(await anon.get(`${A}/public/forms/verify?code=${form.code}`), 429, 'rate_limited', `check ${limit + 1}`);
  assertError(await anon.get(`${A}/public/forms/verify?code=ZZZZZZZZZZZZZZZZ`), 429, 'rate_limited', 'an unknown code too');
  const cert = await anon.get(`${A}/public/certificates/verify?code=ZZZZZZZZZZZZZZZZ`);
  assert.notEqual(cert.status, 429, `the certificate check counts apart: ${show(cert)}`);
  assert.equal((await zhou.get(formPath(await idOf(server, ZHOU.number)))).status, 200, 'downloads are not limited');
  await setClock(server, '2022-08-25T09:01:00+08:00');
  const next = await anon.get(`${A}/public/forms/verify?code=${form.code}`);
  assert.equal(next.status, 200, `the next minute: ${show(next)}`);
}, { args: ['--eligibility-rate', '5'] }));
