// Accessibility and elderly-friendly layouts (适老化), as government services on the web and on phones must
// be (WCAG 2.1 AA; GB/T 37668):
//  - axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa rules) finds no serious or critical violation on the main
//    pages of each role, at 1440×900 and at 390×844;
//  - up to 768 px wide, buttons, menu entries, links outside running text, the labels of checkboxes and radios
//    and the input boxes are touch targets of at least 44 px;
//  - at 320 CSS px with the text enlarged (see enlargedPage) the applicant's pages neither scroll sideways nor
//    clip text;
//  - the sign-in page and the applicant's home are usable from the keyboard alone: Tab reaches every control,
//    in order, and the focused control looks different from the unfocused one.
// Setup through the API on the 2022 campaign (test clock), as in phone.test.mjs: one application accepted by
// the committee office, reviewed by a drawn group, voted on and in the result publicity from 2022-09-28, and
// another applicant's draft application with one file, so the pages have something to show.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { startServer } from '../lib/server.mjs'
import { UNITS, approvedArchive, createApplication, login as apiLogin, newApplicant, setClock, uploadPdf } from '../lib/workflow.mjs'
import { acceptedApplications, activeExperts, at, closedMeeting, createPublicity, reviewContext, reviewedGroup } from '../lib/review.mjs'
import { DEMO_PASSWORD, TIMEOUT, finishBrowserTest, launchBrowser, sel } from './helpers.mjs'

const APPLICANT_PASSWORD = 'Passw0rd2022' // tests/lib/workflow.mjs newApplicant
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

let server
let browser
let appId
let applicantLogin
let expertLogin
let draftLogin

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
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

async function pageOf(size, extra = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: size, hasTouch: size.width < 768, ...extra })
  context.setDefaultTimeout(TIMEOUT)
  return context.newPage()
}

async function signIn(page, account, password = DEMO_PASSWORD) {
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.waitForSelector(`${sel('side-menu')}, ${sel('menu-toggle')}`)
}

/** Opens `path` and waits for `ready` (a selector) and the network to settle. */
async function visit(page, path, ready) {
  await page.goto(`${server.baseUrl}${path}`)
  await page.waitForSelector(ready)
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300) // el-table lays its columns out after the data arrive; transitions end
}

/** The serious and critical axe violations on the page as it is now, one readable line per element. */
async function axeProblems(page, what) {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
  const out = []
  for (const v of violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes) {
      // where it is, for a reader of the report: the nearest data-test above the element
      const near = await page
        .evaluate((t) => document.querySelector(t)?.closest('[data-test]')?.getAttribute('data-test') ?? '', n.target[0])
        .catch(() => '')
      const why = (n.failureSummary ?? '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '').slice(0, 240)
      out.push(`${what}: [${v.impact}] ${v.id} (${v.help}) in [${near}] at ${n.target.join(' ')}\n    ${n.html.slice(0, 160)}\n    ${why}`)
    }
  }
  return out
}

/** The pages of each role: [account (null: no session), password, [path, ready selector, then?]...]. */
function rolePages() {
  return [
    {
      who: 'public',
      pages: [
        ['/login', sel('login-account')],
        ['/register', sel('applicant-name')],
        ['/verify', sel('verify-view')],
        ['/public/results', '[data-test*="objection-open-"]:visible'],
        [
          '/public/results',
          '[data-test*="objection-open-"]:visible',
          async (page) => {
            // the objection dialog, open
            await page.locator('[data-test*="objection-open-"]:visible').first().click()
            await page.locator(`${sel('objection-dialog')}:visible`).waitFor()
            await page.waitForTimeout(400)
            return 'objection dialog'
          },
        ],
      ],
    },
    {
      who: 'applicant',
      account: () => applicantLogin,
      password: APPLICANT_PASSWORD,
      pages: [
        ['/', sel('welcome-card')],
        ['/archive', sel('archive-view')],
        ['/application', sel('application-view')],
      ],
    },
    {
      who: 'applicant with a draft',
      account: () => draftLogin,
      password: APPLICANT_PASSWORD,
      pages: [['/application', sel('app-slot-id_card')]],
    },
    {
      who: 'unit',
      account: () => UNITS.county,
      pages: [
        ['/', sel('welcome-card')],
        ['/unit/archives', `${sel('archives-table')}, ${sel('unit-archives-cards')}`],
        ['/queue', sel('queue-tabs')],
      ],
    },
    {
      who: 'expert',
      account: () => expertLogin,
      pages: [
        ['/expert', sel('expert-tasks-view')],
        [() => `/expert/applications/${appId}`, sel('expert-app-facts')],
      ],
    },
    { who: 'committee office', account: () => 'committee', pages: [['/', sel('welcome-card')]] },
    { who: 'admin', account: () => 'admin', pages: [['/', sel('welcome-card')]] },
  ]
}

