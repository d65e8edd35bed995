// The archive's item dialog checks an item the way the server does (PUT /archive: src/workflow/archive.cpp and
// src/eligibility/profile.cpp) before it goes into the list: confirmed empty, it stays open with a message on
// every required field at once; filled wrongly, the specific message (a work period that ends before it
// starts, a second continuing-education item for the same year); filled correctly, the item is listed and the
// archive saves without an error. At a desktop size and on a phone (the dialog does not scroll sideways).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client } from '../lib/server.mjs'
import {
  TIMEOUT,
  fieldError,
  fillDate,
  fillNumber,
  newPage,
  pickOption,
  randomMobile,
  randomResidentId,
  sel,
  serverAndBrowser,
} from './helpers.mjs'

const env = serverAndBrowser()
const REQUIRED = '此项为必填项'

/** Registers a new applicant (an empty archive) and signs them in on `page`, on the archive page. */
async function newApplicantOnArchive(page) {
  const c = new Client(env.server.baseUrl)
  const idNumber = randomResidentId()
  const password = 'Apply2022ok'
  const reg = await c.post('/api/v1/auth/register/applicant', {
    name: '李档案',
    id_number: idNumber,
    mobile: randomMobile(),
    password,
  })
  assert.equal(reg.status, 201, JSON.stringify(reg.json))
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), idNumber)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(`${env.server.baseUrl}/archive`)
  await page.waitForSelector(sel('archive-items'))
}

const dialogOf = (page) => page.locator(`${sel('archive-item-dialog')}:visible`)

async function openDialog(page, kind) {
  await page.click(sel(`archive-add-${kind}`))
  await page.locator(`${sel('ai-form')}:visible`).waitFor()
}

/** Presses confirm and expects the dialog to stay open. */
async function confirmRefused(page) {
  await page.click(`${sel('ai-ok')}:visible`)
  await page.locator(`${sel('ai-form')} .el-form-item.is-error`).first().waitFor()
  assert.equal(await dialogOf(page).count(), 1, 'the dialog stays open')
}

async function confirmAccepted(page) {
  await page.click(`${sel('ai-ok')}:visible`)
  await page.locator(sel('ai-form')).waitFor({ state: 'detached' })
}

/** The visible messages of the dialog's form, in order. */
async function dialogMessages(page) {
  // (a message on its way out, in its leave transition, is empty)
  return (await page.locator(`${sel('ai-form')} .el-form-item__error`).allInnerTexts()).map((s) => s.trim()).filter(Boolean)
}

/** The field's message now ('' for none), without waiting: a message on its way out may go at any moment. */
async function errorOf(page, test) {
  return (await fieldError(page, test).allInnerTexts()).join('').trim()
}

/**
 * Waits until the fields (by data-test) show these messages ('' for none; a RegExp to match) — an
 * el-form-item shows its error a moment after it is set — then asserts them.
 */
async function expectMessages(page, expected) {
  const read = async () => {
    const got = {}
    for (const test of Object.keys(expected)) got[test] = await errorOf(page, test)
    return got
  }
  const matches = (got) =>
    Object.entries(expected).every(([k, v]) => (v instanceof RegExp ? v.test(got[k]) : got[k] === v))
  const until = Date.now() + TIMEOUT
  let got = await read()
  while (!matches(got) && Date.now() < until) {
    await page.waitForTimeout(100)
    got = await read()
  }
  for (const [k, v] of Object.entries(expected)) {
    if (v instanceof RegExp) assert.match(got[k], v, k)
    else assert.equal(got[k], v, k)
  }
}

/** Neither the page nor the dialog scrolls sideways, and the dialog lies within the screen. */
async function assertNoSideways(page, what) {
  const r = await page.evaluate(() => {
    const d = [...document.querySelectorAll('[data-test="archive-item-dialog"]')].find((el) => el.offsetParent !== null)
    const body = d?.querySelector('.el-dialog__body')
    const b = d?.getBoundingClientRect()
    return {
      W: window.innerWidth,
      page: document.documentElement.scrollWidth,
      left: b?.left ?? 0,
      right: b?.right ?? 0,
      dialog: d ? d.scrollWidth - d.clientWidth : 0,
      body: body ? body.scrollWidth - body.clientWidth : 0,
      wrapper: d?.parentElement ? d.parentElement.scrollWidth - d.parentElement.clientWidth : 0,
    }
  })
  assert.ok(r.page <= r.W, `${what}: the page scrolls sideways (${r.page} > ${r.W})`)
  assert.ok(r.left >= -1 && r.right <= r.W + 1, `${what}: the dialog (${r.left}..${r.right}) leaves the screen (${r.W})`)
  assert.ok(r.dialog <= 0 && r.body <= 0 && r.wrapper <= 0, `${what}: the dialog scrolls sideways ${JSON.stringify(r)}`)
}

