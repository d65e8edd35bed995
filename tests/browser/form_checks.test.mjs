// Issue 18: the forms check what the server will check before anything is sent, from the server's contract
// (web/src/generated/rules.ts: the formats of the OpenAPI document with the error registry's messages): a
// wrong check digit of an identity number or a credit code, a short mobile number and a weak password are
// named under their fields when the field is left, all at once on 注册, and each message goes as soon as the
// field is right. Nothing reaches the server until the form is right.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fieldError, newPage, randomMobile, randomResidentId, sel, serverAndBrowser } from './helpers.mjs'

const env = serverAndBrowser()

const ID_MSG = '公民身份号码不正确（请核对校验位）'
const MOBILE_MSG = '手机号码应为 11 位数字，以 1 开头'
const PASSWORD_MSG = '密码至少 8 位，且须同时包含字母和数字'
const CREDIT_MSG = '统一社会信用代码不正确（请核对校验位）'

/** The field's message once it has settled ('' for none). */
async function messageOf(page, test, expected) {
  const loc = fieldError(page, test)
  if (expected) {
    await loc.filter({ hasText: expected }).waitFor()
  } else {
    await loc.waitFor({ state: 'detached' }).catch(() => undefined)
  }
  return (await loc.allInnerTexts()).join('').trim()
}

/** The identity number with its check character changed. */
function wrongCheck(id) {
  const last = id[17] === '0' ? '1' : '0'
  return id.slice(0, 17) + last
}

test('registration names a wrong identity number, mobile, password and credit code under the fields before sending, and each message goes once fixed', async () => {
  const page = await newPage(env.browser)
  const posts = []
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/v1/auth/register')) posts.push(r.url())
  })
  try {
    await page.goto(`${env.server.baseUrl}/register`)
    await page.waitForSelector(sel('applicant-form'))
    const id = randomResidentId()
    await page.fill(sel('applicant-name'), '王校验')
    await page.fill(sel('applicant-id-number'), wrongCheck(id))
    await page.fill(sel('applicant-mobile'), '1381234')
    await page.fill(sel('applicant-password'), 'abcdefgh')
    await page.fill(sel('applicant-confirm'), 'abcdefgh')
    // On 注册 every problem is named at once, under its field, and nothing is sent.
    await page.click(sel('applicant-submit'))
    assert.equal(await messageOf(page, 'applicant-id-number', ID_MSG), ID_MSG)
    assert.equal(await messageOf(page, 'applicant-mobile', MOBILE_MSG), MOBILE_MSG)
    assert.equal(await messageOf(page, 'applicant-password', PASSWORD_MSG), PASSWORD_MSG)
    assert.deepEqual(posts, [], 'nothing was sent')

    // Each message goes as soon as its field is right (lower-case x is accepted like the server does).
    await page.fill(sel('applicant-id-number'), id.toLowerCase())
    assert.equal(await messageOf(page, 'applicant-id-number', ''), '')
    assert.equal(await messageOf(page, 'applicant-mobile', MOBILE_MSG), MOBILE_MSG, 'the others stay')
    await page.fill(sel('applicant-mobile'), randomMobile())
    assert.equal(await messageOf(page, 'applicant-mobile', ''), '')
    await page.fill(sel('applicant-password'), 'Apply2022ok')
    await page.fill(sel('applicant-confirm'), 'Apply2022ok')
    assert.equal(await messageOf(page, 'applicant-password', ''), '')

    // A birth date that is no day is refused too.
    const first17 = `33040219850230${id.slice(14, 17)}`
    await page.fill(sel('applicant-id-number'), first17 + '0')
    await page.locator(sel('applicant-mobile')).focus()
    assert.equal(await messageOf(page, 'applicant-id-number', ID_MSG), ID_MSG)
    await page.fill(sel('applicant-id-number'), id)
    assert.equal(await messageOf(page, 'applicant-id-number', ''), '')
    assert.deepEqual(posts, [])

    // The unit form: the credit code's check character, checked when the field is left.
    await page.click('#tab-unit')
    await page.waitForSelector(sel('unit-form'))
    await page.fill(sel('unit-credit-code'), '91330402MA2JX0016Q')
    await page.locator(sel('unit-name')).focus()
    assert.equal(await messageOf(page, 'unit-credit-code', CREDIT_MSG), CREDIT_MSG)
    await page.fill(sel('unit-credit-code'), '91330402MA2JX0016P')
    assert.equal(await messageOf(page, 'unit-credit-code', ''), '')
    assert.deepEqual(posts, [], 'nothing was sent')
    assert.deepEqual(page.problems, [])
  } finally {
    await page.context().close()
  }
})

test('the archive names a credit code with a wrong check character under the field as soon as it is typed', async () => {
  const { newApplicant } = await import('../lib/workflow.mjs')
  const applicant = await newApplicant(env.server)
  const page = await newPage(env.browser)
  try {
    await page.goto(`${env.server.baseUrl}/login`)
    await page.fill(sel('login-account'), applicant.user.login)
    await page.fill(sel('login-password'), 'Passw0rd2022')
    await page.click(sel('login-submit'))
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(`${env.server.baseUrl}/archive`)
    await page.waitForSelector(sel('archive-items'))
    await page.fill(sel('archive-credit-code'), '91330402MA2JX0016Q')
    assert.equal(await messageOf(page, 'archive-credit-code', CREDIT_MSG), CREDIT_MSG)
    await page.fill(sel('archive-credit-code'), '91330402MA2JX0016P')
    assert.equal(await messageOf(page, 'archive-credit-code', ''), '')
    assert.deepEqual(page.problems, [])
  } finally {
    await page.context().close()
  }
})
