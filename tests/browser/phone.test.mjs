// Phone layouts (web/src/layouts/MainLayout.vue, styles.css) at 390×844 and 360×740: no page scrolls
// sideways and no button or link sits off the screen; the sidebar is replaced by a menu drawer that opens,
// navigates and holds the account (role, password, language, sign-out); buttons are 44 px touch targets.
// Setup through the API on the 2022 campaign (test clock): one application accepted by the committee office,
// reviewed by a drawn and confirmed group, voted on at a closed meeting and in the result publicity from
// 2022-09-28 — and another applicant's draft application with one file — so the applicant's pages, the expert's task list and the public results page (with its
// objection dialog, whose submit button must be on the screen) all have something to show.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import {
  DEMO_APPLICANT,
  UNITS,
  approvedArchive,
  createApplication,
  login as apiLogin,
  newApplicant,
  setClock,
  uploadPdf,
} from '../lib/workflow.mjs'
import {
  acceptedApplications,
  activeExperts,
  at,
  closedMeeting,
  createPublicity,
  reviewContext,
  reviewedGroup,
} from '../lib/review.mjs'
import { DEMO_PASSWORD, TIMEOUT, finishBrowserTest, launchBrowser, newPage, sel } from './helpers.mjs'

const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
]
const APPLICANT_PASSWORD = 'Passw0rd2022' // tests/lib/workflow.mjs newApplicant

let server
let browser
let appId
let applicantLogin
let expertLogin
let draftLogin

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
  // An applicant with a draft application and one file uploaded (while the application window is open).
  await setClock(server, at('2022-08-20'))
  const draft = await newApplicant(server, '钱思远')
  await approvedArchive(draft, await apiLogin(server, UNITS.county))
  await uploadPdf(draft, (await createApplication(draft)).id, 'id_card')
  draftLogin = draft.user.login
  const items = await acceptedApplications(server, [{ unit: 'county', specialty: 'environmental_engineering', name: '龚文博' }], {
    day: '2022-09-26',
  })
  appId = items[0].app.id
  applicantLogin = items[0].applicant.user.login
  const { group } = await reviewedGroup(server, [appId])
  const ctx = await reviewContext(server)
  expertLogin = ctx.loginOf[activeExperts(group)[0].expert_id]
  await setClock(server, at('2022-09-27'))
  const { meeting } = await closedMeeting(server, [appId])
  await setClock(server, at('2022-09-28'))
  await createPublicity(server, meeting.id, '2022-09-28')
})

after(() => finishBrowserTest({ browser, server }))

/** A page of a phone-sized window with touch; console errors and CSP violations in `page.problems`. */
async function phonePage(size) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: size, hasTouch: true })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) page.problems.push(`csp: ${msg.text()}`)
  })
  return page
}

async function signIn(page, account, password = DEMO_PASSWORD) {
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForSelector(sel('menu-toggle'))
  assert.equal(await page.locator(sel('side-menu')).count(), 0, 'no sidebar on a phone')
}

/** Opens `path` and waits for `ready` (a data-test) and the network to settle. */
async function visit(page, path, ready) {
  await page.goto(`${server.baseUrl}${path}`)
  await page.waitForSelector(sel(ready))
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(200) // el-table lays its columns out after the data arrive
}

/**
 * The page does not scroll sideways, and no visible button, link, input or tag reaches past the screen's
 * edges — except inside a box that scrolls sideways on its own (a table's body). Returns nothing; fails with
 * the offending elements named.
 */
async function assertFits(page, what) {
  const r = await page.evaluate(() => {
    const W = window.innerWidth
    const scrollsAlone = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX
        if (o === 'auto' || o === 'scroll') return true
      }
      return false
    }
    const off = []
    for (const el of document.querySelectorAll('button, a, input, textarea, .el-tag, .el-card, .el-descriptions, h1, h2, h3')) {
      const b = el.getBoundingClientRect()
      if (!b.width || !b.height || getComputedStyle(el).visibility === 'hidden') continue
      if ((b.right > W + 1 || b.left < -1) && !scrollsAlone(el)) {
        off.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-test') ?? ''}] ${Math.round(b.left)}..${Math.round(b.right)} "${(el.textContent ?? '').trim().slice(0, 30)}"`)
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: W, off }
  })
  assert.ok(r.scrollWidth <= r.innerWidth, `${what}: the page scrolls sideways (${r.scrollWidth} > ${r.innerWidth})`)
  assert.deepEqual(r.off, [], `${what}: elements off the screen`)
}

