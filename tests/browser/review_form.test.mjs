// The review form (《专业技术职务任职资格评审表》, docs/documents.md) in the browser, on the workflow demo
// (`zhicheng demo --workflow`) with the clock at 2022-08-25: the demo applicant 周海峰 opens 职称申报, whose
// application ZC2022-000004 has a snapshot, sees 下载评审表 with the notice's hint and downloads a PDF (the
// Playwright download event); the PDF's text (pdftotext) holds the form's name, the application number and a
// verification code XXXX-XXXX-XXXX-XXXX. An anonymous visitor opens /verify?code=… and sees the form's facts
// (after the certificate check answered 404); the code typed by hand (lower case, spaces) gives the same; a
// made-up code shows the not-found message, and the certificate check by number and name is unchanged (no
// form check). The QR code of page 1 (pdftoppm + zbarimg) holds {the address used}/verify?code={code without
// dashes}, and that address shows the same facts. A print made before a resubmission (李晓燕, returned by her
// unit and resubmitted) shows the warning that it has been superseded. The committee office finds the button
// on the application's review page too. The invariant checker runs last and the sanitizers stay silent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bin, calendarsDir, campaignsDir, freshDatabaseUrl, startServer } from '../lib/server.mjs'
import { act, get, login as apiLogin, setClock } from '../lib/workflow.mjs'
import { launchBrowser, login, newPage, sel, finishBrowserTest } from './helpers.mjs'

const NOW = '2022-08-25T09:00:00+08:00'
const FORM_NAME = '专业技术职务任职资格评审表'
const ZHOU = { login: '330483197906150058', name: '周海峰', number: 'ZC2022-000004', id: 4 }
const LI = { login: '330411199207080027', name: '李晓燕', number: 'ZC2022-000001', id: 1 }
const LI_UNIT = '91330402MA2JX0016P'
const CODE = /验证码[：:]?\s*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/

let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zc-review-form-'))
  const dbUrl = freshDatabaseUrl(dir)
  const dataDir = join(dir, 'data')
  execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
    '--calendars', calendarsDir], { stdio: 'pipe' })
  server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] })
  await setClock(server, NOW)
  browser = await launchBrowser()
})

after(() => finishBrowserTest({ browser, server, dir }))

const text = async (page, test) => (await page.innerText(sel(test))).trim()

/** The text of a PDF, as pdftotext lays it out. */
function pdfText(path) {
  return execFileSync('pdftotext', ['-layout', '-nodiag', path, '-'], { encoding: 'utf8' })
}

function pdfPages(path) {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  return Number(info.match(/^Pages:\s+(\d+)/m)?.[1])
}

/** Clicks 下载评审表 and saves the PDF; returns its path and the suggested file name. */
async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel('review-form-download'))])
  const path = join(dir, name)
  await dl.saveAs(path)
  assert.equal(await dl.failure(), null)
  return { path, suggested: dl.suggestedFilename() }
}

/** Checks a downloaded review form and returns its verification code (grouped) and text. */
function checkPdf(path, number) {
  const bytes = readFileSync(path)
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF')
  const body = pdfText(path)
  assert.ok(body.includes(FORM_NAME), `the form's name is in the PDF:\n${body.slice(0, 600)}`)
  assert.ok(body.includes(number), `the application number ${number} is in the PDF`)
  const m = body.match(CODE)
  assert.ok(m, `a verification code is printed:\n${body.slice(0, 600)}`)
  const code = m[1]
  // every occurrence (header and the footer of each page) is the same code
  const all = [...body.matchAll(new RegExp(CODE.source, 'g'))].map((x) => x[1])
  assert.ok(all.length >= 2, `the code is printed in the header and footers: ${all}`)
  assert.deepEqual([...new Set(all)], [code])
  return { code, body }
}

