// The printable papers and the expert import in the browser (web/src/components/DownloadButton.vue,
// web/src/components/XlsxImport.vue, docs/documents.md). Every button fetches its file with the session
// and saves it under the server's name (the Playwright download event); the PDFs are read back with pdftotext
// (tests/lib/pdf.mjs), the workbooks with tests/lib/xlsx.mjs:
// - an applicant whose archive is short of the regular route (助理工程师 since 2021-07-01) applies on the
//   exceptional route: 职称申报 says the approval form must be signed and sealed, and 下载破格推荐审批表 (in the
//   eligibility card and beside the slot exceptional_approval_form) saves the pre-filled form; a regular
//   applicant sees neither;
// - the unit opens a submitted application and downloads 公示版评审表 (no identity number, no opinions);
// - after a whole review (tests/lib/review.mjs certifiedApplications) the holder downloads the certificate on
//   我的证书, the committee office on 证书管理, and the result list on 结果公示 (row and detail); a refused
//   download is not saved and shows the server's Chinese message;
// - the committee office downloads the import template on 专家库, imports a filled copy (the count, the list
//   reloads with the new experts), then a file with wrong rows (a dialog lists every wrong cell as
//   第 N 行 · 列 · 说明, as POST /imports/experts names them, and nothing is imported), a file with the wrong
//   header (the server's message) and a file that is not .xlsx (not sent).
// One server (the demo, with the settable clock); at the end the invariant checker passes and the sanitizers
// are silent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, creditCode, mobile, residentId } from '../lib/server.mjs'
import {
  approvedArchive, createApplication, getApp, login as apiLogin, makeArchive, show, startClockServer,
  submittedApplication, UNITS,
} from '../lib/workflow.mjs'
import { certifiedApplications, myCertificates } from '../lib/review.mjs'
import { pdfText } from '../lib/pdf.mjs'
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs'
import { launchBrowser, login, newPage, sel, finishBrowserTest } from './helpers.mjs'

const PASSWORD = 'Passw0rd2022'
const EXCEPTIONAL_FORM = '破格推荐中级专业技术职务任职资格审批表'
const HEADER = ['姓名', '身份证号', '职称', '专业类别', '工作单位', '单位统一社会信用代码', '聘期开始', '聘期结束', '登录账号']
const COLUMN = {
  name: '姓名', id_number: '身份证号', title: '职称', families: '专业类别', unit_name: '工作单位',
  unit_credit_code: '单位统一社会信用代码', term_start: '聘期开始', term_end: '聘期结束', login: '登录账号',
}
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zc-papers-'))
  server = await startClockServer('2022-08-20T09:00:00+08:00')
  browser = await launchBrowser()
})

after(() => finishBrowserTest({ browser, server, dir }))

// ---- helpers ------------------------------------------------------------------------------------------

const flat = (s) => s.replace(/\s+/g, '')
const text = async (page, test) => (await page.innerText(sel(test))).trim()

/** A new applicant registered through the public form, whose login and password the browser can use. */
async function registerApplicant(name) {
  const form = { name, id_number: residentId('330402'), mobile: mobile(), password: PASSWORD }
  const r = await new Client(server.baseUrl).post('/api/v1/auth/register/applicant', form)
  assert.equal(r.status, 201, `register ${name}: ${show(r)}`)
  return { name, login: form.id_number, client: await apiLogin(server, form.id_number, PASSWORD) }
}

/** A signed-in page (a fresh context, so that each role has its own session). */
async function signedIn(account, password) {
  const page = await newPage(browser)
  await login(page, server.baseUrl, account, password)
  return page
}

/** Clicks a download button and returns the file: its bytes and the name the browser was given. */
async function download(page, test) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel(test))])
  assert.equal(await dl.failure(), null)
  const path = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}`)
  await dl.saveAs(path)
  await page.locator(`${sel(test)}:not([data-busy])`).waitFor()
  return { bytes: readFileSync(path), name: dl.suggestedFilename() }
}

/** Checks a downloaded PDF and returns its text with white space removed (pdftotext's CJK spacing varies). */
function pdf(file, name, what) {
  assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${what}: a PDF`)
  assert.equal(file.name, name, `${what}: the server's file name`)
  return flat(pdfText(file.bytes))
}

