// 数据看板 (/dashboard, GET /stats) for the reviewer roles: the cards show the figures the API gives the same
// user (applications, waiting for the unit, pass rate with passed / decided, days left to the unit deadline),
// every chart is drawn on a canvas that follows the window's size, the charts' descriptions (aria-label) list
// what the API counted, and the table lists the units with applications waiting for them; at three days or
// less before the unit deadline those rows turn red. In English the labels and the server's level names are
// English. An acceptance point without applications sees the empty states; an applicant has no menu entry,
// and /dashboard takes them home. The server holds the workflow demo plus a generated dataset
// (`zhicheng generate`, applications in every state, decided ones among them); the generated data has no
// evidence files, so the invariant checker is not run here.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, freshDatabaseUrl, bin, campaignsDir, calendarsDir } from '../lib/server.mjs'
import { DEMO_APPLICANT, get, login as apiLogin, setClock } from '../lib/workflow.mjs'
import { launchBrowser, login, menuTexts, newPage, sel } from './helpers.mjs'

const CHARTS = ['state', 'level', 'region', 'rate', 'specialty', 'unit']
/** The states as the reviewer pages name them (web/src/i18n/workflow.zh-CN.ts). */
const STATE_NAMES = {
  draft: '草稿', submitted: '待单位审核', returned: '退回修改', publicity: '单位公示中',
  unit_recommended: '待受理点/主管部门审核', county_returned: '退回单位', county_recommended: '已推荐至评委会',
  received: '评委会已接收', not_recommended: '单位不予推荐', accepted: '已受理',
  office_returned: '评委会退回补正', passed: '评审通过', failed: '评审未通过', certified: '已发证', revoked: '已撤销',
}
/** The states in which an application waits for its unit (the card 待单位处理). */
const UNIT_PENDING = ['submitted', 'publicity', 'county_returned']
const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/

let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhicheng-dashboard-'))
  const dbUrl = freshDatabaseUrl(dir)
  const dataDir = join(dir, 'data')
  execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
    '--calendars', calendarsDir], { stdio: 'pipe' })
  execFileSync(bin, ['generate', '--db', dbUrl, '--campaigns', campaignsDir, '--applications', '300', '--units', '15',
    '--seed', '1'], { stdio: 'pipe' })
  server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] })
  await setClock(server, '2022-08-25T09:00:00+08:00')
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  const log = server?.log() ?? ''
  const at = log.search(SANITIZER)
  assert.equal(at, -1, `sanitizer report:\n${log.slice(Math.max(0, at - 1500), at + 6000)}`)
})

/** GET /stats as `account` sees it. */
async function apiStats(account) {
  const r = await get(await apiLogin(server, account), '/stats')
  assert.equal(r.status, 200, JSON.stringify(r.json))
  return r.json
}

/** Signs in, opens 数据看板 from the menu and waits for the figures. */
async function openDashboard(page, account) {
  await login(page, server.baseUrl, account)
  await page.click(sel('menu-dashboard'))
  await page.waitForURL(/\/dashboard$/)
  await page.waitForSelector(sel('dash-total'))
}

const text = async (page, test) => (await page.innerText(sel(test))).trim()
const rate = (passed, decided) => `${((passed * 100) / decided).toFixed(1)}%`
const aria = (page, chart) => page.getAttribute(sel(`dash-chart-${chart}`), 'aria-label')
/** Waits until a chart's description starts with `prefix` (it is redrawn after a change). */
const ariaStarts = (page, chart, prefix) =>
  page.waitForFunction(([s, p]) => document.querySelector(s)?.getAttribute('aria-label')?.startsWith(p),
    [sel(`dash-chart-${chart}`), prefix])

/** Records the ECharts chunk's requests: the router loads it with the dashboard only (web/vite.config.ts). */
function echartsRequests(page) {
  const seen = []
  page.on('request', (r) => {
    if (/\/assets\/echarts-[^/]*\.js$/.test(new URL(r.url()).pathname)) seen.push(r.url())
  })
  return seen
}

/** The canvas of a chart: drawn, with a non-zero size; returns its CSS width. */
async function canvasWidth(page, chart) {
  const canvas = page.locator(`${sel(`dash-chart-${chart}`)} canvas`)
  await canvas.waitFor()
  const box = await canvas.boundingBox()
  assert.ok(box && box.width > 0 && box.height > 0, `${chart}: the canvas has a size: ${JSON.stringify(box)}`)
  const pixels = await canvas.evaluate((c) => c.width * c.height)
  assert.ok(pixels > 0, `${chart}: the canvas has pixels`)
  return box.width
}