/** Waits for the form's facts on /verify and checks them against the print. */
async function assertFormFacts(page, { number, name, code, pages, current = true }) {
  await page.waitForSelector(sel('verify-form-result'))
  assert.equal(await page.locator(sel('verify-result')).count(), 0, 'no certificate result')
  assert.equal(await page.locator(sel('verify-not-found')).count(), 0)
  assert.equal(await text(page, 'verify-form-name'), FORM_NAME)
  assert.equal(await text(page, 'verify-form-app-number'), number)
  assert.match(await text(page, 'verify-form-number'), new RegExp(`^${number}-v\\d+$`))
  assert.equal(await text(page, 'verify-form-applicant'), name)
  // the public sees no digit of the identity number
  assert.equal(await page.locator(sel('verify-form-id')).count(), 0)
  assert.doesNotMatch(await text(page, 'verify-form-result'), /\d{6}\*+/)
  assert.match(await text(page, 'verify-form-unit'), /\S/)
  assert.match(await text(page, 'verify-form-level'), /工程师/)
  assert.match(await text(page, 'verify-form-specialty'), /\S/)
  assert.match(await text(page, 'verify-form-submitted-at'), /^2022-08-\d\d \d\d:\d\d:\d\d$/)
  assert.match(await text(page, 'verify-form-printed-at'), /^2022-08-25 \d\d:\d\d:\d\d$/)
  // the checksum is behind a "校验值" link
  assert.equal(await page.locator(sel('verify-form-sha256')).count(), 0)
  assert.match(await text(page, 'verify-form-sha256-toggle'), /^校验值$/)
  await page.click(sel('verify-form-sha256-toggle'))
  assert.match(await text(page, 'verify-form-sha256'), /^[0-9a-f]{64}$/)
  if (pages) assert.equal(await page.getAttribute(sel('verify-form-pages'), 'data-pages'), String(pages))
  assert.equal(await page.getAttribute(sel('verify-form-result'), 'data-current'), String(current))
  assert.equal(await page.locator(sel('verify-form-outdated')).count(), current ? 0 : 1)
  if (code) assert.equal(await page.inputValue(sel('verify-code')), code)
}

test('the applicant downloads the review form; its code and QR code verify on /verify', { timeout: 300_000 }, async () => {
  const { baseUrl } = server

  // ---- 职称申报: the button, the hint, the download ----
  const page = await newPage(browser)
  await login(page, baseUrl, ZHOU.login)
  await page.goto(`${baseUrl}/application`)
  await page.waitForSelector(sel('app-facts'))
  assert.equal(await text(page, 'app-number'), ZHOU.number)
  await page.waitForSelector(sel('app-snapshot-version'))
  const version = await page.getAttribute(sel('app-snapshot-version'), 'data-version')
  await page.waitForSelector(sel('review-form-download'))
  assert.equal(await text(page, 'review-form-download'), '下载评审表')
  const hint = await text(page, 'review-form-hint')
  assert.match(hint, /带水印/)
  assert.match(hint, /双面打印/)
  assert.match(hint, /一式两份/) // [paper_materials] copies = 2 in the 2022 campaign
  assert.equal(await text(page, 'review-form-number'), `${ZHOU.number}-v${version}`)
  assert.equal(
    await page.getAttribute(sel('review-form-download'), 'href'),
    `/api/v1/applications/${ZHOU.id}/review-form.pdf`,
  )

  const { path, suggested } = await download(page, 'zhou.pdf')
  assert.match(suggested, /\.pdf$/)
  const { code, body } = checkPdf(path, ZHOU.number)
  assert.ok(body.includes(`${ZHOU.number}-v${version}`), 'the form number is printed')
  assert.ok(body.includes(ZHOU.name))
  const pages = pdfPages(path)
  assert.ok(pages >= 2 && pages % 2 === 0, `an even page count for duplex printing: ${pages}`)
  assert.deepEqual(page.problems, [])

  // ---- an anonymous visitor checks the code on /verify ----
  const visitor = await newPage(browser)
  const formChecks = []
  visitor.on('request', (r) => {
    const u = new URL(r.url())
    if (u.pathname.startsWith('/api/v1/public/')) formChecks.push(u.pathname)
  })
  await visitor.goto(`${baseUrl}/verify?code=${code}`)
  await assertFormFacts(visitor, { number: ZHOU.number, name: ZHOU.name, code, pages })
  assert.equal(await text(visitor, 'verify-form-unit'), '嘉兴市交通投资集团有限责任公司')
  assert.equal(await text(visitor, 'verify-form-number'), `${ZHOU.number}-v${version}`)
  // the certificate check is asked first, then the form check
  assert.deepEqual(formChecks, ['/api/v1/public/certificates/verify', '/api/v1/public/forms/verify'])

  // the code typed by hand: lower case with spaces
  await visitor.goto(`${baseUrl}/verify`)
  await visitor.click(sel('verify-tab-code'))
  await visitor.fill(sel('verify-code'), code.toLowerCase().replaceAll('-', ' '))
  await visitor.click(sel('verify-submit'))
  await assertFormFacts(visitor, { number: ZHOU.number, name: ZHOU.name, pages })

  // a made-up code: neither a certificate nor a form
  await visitor.goto(`${baseUrl}/verify?code=ABCD-EFGH-JKLM-NPQR`)
  await visitor.waitForSelector(sel('verify-not-found'))
  assert.match(await text(visitor, 'verify-not-found'), /未查到/)
  assert.equal(await visitor.locator(sel('verify-form-result')).count(), 0)
  assert.equal(await visitor.locator(sel('verify-result')).count(), 0)

  // the certificate check by number and name is as before: not found, and no form check
  formChecks.length = 0
  await visitor.goto(`${baseUrl}/verify`)
  await visitor.fill(sel('verify-number'), 'JXGC2022-99999')
  await visitor.fill(sel('verify-name'), ZHOU.name)
  await visitor.click(sel('verify-submit'))
  await visitor.waitForSelector(sel('verify-not-found'))
  assert.deepEqual(formChecks, ['/api/v1/public/certificates/verify'])

  // ---- the QR code of page 1 ----
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', path, join(dir, 'zhou-page')])
  const png = join(dir, 'zhou-page-1.png')
  // (zbarimg's stderr: a note that there is no D-Bus here)
  const qr = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  const plain = code.replaceAll('-', '')
  assert.ok(qr.endsWith(`/verify?code=${plain}`), `the QR code holds the check's address: ${qr}`)
  assert.equal(qr, `${baseUrl}/verify?code=${plain}`, 'the address the browser used')
  await visitor.goto(qr)
  await assertFormFacts(visitor, { number: ZHOU.number, name: ZHOU.name, code: plain, pages })
  assert.deepEqual(visitor.problems, [])
})

