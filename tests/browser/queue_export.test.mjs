// 导出 Excel on the queue page (docs/documents.md "Excel exports"): the button downloads 申报队列.xlsx with the
// filters of the rows on screen, and the file (read with tests/lib/xlsx.mjs) holds the rows the table shows,
// in the same order: for the city admin over all states, one state tab and a search; for a unit, whose table
// has no unit column but the publicity's end. A search typed but not sent does not change the link. In
// English the button says "Export to Excel". The server runs the workflow demo (`zhicheng demo --workflow`).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, freshDatabaseUrl, bin, campaignsDir, calendarsDir } from '../lib/server.mjs'
import { assertInvariants, login as apiLogin, setClock, submittedApplication, UNITS } from '../lib/workflow.mjs'
import { readXlsx } from '../lib/xlsx.mjs'
import { launchBrowser, login, newPage, pickOption, sel } from './helpers.mjs'

const HEADERS = ['申报编号', '姓名', '单位', '申报资格', '专业', '状态', '提交时间', '公示截止', '更新时间']
let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhicheng-queue-export-'))
  const dbUrl = freshDatabaseUrl(dir)
  const dataDir = join(dir, 'data')
  execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
    '--calendars', calendarsDir], { stdio: 'pipe' })
  server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] })
  await setClock(server, '2022-08-25T09:00:00+08:00')
  // A third application at 禾丰, submitted today: 禾丰's 待单位审核 tab has two rows.
  await submittedApplication(server, await apiLogin(server, UNITS.county), { specialty: 'automation' })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  if (server) assertInvariants(server)
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Waits until the queue table has loaded (its loading mask is gone). */
async function settled(page) {
  await page.waitForSelector(sel('queue-table'))
  await page.locator(`${sel('queue-table')} .el-loading-mask`).waitFor({ state: 'hidden' })
}

/** Runs `action` and waits for the queue's answer and the table to show it. */
async function reload(page, action) {
  await Promise.all([page.waitForResponse((r) => /\/api\/v1\/queue\?/.test(r.url()) && r.status() === 200), action()])
  await settled(page)
}

/** The table's rows as the export's columns: the ones a table lacks are null. */
async function tableRows(page) {
  return page.locator(`${sel('queue-table')} .el-table__body tr.el-table__row`).evaluateAll((trs) =>
    trs.map((tr) => {
      const text = (test) => {
        const el = tr.querySelector(`[data-test="${test}"]`)
        return el ? el.textContent.trim() : null
      }
      const minute = (s) => (s === null ? null : s === '—' ? '' : s.slice(0, 16))
      const number = tr.querySelector('[data-test^="queue-number-"]')?.textContent.trim() ?? null
      return [number, text('queue-row-applicant'), text('queue-row-unit'), text('queue-row-level'),
        text('queue-row-specialty'), text('queue-row-state'), minute(text('queue-row-submitted')),
        minute(text('queue-row-publicity-end')), null]
    }),
  )
}

/** Clicks 导出 Excel, checks the download's name and reads it. */
async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(sel('queue-export'))])
  assert.equal(file.suggestedFilename(), '申报队列.xlsx')
  assert.equal(await file.failure(), null, 'the download completed')
  const x = readXlsx(readFileSync(await file.path()))
  await file.delete()
  assert.deepEqual(x.rows[0], HEADERS)
  assert.equal(x.frozenRows, 1)
  return x
}

/** The export's rows are the table's, in order, in the columns the table shows. */
async function assertExportIsTable(page, what) {
  const table = await tableRows(page)
  const x = await download(page)
  const data = x.rows.slice(1)
  assert.equal(data.length, table.length, `${what}: as many rows as the table: ${JSON.stringify(data)}`)
  const shown = data.map((row, i) => row.map((v, j) => (table[i][j] === null ? null : v)))
  assert.deepEqual(shown, table, `${what}: the export is the table`)
  return { table, data }
}

const exportQuery = async (page) => {
  const href = await page.getAttribute(sel('queue-export'), 'href')
  assert.match(href, /^\/api\/v1\/queue\.xlsx(\?|$)/, href)
  return Object.fromEntries(new URL(href, 'http://x').searchParams)
}

test('the city admin exports all, one state, a search: each file is what the table shows', async () => {
  const page = await newPage(browser)
  await login(page, server.baseUrl, 'admin')
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  await settled(page)
  assert.equal((await page.innerText(sel('queue-export'))).trim(), '导出 Excel')

  // 全部: the five applications, the newest change first.
  assert.deepEqual(await exportQuery(page), {})
  const all = await assertExportIsTable(page, '全部')
  assert.equal(all.data.length, 5)
  assert.equal(all.data[0][1], all.table[0][1])

  // One state tab.
  await reload(page, () => page.click(sel('queue-tab-submitted')))
  assert.deepEqual(await exportQuery(page), { state: 'submitted' })
  const submitted = await assertExportIsTable(page, '待单位审核')
  assert.equal(submitted.data.length, 2)
  for (const r of submitted.data) assert.equal(r[5], '待单位审核')

  // 全部 again, a level, and a search for a unit.
  await reload(page, () => page.click(sel('queue-tab-all')))
  await reload(page, () => pickOption(page, 'queue-level', 'queue-level-engineer'))
  assert.deepEqual(await exportQuery(page), { level: 'engineer' })
  const engineers = await assertExportIsTable(page, '工程师')
  assert.equal(engineers.data.length, 4)
  await page.fill(sel('queue-search'), '禾丰')
  // Typed but not searched: the link still has the filters of the rows on screen.
  assert.deepEqual(await exportQuery(page), { level: 'engineer' })
  await reload(page, () => page.click(sel('queue-search-submit')))
  assert.deepEqual(await exportQuery(page), { level: 'engineer', q: '禾丰' })
  const found = await assertExportIsTable(page, '工程师, 禾丰')
  assert.equal(found.data.length, 2)
  for (const r of found.data) assert.equal(r[2], '嘉兴禾丰智能科技有限公司')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a unit exports its own tab: the table has no unit column, the file has it; English says "Export to Excel"', async () => {
  const page = await newPage(browser)
  await login(page, server.baseUrl, UNITS.county)
  await page.click(sel('menu-queue'))
  await page.waitForURL(/\/queue$/)
  await settled(page)
  // The unit's first tab is 待单位审核.
  assert.deepEqual(await exportQuery(page), { state: 'submitted' })
  const { data } = await assertExportIsTable(page, '禾丰, 待单位审核')
  assert.equal(data.length, 2)
  for (const r of data) assert.equal(r[2], '嘉兴禾丰智能科技有限公司')
  await reload(page, () => page.click(sel('queue-tab-unit_recommended')))
  const recommended = await assertExportIsTable(page, '禾丰, 已推荐')
  assert.equal(recommended.data.length, 1)
  assert.equal(recommended.data[0][7], '2022-08-22', 'the publicity\'s end')

  await page.click(`${sel('lang-en')}:visible`)
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.locator(sel('queue-export'), { hasText: 'Export to Excel' }).waitFor()
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
