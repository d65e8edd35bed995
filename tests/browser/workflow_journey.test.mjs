// The whole workflow through the web app, as each role (docs/workflow.md), on a server with a settable clock:
// the demo applicant fills the performance archive and submits it; the unit approves it; the applicant creates
// the application, uploads the evidence, signs the pledge and submits; the unit starts the publicity on
// 2022-08-22 (a recommendation before its end is refused); the clock moves to 2022-08-26; a batch with an
// application that may not be recommended is rejected as a whole; the unit recommends with the template
// opinion; the acceptance point recommends to the committee; the committee office receives in a batch;
// the applicant sees the final state and the notifications.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { startServer } from '../lib/server.mjs'
import { assertInvariants } from '../lib/workflow.mjs'
import { login as apiLogin, submittedApplication } from '../lib/workflow.mjs'
import { fillDate, fillNumber, launchBrowser, login, logout, newPage, pickOption, sel, writeTempPdf } from './helpers.mjs'

const APPLICANT = '330402198803142019' // 王建国 (demo)
const UNIT = '91330402MA2JX0016P' // 嘉兴禾丰智能科技有限公司, 南湖区
let server
let browser
let pdfPath

async function setClock(now) {
  const r = await fetch(`${server.baseUrl}/api/v1/testing/clock`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now }),
  })
  assert.equal(r.status, 200, `set clock ${now}: ${r.status} ${await r.text()}`)
}

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  await setClock('2022-08-20T09:00:00+08:00')
  browser = await launchBrowser()
  pdfPath = writeTempPdf('scan.pdf')
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (pdfPath) rmSync(dirname(pdfPath), { recursive: true, force: true })
})

/** The table row (tr) that holds the element with this data-test. */
const rowOf = (page, test) => page.locator('.el-table__body tr', { has: page.locator(sel(test)) })

async function successToast(page, text) {
  await page.locator('.el-message--success', text ? { hasText: text } : {}).first().waitFor()
}

/** Adds one archive item through the item dialog: `fill` fills the dialog's form. */
async function addArchiveItem(page, kind, fill) {
  await page.click(sel(`archive-add-${kind}`))
  const dialog = page.locator(`${sel('archive-item-dialog')}:visible`)
  await dialog.waitFor()
  await fill()
  await page.click(`${sel('ai-ok')}:visible`)
  await dialog.waitFor({ state: 'hidden' })
}

async function check(page, test, on = true) {
  const box = page.locator(sel(test))
  const checked = await box.evaluate((el) => el.classList.contains('is-checked'))
  if (checked !== on) await box.click()
}

