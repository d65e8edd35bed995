// Text at 200 % of the browser's text size (适老化; WCAG 1.4.4 "Resize text", 1.4.10 "Reflow"): a person who
// sets a larger default font size in the browser gets larger text, and the pages still read at 320 CSS px.
// Every font size of the web app is in rem (web/src/styles.css sets Element Plus's own sizes again in rem),
// so the text follows the browser's default font size. For the sign-in page, the public verification page,
// and the demo applicant's home, archive and application pages, at 320×720 and at 1280×800, each page is
// opened at the usual 16 px and again at 32 px (200 %), and:
//  (a) its texts are drawn about twice as large: the page's most common text size, an Element Plus button
//      and a form label or an input, and every visible text on the page (matched by its words);
//  (b) it does not scroll sideways;
//  (c) no button, menu entry (the side menu; the menu drawer on a phone) or form label cuts its text off:
//      the text fits the element's box, which grows with it.
// And at 320 px and 200 % the archive page's unit lookup (a select whose placeholder wraps) still finds a
// unit by name, its options on the screen. Screenshots of every page at 200 % go to $TEXT_SIZE_SHOTS when
// that is set.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_APPLICANT } from '../lib/workflow.mjs'
import { DEMO_PASSWORD, TIMEOUT, sel, serverAndBrowser } from './helpers.mjs'

const SIZES = [
  { width: 320, height: 720 },
  { width: 1280, height: 800 },
]
const SHOTS = process.env.TEXT_SIZE_SHOTS
const shotName = (path) => (path === '/' ? 'home' : path.slice(1).replace(/\W+/g, '-'))

const env = serverAndBrowser()

/**
 * A page whose browser text size is `px` (16: Chromium's default; 32: 200 %). Page.setFontSizes sets the
 * default font size the way Chromium's setting does (both set Blink's default_font_size web preference; a
 * profile whose Default/Preferences holds {"webkit":{"webprefs":{"default_font_size":32}}} gives the same
 * 32 px root font with Debian's Chromium, but needs a browser of its own). Unlike a style sheet setting the
 * root's font size, it is the user's choice the page must honour, and it stays across navigations — but not
 * across a device-metrics override (page.setViewportSize, a full-page screenshot), after which it is set again.
 */
async function pageWithTextSize(context) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Page.enable')
  page.setTextSize = (px) => cdp.send('Page.setFontSizes', { fontSizes: { standard: px, fixed: Math.round((px * 13) / 16) } })
  return page
}

async function newContext() {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: SIZES[0] })
  context.setDefaultTimeout(TIMEOUT)
  return context
}

/** Opens `path` and waits for `ready` (a selector), the network and the transitions to settle. */
async function visit(page, path, ready) {
  await page.goto(`${env.server.baseUrl}${path}`)
  await page.waitForSelector(ready)
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300) // el-table lays its columns out after the data arrive; transitions end
}

/**
 * What the page shows, measured: the font size of each visible text (keyed by its words and their
 * occurrence), the most common text size (weighted by characters), the first visible button's and form
 * label's (or input's) font size, whether the page scrolls sideways, and the buttons, menu entries and form
 * labels whose text does not fit their box.
 */
function measure(page) {
  return page.evaluate(() => {
    const shown = (el) => {
      if (!el.getClientRects().length) return false
      const r = el.getBoundingClientRect()
      if (r.width < 1 || r.height < 1) return false
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e)
        if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') return false
      }
      return true
    }
    const px = (el) => parseFloat(getComputedStyle(el).fontSize)
    const name = (el) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}[${el.closest('[data-test]')?.getAttribute('data-test') ?? ''}] "${(el.textContent ?? '').trim().slice(0, 24)}"`
    const texts = {}
    const weight = new Map()
    const seen = new Map()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const words = n.textContent.replace(/\s+/g, ' ').trim()
      const el = n.parentElement
      if (!words || !el || el.closest('script, style, svg, [aria-hidden="true"]') || !shown(el)) continue
      const k = seen.get(words) ?? 0
      seen.set(words, k + 1)
      const size = px(el)
      texts[`${words.slice(0, 40)}#${k}`] = { size, name: name(el) }
      weight.set(size, (weight.get(size) ?? 0) + words.length)
    }
    const common = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
    const first = (selector) => [...document.querySelectorAll(selector)].find(shown)
    const button = first('.el-button:not(.is-link) > span')
    const label = first('.el-form-item__label') ?? first('.el-input__inner')
    const root = document.documentElement
    // buttons, menu entries and form labels: their box and the room their text takes
    const boxes = {}
    const count = new Map()
    for (const el of document.querySelectorAll('.el-button, .el-menu-item, .el-form-item__label')) {
      if (!shown(el) || !(el.textContent ?? '').trim()) continue
      const cs = getComputedStyle(el)
      const id = name(el)
      const k = count.get(id) ?? 0
      count.set(id, k + 1)
      boxes[`${id}#${k}`] = {
        name: id,
        height: el.clientHeight,
        textHeight: el.scrollHeight,
        width: el.clientWidth,
        textWidth: el.scrollWidth,
        hides: cs.overflowY === 'hidden' || cs.overflowY === 'clip',
      }
    }
    return {
      rootSize: px(root),
      texts,
      common,
      button: button ? { size: px(button), name: name(button) } : null,
      label: label ? { size: px(label), name: name(label) } : null,
      sideways: root.scrollWidth > window.innerWidth + 1 ? `${root.scrollWidth} > ${window.innerWidth}` : '',
      boxes,
    }
  })
}