for (const [w, h] of [
  [1440, 900],
  [390, 844],
]) {
  test(`the item dialog names every problem at once, then takes the item (${w}×${h})`, { timeout: 120_000 }, async () => {
    const page = await newPage(env.browser)
    await page.setViewportSize({ width: w, height: h })
    await newApplicantOnArchive(page)
    const at = `${w}×${h}`

    // ---- education: nothing filled → the education and the graduation date are required; school and major are not
    await openDialog(page, 'education')
    await confirmRefused(page)
    await expectMessages(page, { 'ai-education-kind': REQUIRED, 'ai-graduated': REQUIRED, 'ai-school': '', 'ai-major': '' })
    assert.deepEqual(await dialogMessages(page), [REQUIRED, REQUIRED])
    await assertNoSideways(page, `education dialog at ${at}`)
    if (process.env.ARCHIVE_DIALOG_SHOT && w < 768)
      await page.screenshot({ path: `${process.env.ARCHIVE_DIALOG_SHOT}/archive-dialog-education-${w}.png` })

    // a message goes as soon as its field changes; the other stays
    await pickOption(page, 'ai-education-kind', 'ai-education-option-bachelor')
    await expectMessages(page, { 'ai-education-kind': '', 'ai-graduated': REQUIRED })
    await confirmRefused(page)
    assert.deepEqual(await dialogMessages(page), [REQUIRED])
    await fillDate(page, 'ai-graduated', '2012-06-30')
    await page.fill(sel('ai-school'), '浙江工业大学')
    await confirmAccepted(page)
    assert.match(await page.innerText(sel('archive-item-summary-education-0')), /本科.*2012-06-30.*浙江工业大学/)

    // ---- work: nothing filled → start, employer and post at once; the end may stay empty (至今)
    await openDialog(page, 'work')
    await confirmRefused(page)
    await expectMessages(page, { 'ai-from': REQUIRED, 'ai-to': '', 'ai-employer': REQUIRED, 'ai-post': REQUIRED })
    assert.equal((await dialogMessages(page)).length, 3)
    await assertNoSideways(page, `work dialog at ${at}`)
    if (process.env.ARCHIVE_DIALOG_SHOT && w < 768)
      await page.screenshot({ path: `${process.env.ARCHIVE_DIALOG_SHOT}/archive-dialog-work-${w}.png` })

    // an end before the start: that message alone (blanks only, filled with spaces, are still missing)
    await fillDate(page, 'ai-from', '2015-07-01')
    await fillDate(page, 'ai-to', '2014-06-30')
    await page.fill(sel('ai-employer'), '嘉兴禾丰智能科技有限公司')
    await page.fill(sel('ai-post'), '   ')
    await confirmRefused(page)
    await expectMessages(page, { 'ai-from': '', 'ai-to': '结束日期不能早于起始日期', 'ai-employer': '', 'ai-post': REQUIRED })
    await assertNoSideways(page, `work dialog with the date order at ${at}`)
    if (process.env.ARCHIVE_DIALOG_SHOT && w < 768)
      await page.screenshot({ path: `${process.env.ARCHIVE_DIALOG_SHOT}/archive-dialog-work-order-${w}.png` })

    // the same day at both ends is a period the server takes
    await fillDate(page, 'ai-to', '2015-07-01')
    await expectMessages(page, { 'ai-to': '', 'ai-post': REQUIRED })
    await page.fill(sel('ai-post'), '工艺工程师')
    await confirmAccepted(page)
    assert.match(await page.innerText(sel('archive-item-summary-work-0')), /2015-07-01 ～ 2015-07-01.*嘉兴禾丰智能科技有限公司.*工艺工程师/)

    // ---- continuing education: year and hours required; one item a year
    await openDialog(page, 'continuing_education')
    await confirmRefused(page)
    await expectMessages(page, { 'ai-ce-year': REQUIRED, 'ai-ce-hours': REQUIRED })
    await pickOption(page, 'ai-ce-year', 'ai-ce-year-option-2021')
    await fillNumber(page, 'ai-ce-hours', 90)
    await confirmAccepted(page)
    await openDialog(page, 'continuing_education')
    await pickOption(page, 'ai-ce-year', 'ai-ce-year-option-2021')
    await fillNumber(page, 'ai-ce-hours', 30)
    await confirmRefused(page)
    await expectMessages(page, { 'ai-ce-year': /已有 2021 年度的继续教育条目/, 'ai-ce-hours': '' })
    await page.click(`${sel('ai-cancel')}:visible`)
    await page.locator(sel('ai-form')).waitFor({ state: 'detached' })
    assert.equal(await page.locator(`${sel('archive-group-continuing_education')} [data-test^="archive-item-summary-"]`).count(), 1)

    // what the dialog took, the server takes
    await page.click(sel('archive-save'))
    await page.locator(sel('archive-dirty')).waitFor({ state: 'detached' })
    assert.equal(await page.locator(`${sel('archive-errors')}:visible`).count(), 0)
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}

// The unit is found by name (issue 18): the applicant types part of it, picks the suggestion, and the credit
// code is filled in; the saved archive names the unit. On a phone, without sideways scrolling.
test('an applicant finds the unit by name and the archive names it (390×844)', { timeout: 120_000 }, async () => {
  const page = await newPage(env.browser)
  await page.setViewportSize({ width: 390, height: 844 })
  await newApplicantOnArchive(page)
  assert.equal(await page.inputValue(sel('archive-credit-code')), '')
  await page.click(sel('unit-lookup'))
  await page.locator(`${sel('unit-lookup')} input`).fill('禾丰智能')
  const option = page.locator(sel('unit-lookup-option')).filter({ hasText: '嘉兴禾丰智能科技有限公司' })
  await option.waitFor()
  assert.match(await option.innerText(), /南湖区/)
  if (process.env.ARCHIVE_DIALOG_SHOT) await page.screenshot({ path: `${process.env.ARCHIVE_DIALOG_SHOT}/unit-lookup-open-390.png` })
  await option.click()
  assert.equal(await page.inputValue(sel('archive-credit-code')), '91330402MA2JX0016P')
  assert.match(await page.innerText(sel('unit-picked')), /嘉兴禾丰智能科技有限公司/)
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways} px`)
  await page.click(sel('archive-save'))
  await page.locator(sel('archive-dirty')).waitFor({ state: 'detached' })
  assert.equal((await page.innerText(sel('archive-unit-name'))).trim(), '嘉兴禾丰智能科技有限公司')
})
