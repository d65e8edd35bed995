// Issue 18, "nothing is lost": on the archive page every change of an item is saved to the server as a
// working copy at once, while the archive the unit approved stays approved; the next visit restores the
// edits; when the session has expired, saving asks for the password over the page and then goes through,
// with nothing typed lost. At a desk and on a phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TIMEOUT, newPage, sel, serverAndBrowser } from './helpers.mjs'
import { UNITS, approvedArchive, getArchive, login as apiLogin, newApplicant } from '../lib/workflow.mjs'

const env = serverAndBrowser()
const PASSWORD = 'Passw0rd2022' // tests/lib/workflow.mjs newApplicant

async function signIn(page, account) {
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), PASSWORD)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

const ceItems = (page) =>
  page.locator(`${sel('archive-group-continuing_education')} [data-test^="archive-item-summary-"]`)

async function autosaved(page) {
  await page.locator(`${sel('archive-autosave')}[data-state="saved"]`).waitFor({ timeout: TIMEOUT })
}

for (const viewport of [null, { width: 390, height: 844 }]) {
  const where = viewport ? 'on a phone' : 'at a desk'
  test(`archive edits are kept on the server, the approved archive stays in force, an expired session signs back in (${where})`, async () => {
    const unit = await apiLogin(env.server, UNITS.county)
    const applicant = await newApplicant(env.server)
    const approved = await approvedArchive(applicant, unit)
    const ce = approved.items.filter((i) => i.kind === 'continuing_education').length
    assert.ok(ce >= 2)

    const page = await newPage(env.browser)
    if (viewport) await page.setViewportSize(viewport)
    try {
      await signIn(page, applicant.user.login)
      await page.goto(`${env.server.baseUrl}/archive`)
      await page.waitForSelector(sel('archive-items'))
      assert.equal(await page.getAttribute(sel('archive-status'), 'data-status'), 'approved')

      // Remove one continuing-education year: saved as a working copy at once, the archive untouched.
      await page.click(sel('archive-item-remove-continuing_education-0'))
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await autosaved(page)
      assert.match(await page.innerText(sel('archive-autosave')), /已于 .* 自动保存/)
      const mid = await getArchive(applicant)
      assert.equal(mid.status, 'approved', 'the approved archive stays in force')
      assert.equal(mid.items.length, approved.items.length)
      assert.equal(mid.working_copy.items.length, approved.items.length - 1)

      // A new visit (another tab, the next day) finds the edits, with a way to discard them.
      await page.reload()
      await page.waitForSelector(sel('archive-restored'))
      assert.equal(await ceItems(page).count(), ce - 1)
      assert.equal(await page.getAttribute(sel('archive-status'), 'data-status'), 'approved')
      assert.match(await page.innerText(sel('archive-restored')), /继续有效/)

      // The session expires (its cookie is gone); saving asks for the password over the page, then saves.
      await page.context().clearCookies()
      await page.click(sel('archive-save'))
      const dialog = page.locator(`${sel('reauth-dialog')}:visible`)
      await dialog.waitFor()
      assert.equal(await page.inputValue(sel('reauth-login')), applicant.user.login)
      assert.equal(page.url(), `${env.server.baseUrl}/archive`, 'the page stays')
      if (viewport) {
        const box = await page.locator('.reauth-dialog').boundingBox()
        assert.ok(box.width <= viewport.width + 1, `the dialog fits the screen: ${box.width}`)
      }
      await page.fill(sel('reauth-password'), 'wrong-password-1')
      await page.click(sel('reauth-submit'))
      await page.locator(`${sel('reauth-dialog')} .el-form-item__error`).waitFor()
      await page.fill(sel('reauth-password'), PASSWORD)
      await page.click(sel('reauth-submit'))
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('.el-message--success').filter({ hasText: '业绩档案已保存' }).waitFor()
      const saved = await getArchive(applicant)
      assert.equal(saved.items.length, approved.items.length - 1, 'the save went through after signing in')
      assert.equal(saved.working_copy, undefined, 'the working copy has served')
      assert.equal(await page.getAttribute(sel('archive-status'), 'data-status'), 'draft')
      assert.equal(await page.locator(sel('archive-restored')).count(), 0)
      assert.deepEqual(page.problems, [])
    } finally {
      await page.context().close()
    }
  })
}