test('a print made before a resubmission is shown as superseded', { timeout: 180_000 }, async () => {
  const { baseUrl } = server
  // 李晓燕 downloads her form on 职称申报
  const page = await newPage(browser)
  await login(page, baseUrl, LI.login)
  await page.goto(`${baseUrl}/application`)
  await page.waitForSelector(sel('review-form-download'))
  assert.equal(await text(page, 'app-number'), LI.number)
  const { path } = await download(page, 'li-v1.pdf')
  const { code } = checkPdf(path, LI.number)

  // her unit returns the application and she resubmits it (a new snapshot)
  const unit = await apiLogin(server, LI_UNIT)
  await act(unit, LI.id, 'return', { reason: '请补充材料', items: [{ item: '身份证', reason: '扫描件不清晰' }] }, 'returned')
  const applicant = await apiLogin(server, LI.login)
  const next = await act(applicant, LI.id, 'resubmit', {}, 'submitted')
  assert.equal(next.snapshot.version, 2)

  // the old print: still known, with the warning
  const visitor = await newPage(browser)
  await visitor.goto(`${baseUrl}/verify?code=${code}`)
  await assertFormFacts(visitor, { number: LI.number, name: LI.name, code, current: false })
  assert.equal(await text(visitor, 'verify-form-number'), `${LI.number}-v1`)
  assert.match(await text(visitor, 'verify-form-outdated'), /已被重新提交的版本取代/)
  assert.equal(await text(visitor, 'verify-form-status'), '已被取代')

  // a new print of the new snapshot is current
  await page.reload()
  await page.waitForSelector(sel('review-form-download'))
  assert.equal(await text(page, 'review-form-number'), `${LI.number}-v2`)
  const fresh = checkPdf((await download(page, 'li-v2.pdf')).path, LI.number)
  assert.notEqual(fresh.code, code)
  await visitor.goto(`${baseUrl}/verify?code=${fresh.code}`)
  await assertFormFacts(visitor, { number: LI.number, name: LI.name, code: fresh.code, current: true })
  assert.equal(await text(visitor, 'verify-form-number'), `${LI.number}-v2`)
  assert.equal(await text(visitor, 'verify-form-status'), '当前版本')
  assert.deepEqual(page.problems, [])
  assert.deepEqual(visitor.problems, [])
})

test('the committee office downloads the form from the application review page', { timeout: 180_000 }, async () => {
  const { baseUrl } = server
  const office = await newPage(browser)
  await login(office, baseUrl, 'committee')
  await office.goto(`${baseUrl}/applications/${ZHOU.id}`)
  await office.waitForSelector(sel('app-snapshot-version'))
  assert.equal(await text(office, 'app-number'), ZHOU.number)
  await office.waitForSelector(sel('review-form-download'))
  assert.match(await text(office, 'review-form-hint'), /带水印，请双面打印，一式两份/)
  const { path } = await download(office, 'office.pdf')
  const { code } = checkPdf(path, ZHOU.number)
  // every download is recorded with a fresh code: the office's print verifies as well
  const r = await get(await apiLogin(server, 'committee'), `/public/forms/verify?code=${code}`)
  assert.equal(r.status, 200, JSON.stringify(r.json))
  assert.equal(r.json.number, ZHOU.number)
  assert.equal(r.json.applicant_name, ZHOU.name)
  assert.equal(r.json.current, true)
  assert.deepEqual(office.problems, [])
})