/**
 * The buttons, menu entries and form labels of `large` that cut their text off: the text is wider than the
 * box, or taller than a box that hides what overflows it or that did not grow with the text (at least half
 * as high again as at 100 %). A box that grew may still be a few px lower than its text's font box (a
 * button's line height is 1, and a Chinese font's ascent and descent add up to about 1.4 em): nothing is
 * hidden then.
 */
function clipped(normal, large, what) {
  const out = []
  for (const [key, b] of Object.entries(large.boxes)) {
    const before = normal?.boxes[key]
    const grew = before && b.height >= before.height * 1.5
    if (b.textWidth > b.width + 1) out.push(`${what}: ${b.name} is narrower than its text (${b.width} < ${b.textWidth})`)
    else if (b.textHeight > b.height + 1 && (b.hides || !grew))
      out.push(`${what}: ${b.name} is lower than its text (${b.height} < ${b.textHeight}${before ? `; ${before.height} at 100 %` : ''})`)
  }
  return out
}

/** The problems of a page at 200 % text against the same page at 16 px. */
function compare(normal, large, what) {
  const out = []
  const twice = (a, b) => Math.abs(b / a - 2) <= 0.1
  assert.equal(normal.rootSize, 16, `${what}: the usual text size`)
  assert.equal(large.rootSize, 32, `${what}: the enlarged text size`)
  if (!twice(normal.common, large.common)) out.push(`${what}: the most common text size is ${large.common} px, ${normal.common} px at 100 %`)
  for (const part of ['button', 'label']) {
    if (!normal[part] || !large[part]) continue
    if (!twice(normal[part].size, large[part].size))
      out.push(`${what}: the ${part} ${large[part].name} is ${large[part].size} px, ${normal[part].size} px at 100 %`)
  }
  let matched = 0
  for (const [key, n] of Object.entries(normal.texts)) {
    const l = large.texts[key]
    if (!l) continue
    matched++
    if (!twice(n.size, l.size)) out.push(`${what}: ${l.name} stays at ${l.size} px (${n.size} px at 100 %)`)
  }
  assert.ok(matched >= 5, `${what}: texts found at both sizes: ${matched}`)
  if (large.sideways) out.push(`${what}: the page scrolls sideways (${large.sideways})`)
  out.push(...clipped(normal, large, what))
  return out
}

/**
 * Screenshots of the page as it is shown, one a screen from the top down (a full-page screenshot would not
 * do: Playwright takes it through a device-metrics override, which resets the text size to 16 px).
 */
async function screenshots(page, name) {
  const { height } = page.viewportSize()
  const total = await page.evaluate(() => document.documentElement.scrollHeight)
  for (let i = 0; i * height < total && i < 12; i++) {
    await page.evaluate((y) => window.scrollTo(0, y), i * height)
    await page.screenshot({ path: `${SHOTS}/${name}-${i}.png` })
  }
  await page.evaluate(() => window.scrollTo(0, 0))
}

/**
 * Opens each page at 16 px and at 32 px at each size and returns the problems. `then` (optional) runs on
 * the page before measuring at 32 px and returns a label (the phone's menu drawer, opened).
 */
