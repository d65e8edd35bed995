// Applicant registration through the UI (with a server-side field error), sign-in, menu, sign-out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  breakResidentId,
  fieldError,
  login,
  logout,
  menuTexts,
  newPage,
  randomMobile,
  randomResidentId,
  randomSuffix,
  sel,
  serverAndBrowser,
} from './helpers.mjs'

const env = serverAndBrowser()

test('an applicant registers, signs in, sees the applicant menu and signs out', { timeout: 90_000 }, async () => {
  const page = await newPage(env.browser)
  const { baseUrl } = env.server
  const name = `测试申报人${randomSuffix()}`
  const idNumber = randomResidentId()
  const password = 'Apply2022ok'

  await page.goto(`${baseUrl}/register`)
  await page.fill(sel('applicant-name'), name)
  await page.fill(sel('applicant-id-number'), breakResidentId(idNumber))
  await page.fill(sel('applicant-mobile'), randomMobile())
  await page.fill(sel('applicant-password'), password)
  await page.fill(sel('applicant-confirm'), password)
  await page.click(sel('applicant-submit'))

  // The server rejects the check digit; its message is shown under the resident ID field.
  const idError = fieldError(page, 'applicant-id-number')
  await idError.waitFor()
  assert.match(await idError.innerText(), /\S/)
  assert.match(page.url(), /\/register$/)
  // Other fields are fine.
  assert.equal(await fieldError(page, 'applicant-name').count(), 0)

  await page.fill(sel('applicant-id-number'), idNumber)
  // The server's message goes as soon as the field is changed.
  await idError.waitFor({ state: 'detached' })
  await page.click(sel('applicant-submit'))
  await page.waitForURL(/\/login$/)
  await page.locator('.el-message--success').first().waitFor()

  await page.fill(sel('login-account'), idNumber)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForSelector(sel('side-menu'))
  assert.equal(new URL(page.url()).pathname, '/')

  assert.deepEqual(await menuTexts(page), ['首页', '资格自测', '业绩档案', '职称申报', '我的证书', '诚信记录', '复查与投诉', '申报指南'])
  assert.equal((await page.innerText(sel('header-user'))).trim(), name)
  assert.equal((await page.innerText(sel('header-role'))).trim(), '申报人')
  assert.equal(await page.locator(sel('header-unit')).count(), 0)
  assert.match(await page.innerText(sel('welcome-name')), new RegExp(name))

  // Staff pages are not reachable for an applicant.
  await page.goto(`${baseUrl}/admin/accounts`)
  await page.waitForSelector(sel('welcome-card'))
  assert.equal(new URL(page.url()).pathname, '/')

  await logout(page)
  // The session is gone: a protected page sends us back to sign-in.
  await page.goto(`${baseUrl}/password`)
  await page.waitForURL(/\/login\?redirect=/)
  await page.waitForSelector(sel('login-account'))

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

/** Sets an input's value as typing would, past its maxlength (as a value put in by a script or an old
 *  draft could be). */
async function forceValue(page, test, value) {
  await page.locator(sel(test)).evaluate((el, v) => {
    el.value = v
    el.dispatchEvent(new Event('input', { bubbles: true }))
  }, value)
}

test('registration checks required and too-long texts before sending, with the server wording', { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser)
  const posts = []
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/auth/register/')) posts.push(r.url())
  })
  await page.goto(`${env.server.baseUrl}/register`)
  await page.waitForSelector(sel('applicant-name'))
  // the limit from the server's registry (x-text-limits: name 100) is the field's maxlength and counter
  assert.equal(await page.getAttribute(sel('applicant-name'), 'maxlength'), '100')

  await page.click(sel('applicant-submit'))
  const nameError = fieldError(page, 'applicant-name')
  await nameError.waitFor()
  assert.equal((await nameError.innerText()).trim(), '此项为必填项')
  await page.fill(sel('applicant-name'), '张')
  await nameError.waitFor({ state: 'detached' })

  // 101 characters: too long, the limit named
  await forceValue(page, 'applicant-name', '张'.repeat(101))
  await page.click(sel('applicant-submit'))
  await nameError.waitFor()
  assert.equal((await nameError.innerText()).trim(), '内容过长，最多 100 个字')
  // characters are code points: 100 characters outside the BMP (200 UTF-16 units) are within the limit
  await forceValue(page, 'applicant-name', '𠀀'.repeat(100))
  await nameError.waitFor({ state: 'detached' })
  await page.click(sel('applicant-submit'))
  await fieldError(page, 'applicant-id-number').waitFor()
  assert.equal(await nameError.count(), 0)

  // the unit form: the contact's limit is 50
  await page.click('#tab-unit')
  await page.waitForSelector(sel('unit-contact-name'))
  assert.equal(await page.getAttribute(sel('unit-contact-name'), 'maxlength'), '50')
  await forceValue(page, 'unit-contact-name', 'a'.repeat(51))
  await page.click(sel('unit-submit'))
  const contactError = fieldError(page, 'unit-contact-name')
  await contactError.waitFor()
  assert.equal((await contactError.innerText()).trim(), '内容过长，最多 50 个字')

  assert.deepEqual(posts, [], 'nothing was sent')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a wrong password shows the server message', { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser)
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), 'committee')
  await page.fill(sel('login-password'), 'Wrong2022pw')
  await page.click(sel('login-submit'))
  const err = page.locator(sel('login-error'))
  await err.waitFor()
  assert.match(await err.innerText(), /账号或密码错误/)
  assert.match(page.url(), /\/login$/)
  await page.context().close()
})

test('an unknown address shows 页面不存在 with the way back, signed in or not', { timeout: 60_000 }, async () => {
  const { baseUrl } = env.server
  const page = await newPage(env.browser)
  // signed out: the page stays at the address and offers the sign-in page
  await page.goto(`${baseUrl}/no-such-page?x=1`)
  await page.waitForSelector(sel('not-found'))
  assert.match(page.url(), /\/no-such-page\?x=1$/)
  assert.match(await page.innerText(sel('not-found')), /页面不存在/)
  assert.equal((await page.innerText(sel('not-found-path'))).trim(), '/no-such-page?x=1')
  assert.equal(await page.locator(sel('not-found-home')).count(), 0)
  await page.click(sel('not-found-login'))
  await page.waitForURL(/\/login$/)
  // a known page still asks for the session first
  await page.goto(`${baseUrl}/queue`)
  await page.waitForURL(/\/login\?redirect=(%2F|\/)queue$/)

  // signed in: the menu stays, and the way back is the home page
  await login(page, baseUrl, 'committee')
  await page.goto(`${baseUrl}/review/groups/7/nothing`)
  await page.waitForSelector(sel('not-found'))
  await page.waitForSelector(sel('side-menu'))
  assert.equal(await page.locator(sel('not-found-login')).count(), 0)
  await page.click(sel('not-found-home'))
  await page.waitForURL(new RegExp(`^${baseUrl}/$`))
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