for (const size of SIZES) {
  const at_ = `${size.width}×${size.height}`
  test(`axe finds no serious or critical violation on the main pages of each role at ${at_}`, async () => {
    const problems = []
    let checked = 0
    for (const role of rolePages()) {
      const page = await pageOf(size)
      if (role.account) await signIn(page, role.account(), role.password)
      for (const [p, ready, then] of role.pages) {
        const path = typeof p === 'function' ? p() : p
        await visit(page, path, ready)
        const extra = then ? await then(page) : ''
        problems.push(...(await axeProblems(page, `${role.who} ${path}${extra ? ` (${extra})` : ''} at ${at_}`)))
        checked++
      }
      await page.context().close()
    }
    assert.ok(checked >= 14, `pages checked: ${checked}`)
    assert.equal(problems.length, 0, `${problems.length} serious or critical accessibility violations:\n${problems.join('\n')}`)
  })
}

// ---- touch targets up to 768 px ---------------------------------------------------------------

/**
 * The visible controls lower (or, for buttons, narrower) than 44 px. Counted: buttons, menu entries, tabs,
 * links other than those in running text (a link among the words of a sentence may be as tall as its line,
 * WCAG 2.5.8's inline exception), the labels of checkboxes and radios (the box itself is small; the label
 * is what a finger taps), input boxes, selects and date fields.
 */