/** Every visible button is at least 44 px tall. */
async function assertTouchTargets(page, what) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('.el-button')]
      .filter((b) => b.getClientRects().length && getComputedStyle(b).visibility !== 'hidden')
      .filter((b) => b.getBoundingClientRect().height < 44)
      .map((b) => `${b.getAttribute('data-test') ?? ''} "${b.textContent.trim()}" ${b.getBoundingClientRect().height}px`),
  )
  assert.deepEqual(small, [], `${what}: buttons lower than 44 px`)
}

/** The element is wholly within the window. */
async function assertOnScreen(page, test, what) {
  const box = await page.locator(`${sel(test)}:visible`).boundingBox()
  assert.ok(box, `${what}: ${test} is shown`)
  const { width, height } = page.viewportSize()
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height,
    `${what}: ${test} at ${JSON.stringify(box)} is within ${width}×${height}`)
}

/** Opens the menu drawer and waits until it has slid in. */
async function openDrawer(page) {
  await page.click(sel('menu-toggle'))
  await page.locator(`${sel('drawer-menu')}:visible`).waitFor()
  await page.waitForFunction(() => {
    const d = document.querySelector('.menu-drawer')
    return d && Math.abs(d.getBoundingClientRect().left) < 0.5 && !d.closest('.el-drawer-fade-enter-active')
  })
}

