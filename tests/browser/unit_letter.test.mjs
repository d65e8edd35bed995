// A unit registers, is held on the letter page, uploads its authorisation letter; the acceptance point
// of its region approves it; afterwards the unit has its full menu and may edit its contact person.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  fieldError,
  login,
  logout,
  menuTexts,
  newPage,
  pickOption,
  randomCreditCode,
  randomMobile,
  randomSuffix,
  sel,
  serverAndBrowser,
  writeTempPdf,
} from './helpers.mjs'

const env = serverAndBrowser()
let pdfPath

before(() => {
  pdfPath = writeTempPdf('授权委托书.pdf')
})

after(() => {
  if (pdfPath) rmSync(dirname(pdfPath), { recursive: true, force: true })
})

test('unit registration, letter upload and approval by the acceptance point', { timeout: 120_000 }, async () => {
  const { baseUrl } = env.server
  const page = await newPage(env.browser)
  const creditCode = randomCreditCode('330402', '91')
  const unitName = `嘉兴测试科技有限公司${randomSuffix()}`
  const password = 'Unit2022ok'
  const mobile = randomMobile()

  // ---- register the unit ----
  await page.goto(`${baseUrl}/register`)
  await page.click('#tab-unit')
  await page.fill(sel('unit-credit-code'), creditCode)
  await page.fill(sel('unit-name'), unitName)
  await pickOption(page, 'unit-region', 'region-option-330402')
  await pickOption(page, 'unit-type', 'unit-type-option-enterprise')
  await page.fill(sel('unit-contact-name'), '王联系')
  await page.fill(sel('unit-mobile'), mobile)
  await page.fill(sel('unit-password'), password)
  await page.fill(sel('unit-confirm'), password)
  await page.click(sel('unit-submit'))
  await page.waitForURL(/\/login$/)

  // ---- the unit is held on the letter page ----
  await login(page, baseUrl, creditCode, password)
  await page.waitForURL(/\/unit\/letter$/)
  await page.waitForSelector(`${sel('letter-status')}[data-status="letter_required"]`)
  assert.match(await page.innerText(sel('letter-status')), /请上传授权委托书/)
  assert.deepEqual(await menuTexts(page), ['单位授权'])
  assert.equal((await page.innerText(sel('header-unit'))).trim(), unitName)
  assert.equal((await page.innerText(sel('header-role'))).trim(), '用人单位')
  // 单位信息 is shown, but the contact person cannot be edited before approval.
  assert.equal((await page.innerText(sel('unit-info-name'))).trim(), unitName)
  assert.equal((await page.innerText(sel('unit-info-credit-code'))).trim(), creditCode)
  assert.equal((await page.innerText(sel('unit-info-contact-name'))).trim(), '王联系')
  assert.equal((await page.innerText(sel('unit-info-mobile'))).trim(), mobile)
  await page.waitForSelector(sel('unit-contact-locked'))
  assert.equal(await page.locator(sel('unit-edit-save')).count(), 0)

  await page.goto(`${baseUrl}/`)
  await page.waitForURL(/\/unit\/letter$/)
  await page.goto(`${baseUrl}/units/review`)
  await page.waitForURL(/\/unit\/letter$/)

  // ---- upload the letter ----
  await page.waitForSelector(sel('letter-status'))
  await page.setInputFiles(sel('letter-file'), pdfPath)
  await page.waitForSelector(sel('letter-file-name'))
  await page.click(sel('letter-upload'))
  await page.waitForSelector(`${sel('letter-status')}[data-status="letter_pending"]`)
  assert.match(await page.innerText(sel('letter-status')), /已提交，等待受理点审核/)
  assert.equal(await page.getAttribute(sel('letter-progress'), 'aria-valuenow'), '100')
  await logout(page)

  // ---- the acceptance point of 南湖区 approves ----
  await login(page, baseUrl, 'ap330402')
  assert.deepEqual(await menuTexts(page), ['首页', '资格自测', '单位授权审核', '申报审核', '数据看板', '重置密码', '审核指南'])
  await page.click(sel('menu-unit-review'))
  await page.waitForURL(/\/units\/review$/)
  const actions = page.locator(sel(`review-actions-${creditCode}`))
  await actions.waitFor()
  const row = page.locator('.el-table__body tr', { has: actions })
  assert.match(await row.innerText(), new RegExp(unitName))
  assert.match(await row.innerText(), /待审核/)
  assert.equal(await actions.locator(sel('review-view-letter')).count(), 1)
  await actions.locator(sel('review-approve')).click()
  await page.click('.el-message-box__btns .el-button--primary')
  await page.locator('.el-message--success').first().waitFor()
  // The pending list no longer holds the unit.
  await actions.waitFor({ state: 'detached' })
  await logout(page)

  // ---- the unit now has its full menu ----
  await login(page, baseUrl, creditCode, password)
  assert.equal(new URL(page.url()).pathname, '/')
  assert.deepEqual(await menuTexts(page), ['首页', '资格自测', '单位授权', '业绩档案审核', '申报审核', '数据看板', '复查与投诉', '重置密码', '审核指南'])
  assert.match(await page.innerText(sel('welcome-unit-status')), /已通过/)
  await page.click(sel('menu-unit-letter'))
  await page.waitForSelector(`${sel('letter-status')}[data-status="approved"]`)

  // ---- 单位信息: the approved unit edits its contact person ----
  assert.equal((await page.innerText(sel('unit-info-name'))).trim(), unitName)
  assert.equal((await page.innerText(sel('unit-info-credit-code'))).trim(), creditCode)
  assert.equal((await page.innerText(sel('unit-info-region'))).trim(), '南湖区')
  assert.equal((await page.innerText(sel('unit-info-type'))).trim(), '企业')
  assert.equal((await page.innerText(sel('unit-info-city-level'))).trim(), '否')
  assert.equal((await page.innerText(sel('unit-info-department'))).trim(), '—')
  await page.waitForSelector(sel('unit-edit-save'))
  assert.equal(await page.inputValue(sel('unit-edit-contact-name')), '王联系')
  assert.equal(await page.inputValue(sel('unit-edit-mobile')), mobile)

  // An invalid mobile: the server's message appears under 联系电话.
  await page.fill(sel('unit-edit-mobile'), '23456789012')
  await page.click(sel('unit-edit-save'))
  const mobileError = fieldError(page, 'unit-edit-mobile')
  await mobileError.waitFor()
  assert.match(await mobileError.innerText(), /手机号码应为 11 位数字/)
  assert.equal(
    await page.locator('.el-form-item:has([data-test="unit-edit-mobile"]) .el-form-item__label').innerText(),
    '联系电话',
  )
  assert.equal(await fieldError(page, 'unit-edit-contact-name').count(), 0)

  // A valid mobile and a new contact person are saved.
  const newContact = `李联系${randomSuffix()}`
  const newMobile = randomMobile()
  await page.fill(sel('unit-edit-contact-name'), newContact)
  await page.fill(sel('unit-edit-mobile'), newMobile)
  await page.click(sel('unit-edit-save'))
  await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
  await mobileError.waitFor({ state: 'detached' })

  // The new values stay after a reload.
  await page.reload()
  await page.waitForSelector(`${sel('letter-status')}[data-status="approved"]`)
  await page.waitForSelector(sel('unit-edit-contact-name'))
  assert.equal(await page.inputValue(sel('unit-edit-contact-name')), newContact)
  assert.equal(await page.inputValue(sel('unit-edit-mobile')), newMobile)

  await page.click(sel('menu-home'))
  await page.waitForURL(`${baseUrl}/`)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})