async function smallTargets(page) {
  return page.evaluate(() => {
    const shown = (el) => {
      if (!el.getClientRects().length) return false
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e)
        if (cs.visibility === 'hidden' || cs.opacity === '0' || cs.display === 'none') return false
      }
      return true
    }
    const inSentence = (a) => [...a.parentElement.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    const name = (el) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}[${el.closest('[data-test]')?.getAttribute('data-test') ?? ''}] "${(el.textContent ?? '').trim().slice(0, 20)}"`
    const out = []
    const check = (selector, { width = false, skip = () => false } = {}) => {
      for (const el of document.querySelectorAll(selector)) {
        if (!shown(el) || skip(el)) continue
        const b = el.getBoundingClientRect()
        if (b.height < 43.5 || (width && b.width < 43.5)) out.push(`${name(el)} ${Math.round(b.width)}×${Math.round(b.height)}`)
      }
    }
    check('button, .el-button, [role="button"]', { width: true })
    check('.el-menu-item, .el-sub-menu__title, .el-tabs__item, .el-radio-button__inner, .el-checkbox, .el-radio')
    check('a[href], .el-link', { skip: (a) => inSentence(a) || a.closest('.el-menu-item, .el-tabs__item, .el-button') })
    check('.el-input__wrapper, .el-select__wrapper, .el-input-number, .el-textarea__inner', {
      skip: (el) => el.closest('.el-pagination'), // the page-size select: checked below as a whole
    })
    check('.el-pagination .el-select__wrapper')
    // the larger pager's parts wrap onto a second line rather than hide past the edge of its box
    for (const p of document.querySelectorAll('.pager')) {
      if (p.scrollWidth > p.clientWidth + 1) out.push(`the pager is wider than its box: ${p.scrollWidth} > ${p.clientWidth}`)
    }
    return out
  })
}

const TARGET_PAGES = [
  { who: 'public', pages: [['/login', sel('login-account')], ['/register', sel('applicant-name')], ['/verify', sel('verify-view')]] },
  {
    who: 'applicant',
    account: () => applicantLogin,
    password: APPLICANT_PASSWORD,
    pages: [
      ['/', sel('welcome-card')],
      ['/archive', sel('archive-view')],
      ['/application', sel('application-view')],
    ],
  },
  { who: 'applicant with a draft', account: () => draftLogin, password: APPLICANT_PASSWORD, pages: [['/application', sel('app-slot-id_card')]] },
  { who: 'unit', account: () => UNITS.county, pages: [['/unit/archives', `${sel('archives-table')}, ${sel('unit-archives-cards')}`], ['/queue', sel('queue-tabs')]] },
]

for (const size of [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
]) {
  test(`at ${size.width} px every button, menu entry, link, choice and input is a 44 px touch target`, async () => {
    const problems = []
    for (const role of TARGET_PAGES) {
      const page = await pageOf(size, { hasTouch: true })
      if (role.account) await signIn(page, role.account(), role.password)
      for (const [path, ready] of role.pages) {
        await visit(page, path, ready)
        for (const p of await smallTargets(page)) problems.push(`${role.who} ${path}: ${p}`)
      }
      await page.context().close()
    }
    assert.deepEqual(problems, [], `controls smaller than 44 px at ${size.width} px:\n${problems.join('\n')}`)
  })
}

// ---- 320 CSS px with enlarged text --------------------------------------------------------------

/**
 * A page as an elderly user with enlarged text sees it on a phone. Two settings enlarge text:
 *  - zoom: the browser's page zoom, or a phone's display size. Zooming a 640-px-wide screen to 200 % leaves
 *    the page 320 CSS px to lay itself out in, every CSS px drawn twice as large; that is exactly a 320 px
 *    viewport with a device scale factor of 2 (WCAG 1.4.10 "Reflow" names the same width: 1280 px at 400 %).
 *  - the default font size (Chromium's "font size" setting; Android's text scaling): 200 % here, set through
 *    the DevTools protocol as the browser would (Page.setFontSizes: 32 px instead of 16 px), so that every
 *    size given in rem, em or % of the root doubles — all the app's text sizes (styles.css gives Element
 *    Plus's in rem too; text_size.test.mjs checks that they double).
 * Setting document.documentElement.style.fontSize would do the second alone but is lost on every reload.
 */
async function enlargedPage() {
  const page = await pageOf({ width: 320, height: 640 }, { deviceScaleFactor: 2, hasTouch: true })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Page.enable')
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } })
  return page
}

/** Sideways scrolling of the page and text cut off by a box that hides its overflow. */
async function reflowProblems(page) {
  return page.evaluate(() => {
    const out = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`)
    const name = (el) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}[${el.closest('[data-test]')?.getAttribute('data-test') ?? ''}] "${(el.textContent ?? '').trim().slice(0, 24)}"`
    for (const el of document.querySelectorAll('body *')) {
      if (!el.getClientRects().length || !(el.textContent ?? '').trim()) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden' || el.closest('[aria-hidden="true"]')) continue
      // a table's header row moves with its body, which scrolls sideways on its own
      if (el.matches('.el-table__header-wrapper')) continue
      if (el.clientWidth <= 1 && el.clientHeight <= 1) continue // a copy for screen readers, hidden on purpose
      const hidesX = cs.overflowX === 'hidden' || cs.overflowX === 'clip'
      const hidesY = cs.overflowY === 'hidden' || cs.overflowY === 'clip'
      if (hidesX && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} cuts its text off at the side (${el.scrollWidth} > ${el.clientWidth})`)
      else if (hidesY && el.scrollHeight > el.clientHeight + 1) out.push(`${name(el)} cuts its text off below (${el.scrollHeight} > ${el.clientHeight})`)
    }
    return out
  })
}

test('at 320 CSS px with text at 200 %, the sign-in page and the applicant pages reflow: no sideways scrolling, no text cut off', async () => {
  const page = await enlargedPage()
  const problems = []
  await visit(page, '/login', sel('login-account'))
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px', 'the default font size is doubled')
  problems.push(...(await reflowProblems(page)).map((p) => `/login: ${p}`))
  await signIn(page, applicantLogin, APPLICANT_PASSWORD)
  for (const [path, ready] of [
    ['/', sel('welcome-card')],
    ['/archive', sel('archive-view')],
    ['/application', sel('application-view')],
    ['/notifications', sel('notifications-view')],
  ]) {
    await visit(page, path, ready)
    assert.equal(await page.evaluate(() => window.innerWidth), 320)
    problems.push(...(await reflowProblems(page)).map((p) => `${path}: ${p}`))
  }
  assert.deepEqual(problems, [], `at 320 px with enlarged text:\n${problems.join('\n')}`)
  await page.context().close()
})

