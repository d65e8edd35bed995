// The other printable documents (docs/documents.md), read back with pdftotext, pdfinfo and zbarimg: the
// certificate (its holder, title, committee, number and code; the QR code verifies it publicly; a revoked one
// says so), the result publicity list (those passed, the period, how to object), the publicity version of the
// review form (no identity number, no material list, no opinions) and the exceptional-route approval form
// (attachment 4: what the regular conditions lack; only for applications on that path). Each is refused to
// whoever may not see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, login, get, post, show, newApplicant, approvedArchive, makeArchive, createApplication, UNITS } from '../lib/workflow.mjs';
import { reviewContext, certifiedApplications, publicClient, ok } from '../lib/review.mjs';
import { pdfText, pdfInfo, qrCodes } from '../lib/pdf.mjs';
import { spawnSync } from 'node:child_process';
import { bin } from '../lib/server.mjs';

const flat = (s) => s.replace(/\s+/g, '');

// A printed audit-log tree head: its size and root, which `verify-audit --against SIZE:ROOT` accepts as a
// prefix of the log.
function assertPrintedHead(server, text, what) {
  const m = /审计日志树头：共(\d+)条，根([0-9a-f]{64})/.exec(text);
  assert.ok(m, `${what} prints the audit log's tree head: ${text}`);
  const r = spawnSync(bin, ['verify-audit', '--db', server.dbUrl, '--against', `${m[1]}:${m[2]}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${what}: the printed head is a prefix of the log: ${r.stdout}${r.stderr}`);
}

function assertPdf(r, what, fileName) {
  assert.equal(r.status, 200, `${what}: ${show(r)}`);
  assert.equal(r.headers.get('content-type'), 'application/pdf', what);
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(r.headers.get('content-disposition') ?? '');
  assert.ok(star, `${what}: a file name`);
  assert.equal(decodeURIComponent(star[1]), fileName, what);
  const info = pdfInfo(r.bytes);
  assert.equal(info.Pages, r.headers.get('x-page-count'), `${what}: X-Page-Count is the page count`);
  return flat(pdfText(r.bytes));
}

test('certificate, result list and publicity form: what each shows, the QR code verifies, refusals', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { items, publicity, certificates } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '傅晓光' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '邹雨涵' },
  ]);
  const [x, y] = items;
  const mine = certificates.find((c) => c.name === '傅晓光');

  // The holder's certificate: one page, the facts of GET /my/certificates, and a QR code that verifies it.
  const [held] = ok(await get(x.applicant, '/my/certificates'), 'my certificates').items;
  const r = await get(x.applicant, `/certificates/${mine.id}/certificate.pdf`);
  const text = assertPdf(r, 'the holder\'s certificate', `职称证书-${mine.number}.pdf`);
  assert.equal(pdfInfo(r.bytes).Pages, "1", 'a certificate is one page');
  for (const s of ['专业技术资格证书', '傅晓光', '工程师', '环境工程', mine.number, held.verify_code, mine.committee_name, '2022-10-10'])
    assert.ok(text.includes(flat(s)), `the certificate shows ${s}: ${text}`);
  assert.ok(!text.includes('撤销'), 'a valid certificate says nothing of revocation');
  // The issuing authority with the place for its seal, and the audit log's tree head, which anyone holding
  // the paper can check against the log (verify-audit --against SIZE:ROOT).
  assert.ok(text.includes(flat('发证机关：嘉兴市人力资源和社会保障局（盖章）')), `the issuing authority: ${text}`);
  assertPrintedHead(server, text, 'the certificate');
  const [qr] = qrCodes(r.bytes);
  const url = new URL(qr);
  assert.equal(url.pathname, '/verify');
  const check = await publicClient(server).get(`/api/v1/public/certificates/verify?code=${url.searchParams.get('code')}`);
  assert.equal(check.status, 200, show(check));
  assert.equal(check.json.number, mine.number, 'the QR code verifies this certificate');

  // The office may print any; another holder, a unit or nobody may not.
  assertPdf(await get(ctx.office, `/certificates/${mine.id}/certificate.pdf`), 'the office', `职称证书-${mine.number}.pdf`);
  const other = await get(y.applicant, `/certificates/${mine.id}/certificate.pdf`);
  assert.equal(other.status, 404, `someone else's certificate: ${show(other)}`);
  const unit = await login(server, UNITS.county);
  assert.equal((await get(unit, `/certificates/${mine.id}/certificate.pdf`)).status, 403, 'a unit');
  assert.equal((await publicClient(server).get(`/api/v1/certificates/${mine.id}/certificate.pdf`)).status, 401, 'nobody');

  // Revoked: the certificate says so, with the reason.
  const revoked = await post(ctx.admin, `/certificates/${mine.id}/revoke`, { reason: '论文抄袭，经查属实', evidence: '调查报告' });
  assert.ok([200, 201].includes(revoked.status), `revoke: ${show(revoked)}`);
  const after = assertPdf(await get(x.applicant, `/certificates/${mine.id}/certificate.pdf`), 'revoked', `职称证书-${mine.number}.pdf`);
  assert.match(after, /本证书已于\d{4}-\d{2}-\d{2}撤销/, `a revoked certificate says so: ${after}`);
  // The stamp across the page: pdftotext reads rotated text in no fixed order, so look for the three
  // characters together in any order.
  assert.ok(['已撤销', '已销撤', '撤已销', '撤销已', '销已撤', '销撤已'].some((w) => after.includes(w)), `stamped 已撤销: ${after}`);
  assert.ok(after.includes(flat('论文抄袭，经查属实')), 'with the reason');

  // The result publicity list: both passed, the period, the contact; the office only.
  const list = assertPdf(await get(ctx.office, `/result-publicity/${publicity.id}/list.pdf`), 'the result list', `评审结果公示-${publicity.id}.pdf`);
  for (const s of ['评审结果公示', '傅晓光', '邹雨涵', '嘉兴禾丰智能科技有限公司', '2022-09-28', '2022-10-09', '嘉兴市工程师协会'])
    assert.ok(list.includes(flat(s)), `the list shows ${s}: ${list}`);
  assert.ok(list.includes(flat('下列 2 名同志')), 'the count');
  assertPrintedHead(server, list, 'the result list');
  assert.ok(!/\d{17}[\dX]/.test(list), 'no identity number on a public list');
  assert.equal((await get(x.applicant, `/result-publicity/${publicity.id}/list.pdf`)).status, 403, 'an applicant');
  assert.equal((await get(ctx.office, '/result-publicity/999999/list.pdf')).status, 404, 'no such publicity');

  // The publicity version of the review form: the person and the work, not the identity number, the files,
  // the pledge or the opinions.
  const pub = assertPdf(await get(unit, `/applications/${x.app.id}/publicity-form.pdf`), 'the publicity form', `公示表-${x.app.number}.pdf`);
  for (const s of ['单位内部公示', '傅晓光', '嘉兴禾丰智能科技有限公司', '浙江工业大学', '资格审查'])
    assert.ok(pub.includes(flat(s)), `the publicity form shows ${s}`);
  for (const s of ['申报材料清单', '本人承诺', '单位推荐意见', '验证码'])
    assert.ok(!pub.includes(flat(s)), `the publicity form leaves out ${s}`);
  assert.ok(!/\d{6}\*+\d{3}[\dX]/.test(pub) && !/\d{17}[\dX]/.test(pub), 'no identity number, not even masked');
  // What a colleague needs to object (issue 17): the period and whom to contact, printed rather than written in.
  // (The diagonal watermark's characters may fall between any two of the line's.)
  const loose = (t) => new RegExp(t.split('').map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.?'));
  const { publicity: period } = (await get(unit, `/applications/${x.app.id}`)).json;
  const day = (iso) => `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
  assert.ok(period?.start && period?.end, 'the application was publicised');
  assert.match(pub, loose(`公示期：${day(period.start)}至${day(period.end)}（5个工作日）`), `the publicity period: ${pub}`);
  assert.match(pub, loose('向嘉兴禾丰智能科技有限公司职称工作负责人沈慧（联系电话13857300001）实名反映'), `whom to contact: ${pub}`);
  assert.deepEqual(qrCodes(await get(unit, `/applications/${x.app.id}/publicity-form.pdf`).then((q) => q.bytes)), [], 'no QR code');
  const stranger = await login(server, UNITS.city);
  assert.equal((await get(stranger, `/applications/${x.app.id}/publicity-form.pdf`)).status, 404, 'another unit');
}));

test('exceptional-route approval form: for an application on that path, at any state; what the regular conditions lack', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const a = await newApplicant(server, '破格者');
  // 助理工程师 since 2021-07-01: short of the four years, so the engine routes the application exceptionally.
  await approvedArchive(a, unit, makeArchive({ title: { obtained: '2021-07-01' } }));
  const app = await createApplication(a);
  const r = await get(a, `/applications/${app.id}/exceptional-form.pdf`);
  const text = assertPdf(r, 'the exceptional form', `破格推荐审批表-${app.number}.pdf`);
  assert.equal(Number(pdfInfo(r.bytes).Pages) % 2, 0, 'an even page count (printed double-sided)');
  for (const s of ['破格推荐中级专业技术职务任职资格审批表', '破格者', '工程师', '助理工程师', '2021-07-01', '单位推荐意见', '盖章', '评委会办事机构审批意见'])
    assert.ok(text.includes(flat(s)), `the form shows ${s}`);
  assert.ok(text.includes('任职满4年'), `the lacking condition (four years) is named: ${text}`);
  // A draft is the applicant's alone (the applicant takes the printed form to the unit to be signed and
  // sealed): the unit does not see it yet, another unit never.
  assert.equal((await get(unit, `/applications/${app.id}/exceptional-form.pdf`)).status, 404, 'the unit before submission');
  assert.equal((await get(await login(server, UNITS.city), `/applications/${app.id}/exceptional-form.pdf`)).status, 404, 'another unit');
  const regular = await newApplicant(server, '常规者');
  await approvedArchive(regular, unit);
  const rapp = await createApplication(regular);
  const refused = await get(regular, `/applications/${rapp.id}/exceptional-form.pdf`);
  assert.equal(refused.status, 409, show(refused));
  assert.equal(refused.json.error.code, 'exceptional_form_not_applicable');
  assert.match(refused.json.error.message, /破格/);
}));