test('workflow journey: archive, application, publicity, recommendation, receipt', { timeout: 300_000 }, async () => {
  const { baseUrl } = server
  const page = await newPage(browser)

  // ---- 0. the reviewer guide is public ----
  await page.goto(`${baseUrl}/help/reviewer`)
  await page.waitForSelector(sel('help-unit'))
  assert.match(await page.innerText(sel('help-unit')), /不少于 5 个工作日/)
  assert.match(await page.innerText(sel('help-unit')), /9 月 14 日/)
  assert.match(await page.innerText(sel('help-county')), /9 月 30 日/)
  assert.match(await page.innerText(sel('help-committee')), /带水印双面打印，一式两份/)

  // ---- 1. the applicant fills and submits the performance archive ----
  await login(page, baseUrl, APPLICANT)
  await page.goto(`${baseUrl}/archive`)
  await page.waitForSelector(sel('archive-items'))
  await page.fill(sel('archive-credit-code'), UNIT)
  await addArchiveItem(page, 'education', async () => {
    await pickOption(page, 'ai-education-kind', 'ai-education-option-bachelor')
    await fillDate(page, 'ai-graduated', '2014-06-30')
    await page.fill(sel('ai-school'), '浙江工业大学')
    await page.fill(sel('ai-major'), '化学工程与工艺')
  })
  await addArchiveItem(page, 'work', async () => {
    await fillDate(page, 'ai-from', '2014-07-01')
    await page.fill(sel('ai-employer'), '嘉兴禾丰智能科技有限公司')
    await page.fill(sel('ai-post'), '工艺工程师')
  })
  await addArchiveItem(page, 'title', async () => {
    await pickOption(page, 'ai-title-level', 'ai-title-option-assistant_engineer')
    await fillDate(page, 'ai-obtained', '2017-07-01')
  })
  await addArchiveItem(page, 'employment', async () => {
    await check(page, 'ai-in-service')
    await check(page, 'ai-full-time')
  })
  await addArchiveItem(page, 'social_security', async () => {
    await check(page, 'ai-paid-in-city')
  })
  for (const year of [2019, 2020, 2021, 2022]) {
    await addArchiveItem(page, 'continuing_education', async () => {
      await pickOption(page, 'ai-ce-year', `ai-ce-year-option-${year}`)
      await fillNumber(page, 'ai-ce-hours', 90)
    })
  }
  await page.click(sel('archive-save'))
  await page.locator(sel('archive-dirty')).waitFor({ state: 'detached' })
  await page.click(sel('archive-submit'))
  await page.waitForSelector(`${sel('archive-status')}[data-status="pending"]`)
  await logout(page)

  // ---- 2. the unit approves the archive ----
  await login(page, baseUrl, UNIT)
  await page.click(sel('menu-unit-archives'))
  await page.waitForURL(/\/unit\/archives$/)
  const archiveRow = page.locator('.el-table__body tr', { hasText: '王建国' })
  await archiveRow.waitFor()
  assert.match(await archiveRow.innerText(), /待审核/)
  assert.match(await archiveRow.innerText(), /\*/) // the ID number is masked
  await archiveRow.locator('[data-test^="archive-open-"]').click()
  await page.waitForSelector(`${sel('archive-status')}[data-status="pending"]`)
  assert.equal((await page.innerText(sel('archive-applicant-name'))).trim(), '王建国')
  await page.waitForSelector(sel('archive-kind-education'))
  assert.match(await page.innerText(sel('archive-kind-education')), /大学本科/)
  assert.match(await page.innerText(sel('archive-kind-continuing_education')), /2022/)
  await page.click(sel('archive-approve'))
  await page.click('.el-message-box__btns .el-button--primary')
  await successToast(page, '业绩档案已审核通过')
  await page.waitForSelector(`${sel('archive-status')}[data-status="approved"]`)
  await page.click(sel('archive-close'))
  await page.locator(sel('archive-drawer')).waitFor({ state: 'hidden' })
  await logout(page)

  // ---- 3. the applicant creates the application, uploads the evidence, pledges and submits ----
  await login(page, baseUrl, APPLICANT)
  await page.goto(`${baseUrl}/archive`)
  await page.waitForSelector(`${sel('archive-status')}[data-status="approved"]`)
  await page.goto(`${baseUrl}/application`)
  await page.waitForSelector(sel('app-form'))
  await page.click(sel('app-level-engineer'))
  await pickOption(page, 'app-specialty', 'app-specialty-option-chemical_process')
  await page.click(sel('app-create'))
  await page.waitForSelector(`${sel('app-state')}[data-state="draft"]`)
  await page.waitForSelector(sel('app-evidence'))
  const required = await page
    .locator('[data-test^="app-slot-"][data-required="true"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-test').replace(/^app-slot-/, '')))
  assert.ok(required.includes('id_card') && required.includes('education_certificate'), `required: ${required}`)
  for (const slot of required) {
    await page.setInputFiles(sel(`app-slot-upload-${slot}-input`), pdfPath)
    await page.waitForSelector(sel(`app-slot-file-${slot}-0`))
  }
  await page.click(sel('app-pledge'))
  await page.waitForSelector(`${sel('app-pledge')}[data-checked="true"]`)
  await page.click(sel('app-action-submit'))
  await page.waitForSelector(`${sel('app-state')}[data-state="submitted"]`)
  const appNumber = (await page.innerText(sel('app-number'))).trim()
  assert.ok(appNumber && appNumber !== '—')
  await logout(page)

  // ---- a second applicant of the same unit, submitted through the API (for the batch check) ----
  const unitApi = await apiLogin(server, UNIT)
  const other = await submittedApplication(server, unitApi)

  // ---- 4. the unit starts the publicity on 2022-08-22 ----
  await login(page, baseUrl, UNIT)
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  await page.waitForSelector(sel('quota-card'))
  await page.waitForSelector(`${sel('queue-tab-submitted')}`)
  const mainRow = page.locator('.el-table__body tr', { hasText: appNumber })
  await mainRow.waitFor()
  assert.match(await mainRow.innerText(), /王建国/)
  assert.match(await mainRow.innerText(), /待单位审核/)
  assert.ok(Number((await page.innerText(sel('queue-count-submitted'))).trim()) >= 2)
  await mainRow.locator('[data-test^="queue-open-"]').click()
  await page.waitForURL(/\/applications\/\d+$/)
  const appPath = new URL(page.url()).pathname
  await page.waitForSelector(`${sel('app-state')}[data-state="submitted"]`)
  assert.equal((await page.innerText(sel('app-applicant-name'))).trim(), '王建国')
  assert.match(await page.innerText(sel('app-applicant-id')), /\*/)
  assert.match(await page.innerText(sel('app-unit')), /嘉兴禾丰智能科技有限公司/)
  assert.equal((await page.innerText(sel('app-level'))).trim(), '工程师')
  await page.waitForSelector(`${sel('app-elig-verdict')}[data-verdict="eligible"]`)
  // the snapshot's SHA-256 only on request (校验值)
  assert.equal(await page.locator(sel('app-snapshot-sha256')).count(), 0)
  await page.click(sel('app-snapshot-sha256-toggle'))
  assert.match(await page.innerText(sel('app-snapshot-sha256')), /^[0-9a-f]{64}$/)
  assert.ok((await page.locator('[data-test^="app-file-"]').count()) >= required.length)
  await page.click(sel('action-start_publicity'))
  await fillDate(page, 'action-start-date', '2022-08-22')
  await page.waitForSelector(sel('action-end-preview'))
  assert.match(await page.innerText(sel('action-end-preview')), /2022-08-26/)
  await page.click(sel('action-submit'))
  await successToast(page, '2022-08-26')
  await page.waitForSelector(`${sel('app-state')}[data-state="publicity"]`)
  assert.equal((await page.innerText(sel('app-publicity-start'))).trim(), '2022-08-22')
  assert.equal((await page.innerText(sel('app-publicity-end'))).trim(), '2022-08-26')

  // before the end of the publicity a recommendation is refused with the server's message
  if (await page.locator(sel('action-recommend')).count()) {
    await page.click(sel('action-recommend'))
    await page.click(sel('action-submit'))
    const err = page.locator(sel('action-error'))
    await err.waitFor()
    assert.equal(await err.getAttribute('data-code'), 'publicity_not_ended')
    assert.match(await err.innerText(), /[\u4e00-\u9fff]/)
    await page.click(sel('action-cancel'))
  }

  // ---- 5. on 2022-08-26 a batch that holds an application still awaiting review is rejected whole ----
  await setClock('2022-08-26T09:00:00+08:00')
  // moving the clock days ahead expires every session: sign in again
  await login(page, baseUrl, UNIT)
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  await page.click(sel('queue-tab-all'))
  const mainId = appPath.split('/').pop()
  const otherId = String(other.app.id)
  await page.waitForSelector(sel(`queue-select-${mainId}`))
  await page.waitForSelector(sel(`queue-select-${otherId}`))
  await page.click(sel(`queue-select-${mainId}`))
  await page.click(sel(`queue-select-${otherId}`))
  assert.match(await page.innerText(sel('batch-selected')), /2/)
  await page.click(sel('batch-recommend'))
  await page.waitForSelector(`${sel('batch-dialog')} ${sel('batch-text')}`)
  await page.click(sel('batch-submit'))
  await page.waitForSelector(sel('batch-errors'))
  assert.match(await page.innerText(sel('batch-rejected')), /未对任何申报作出变更/)
  await page.waitForSelector(sel(`batch-error-${otherId}`))
  assert.ok((await page.getAttribute(sel(`batch-error-message-${otherId}`), 'data-code')).length > 0)
  assert.doesNotMatch(await page.innerText(sel('batch-errors')), /[a-z]+_[a-z_]+/, 'no error code shown')
  assert.match(await page.innerText(sel(`batch-error-message-${otherId}`)), /[\u4e00-\u9fff]/)
  await page.click(sel('batch-cancel'))
  // nothing was applied: the application is still in publicity
  await page.click(sel('queue-search-submit'))
  await page.waitForSelector(`${sel('queue-table')} [data-state="publicity"]`)

  // ---- 6. the unit recommends with the template opinion ----
  await page.goto(`${baseUrl}${appPath}`)
  await page.waitForSelector(`${sel('app-state')}[data-state="publicity"]`)
  await page.click(sel('action-recommend'))
  const opinion = await page.inputValue(sel('action-opinion'))
  assert.match(opinion, /^经审核/)
  assert.match(opinion, /王建国/)
  assert.match(opinion, /同意报送/)
  await page.click(sel('action-submit'))
  await page.waitForSelector(`${sel('app-state')}[data-state="unit_recommended"]`)
  assert.match(await page.innerText(sel('app-history')), /同意推荐/)
  await logout(page)

  // ---- 7. the acceptance point of 南湖区 recommends to the committee ----
  await login(page, baseUrl, 'ap330402')
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  const apRow = page.locator('.el-table__body tr', { hasText: appNumber })
  await apRow.waitFor()
  assert.match(await apRow.innerText(), /嘉兴禾丰智能科技有限公司/)
  await apRow.locator('[data-test^="queue-open-"]').click()
  await page.waitForSelector(`${sel('app-state')}[data-state="unit_recommended"]`)
  assert.match(await page.innerText(sel('app-publicity-opinion')), /同意报送/)
  await page.click(sel('action-county_recommend'))
  await page.click(sel('action-submit'))
  await page.waitForSelector(`${sel('app-state')}[data-state="county_recommended"]`)
  await logout(page)

  // ---- 8. the committee office receives it in a batch ----
  await login(page, baseUrl, 'committee')
  assert.equal((await page.innerText(sel('menu-queue'))).trim(), '接收材料')
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  await page.waitForSelector(sel(`queue-select-${mainId}`))
  await page.click(sel(`queue-select-${mainId}`))
  await page.click(sel('batch-receive'))
  await page.click(sel('batch-submit'))
  await successToast(page, '已处理 1 件')
  await page.click(sel('queue-tab-received'))
  await page.locator('.el-table__body tr', { hasText: appNumber }).waitFor()
  await logout(page)

  // ---- 9. the applicant sees the final state and the notifications ----
  await login(page, baseUrl, APPLICANT)
  await page.goto(`${baseUrl}/application`)
  await page.waitForSelector(`${sel('app-state')}[data-state="received"]`)
  assert.match(await page.innerText(sel('app-state')), /评委会已接收/)
  await page.goto(`${baseUrl}/notifications`)
  await page.waitForSelector('[data-test^="notif-item-"]')
  const notes = await page.innerText(sel('notifications-view'))
  assert.match(notes, /评委会|接收/)
  assert.match(notes, /业绩档案/)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the workflow invariants hold after the scenario (zhicheng check-invariants)', () => {
  assertInvariants(server)
})