for (const size of PHONES) {
  const at_ = `${size.width}×${size.height}`

  test(`public pages at ${at_}: no sideways scrolling; the objection dialog's submit button is on the screen`, async () => {
    const page = await phonePage(size)
    for (const [path, ready] of [
      ['/login', 'login-account'],
      ['/register', 'applicant-name'],
      ['/verify', 'verify-view'],
      ['/self-check', 'sc-form'],
      ['/public/results', 'public-results-view'],
    ]) {
      await visit(page, path, ready)
      await assertFits(page, `${path} at ${at_}`)
      await assertTouchTargets(page, `${path} at ${at_}`)
    }

    // The result publicity lists the candidate as a card with its own objection button.
    const open = page.locator('[data-test^="card-objection-open-"]:visible').first()
    await open.waitFor()
    await open.click()
    const dialog = page.locator(`${sel('objection-dialog')}:visible`)
    await dialog.waitFor()
    await page.waitForTimeout(400) // the opening animation
    const box = await page.locator('.el-dialog:visible').boundingBox()
    assert.ok(box.width <= size.width && box.x >= 0, `the dialog fills the screen's width at most: ${JSON.stringify(box)}`)
    await assertOnScreen(page, 'objection-submit', `objection dialog at ${at_}`)
    await assertOnScreen(page, 'objection-cancel', `objection dialog at ${at_}`)
    await assertFits(page, `objection dialog at ${at_}`)

    if (size.width === 390) {
      // It can be filled in and sent from the phone; the button stays on the screen with the keyboard's text in.
      await page.fill(sel('objection-name'), '李明')
      await page.fill(sel('objection-contact'), '13900001111')
      await page.fill(sel('objection-content'), '业绩证明材料与实际不符，请核实。')
      await assertOnScreen(page, 'objection-submit', 'filled objection dialog')
      await page.click(sel('objection-submit'))
      await page.waitForSelector(sel('objection-done'))
    }
    await page.click(sel('objection-cancel'))
    await dialog.waitFor({ state: 'hidden' })
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test(`applicant at ${at_}: home, archive and application fit; the drawer menu navigates and signs out`, async () => {
    const page = await phonePage(size)
    await signIn(page, applicantLogin, APPLICANT_PASSWORD)
    for (const [path, ready] of [
      ['/', 'welcome-card'],
      ['/archive', 'archive-view'],
      ['/application', 'application-view'],
    ]) {
      await visit(page, path, ready)
      await assertFits(page, `${path} at ${at_}`)
      await assertTouchTargets(page, `${path} at ${at_}`)
    }

    // The drawer: who is signed in, the menu (44 px entries) and the account's actions.
    await openDrawer(page)
    assert.equal((await page.innerText(`${sel('menu-drawer')} ${sel('header-role')}`)).trim(), '申报人')
    assert.match(await page.innerText(`${sel('menu-drawer')} ${sel('header-user')}`), /龚文博/)
    const heights = await page.locator(`${sel('drawer-menu')} .el-menu-item`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
    assert.ok(heights.length >= 5 && heights.every((h) => h >= 44), `menu entries ≥ 44 px: ${heights}`)
    await assertOnScreen(page, 'logout', `drawer at ${at_}`)
    await assertOnScreen(page, 'header-password', `drawer at ${at_}`)
    await assertTouchTargets(page, `drawer at ${at_}`)
    // An entry navigates and closes the drawer.
    await page.click(`${sel('drawer-menu')} ${sel('menu-archive')}`)
    await page.waitForURL(/\/archive$/)
    await page.locator(sel('drawer-menu')).waitFor({ state: 'hidden' })
    await page.waitForSelector(sel('archive-view'))
    await openDrawer(page)
    await page.click(`${sel('drawer-menu')} ${sel('menu-application')}`)
    await page.waitForURL(/\/application$/)
    await page.locator(sel('drawer-menu')).waitFor({ state: 'hidden' })

    // Signing out is reachable from the drawer.
    await openDrawer(page)
    await page.click(`${sel('menu-drawer')} ${sel('logout')}`)
    await page.waitForURL(/\/login(\?|$)/)
    await page.waitForSelector(sel('login-account'))
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test(`a new applicant's empty archive and a draft's evidence cards fit at ${at_}`, async () => {
    const page = await phonePage(size)
    await signIn(page, DEMO_APPLICANT)
    for (const [path, ready] of [
      ['/archive', 'archive-view'],
      ['/application', 'application-view'],
      ['/my/certificates', 'my-certificates-view'],
    ]) {
      await visit(page, path, ready)
      await assertFits(page, `${path} (王建国) at ${at_}`)
      await assertTouchTargets(page, `${path} (王建国) at ${at_}`)
    }
    await page.context().close()

    // The evidence of a draft: one card per slot, with its files and upload button.
    const draft = await phonePage(size)
    await signIn(draft, draftLogin, APPLICANT_PASSWORD)
    await visit(draft, '/application', 'app-slot-id_card')
    await draft.waitForSelector(sel('app-slot-file-id_card-0'))
    assert.equal(await draft.locator('[data-test="app-evidence"] .el-table').count(), 0, 'cards, not a table')
    await assertFits(draft, `a draft's /application at ${at_}`)
    await assertTouchTargets(draft, `a draft's /application at ${at_}`)
    await draft.locator(sel('app-slot-upload-education_certificate-button')).scrollIntoViewIfNeeded()
    await assertOnScreen(draft, 'app-slot-upload-education_certificate-button', `a draft's /application at ${at_}`)
    await draft.context().close()
  })

  test(`expert at ${at_}: the task list and the application to review fit`, async () => {
    const page = await phonePage(size)
    await signIn(page, expertLogin)
    await visit(page, '/expert', 'expert-tasks-view')
    await page.waitForSelector(sel(`assignment-app-open-${appId}`))
    await assertFits(page, `/expert at ${at_}`)
    await assertTouchTargets(page, `/expert at ${at_}`)
    await assertOnScreen(page, `assignment-app-open-${appId}`, `/expert at ${at_}`)
    await page.click(sel(`assignment-app-open-${appId}`))
    await page.waitForURL(new RegExp(`/expert/applications/${appId}$`))
    await page.waitForSelector(sel('expert-app-facts'))
    await page.waitForLoadState('networkidle')
    await assertFits(page, `/expert/applications/${appId} at ${at_}`)
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test(`the committee office's application page fits at ${at_}`, async () => {
    const page = await phonePage(size)
    await signIn(page, 'committee')
    await visit(page, `/applications/${appId}`, 'app-number')
    await assertFits(page, `/applications/${appId} at ${at_}`)
    await assertTouchTargets(page, `/applications/${appId} at ${at_}`)
    await page.context().close()
  })
}

test('a desktop window keeps the sidebar and the header links', async () => {
  const page = await newPage(browser)
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), 'committee')
  await page.fill(sel('login-password'), DEMO_PASSWORD)
  await page.click(sel('login-submit'))
  await page.waitForSelector(sel('side-menu'))
  assert.equal(await page.locator(sel('menu-toggle')).count(), 0)
  assert.ok(await page.locator(`${sel('logout')}:visible`).count())
  assert.ok(await page.locator(`${sel('header-password')}:visible`).count())
  await page.context().close()
})
