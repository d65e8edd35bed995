// One-time sign-in codes in the web app (web/src/features/admin/ResetCodeView.vue, SetPasswordView.vue, router.ts):
// the unit 禾丰 issues a code for an applicant whose archive it approved; the applicant signs in with it, is told who
// reset the password, can open no other page, sets a new password and lands on the home page. Also at
// 390×844, without sideways scrolling. Screenshots in $RESET_SHOTS (default /tmp/zc-reset-shots).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_PASSWORD, TIMEOUT, fieldError, login, logout, sel, serverAndBrowser } from './helpers.mjs'
import { DEMO_APPLICANT, UNITS, approvedArchive, login as apiLogin, newApplicant } from '../lib/workflow.mjs'

const env = serverAndBrowser()
const UNIT = UNITS.county // 嘉兴禾丰智能科技有限公司 (src/app/demo.cpp)
// The demo data of the test server has accounts but no archives (`demo --workflow` is not used): two new
// applicants whose performance archive names 禾丰 (approved by it). 王建国 has no archive: not 禾丰's to reset.
let LI
let ZHANG
const OUTSIDER = DEMO_APPLICANT
async function makeApplicants() {
  if (LI) return
  const unit = await apiLogin(env.server, UNIT)
  for (const name of ['陆文清', '许佳宁']) {
    const applicant = await newApplicant(env.server, name)
    await approvedArchive(applicant, unit)
    if (!LI) LI = applicant.user.login
    else ZHANG = applicant.user.login
  }
}
const SHOTS = process.env.RESET_SHOTS || '/tmp/zc-reset-shots'
mkdirSync(SHOTS, { recursive: true })

const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

async function newSizedPage(viewport) {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  return page
}

async function assertNoSideways(page, what) {
  const r = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(r.scroll <= r.width, `${what}: the page scrolls sideways (${r.scroll} > ${r.width})`)
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, name), fullPage: true })