// ---- the keyboard ------------------------------------------------------------------------------

/** The visible controls a keyboard must reach, in document order, each with a short name. */
async function focusableControls(page) {
  return page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])'
    let i = 0
    const out = []
    for (const el of document.querySelectorAll(sel)) {
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue
      if (el.tabIndex < 0) continue
      if (!el.dataset.kb) el.dataset.kb = String(i++)
      out.push({ id: el.dataset.kb, name: `${el.tagName.toLowerCase()}[${el.closest('[data-test]')?.getAttribute('data-test') ?? ''}] "${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim().slice(0, 20)}"` })
    }
    return out
  })
}

/** The box a focus indicator is drawn in: the control's frame (an input's wrapper), with room for an outline. */
async function focusBox(page, id) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-kb="${id}"]`)
    const frame = el.closest('.el-input__wrapper, .el-select__wrapper, .el-checkbox, .el-radio, .el-menu-item, .el-tabs__item') ?? el
    frame.scrollIntoView({ block: 'center' })
    const b = frame.getBoundingClientRect()
    return { x: Math.max(0, b.x - 5), y: Math.max(0, b.y - 5), width: b.width + 10, height: b.height + 10 }
  }, id)
}

/**
 * Tabs through the page from its start: every visible control is reached, and each looks different focused
 * (a screenshot of its frame with the focus on it differs from one without). Returns the problems.
 */
async function keyboardProblems(page, what) {
  const controls = await focusableControls(page)
  assert.ok(controls.length >= 5, `${what}: controls found: ${controls.length}`)
  // unfocused looks (the mouse away, nothing focused)
  await page.mouse.move(0, 0)
  await page.evaluate(() => document.activeElement?.blur())
  const plain = new Map()
  for (const c of controls) {
    const clip = await focusBox(page, c.id)
    plain.set(c.id, { clip, shot: await page.screenshot({ clip, animations: 'disabled' }) })
  }
  await page.evaluate(() => window.scrollTo(0, 0))
  // Tab from the top of the document
  await page.evaluate(() => {
    document.activeElement?.blur()
    document.body.tabIndex = -1
    document.body.focus()
    document.body.removeAttribute('tabindex')
  })
  const reached = new Set()
  const problems = []
  for (let n = 0; n < controls.length + 15; n++) {
    await page.keyboard.press('Tab')
    const id = await page.evaluate(() => document.activeElement?.dataset?.kb ?? null)
    if (id === null || reached.has(id)) {
      if (id !== null) break // round again
      continue
    }
    reached.add(id)
    const before = plain.get(id)
    if (!before) continue
    await page.waitForTimeout(150) // focus transitions
    const now = await page.screenshot({ clip: before.clip, animations: 'disabled' })
    if (now.equals(before.shot)) problems.push(`${what}: focus is not visible on ${controls.find((c) => c.id === id).name}`)
  }
  for (const c of controls) if (!reached.has(c.id)) problems.push(`${what}: Tab never reaches ${c.name}`)
  return problems
}

test('the keyboard alone reaches every control of the sign-in page and the applicant home, with the focus visible', async () => {
  const page = await pageOf({ width: 1440, height: 900 })
  const problems = []
  await visit(page, '/login', sel('login-account'))
  problems.push(...(await keyboardProblems(page, '/login')))
  // signing in from the keyboard: type, Tab, type, Enter
  await page.focus(sel('login-account'))
  await page.keyboard.type(applicantLogin)
  await page.keyboard.press('Tab')
  await page.keyboard.type(APPLICANT_PASSWORD)
  await page.keyboard.press('Enter')
  await page.waitForSelector(sel('side-menu'))
  await visit(page, '/', sel('welcome-card'))
  problems.push(...(await keyboardProblems(page, 'applicant home')))
  // a menu entry opens its page from the keyboard
  await page.focus(sel('menu-archive'))
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/archive$/, { timeout: 3000 }).catch(() => problems.push('Enter on the menu entry 业绩档案 does not open it'))
  assert.deepEqual(problems, [], problems.join('\n'))
  await page.context().close()
})
