// The sign-in page switches between Chinese and English; the choice survives a reload and reaches the
// server (error messages come back in the chosen language).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, sel, serverAndBrowser } from './helpers.mjs'

const env = serverAndBrowser()

test('the login page switches to English and back', { timeout: 60_000 }, async () => {
  const page = await newPage(env.browser)
  await page.goto(`${env.server.baseUrl}/login`)
  const submit = page.locator(sel('login-submit'))
  await submit.waitFor()
  assert.equal((await submit.innerText()).trim(), '登录')
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  assert.match(await page.title(), /职称申报评审管理服务平台/)

  await page.click(sel('lang-en'))
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  assert.equal((await submit.innerText()).trim(), 'Sign in')
  assert.match(await page.getAttribute(sel('login-account'), 'placeholder'), /Resident ID/)
  assert.match(await page.title(), /Professional Title/)

  // Server messages follow the UI language.
  await page.fill(sel('login-account'), 'no-such-user')
  await page.fill(sel('login-password'), 'Wrong2022pw')
  await submit.click()
  const err = page.locator(sel('login-error'))
  await err.waitFor()
  assert.doesNotMatch(await err.innerText(), /[\u4e00-\u9fff]/)

  // Required-field messages are translated too (Element Plus form validation).
  await page.fill(sel('login-account'), '')
  await submit.click()
  await page.locator('.el-form-item__error', { hasText: 'This field is required' }).first().waitFor()

  // The choice is kept across reloads.
  await page.reload()
  await submit.waitFor()
  assert.equal((await submit.innerText()).trim(), 'Sign in')

  // The register page follows as well.
  await page.click(sel('goto-register'))
  await page.waitForSelector(sel('applicant-submit'))
  assert.equal((await page.innerText(sel('applicant-submit'))).trim(), 'Register')
  await page.click(sel('goto-login'))
  await submit.waitFor()

  await page.click(sel('lang-zh'))
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
  assert.equal((await submit.innerText()).trim(), '登录')
  await page.reload()
  await submit.waitFor()
  assert.equal((await submit.innerText()).trim(), '登录')

  assert.deepEqual(page.problems, [])
  await page.context().close()
})