/** The cards equal the API's figures. */
async function assertCards(page, stats) {
  assert.equal(await text(page, 'dash-total'), String(stats.total))
  const pending = UNIT_PENDING.reduce((n, s) => n + stats.by_state[s], 0)
  assert.equal(await text(page, 'dash-pending'), String(pending))
  const { passed, decided } = stats.pass_rate
  assert.ok(decided > 0, 'the generated data holds decided applications')
  assert.equal(await text(page, 'dash-pass-rate'), rate(passed, decided))
  assert.equal(await page.getAttribute(sel('dash-pass-count'), 'data-passed'), String(passed))
  assert.equal(await page.getAttribute(sel('dash-pass-count'), 'data-decided'), String(decided))
  assert.equal(await page.getAttribute(sel('dash-days-left'), 'data-days'), String(stats.unit_deadline.days_left))
}

/** The pending table lists the API's units, in its order, with their counts. */
async function assertPendingTable(page, stats) {
  const names = await page.locator(sel('dash-pending-unit')).allInnerTexts()
  assert.deepEqual(names.map((s) => s.trim()), stats.pending_units.map((u) => u.name))
  const counts = await page.locator(sel('dash-pending-count')).allInnerTexts()
  assert.deepEqual(counts.map((s) => Number(s.trim())), stats.pending_units.map((u) => u.pending))
}

test('an acceptance point: cards equal GET /stats, charts drawn, units with work waiting listed; English', async () => {
  const stats = await apiStats('ap330402')
  assert.ok(stats.total > 0 && stats.pending_units.length > 0, JSON.stringify(stats.pending_units))
  const page = await newPage(browser)
  const echarts = echartsRequests(page)
  await login(page, server.baseUrl, 'ap330402')
  assert.ok((await menuTexts(page)).includes('数据看板'))
  assert.deepEqual(echarts, [], 'the home page does not load ECharts')
  await page.click(sel('menu-dashboard'))
  await page.waitForURL(/\/dashboard$/)
  await page.waitForSelector(sel('dash-total'))
  assert.equal(echarts.length, 1, 'the dashboard loads ECharts')
  assert.match(await page.title(), /^数据看板 - /)

  await assertCards(page, stats)
  const { passed, decided } = stats.pass_rate
  assert.equal(await text(page, 'dash-pass-count'), `通过 ${passed} 人 / 已评审 ${decided} 人`)
  assert.equal(await text(page, 'dash-days-left'), `剩余 ${stats.unit_deadline.days_left} 天`)
  assert.match(await text(page, 'dash-deadline-date'), new RegExp(stats.unit_deadline.date))

  for (const c of CHARTS) await canvasWidth(page, c)
  // What each chart shows, from its description for screen readers.
  const levels = await aria(page, 'level')
  for (const l of stats.by_level) assert.ok(levels.includes(`${l.name} ${l.count}`), `${levels}: ${l.name} ${l.count}`)
  // by stage: the states with applications, in the workflow's order
  const shown = Object.keys(STATE_NAMES).filter((s) => stats.by_state[s] > 0)
  const entries = shown.map((s) => `${STATE_NAMES[s]} ${stats.by_state[s]}`)
  assert.equal(await aria(page, 'state'), `各环节申报数：${entries.join('；')}`)
  const regions = await aria(page, 'region')
  for (const r of stats.by_region) assert.ok(regions.includes(`${r.name} ${r.count}`), regions)
  const units = await aria(page, 'unit')
  for (const u of stats.by_unit.slice(0, 10)) assert.ok(units.includes(`${u.name} ${u.count}`), units)
  const rates = await aria(page, 'rate')
  for (const r of stats.pass_rate.by_level) {
    const pct = Number(((r.passed * 100) / r.decided).toFixed(1))
    assert.ok(rates.includes(`${r.name} ${pct}%`), `${rates} has ${r.name} ${pct}%`)
  }

  await assertPendingTable(page, stats)
  // Twenty days left: nothing is red.
  assert.equal(await page.locator('.dash-urgent-row').count(), 0)
  for (const tag of await page.locator(sel('dash-pending-days')).all()) {
    assert.equal(await tag.getAttribute('data-urgent'), 'false')
  }

  // English: the page's labels, the menu and the server's level names.
  const enClient = await apiLogin(server, 'ap330402')
  enClient.lang = 'en'
  const en = (await get(enClient, '/stats')).json
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/stats') && r.status() === 200),
    page.click(`${sel('lang-en')}:visible`),
  ])
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.locator(sel('dash-card-total'), { hasText: 'Applications' }).waitFor()
  assert.match(await page.innerText(sel('dash-card-pass-rate')), /Pass rate/)
  assert.equal(await text(page, 'dash-pass-count'), `${en.pass_rate.passed} passed of ${en.pass_rate.decided} decided`)
  assert.equal(await text(page, 'dash-days-left'), `${en.unit_deadline.days_left} days left`)
  assert.equal(await text(page, 'dash-total'), String(en.total))
  assert.ok((await menuTexts(page)).includes('Dashboard'))
  assert.match(await page.title(), /^Dashboard - /)
  // the level names of the answer in English, once it has been drawn
  assert.ok(en.by_level.some((l) => l.name === 'Engineer'), JSON.stringify(en.by_level))
  await ariaStarts(page, 'level', `By title level: ${en.by_level.map((l) => `${l.name} ${l.count}`).join('; ')}`)
  assert.match(await aria(page, 'state'), /^Applications by stage: .*Certificate issued \d+/)
  assert.match(await page.innerText(sel('dash-pending-table')), /Unit deadline/)
  for (const c of CHARTS) await canvasWidth(page, c)
  await assertPendingTable(page, en)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the city admin: the whole city, charts follow the window, two days before the deadline rows are red', async () => {
  // Two days before the unit deadline (2022-09-14).
  await setClock(server, '2022-09-12T09:00:00+08:00')
  const stats = await apiStats('admin')
  assert.equal(stats.unit_deadline.days_left, 2)
  assert.ok(stats.pending_units.length > 1)
  const page = await newPage(browser)
  await openDashboard(page, 'admin')
  await assertCards(page, stats)
  assert.equal(await text(page, 'dash-days-left'), '剩余 2 天')
  await assertPendingTable(page, stats)
  assert.equal(await page.locator('.dash-urgent-row').count(), stats.pending_units.length)
  for (const tag of await page.locator(sel('dash-pending-days')).all()) {
    assert.equal(await tag.getAttribute('data-urgent'), 'true')
    assert.equal((await tag.innerText()).trim(), '剩余 2 天')
  }

  // The pass rate by specialty: the specialties with the most decisions, their rates.
  await page.click(sel('dash-rate-specialty'))
  await ariaStarts(page, 'rate', '评审通过率（按专业）：')
  const top = [...stats.pass_rate.by_specialty].sort((a, b) => b.decided - a.decided || a.code.localeCompare(b.code))[0]
  const pct = Number(((top.passed * 100) / top.decided).toFixed(1))
  assert.ok((await aria(page, 'rate')).includes(`${top.name} ${pct}%`))

  // The charts follow the window: below 1200 px the two columns become one, and every canvas fills its box.
  const before = {}
  for (const c of CHARTS) before[c] = await canvasWidth(page, c)
  for (const width of [1000, 1366]) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForFunction(
      (charts) =>
        charts.every((s) => {
          const box = document.querySelector(s)
          const canvas = box?.querySelector('canvas')
          return canvas && Math.abs(canvas.getBoundingClientRect().width - box.clientWidth) < 2
        }),
      CHARTS.map((c) => sel(`dash-chart-${c}`)),
    )
    for (const c of CHARTS) {
      const w = await canvasWidth(page, c)
      if (width === 1000) assert.ok(w > before[c] + 100, `${c}: one column is wider: ${w} > ${before[c]}`)
      else assert.ok(Math.abs(w - before[c]) < 2, `${c}: back to ${before[c]}: ${w}`)
    }
  }

  assert.deepEqual(page.problems, [])
  await page.context().close()
  await setClock(server, '2022-08-25T09:00:00+08:00')
})