/** Writes bytes to a temporary file (for setInputFiles) and returns its path. */
function tempFile(name, bytes) {
  const d = mkdtempSync(join(dir, 'upload-'))
  const path = join(d, name)
  writeFileSync(path, bytes)
  return path
}

// ---- the exceptional route ----------------------------------------------------------------------------

test('an applicant on the exceptional route is told to have the approval form signed and sealed and downloads it', async () => {
  const unit = await apiLogin(server, UNITS.county)
  const a = await registerApplicant('破格申')
  // 助理工程师 since 2021-07-01: short of the four years the regular route asks for.
  await approvedArchive(a.client, unit, makeArchive({ title: { obtained: '2021-07-01' } }))
  const draft = await createApplication(a.client)
  const app = await getApp(a.client, draft.id)
  assert.equal(app.eligibility?.path, 'exceptional', `the engine routes it exceptionally: ${JSON.stringify(app.eligibility)}`)
  assert.ok(app.slots.some((s) => s.code === 'exceptional_approval_form' && s.required), 'the approval form slot is required')

  const page = await signedIn(a.login, PASSWORD)
  await page.goto(`${server.baseUrl}/application`)
  await page.waitForSelector(sel('app-exceptional'))
  assert.equal(await text(page, 'app-exceptional-title'), `破格申报须提交经签字盖章的《${EXCEPTIONAL_FORM}》`)
  const notice = await text(page, 'app-exceptional-notice')
  for (const s of [EXCEPTIONAL_FORM, '签名', '所在单位', '加盖公章', '主管部门', '扫描上传', '纸质原件'])
    assert.ok(notice.includes(s), `the notice says ${s}: ${notice}`)
  const href = `/api/v1/applications/${app.id}/exceptional-form.pdf`
  assert.equal(await text(page, 'app-exceptional-download'), '下载破格推荐审批表')
  assert.equal(await page.getAttribute(sel('app-exceptional-download'), 'href'), href)
  // The same button beside the slot the signed form goes to.
  const besideSlot = page.locator(`${sel('app-slot-exceptional_approval_form')} ${sel('app-slot-exceptional-download')}`)
  await besideSlot.waitFor()
  assert.equal(await besideSlot.getAttribute('href'), href)

  const file = await download(page, 'app-exceptional-download')
  const body = pdf(file, `破格推荐审批表-${app.number}.pdf`, 'the approval form')
  for (const s of [EXCEPTIONAL_FORM, '破格申', '助理工程师', '2021-07-01', '单位推荐意见', '盖章'])
    assert.ok(body.includes(flat(s)), `the form shows ${s}`)
  const again = await download(page, 'app-slot-exceptional-download')
  assert.ok(pdf(again, `破格推荐审批表-${app.number}.pdf`, 'from the slot').includes(flat(EXCEPTIONAL_FORM)))

  // In English.
  await page.click(`${sel('lang-en')}:visible`)
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.locator(sel('app-exceptional-download'), { hasText: 'Download exceptional approval form' }).waitFor()
  assert.match(await text(page, 'app-exceptional-notice'), /signed and sealed|sign it/)
  assert.deepEqual(page.problems, [])
  await page.context().close()

  // A regular applicant: no notice, no button.
  const b = await registerApplicant('常规申')
  await approvedArchive(b.client, unit)
  const regular = await createApplication(b.client)
  assert.equal((await getApp(b.client, regular.id)).eligibility?.path, 'regular')
  const other = await signedIn(b.login, PASSWORD)
  await other.goto(`${server.baseUrl}/application`)
  await other.waitForSelector(sel('app-elig-verdict'))
  await other.waitForSelector(sel('app-slot-id_card'))
  assert.equal(await other.locator(sel('app-exceptional')).count(), 0, 'no notice on the regular route')
  assert.equal(await other.locator(sel('app-slot-exceptional-download')).count(), 0)
  assert.deepEqual(other.problems, [])
  await other.context().close()
})

// ---- the unit's publicity form ------------------------------------------------------------------------

