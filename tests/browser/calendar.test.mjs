// 工作日历: the city admin sees the 2022 calendar as month grids, counts working days, marks a day as a
// holiday (saved with a reason, audited, persisted across a reload) and imports a calendar file.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fieldError, fillDate, fillNumber, login, logout, menuTexts, newPage, pickOption, sel, serverAndBrowser } from './helpers.mjs'

const env = serverAndBrowser()
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const day = (date) => sel(`day-${date}`)

async function calculate(page, from, days) {
  await fillDate(page, 'calc-from', from)
  await fillNumber(page, 'calc-days', days)
  await page.click(sel('calc-submit'))
  await page.waitForSelector(sel('calc-end'))
  return (await page.innerText(sel('calc-end'))).trim()
}

test('the city admin edits the 2022 working-day calendar', { timeout: 120_000 }, async () => {
  const { baseUrl } = env.server
  const page = await newPage(env.browser)
  await login(page, baseUrl, 'admin')
  assert.ok((await menuTexts(page)).includes('工作日历'))
  // The home page shows the current campaign with its deadlines and where the paper materials go.
  await page.waitForSelector(sel('campaign-info'))
  assert.match(await page.innerText(sel('deadline-unit')), /2022-09-14/)
  assert.match(await page.innerText(sel('deadline-left-unit')), /已截止|今日截止|剩余 \d+ 天/)
  assert.match(await page.innerText(sel('paper-copies')), /双面打印，一式两份/)
  assert.match(await page.innerText(sel('paper-contacts')), /钟晨霞/)
  await page.click(sel('menu-calendar'))
  await page.waitForURL(/\/admin\/calendar/)
  await page.waitForSelector(sel('cal-months'))
  await pickOption(page, 'cal-year', 'cal-year-option-2022')
  await page.waitForURL(/year=2022/)
  await page.waitForSelector(`${day('2022-10-08')}[data-kind="makeup_workday"]`)

  // The published arrangement: 国庆节 and its make-up working day, an ordinary weekday and a weekend.
  assert.equal(await page.getAttribute(day('2022-10-03'), 'data-kind'), 'holiday')
  assert.equal(await page.getAttribute(day('2022-10-03'), 'data-name'), '国庆节')
  assert.equal(await page.getAttribute(day('2022-09-09'), 'data-kind'), 'workday')
  assert.equal(await page.getAttribute(day('2022-09-17'), 'data-kind'), 'weekend')
  assert.match(await page.innerText(sel('cal-source-text')), /国办发明电/)
  assert.match(await page.innerText(sel('cal-working-days')), /\d+/)

  // The calculator, before the change: 9-07, 9-08, 9-09, (中秋节 9-10…9-12), 9-13, 9-14.
  assert.equal(await calculate(page, '2022-09-07', 5), '2022-09-14')

  // Mark 2022-09-09 (a Friday) as a holiday: a make-up working day is not offered on a weekday.
  await page.click(day('2022-09-09'))
  await page.waitForSelector(sel('day-dialog'))
  assert.match(await page.getAttribute(sel('day-kind-makeup'), 'class'), /is-disabled/)
  await page.click(sel('day-kind-holiday'))
  await page.fill(sel('day-name'), '测试')
  await page.click(sel('day-apply'))
  await page.locator(sel('day-dialog')).waitFor({ state: 'hidden' })
  assert.equal(await page.getAttribute(day('2022-09-09'), 'data-kind'), 'holiday')
  await page.waitForSelector(sel('cal-pending'))

  // The reason is required.
  await page.click(sel('cal-save'))
  await fieldError(page, 'cal-reason').waitFor()
  await page.fill(sel('cal-reason'), '浏览器测试：临时增加节假日')
  await page.click(sel('cal-save'))
  await page.locator('.el-message--success').first().waitFor()
  await page.locator(sel('cal-pending')).waitFor({ state: 'detached' })

  // Persisted: a reload shows the new holiday.
  await page.reload()
  await page.waitForSelector(`${day('2022-09-09')}[data-kind="holiday"]`)
  assert.equal(await page.getAttribute(day('2022-09-09'), 'data-name'), '测试')
  assert.equal(await page.getAttribute(day('2022-10-08'), 'data-kind'), 'makeup_workday')
  // The server counts with the new holiday: 9-07, 9-08, 9-13, 9-14, 9-15.
  assert.equal(await calculate(page, '2022-09-07', 5), '2022-09-15')

  // The change is audited.
  await page.click(sel('menu-audit'))
  await page.waitForURL(/\/admin\/audit$/)
  await pickOption(page, 'audit-action', 'audit-action-option-calendar.update')
  await page.click(sel('audit-search'))
  const entry = page.locator(`${sel('audit-table')} .el-table__row`, { hasText: 'admin' })
  await entry.first().waitFor()
  await logout(page)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the city admin imports a calendar file', { timeout: 90_000 }, async () => {
  const { baseUrl } = env.server
  const page = await newPage(env.browser)
  await login(page, baseUrl, 'admin')
  await page.goto(`${baseUrl}/admin/calendar`)
  await page.waitForSelector(sel('cal-import'))
  await page.setInputFiles(sel('cal-import-file'), join(root, 'data', 'calendars', '2023.toml'))
  await page.waitForSelector(sel('import-dialog'))
  assert.equal((await page.innerText(sel('import-file-name'))).trim(), '2023.toml')
  await page.fill(sel('import-reason'), '浏览器测试：导入 2023 年日历')
  await page.click(sel('import-submit'))
  await page.locator('.el-message--success', { hasText: '2023' }).first().waitFor()
  await page.waitForURL(/year=2023/)
  await page.waitForSelector(`${day('2023-01-02')}[data-kind="holiday"]`)
  assert.equal(await page.getAttribute(day('2023-12-31'), 'data-kind'), 'weekend')
  await logout(page)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})
