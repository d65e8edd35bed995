// Lists are paged by cursor (docs/api.md "Lists: keyset pagination"), and the web app's pager moves by one
// page at a time: the city admin creates 25 staff accounts through the API, then 账号管理 shows 20 of them on
// 第 1 页 with the total the server counts, 下一页 shows the rest (the rows the server's next_cursor leads to)
// on 第 2 页, 上一页 goes back to the first rows, and a larger page size starts again from page 1. The audit
// log (the admin's 25 account.create entries) pages the same way, and the pager speaks English too.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { get, login as apiLogin, post, show } from '../lib/workflow.mjs'
import { DEMO_PASSWORD, login, newPage, pickOption, randomSuffix, sel, serverAndBrowser } from './helpers.mjs'

const env = serverAndBrowser()
const CREATED = 25

/** The pager of the list (the one under the table given by its data-test). */
const pagerOf = (table) => `.page-card:has(${sel(table)}) ${sel('list-pager')}`

/** The texts of the first column of the table's rows. */
async function firstColumn(page, table) {
  return page.locator(`${sel(table)} .el-table__body .el-table__row td:first-child`).allInnerTexts()
}

/** Waits until the table shows exactly these first-column texts (the page has been fetched and drawn). */
async function waitForRows(page, table, texts) {
  await page.waitForFunction(
    ([s, want]) => {
      const cells = [...document.querySelectorAll(`${s} .el-table__body .el-table__row td:first-child`)]
      return JSON.stringify(cells.map((c) => c.textContent.trim())) === JSON.stringify(want)
    },
    [sel(table), texts],
  )
}

/** The number in the pager's "共 N 条" / "Total N". */
async function shownTotal(page, table) {
  const text = await page.innerText(`${pagerOf(table)} .el-pagination__total`)
  return Number(text.replace(/\D+/g, ''))
}

async function pageText(page, table) {
  return (await page.innerText(`${pagerOf(table)} ${sel('pager-page')}`)).trim()
}

const isDisabled = (page, table, button) =>
  page.locator(`${pagerOf(table)} .${button}`).evaluate((el) => el.disabled || el.getAttribute('aria-disabled') === 'true')