test('an acceptance point without applications sees the empty states', async () => {
  // 平湖市 has no applications in this dataset.
  const stats = await apiStats('ap330482')
  assert.equal(stats.total, 0)
  const page = await newPage(browser)
  await openDashboard(page, 'ap330482')
  assert.equal(await text(page, 'dash-total'), '0')
  assert.equal(await text(page, 'dash-pass-rate'), '—')
  assert.equal(await text(page, 'dash-pass-count'), '尚无评审结果')
  await page.locator(sel('dash-empty')).waitFor()
  assert.equal(await page.locator('[data-test^="dash-chart-"]').count(), 0)
  assert.match(await page.innerText(sel('dash-pending-table')), /没有待单位处理的申报/)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('an applicant has no dashboard: no menu entry, /dashboard goes home, GET /stats is forbidden', async () => {
  const page = await newPage(browser)
  const echarts = echartsRequests(page)
  await login(page, server.baseUrl, DEMO_APPLICANT)
  assert.ok(!(await menuTexts(page)).includes('数据看板'))
  assert.equal(await page.locator(sel('menu-dashboard')).count(), 0)
  await page.goto(`${server.baseUrl}/dashboard`)
  await page.waitForURL((u) => u.pathname === '/')
  await page.waitForSelector(sel('side-menu'))
  assert.equal(await page.locator(sel('dashboard')).count(), 0)
  await page.click(sel('menu-application'))
  await page.waitForURL(/\/application$/)
  await page.click(sel('menu-archive'))
  await page.waitForURL(/\/archive$/)
  assert.deepEqual(echarts, [], 'an applicant never downloads ECharts')
  const r = await get(await apiLogin(server, DEMO_APPLICANT), '/stats')
  assert.equal(r.status, 403)
  assert.equal(r.json.error.code, 'forbidden')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
