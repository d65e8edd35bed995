// Evidence reuse (issue 18): a file already in the performance archive goes into an application's evidence
// slot with 从档案选取, without a second upload; a file already in the slot is not offered again. At a desktop
// size and on a phone.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, tinyPdf } from '../lib/server.mjs'
import { approvedArchive, createApplication, login, makeArchive, newApplicant, setClock, UNITS } from '../lib/workflow.mjs'
import { launchBrowser, newPage, sel } from './helpers.mjs'

const env = { server: undefined, browser: undefined }
before(async () => {
  env.server = await startServer({ demo: true, args: ['--test-clock'] })
  await setClock(env.server, '2022-08-22T09:00:00+08:00') // the applicants' stage of the 2022 campaign
  env.browser = await launchBrowser()
})
after(async () => {
  await env.browser?.close()
  await env.server?.stop()
})

for (const [w, h] of [
  [1440, 900],
  [390, 844],
]) {
  test(`the applicant puts the archive's diploma into the application without uploading it again (${w}×${h})`, { timeout: 120_000 }, async () => {
    const applicant = await newApplicant(env.server)
    const up = await applicant.request('POST', '/api/v1/archive/files?name=' + encodeURIComponent('毕业证书.pdf'), {
      body: tinyPdf, headers: { 'Content-Type': 'application/octet-stream' } })
    assert.equal(up.status, 201, JSON.stringify(up.json))
    const items = makeArchive()
    items[0].file_ids = [up.json.id]
    await approvedArchive(applicant, await login(env.server, UNITS.county), items)
    const draft = await createApplication(applicant)

    const page = await newPage(env.browser)
    await page.setViewportSize({ width: w, height: h })
    await page.goto(`${env.server.baseUrl}/login`)
    await page.fill(sel('login-account'), applicant.user.login)
    await page.fill(sel('login-password'), 'Passw0rd2022')
    await page.click(sel('login-submit'))
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(`${env.server.baseUrl}/application`)
    if (process.env.REUSE_SHOT) await page.screenshot({ path: `${process.env.REUSE_SHOT}/reuse-open-${w}.png`, fullPage: true })
    const slot = 'education_certificate'
    await page.locator(`${sel(`app-slot-count-${slot}`)}:visible`).waitFor()
    assert.match(await page.locator(`${sel(`app-slot-count-${slot}`)}:visible`).innerText(), /^0\s*\/\s*3$/)

    await page.locator(`${sel(`app-slot-reuse-${slot}`)}:visible`).click()
    const option = page.locator(`${sel(`app-slot-reuse-${slot}-option-${up.json.id}`)}:visible`)
    assert.match(await option.innerText(), /学历.*毕业证书\.pdf/)
    await option.click()
    await page.locator(`${sel(`app-slot-file-${slot}-name-0`)}:visible`).filter({ hasText: "毕业证书.pdf" }).waitFor()
    await page.waitForFunction((s) => [...document.querySelectorAll(s)].some((e) => /^1\s*\/\s*3$/.test(e.textContent.trim())),
      sel(`app-slot-count-${slot}`))
    // Offered again, it is marked as already there and cannot be picked twice.
    await page.locator(`${sel(`app-slot-reuse-${slot}`)}:visible`).click()
    assert.equal(await page.locator(`${sel(`app-slot-reuse-${slot}-option-${up.json.id}`)}:visible`).getAttribute('aria-disabled'), 'true')
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways} px`)
    if (process.env.REUSE_SHOT) await page.screenshot({ path: `${process.env.REUSE_SHOT}/reuse-${w}.png` })
    // One file, not two: the server holds the same file in the archive and the slot.
    const app = (await applicant.get(`/api/v1/applications/${draft.id}`)).json
    assert.deepEqual(app.slots.find((s) => s.code === slot).files.map((f) => f.id), [up.json.id])
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
}