test('the unit downloads the publicity version of the review form of a submitted application', async () => {
  const unit = await apiLogin(server, UNITS.county)
  const a = await registerApplicant('公示申')
  const { app } = await submittedApplication(server, unit, { applicant: a.client })
  assert.equal(app.state, 'submitted')

  const page = await signedIn(UNITS.county)
  await page.goto(`${server.baseUrl}/applications/${app.id}`)
  await page.waitForSelector(sel('publicity-form-download'))
  await page.waitForSelector(sel('review-form-download')) // beside the review form
  assert.equal(await text(page, 'publicity-form-download'), '下载公示版评审表')
  assert.match(await text(page, 'publicity-form-hint'), /不含身份证号码/)
  assert.equal(await page.getAttribute(sel('publicity-form-download'), 'href'), `/api/v1/applications/${app.id}/publicity-form.pdf`)
  const body = pdf(await download(page, 'publicity-form-download'), `公示表-${app.number}.pdf`, 'the publicity form')
  for (const s of ['单位内部公示', '公示申', '嘉兴禾丰智能科技有限公司'])
    assert.ok(body.includes(flat(s)), `the publicity form shows ${s}`)
  for (const s of ['单位推荐意见', '验证码', a.login]) assert.ok(!body.includes(flat(s)), `the publicity form leaves out ${s}`)
  assert.ok(!/\d{17}[\dX]/.test(body), 'no identity number')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

// ---- certificates and the result list -----------------------------------------------------------------

test('after the review the holder and the office download the certificate, the office the result list', { timeout: 300_000 }, async () => {
  const a = await registerApplicant('证书申')
  const { publicity, certificates } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', applicant: a.client },
  ])
  const cert = certificates.find((c) => c.name === '证书申')
  assert.ok(cert, `a certificate for 证书申: ${JSON.stringify(certificates)}`)
  const [mine] = await myCertificates(a.client)
  assert.equal(mine.id, cert.id)
  const certName = `职称证书-${cert.number}.pdf`

  // 我的证书
  const page = await signedIn(a.login, PASSWORD)
  await page.goto(`${server.baseUrl}/my/certificates`)
  await page.waitForSelector(sel(`cert-download-${cert.id}`))
  assert.equal(await text(page, `cert-number-${cert.id}`), cert.number)
  assert.equal(await text(page, `cert-download-${cert.id}`), '下载证书')
  const held = pdf(await download(page, `cert-download-${cert.id}`), certName, 'the holder\'s certificate')
  for (const s of ['专业技术资格证书', '证书申', cert.number, mine.verify_code])
    assert.ok(held.includes(flat(s)), `the certificate shows ${s}: ${held}`)
  assert.deepEqual(page.problems, [])
  await page.context().close()

  // 证书管理 (committee office)
  const office = await signedIn('committee')
  await office.goto(`${server.baseUrl}/review/certificates`)
  await office.waitForSelector(sel(`cert-download-${cert.id}`))
  const printed = pdf(await download(office, `cert-download-${cert.id}`), certName, 'the office\'s print')
  assert.ok(printed.includes(flat(cert.number)) && printed.includes('证书申'))
  assert.equal(await office.locator(sel(`cert-revoke-${cert.id}`)).count(), 0, 'revoking is the city admin\'s')
  // The office's page of the application has the review form, not the unit's publicity form.
  await office.goto(`${server.baseUrl}/applications/${cert.application_id}`)
  await office.waitForSelector(sel('review-form-download'))
  assert.equal(await office.locator(sel('publicity-form-download')).count(), 0)
  await office.goBack()
  await office.waitForSelector(sel(`cert-download-${cert.id}`))

  // A refused download is not saved: the server's Chinese message is shown (the request is sent for a
  // certificate that does not exist, so that the real server answers 404 with its own message).
  const refused = await (await apiLogin(server, 'committee')).get('/api/v1/certificates/999999/certificate.pdf')
  assert.equal(refused.status, 404, show(refused))
  const message = refused.json.error.message
  assert.match(message, /[\u4e00-\u9fff]/, 'a Chinese message')
  await office.route(`**/api/v1/certificates/${cert.id}/certificate.pdf`, (route) =>
    route.continue({ url: route.request().url().replace(`/certificates/${cert.id}/`, '/certificates/999999/') }))
  let downloads = 0
  office.on('download', () => downloads++)
  await office.click(sel(`cert-download-${cert.id}`))
  await office.locator('.el-message--error', { hasText: message }).waitFor()
  await office.locator(`${sel(`cert-download-${cert.id}`)}:not([data-busy])`).waitFor()
  assert.equal(downloads, 0, 'nothing was saved')
  await office.unroute(`**/api/v1/certificates/${cert.id}/certificate.pdf`)

  // 结果公示: the row's button and the opened publicity's
  await office.goto(`${server.baseUrl}/review/publicity`)
  await office.waitForSelector(sel(`publicity-list-download-${publicity.id}`))
  assert.equal(await text(office, `publicity-list-download-${publicity.id}`), '下载公示名单')
  const listName = `评审结果公示-${publicity.id}.pdf`
  const list = pdf(await download(office, `publicity-list-download-${publicity.id}`), listName, 'the result list')
  for (const s of ['评审结果公示', '证书申', '嘉兴禾丰智能科技有限公司', publicity.start_date, publicity.end_date])
    assert.ok(list.includes(flat(s)), `the result list shows ${s}: ${list}`)
  assert.ok(!/\d{17}[\dX]/.test(list), 'no identity number on a public list')
  await office.click(sel(`publicity-open-${publicity.id}`))
  await office.waitForSelector(`${sel('publicity-detail')}[data-id="${publicity.id}"]`)
  const fromDetail = pdf(await download(office, 'publicity-detail-list-download'), listName, 'the list from the detail')
  assert.ok(fromDetail.includes('证书申'))
  assert.deepEqual(office.problems, [])
  await office.context().close()
})