async function check(page, pages) {
  const problems = []
  const measured = []
  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const { path, ready, then } of pages) {
      const what = `${path} at ${size.width} px`
      await page.setTextSize(16)
      await visit(page, path, ready)
      const normal = await measure(page)
      await page.setTextSize(32)
      await visit(page, path, ready)
      const large = await measure(page)
      problems.push(...compare(normal, large, what))
      measured.push(what)
      if (SHOTS) await screenshots(page, `${shotName(path)}-${size.width}`)
      const extra = then && (await then(page, size))
      if (extra) {
        const opened = await measure(page)
        assert.equal(opened.rootSize, 32, `${what} (${extra}): the enlarged text size`)
        problems.push(...clipped(null, opened, `${what} (${extra})`))
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/${shotName(path)}-${size.width}-${extra.replace(/\W+/g, '-')}.png` })
      }
    }
  }
  return { problems, measured }
}

test('at 200 % text the sign-in page and the public verification page are twice as large, reflow at 320 px and cut no text off', async () => {
  const context = await newContext()
  const page = await pageWithTextSize(context)
  const { problems, measured } = await check(page, [
    { path: '/login', ready: sel('login-account') },
    { path: '/verify', ready: sel('verify-view') },
  ])
  assert.equal(measured.length, 4)
  assert.deepEqual(problems, [], `at 200 % text:\n${problems.join('\n')}`)
  await context.close()
})

test("at 200 % text the applicant's home, archive and application pages are twice as large, reflow at 320 px and cut no text off", async () => {
  const context = await newContext()
  const page = await pageWithTextSize(context)
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), DEMO_APPLICANT)
  await page.fill(sel('login-password'), DEMO_PASSWORD)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  // the side menu at 1280 px; on a phone, the menu drawer, opened
  const menu = async (p, size) => {
    if (size.width >= 768) return ''
    await p.click(sel('menu-toggle'))
    await p.locator('.el-drawer .el-menu-item').first().waitFor()
    await p.waitForTimeout(400)
    return 'menu drawer'
  }
  const { problems, measured } = await check(page, [
    { path: '/', ready: sel('welcome-card'), then: menu },
    { path: '/archive', ready: sel('archive-view') },
    { path: '/application', ready: sel('application-view') },
  ])
  assert.equal(measured.length, 6)
  assert.deepEqual(problems, [], `at 200 % text:\n${problems.join('\n')}`)
  await context.close()
})

// A select whose placeholder wraps at 200 % on a phone (styles.css: fewer than 20 ems across, the typing
// field lies over the wrapped text) still takes typing, and its options fit the screen: the archive page's
// unit lookup finds a unit by name.
test('at 200 % text on a 320 px phone the unit lookup shows its whole placeholder and still finds a unit by name', async () => {
  const context = await newContext()
  const page = await pageWithTextSize(context)
  await page.goto(`${env.server.baseUrl}/login`)
  await page.fill(sel('login-account'), DEMO_APPLICANT)
  await page.fill(sel('login-password'), DEMO_PASSWORD)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.setTextSize(32)
  await visit(page, '/archive', sel('unit-lookup'))
  const placeholder = page.locator(`${sel('unit-lookup')} .el-select__placeholder`)
  const box = await placeholder.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize), width: el.scrollWidth - el.clientWidth, lines: Math.round(el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)) }))
  assert.equal(box.size, 28, 'the placeholder is at 200 %')
  assert.ok(box.width <= 1 && box.lines >= 2, `the placeholder wraps rather than being cut off: ${JSON.stringify(box)}`)
  await page.click(sel('unit-lookup'))
  await page.locator(`${sel('unit-lookup')} input`).fill('禾丰智能')
  const option = page.locator(sel('unit-lookup-option')).filter({ hasText: '嘉兴禾丰智能科技有限公司' })
  await option.waitFor()
  const list = await option.evaluate((el) => {
    const popper = el.closest('.el-popper').getBoundingClientRect()
    return { left: popper.left, right: popper.right, cut: el.scrollWidth > el.clientWidth + 1 }
  })
  assert.ok(list.left >= 0 && list.right <= 320 && !list.cut, `the options fit the screen: ${JSON.stringify(list)}`)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/unit-lookup-320.png` })
  await option.click()
  await option.waitFor({ state: 'hidden' })
  assert.equal(await page.inputValue(sel('archive-credit-code')), '91330402MA2JX0016P')
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/unit-lookup-picked-320.png` })
  await context.close()
})