/** On the reset-code page: issues a code for `account`; returns { code, resetBy } read from the result. */
async function issue(page, account, reason) {
  await page.fill(sel('reset-code-account-input'), account)
  await page.fill(sel('reset-code-reason'), reason)
  await page.click(sel('reset-code-submit'))
  await page.waitForSelector(sel('reset-code-result'))
  const code = (await page.innerText(sel('reset-code-value'))).trim()
  assert.match(code, /^[2-9A-Z]{10}$/)
  assert.match(await page.innerText(sel('reset-code-instruction')), /请当面或电话告知本人：用此码登录后须立即设置新密码，72 小时内有效/)
  assert.match(await page.innerText(sel('reset-code-expires')), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  const resetBy = (await page.locator(`${sel('reset-code-result')} .el-descriptions__content`).nth(2).innerText()).trim()
  assert.match(resetBy, /（用人单位）$/)
  return { code, resetBy }
}

async function signIn(page, account, password) {
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
}

/** Signed in with a code: the forced page names who reset the password; nothing else opens. */
async function forcedPage(page, resetBy) {
  await page.waitForURL(/\/password\/new$/)
  const reason = (await page.innerText(sel('set-password-reason'))).trim()
  assert.equal(reason, `您的密码已由 ${resetBy} 重置，请设置新密码后继续`)
  // the code typed at sign-in is used: it is not asked for again
  await page.waitForSelector(sel('set-password-code-known'))
  assert.equal(await page.locator(sel('set-password-code')).count(), 0)
  for (const path of ['/', '/archive', '/application', '/self-check', '/password', '/login']) {
    await page.goto(`${env.server.baseUrl}${path}`)
    await page.waitForSelector(sel('set-password-form'))
    assert.equal(new URL(page.url()).pathname, '/password/new', `${path} is closed until a new password is set`)
  }
  // after a reload the reason is still shown (from GET /auth/me), and the code is asked for
  assert.equal((await page.innerText(sel('set-password-reason'))).trim(), `您的密码已由 ${resetBy} 重置，请设置新密码后继续`)
}

test('a unit issues a one-time code; the applicant signs in with it, must set a new password, then lands home', { timeout: 120_000 }, async () => {
  await makeApplicants()
  const page = await newSizedPage(DESKTOP)
  const { baseUrl } = env.server

  // The sign-in page tells how to get back into a forgotten password.
  await page.goto(`${baseUrl}/login`)
  assert.equal(
    (await page.innerText(sel('login-forgot'))).trim(),
    '忘记密码？请联系所在单位（无单位的请到所在县（市、区）受理点）签发一次性登录码',
  )
  await shot(page, 'login-1440.png')

  await login(page, baseUrl, UNIT)
  await page.click(sel('menu-reset-code'))
  await page.waitForURL(/\/accounts\/reset-code$/)
  await page.waitForSelector(sel('reset-code-form'))
  // A unit may not move an account to another mobile: no such field.
  assert.equal(await page.locator(sel('reset-code-mobile')).count(), 0)

  // Both fields are required (client-side).
  await page.click(sel('reset-code-submit'))
  await fieldError(page, 'reset-code-account-input').waitFor()
  assert.equal((await fieldError(page, 'reset-code-account-input').innerText()).trim(), '此项为必填项')
  assert.match(await fieldError(page, 'reset-code-reason').innerText(), /\S/)

  // A reason of blanks passes the form but not the server: its message under the field, and the top message.
  await page.fill(sel('reset-code-account-input'), LI)
  await page.fill(sel('reset-code-reason'), '   ')
  await page.click(sel('reset-code-submit'))
  await page.waitForSelector(sel('reset-code-error'))
  assert.equal((await page.innerText(sel('reset-code-error'))).trim(), '提交的信息有误，请按提示修改')
  await fieldError(page, 'reset-code-reason').waitFor()
  assert.match(await fieldError(page, 'reset-code-reason').innerText(), /\S/)
  // the account is fine: its (client-side) message from the first try is gone
  await fieldError(page, 'reset-code-account-input').waitFor({ state: 'detached' })
  await shot(page, 'reset-code-refused-1440.png')

  // An applicant who is not the unit's: not found, with the reason spelled out.
  await page.fill(sel('reset-code-account-input'), OUTSIDER)
  await page.fill(sel('reset-code-reason'), '本人忘记密码')
  await page.click(sel('reset-code-submit'))
  await page.waitForFunction((s) => /不在您可签发的范围内/.test(document.querySelector(s)?.textContent ?? ''), sel('reset-code-error'))
  assert.equal(await page.locator(sel('reset-code-result')).count(), 0)

  const { code, resetBy } = await issue(page, LI, '本人忘记密码，到单位人事科申请')
  await shot(page, 'reset-code-issued-1440.png')
  // "Done": the code is gone from the screen, the form is back, empty.
  await page.click(sel('reset-code-another'))
  await page.waitForSelector(sel('reset-code-form'))
  assert.equal(await page.locator(sel('reset-code-value')).count(), 0)
  assert.equal(await page.inputValue(sel('reset-code-account-input')), '')
  await logout(page)

  // The old password no longer works.
  await signIn(page, LI, 'Passw0rd2022')
  await page.waitForSelector(sel('login-error'))

  // The applicant signs in with the code.
  await signIn(page, LI, code)
  await page.waitForURL(/\/password\/new$/)
  await page.waitForSelector(sel('set-password-code-known'))
  await shot(page, 'set-password-1440.png')
  await forcedPage(page, resetBy)
  // the reload forgot the code: it is asked for
  await page.waitForSelector(sel('set-password-code'))

  // The same client-side rules as elsewhere: both passwords required and equal.
  await page.fill(sel('set-password-code'), code)
  await page.fill(sel('set-password-new'), 'Xinmima2022')
  await page.fill(sel('set-password-confirm'), 'Xinmima2023')
  await page.click(sel('set-password-submit'))
  await fieldError(page, 'set-password-confirm').waitFor()
  assert.equal((await fieldError(page, 'set-password-confirm').innerText()).trim(), '两次输入的密码不一致')
  // A weak password: the server's message under the field.
  await page.fill(sel('set-password-new'), 'password')
  await page.fill(sel('set-password-confirm'), 'password')
  await page.click(sel('set-password-submit'))
  await fieldError(page, 'set-password-new').waitFor()
  assert.match(await fieldError(page, 'set-password-new').innerText(), /\S/)
  assert.match(page.url(), /\/password\/new$/)

  await page.fill(sel('set-password-new'), 'Xinmima2022')
  await page.fill(sel('set-password-confirm'), 'Xinmima2022')
  await page.click(sel('set-password-submit'))
  await page.waitForSelector(sel('side-menu'))
  assert.equal(new URL(page.url()).pathname, '/')
  await page.waitForSelector(sel('welcome-card'))
  // Free again.
  await page.goto(`${baseUrl}/archive`)
  await page.waitForSelector(sel('side-menu'))
  assert.equal(new URL(page.url()).pathname, '/archive')
  await logout(page)

  // The code worked once; the new password works.
  await signIn(page, LI, code)
  await page.waitForSelector(sel('login-error'))
  await login(page, baseUrl, LI, 'Xinmima2022')
  assert.equal(new URL(page.url()).pathname, '/')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('at 390×844: the unit issues a code, the applicant sets a new password; nothing scrolls sideways', { timeout: 120_000 }, async () => {
  await makeApplicants()
  const page = await newSizedPage(PHONE)
  await signIn(page, UNIT, DEMO_PASSWORD)
  await page.waitForSelector(sel('menu-toggle'))
  await page.click(sel('menu-toggle'))
  await page.click(`${sel('menu-drawer')} ${sel('menu-reset-code')}`)
  await page.waitForURL(/\/accounts\/reset-code$/)
  await page.waitForSelector(sel('reset-code-form'))
  await page.waitForSelector(sel('menu-drawer'), { state: 'hidden' })
  await assertNoSideways(page, 'reset-code form')
  await shot(page, 'reset-code-390.png')

  const { code, resetBy } = await issue(page, ZHANG, '本人忘记密码，电话联系单位')
  await assertNoSideways(page, 'reset-code result')
  await shot(page, 'reset-code-issued-390.png')

  // sign out through the drawer
  await page.context().clearCookies()
  await page.goto(`${env.server.baseUrl}/login`)
  await page.waitForSelector(sel('login-forgot'))
  await assertNoSideways(page, 'login')
  await shot(page, 'login-390.png')

  await signIn(page, ZHANG, code)
  await page.waitForURL(/\/password\/new$/)
  await page.waitForSelector(sel('set-password-code-known'))
  assert.equal((await page.innerText(sel('set-password-reason'))).trim(), `您的密码已由 ${resetBy} 重置，请设置新密码后继续`)
  await assertNoSideways(page, 'set-password')
  await shot(page, 'set-password-390.png')
  await page.fill(sel('set-password-new'), 'Zhangmin2022')
  await page.fill(sel('set-password-confirm'), 'Zhangmin2022')
  await page.click(sel('set-password-submit'))
  await page.waitForSelector(sel('menu-toggle'))
  await page.waitForSelector(sel('welcome-card'))
  assert.equal(new URL(page.url()).pathname, '/')
  await assertNoSideways(page, 'home')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