test('the account list and the audit log page by cursor: next, previous, page size', { timeout: 180_000 }, async () => {
  const { baseUrl } = env.server
  const suffix = randomSuffix()

  // ---- 25 staff accounts more than the demo has ----
  const admin = await apiLogin(env.server, 'admin', DEMO_PASSWORD)
  const logins = []
  for (let i = 0; i < CREATED; i++) {
    const login = `pg${suffix}-${String(i).padStart(2, '0')}`
    const r = await post(admin, '/admin/accounts', {
      role: 'committee_office',
      login,
      name: `分页测试账号${i}`,
      password: 'Staff2022ok',
    })
    assert.equal(r.status, 201, `create ${login}: ${show(r)}`)
    logins.push(login)
  }

  // what the server answers for the first two pages of 20
  const first = (await get(admin, '/admin/accounts?page_size=20')).json
  assert.ok(first.total >= CREATED + 1, `total ${first.total}`)
  assert.equal(first.items.length, 20)
  assert.ok(first.next_cursor, 'a second page')
  const second = (await get(admin, `/admin/accounts?page_size=20&after=${encodeURIComponent(first.next_cursor)}`)).json
  const page1 = first.items.map((u) => u.login)
  const page2 = second.items.map((u) => u.login)
  assert.equal(page2.length, Math.min(20, first.total - 20))

  // ---- 账号管理 ----
  const page = await newPage(env.browser)
  await login(page, baseUrl, 'admin')
  await page.click(sel('menu-accounts'))
  await page.waitForURL(/\/admin\/accounts$/)
  await waitForRows(page, 'accounts-table', page1)
  assert.equal((await firstColumn(page, 'accounts-table')).length, 20, '20 rows on page 1')
  assert.equal(await pageText(page, 'accounts-table'), '第 1 页')
  assert.equal(await shownTotal(page, 'accounts-table'), first.total, 'the total shown is the server\'s')
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-prev'), true, 'no previous page on page 1')
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-next'), false)
  // the pager has no page numbers to jump to: lists are paged by cursor
  assert.equal(await page.locator(`${pagerOf('accounts-table')} .el-pager`).count(), 0)

  await page.click(`${pagerOf('accounts-table')} .btn-next`)
  await waitForRows(page, 'accounts-table', page2)
  assert.equal(await pageText(page, 'accounts-table'), '第 2 页')
  assert.equal(await shownTotal(page, 'accounts-table'), first.total)
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-prev'), false)
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-next'), second.next_cursor === null, 'next only while there is one')
  for (const l of page2) assert.ok(!page1.includes(l), `${l} is not repeated from page 1`)

  await page.click(`${pagerOf('accounts-table')} .btn-prev`)
  await waitForRows(page, 'accounts-table', page1)
  assert.equal(await pageText(page, 'accounts-table'), '第 1 页')
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-prev'), true)

  // a larger page size starts again from page 1, with every account of the first 50
  await page.click(sel('list-pager') + ' .el-pagination__sizes .el-select')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '50' }).click()
  const fifty = (await get(admin, '/admin/accounts?page_size=50')).json
  await waitForRows(page, 'accounts-table', fifty.items.map((u) => u.login))
  assert.equal(await pageText(page, 'accounts-table'), '第 1 页')
  assert.equal(await isDisabled(page, 'accounts-table', 'btn-next'), fifty.next_cursor === null)

  // ---- 审计日志: the admin's 25 account.create entries by 20 ----
  await page.click(sel('menu-audit'))
  await page.waitForURL(/\/admin\/audit$/)
  await page.fill(sel('audit-actor'), 'admin')
  await pickOption(page, 'audit-action', 'audit-action-option-account.create')
  await page.click(sel('audit-search'))
  const audit1 = (await get(admin, '/audit?actor=admin&action=account.create&page_size=20')).json
  assert.equal(audit1.total, CREATED, `account.create entries: ${audit1.total}`)
  const audit2 = (
    await get(admin, `/audit?actor=admin&action=account.create&page_size=20&after=${encodeURIComponent(audit1.next_cursor)}`)
  ).json
  assert.equal(audit2.items.length, CREATED - 20)
  assert.equal(audit2.next_cursor, null)
  const auditRow = async () => (await page.locator(`${sel('audit-table')} .el-table__body .el-table__row`).allInnerTexts())
  await page.waitForFunction(
    (s) => document.querySelectorAll(`${s} .el-table__body .el-table__row`).length === 20,
    sel('audit-table'),
  )
  assert.equal(await shownTotal(page, 'audit-table'), CREATED)
  // newest first: page 1 ends with the sixth account created, page 2 holds the first five
  const rows1 = await auditRow()
  assert.match(rows1[0], new RegExp(logins[CREATED - 1]))
  await page.click(`${pagerOf('audit-table')} .btn-next`)
  await page.waitForFunction(
    (s) => document.querySelectorAll(`${s} .el-table__body .el-table__row`).length === 5,
    sel('audit-table'),
  )
  assert.equal(await pageText(page, 'audit-table'), '第 2 页')
  assert.equal(await isDisabled(page, 'audit-table', 'btn-next'), true, 'page 2 is the last')
  const rows2 = await auditRow()
  for (let i = 0; i < 5; i++) assert.ok(rows2.some((r) => r.includes(logins[i])), `${logins[i]} on page 2`)
  await page.click(`${pagerOf('audit-table')} .btn-prev`)
  await page.waitForFunction(
    (s) => document.querySelectorAll(`${s} .el-table__body .el-table__row`).length === 20,
    sel('audit-table'),
  )
  assert.equal(await pageText(page, 'audit-table'), '第 1 页')
  assert.deepEqual(await auditRow(), rows1)
  assert.deepEqual(page.problems, [])

  // ---- in English ----
  const en = await newPage(env.browser, { locale: 'en' })
  await en.goto(`${baseUrl}/login`)
  await en.click(sel('lang-en'))
  await en.waitForFunction(() => document.documentElement.lang === 'en')
  await login(en, baseUrl, 'admin')
  await en.goto(`${baseUrl}/admin/accounts`)
  await waitForRows(en, 'accounts-table', page1)
  await en.click(`${pagerOf('accounts-table')} .btn-next`)
  await waitForRows(en, 'accounts-table', page2)
  assert.equal(await pageText(en, 'accounts-table'), 'Page 2')
})
