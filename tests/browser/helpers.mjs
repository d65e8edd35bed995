// Shared helpers of the browser tests: server and Chromium per test file, valid random resident IDs and
// credit codes, a minimal PDF, and a few UI steps (sign in, sign out, pick an option of an el-select).
import { chromium } from 'playwright-core'
import { after, before } from 'node:test'
import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import { assertInvariants } from '../lib/workflow.mjs'

export const DEMO_PASSWORD = 'Demo@2022'
export const TIMEOUT = 15_000

const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/

// The end of a browser test file: the browser closed, the invariants checked, the server stopped, the
// temporary directory removed, and no sanitizer report in the server's log.
export async function finishBrowserTest({ browser, server, dir }) {
  await browser?.close()
  try {
    if (server) assertInvariants(server)
  } finally {
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
  const log = server?.log() ?? ''
  const at = log.search(SANITIZER)
  assert.equal(at, -1, `sanitizer report:\n${log.slice(Math.max(0, at - 1500), at + 6000)}`)
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Starts the server (with demo data) and Chromium before the tests of the calling file and stops both
 * after them. Returns `{ server, browser }`, filled in once the `before` hook has run.
 */
export function serverAndBrowser() {
  const env = { server: undefined, browser: undefined }
  before(async () => {
    env.server = await startServer({ demo: true })
    env.browser = await launchBrowser()
  })
  after(async () => {
    await env.browser?.close()
    await env.server?.stop()
  })
  return env
}

/**
 * A new page whose console errors and CSP violations are collected in `page.problems`
 * (a test may assert that it stays empty).
 */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
      page.problems.push(`csp: ${msg.text()}`)
    }
  })
  return page
}

// ---- GB 11643 resident ID --------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

export function residentIdCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

/** A valid random 18-character resident ID (region 330402, born 1970–1999). */
export function randomResidentId(region = '330402') {
  const year = 1970 + randomInt(30)
  const month = 1 + randomInt(12)
  const day = 1 + randomInt(28)
  const seq = String(randomInt(1000)).padStart(3, '0')
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`
  return first17 + residentIdCheck(first17)
}

/** The same ID with a wrong check character. */
export function breakResidentId(id) {
  const good = id[17]
  const wrong = ID_CHECK.split('').find((c) => c !== good)
  return id.slice(0, 17) + wrong
}

// ---- GB 32100 unified social credit code -----------------------------------------------------

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function creditCodeCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CC_ALPHABET.indexOf(first17[i]) * CC_WEIGHTS[i]
  return CC_ALPHABET[(31 - (sum % 31)) % 31]
}

// GB 11714 organisation code (characters 9–17 of a credit code), with its own check character.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
function orgCode() {
  let body = ''
  for (let i = 0; i < 8; i++) body += String(randomInt(10))
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * ORG_WEIGHTS[i]
  const c = 11 - (sum % 11)
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
}

/** A valid random credit code; '91' = enterprise, '12' = public institution. */
export function randomCreditCode(region = '330402', kind = '91') {
  const first17 = `${kind}${region}${orgCode()}`
  return first17 + creditCodeCheck(first17)
}

export function randomMobile() {
  return '13' + String(randomInt(1_000_000_000)).padStart(9, '0')
}

export function randomSuffix() {
  return String(randomInt(100000)).padStart(5, '0')
}

// ---- a small, well-formed PDF ----------------------------------------------------------------

export function minimalPdf(text = 'Authorisation letter') {
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n'
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** Writes a minimal PDF to a fresh temporary file and returns its path. */
export function writeTempPdf(name = 'letter.pdf') {
  const dir = mkdtempSync(join(tmpdir(), 'zc-pdf-'))
  const path = join(dir, name)
  writeFileSync(path, minimalPdf())
  return path
}

// ---- UI steps ---------------------------------------------------------------------------------

export const sel = (name) => `[data-test="${name}"]`

export async function login(page, baseUrl, account, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForSelector(sel('side-menu'))
}

export async function logout(page) {
  await page.click(sel('logout'))
  await page.waitForURL(/\/login(\?|$)/)
  await page.waitForSelector(sel('login-account'))
}

/** Opens an el-select (by its data-test) and clicks the option with the given data-test. */
export async function pickOption(page, selectTest, optionTest) {
  for (let attempt = 0; ; attempt++) {
    await page.click(sel(selectTest))
    const option = page.locator(`${sel(optionTest)}:visible`)
    await option.waitFor()
    const label = (await option.innerText()).trim().split('\n')[0].trim()
    await option.click()
    // The choice shows in the select once it is taken. On a loaded machine a click on an option of a list
    // still opening was once lost (the CI run of bf830e1): pick once more, as a person would.
    const taken = await page
      .locator(sel(selectTest))
      .filter({ hasText: label })
      .waitFor({ timeout: 3000 })
      .then(() => true, () => false)
    if (taken || attempt >= 1) return
  }
}

/** The texts of the side menu entries. */
export async function menuTexts(page) {
  const items = page.locator(`${sel('side-menu')} .el-menu-item`)
  return (await items.allInnerTexts()).map((s) => s.trim())
}

/** The text shown as the error of the el-form-item that contains the element with this data-test. */
export function fieldError(page, test) {
  return page.locator(`.el-form-item:has(${sel(test)}) .el-form-item__error`)
}

/** Types a "YYYY-MM-DD" date into a DateInput / el-date-picker (by the data-test of its wrapper). */
export async function fillDate(page, test, value) {
  const input = page.locator(`${sel(test)} input`)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.waitForFunction(
    ([s, v]) => document.querySelector(`${s} input`)?.value === v,
    [sel(test), value],
  )
}

/** Types a number into an el-input-number (by its data-test). */
export async function fillNumber(page, test, value) {
  const input = page.locator(`${sel(test)} input`)
  await input.fill(String(value))
  await input.blur()
}

/**
 * Answers the question asked before an irreversible step (web/src/composables.ts confirmIrreversible):
 * waits for the box, checks its text against `expect` (a RegExp, optional), and confirms (or cancels with
 * `{ cancel: true }`). Returns the box's message.
 */
export async function confirmBox(page, expect, { cancel = false } = {}) {
  const box = page.locator('.confirm-box:visible')
  await box.waitFor()
  const message = (await box.locator('.el-message-box__message').innerText()).trim()
  if (expect) assert.match(message, expect)
  await box.locator(cancel ? '.confirm-cancel' : '.confirm-ok').click()
  await box.waitFor({ state: 'hidden' })
  return message
}