// ---- the expert import --------------------------------------------------------------------------------

test('the office downloads the import template, imports experts and sees every wrong cell of a refused file', async () => {
  const api = await apiLogin(server, 'committee')
  const poolSize = async () => {
    const r = await api.get('/api/v1/experts?page_size=1')
    assert.equal(r.status, 200, show(r))
    return r.json.total
  }
  const importApi = (bytes) =>
    api.request('POST', '/api/v1/imports/experts', { body: bytes, headers: { 'Content-Type': XLSX_TYPE } })
  const newId = () => {
    const d = new Date(Date.UTC(1960, 0, 1) + Math.floor(Math.random() * 12000) * 86400000)
    return residentId('330411', d.toISOString().slice(0, 10).replaceAll('-', ''))
  }

  const page = await signedIn('committee')
  await page.goto(`${server.baseUrl}/review/experts`)
  await page.waitForSelector(sel('experts-table'))
  await page.locator(`${sel('experts-table')} .el-loading-mask`).waitFor({ state: 'hidden' })
  assert.equal(await text(page, 'experts-template'), '下载导入模板')
  assert.equal(await text(page, 'experts-import'), '批量导入')

  // The template.
  const template = await download(page, 'experts-template')
  assert.equal(template.name, '专家导入模板.xlsx')
  const sheet = readXlsx(template.bytes)
  assert.equal(sheet.sheetName, '专家导入模板')
  assert.deepEqual(sheet.rows, [HEADER])

  // A filled copy: two experts; the message gives the count and the list shows them.
  const before = await poolSize()
  const good = [
    ['沈导入', newId(), '高级工程师', '化工', '嘉兴页面导入化工有限公司', creditCode(), '2022-01-01', '2024-12-31', ''],
    ['陆导入', newId(), '正高级工程师', '环境保护、化工', '嘉兴页面导入环境研究院', creditCode(), '2022-03-01', '2025-02-28', ''],
  ]
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/experts' && r.status() === 200),
    page.setInputFiles(sel('experts-import-input'), tempFile('专家.xlsx', makeXlsx([sheet.rows[0], ...good]))),
  ])
  await page.locator('.el-message--success', { hasText: '已导入 2 名专家' }).waitFor()
  assert.equal(await poolSize(), before + 2)
  await page.locator(`${sel('experts-table')} .el-loading-mask`).waitFor({ state: 'hidden' })
  const names = (await page.locator(`${sel('experts-table')} [data-test^="experts-name-"]`).allInnerTexts()).map((s) => s.trim())
  for (const [n] of good) assert.ok(names.includes(n), `${n} is in the list: ${names}`)
  assert.equal(await page.locator(sel('experts-import-dialog')).count(), 0, 'no error dialog')

  // Wrong rows: a good row, a wrong check digit, an unknown title, an unknown second family (the server names
  // it rows[4].families[1]) and a term that ends before it starts.
  const id = newId()
  const wrongId = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
  const bad = makeXlsx([HEADER,
    ['韩导入', newId(), '高级工程师', '化工', '嘉兴页面导入检测中心', creditCode(), '2022-01-01', '2024-12-31'],
    ['魏导入', wrongId, '高级工程师', '化工', '嘉兴页面导入检测中心', creditCode(), '2022-01-01', '2024-12-31'],
    ['蒋导入', newId(), '特级工程师', '化工、烹饪', '嘉兴页面导入检测中心', creditCode(), '2024-12-31', '2022-01-01'],
  ])
  // What the server says of this file (nothing is imported, so asking it first changes nothing).
  const expected = await importApi(bad)
  assert.equal(expected.status, 422, show(expected))
  assert.equal(expected.json.error.code, 'import_rows_invalid')
  const fields = expected.json.error.fields
  assert.ok(fields.some((f) => f.field === 'rows[3].id_number'), `the check digit of row 3: ${show(expected)}`)
  assert.ok(fields.some((f) => f.field === 'rows[4].title'), `the title of row 4: ${show(expected)}`)
  assert.ok(fields.some((f) => /^rows\[4\]\.families\b/.test(f.field)), `the family of row 4: ${show(expected)}`)
  const lines = fields.map((f) => {
    const [, n, field] = /^rows\[(\d+)\]\.([a-z_]+)/.exec(f.field)
    return `第 ${n} 行 · ${COLUMN[field] ?? (field === 'row' ? '整行' : '模板以外的列')} · ${f.message}`
  })
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/imports/experts'),
    page.setInputFiles(sel('experts-import-input'), tempFile('有误.xlsx', bad)),
  ])
  await page.waitForSelector(`${sel('experts-import-dialog')} ${sel('experts-import-errors')}`)
  assert.equal(await page.getAttribute(sel('experts-import-error'), 'data-code'), 'import_rows_invalid')
  assert.ok((await text(page, 'experts-import-error')).includes(expected.json.error.message), 'the server\'s message')
  assert.match(await text(page, 'experts-import-nothing'), /没有导入任何专家/)
  assert.equal(await page.getAttribute(sel('experts-import-count'), 'data-count'), String(fields.length))
  const shown = (await page.locator(`${sel('experts-import-errors')} li`).allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(shown, lines, 'every wrong cell as 第 N 行 · 列 · 说明')
  assert.ok(shown.some((s) => s.startsWith('第 3 行 · 身份证号 · ')), shown.join('\n'))
  assert.ok(shown.some((s) => s.startsWith('第 4 行 · 职称 · ')), shown.join('\n'))
  assert.ok(shown.some((s) => s.startsWith('第 4 行 · 专业类别 · ')), shown.join('\n'))
  assert.equal(await poolSize(), before + 2, 'nothing imported, not even the good row')
  await page.click(sel('experts-import-close'))
  await page.locator(sel('experts-import-dialog')).waitFor({ state: 'hidden' })

  // The wrong header: the server's message, no list.
  const wrongHeader = makeXlsx([['姓名', '身份证号', '职称'], ['严导入', newId(), '高级工程师']])
  const refused = await importApi(wrongHeader)
  assert.equal(refused.status, 422, show(refused))
  assert.equal(refused.json.error.code, 'import_wrong_columns')
  await page.setInputFiles(sel('experts-import-input'), tempFile('表头.xlsx', wrongHeader))
  await page.locator(`${sel('experts-import-error')}[data-code="import_wrong_columns"]`).waitFor()
  assert.equal(await text(page, 'experts-import-error'), refused.json.error.message)
  assert.equal(await page.locator(`${sel('experts-import-dialog')} ${sel('experts-import-errors')}`).count(), 0)
  await page.click(sel('experts-import-close'))

  // A file that is not .xlsx is not sent.
  let sent = 0
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/imports/experts') sent++ })
  await page.setInputFiles(sel('experts-import-input'), tempFile('experts.csv', Buffer.from('姓名,身份证号\n')))
  await page.locator('.el-message--error', { hasText: '请选择按模板填写的 .xlsx 文件' }).waitFor()
  assert.equal(sent, 0)
  assert.equal(await poolSize(), before + 2)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
