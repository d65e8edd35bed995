// 导出 Excel on the list pages (web/src/components/ExportButton.vue, docs/documents.md "Excel exports"): each
// button links to GET <list>.xlsx with the filters of the rows on screen — never the page or its cursor — and
// a click saves the file the server names after the list. The file (read with tests/lib/xlsx.mjs) has the
// list's Chinese headers and every row the filters select: what the list API answers for the same user and
// filters across all its pages, and, row for row, what the table shows. The city admin exports 单位授权审核
// (a status and a search), 账号管理 (more rows than one page, also from page 2) and 审计日志 (one actor); the
// committee office exports 专家库 (a family, then a search too); every other list page exports its list; a
// refused export is not saved and the server's Chinese message is shown. The server runs the workflow demo
// (`zhicheng demo --workflow`) with two deadline extensions added.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, freshDatabaseUrl, bin, campaignsDir, calendarsDir } from '../lib/server.mjs'
import { assertInvariants, login as apiLogin, setClock, show, UNITS } from '../lib/workflow.mjs'
import { readXlsx } from '../lib/xlsx.mjs'
import { launchBrowser, login, newPage, pickOption, sel } from './helpers.mjs'

const HEADERS = {
  '/units': ['单位名称', '统一社会信用代码', '地区', '类型', '市属', '主管部门', '联系人', '联系电话', '授权状态', '授权书上传时间'],
  '/admin/accounts': ['账号', '姓名', '角色', '地区', '手机号码', '创建时间'],
  '/audit': ['时间', '操作人', '角色', '操作', '对象类型', '对象编号', '摘要', 'IP 地址'],
  '/unit/archives': ['姓名', '身份证号', '状态', '条目数', '提交时间'],
  '/deadline-extensions': ['环节', '单位', '地区代码', '延至', '理由', '设置时间'],
  '/experts': ['姓名', '身份证号', '职称', '专业类别', '工作单位', '聘期开始', '聘期结束', '启用'],
  '/review-groups': ['评议组', '专业类别', '专家人数', '已抽取专家', '申报数', '状态'],
  '/meetings': ['会议', '日期', '应到委员', '实到委员', '候选人数', '状态'],
  '/result-publicity': ['评委会', '公示开始', '公示结束', '公示人数', '异议数', '状态'],
  '/certificates': ['证书编号', '姓名', '资格', '专业', '评委会', '发证日期', '状态', '撤销日期', '撤销原因'],
  '/integrity/records': ['姓名', '身份证号', '类型', '事由', '依据', '证书编号', '申报编号', '开始日期', '结束日期', '有效'],
  '/cases': ['类型', '标题', '申报编号', '提出人', '状态', '结论', '答复意见', '提出时间', '办结时间'],
}
/** The file's name: the sheet's (the list's Chinese name). */
const SHEETS = {
  '/units': '单位', '/admin/accounts': '账号', '/audit': '审计日志', '/unit/archives': '业绩档案',
  '/deadline-extensions': '截止时间延期', '/experts': '专家库', '/review-groups': '评议组', '/meetings': '评审会议',
  '/result-publicity': '评审结果公示', '/certificates': '证书', '/integrity/records': '诚信记录', '/cases': '复查与投诉',
}
const ROLES = { applicant: '申报人', unit: '用人单位', acceptance_point: '受理点', competent_department: '主管部门',
  committee_office: '评委会办事机构', expert: '评审专家', city_admin: '市人社局管理员' }
const UNIT_TYPES = { enterprise: '企业', public_institution: '事业单位', other: '其他' }
const UNIT_STATUS = { letter_required: '待上传', letter_pending: '待审核', letter_rejected: '已退回', approved: '已通过' }
const ARCHIVE_STATUS = { draft: '草稿', pending: '待单位审核', approved: '已通过', returned: '已退回' }
const STAGES = { applicant: '个人申报', unit: '单位推荐', county: '受理点/主管部门推荐' }

let dir
let server
let browser
const api = {}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhicheng-list-exports-'))
  const dbUrl = freshDatabaseUrl(dir)
  const dataDir = join(dir, 'data')
  execFileSync(bin, ['demo', '--workflow', '--db', dbUrl, '--data-dir', dataDir, '--campaigns', campaignsDir,
    '--calendars', calendarsDir], { stdio: 'pipe' })
  server = await startServer({ existing: { dbUrl, dataDir }, args: ['--test-clock'] })
  await setClock(server, '2022-08-25T09:00:00+08:00')
  // The API clients that tell what each list holds (signed in now, so that their logins are in the audit
  // log before the browser's).
  api.admin = await apiLogin(server, 'admin')
  api.committee = await apiLogin(server, 'committee')
  api.unit = await apiLogin(server, UNITS.county)
  // Two deadline extensions, so that 截止时间's list has rows.
  for (const body of [
    { stage: 'unit', unit_id: 1, until: '2022-09-28', reason: '系统故障，延期提交' },
    { stage: 'county', region_code: '330411', until: '2022-10-25', reason: '受理点人员调整' },
  ]) {
    const r = await api.admin.post('/api/v1/deadline-extensions', body)
    assert.equal(r.status, 201, show(r))
  }
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  if (server) assertInvariants(server)
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// ---- the list as the API answers it ---------------------------------------------------------------------

/** Every item of a list for `client` with the `query` filters, page after page. */
async function wholeList(client, path, query = {}) {
  const items = []
  let cursor = null
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams(query)
    q.set('page_size', '7') // several pages even for short lists
    if (cursor) q.set('after', cursor)
    const r = await client.get(`/api/v1${path}?${q}`)
    assert.equal(r.status, 200, `GET ${path}?${q}: ${show(r)}`)
    items.push(...r.json.items)
    if (!r.json.next_cursor) return items
    cursor = r.json.next_cursor
  }
  assert.fail(`${path}: more than 100 pages`)
}

/** "2022-08-25T09:00:00+08:00" → "2022-08-25 09:00" (the sheet's times); the table's "… 09:00:00" too. */
const minute = (s) => (!s || s === '—' ? '' : s.replace('T', ' ').slice(0, 16))
/** A table cell that shows "—" for nothing. */
const dash = (s) => (s === '—' ? '' : s)

// ---- the page -----------------------------------------------------------------------------------------

/** Waits until a table has loaded (its loading mask is gone). */
async function settled(page, table) {
  await page.waitForSelector(sel(table))
  await page.locator(`${sel(table)} .el-loading-mask`).waitFor({ state: 'hidden' })
}

/** Runs `action` and waits for the list's answer and the table to show it. */
async function reload(page, table, path, action) {
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1${path}` && r.status() === 200),
    action(),
  ])
  await settled(page, table)
}

/** The table's rows as objects: column header → the cell's text. */
async function tableRows(page, table) {
  const t = page.locator(sel(table))
  const headers = (await t.locator('.el-table__header-wrapper th .cell').allInnerTexts()).map((s) => s.trim())
  const rows = await t.locator('.el-table__body-wrapper tr.el-table__row').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.querySelector('.cell')?.innerText.trim() ?? '')),
  )
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])))
}

/** The filters in the export button's link, which must be GET <path>.xlsx. */
async function exportQuery(page, button, path) {
  const href = await page.getAttribute(sel(button), 'href')
  assert.ok(href?.startsWith(`/api/v1${path}.xlsx`), `${button}: ${href}`)
  assert.doesNotMatch(href, /[?&](after|page_size|page)=/, 'never the page or its cursor')
  return Object.fromEntries(new URL(href, 'http://x').searchParams)
}

/** Clicks the export button, checks the download (named after the list) and reads it. */
async function download(page, button, path) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(sel(button))])
  assert.equal(file.suggestedFilename(), `${SHEETS[path]}.xlsx`)
  assert.equal(await file.failure(), null, 'the download completed')
  const x = readXlsx(readFileSync(await file.path()))
  await file.delete()
  assert.equal(x.sheetName, SHEETS[path])
  assert.deepEqual(x.rows[0], HEADERS[path], `${path}: the Chinese headers`)
  assert.equal(x.frozenRows, 1)
  return x.rows.slice(1)
}

/**
 * Exports and checks the file against the API's list for the same filters (`expected(item)` is the row an
 * item must be) and against the table (`fromTable(row)` is a table row as [column index, text] pairs).
 */
async function assertExport(page, { button, path, client, query, expected, table, fromTable, what }) {
  assert.deepEqual(await exportQuery(page, button, path), query, `${what}: the link has the filters on screen`)
  const data = await download(page, button, path)
  const items = await wholeList(client, path, query)
  assert.deepEqual(data, items.map(expected), `${what}: the file is the list ${path} with these filters`)
  const shown = await tableRows(page, table)
  assert.ok(shown.length <= data.length, `${what}: the table shows at most the file's rows`)
  shown.forEach((row, i) => {
    for (const [col, text] of fromTable(row)) {
      assert.equal(data[i][col], text, `${what}: row ${i + 1}, ${HEADERS[path][col]}: ${JSON.stringify(row)}`)
    }
  })
  return { data, shown }
}

const unitRow = (u) => [u.name, u.credit_code, u.region_name, UNIT_TYPES[u.unit_type], u.city_level ? '是' : '否',
  u.competent_department_name ?? '', u.contact_name ?? '', u.mobile ?? '', UNIT_STATUS[u.status], minute(u.letter_uploaded_at)]
const unitCells = (r) => [[0, r['单位名称']], [1, r['统一社会信用代码']], [2, r['地区']], [3, r['类型']], [4, r['市直']],
  [8, r['状态']], [9, minute(r['提交时间'])]]

const accountRow = (a) => [a.login, a.name, ROLES[a.role], a.region_name ?? '', a.mobile ?? '', minute(a.created_at)]
const accountCells = (r) => [[0, r['用户名']], [1, r['姓名 / 名称']], [2, r['角色']], [3, dash(r['地区'])], [4, dash(r['手机号'])]]

const auditRow = (e) => [minute(e.at), e.actor_login ?? '', ROLES[e.role] ?? e.role ?? '', e.action, e.object_type ?? '',
  e.object_id === null || e.object_id === undefined ? '' : String(e.object_id), e.summary ?? '', e.client_ip ?? '']
// the summary on screen names the codes the file keeps (states, levels, roles): compared through data-summary below
const auditCells = (r) => [[0, minute(r['时间'])], [1, dash(r['操作人'])], [2, r['角色']], [7, dash(r['IP'])]]

test('the city admin exports units with a status and a search, every account (from any page), one actor\'s audit log', async () => {
  const page = await newPage(browser)
  await login(page, server.baseUrl, 'admin')

  // 单位授权审核: first the letters waiting (the page's default), then all of them with a search.
  await page.click(sel('menu-unit-review'))
  await page.waitForURL(/\/units\/review$/)
  await settled(page, 'review-table')
  assert.equal((await page.innerText(sel('units-export'))).trim(), '导出 Excel')
  const units = { button: 'units-export', path: '/units', client: api.admin, expected: unitRow, table: 'review-table', fromTable: unitCells }
  const pending = await assertExport(page, { ...units, query: { status: 'letter_pending' }, what: '待审核' })
  assert.equal(pending.data.length, 1)
  assert.equal(pending.data[0][8], '待审核')
  await reload(page, 'review-table', '/units', () => pickOption(page, 'review-status-filter', 'review-status-all'))
  const all = await assertExport(page, { ...units, query: {}, what: '全部' })
  await page.fill(sel('review-search'), '嘉兴市')
  // Typed but not searched: the link still has the filters of the rows on screen.
  assert.deepEqual(await exportQuery(page, 'units-export', '/units'), {})
  await reload(page, 'review-table', '/units', () => page.click(sel('review-search-submit')))
  const found = await assertExport(page, { ...units, query: { q: '嘉兴市' }, what: '全部, 嘉兴市' })
  assert.ok(found.data.length > 0 && found.data.length < all.data.length, `the search narrows the file (${found.data.length} of ${all.data.length})`)
  for (const r of found.data) assert.match(r[0], /嘉兴市/)
  assert.equal(found.shown.length, found.data.length)

  // 账号管理: more accounts than a page holds; the file has them all, from page 1 and from page 2 alike.
  await page.click(sel('menu-accounts'))
  await page.waitForURL(/\/admin\/accounts$/)
  await settled(page, 'accounts-table')
  const accounts = { button: 'accounts-export', path: '/admin/accounts', client: api.admin, query: {}, expected: accountRow,
    table: 'accounts-table', fromTable: accountCells }
  const first = await assertExport(page, { ...accounts, what: '账号, 第 1 页' })
  assert.equal(first.shown.length, 20)
  assert.ok(first.data.length > 20, `every account, not one page (${first.data.length})`)
  await reload(page, 'accounts-table', '/admin/accounts', () => page.click(`${sel('list-pager')} .btn-next`))
  assert.equal(await page.getAttribute(sel('list-pager'), 'data-page'), '2')
  assert.deepEqual(await exportQuery(page, 'accounts-export', '/admin/accounts'), {})
  const data = await download(page, 'accounts-export', '/admin/accounts')
  assert.deepEqual(data, first.data, 'the same file from page 2')
  const second = await tableRows(page, 'accounts-table')
  assert.equal(first.shown.length + second.length, data.length)
  second.forEach((row, i) => {
    for (const [col, text] of accountCells(row)) assert.equal(data[20 + i][col], text, `page 2, row ${i + 1}`)
  })

  // 审计日志 of one actor.
  await page.click(sel('menu-audit'))
  await page.waitForURL(/\/admin\/audit$/)
  await settled(page, 'audit-table')
  await page.fill(sel('audit-actor'), 'admin')
  await reload(page, 'audit-table', '/audit', () => page.click(sel('audit-search')))
  const audit = await assertExport(page, { button: 'audit-export', path: '/audit', client: api.admin, query: { actor: 'admin' },
    expected: auditRow, table: 'audit-table', fromTable: auditCells, what: '审计日志, admin' })
  assert.ok(audit.data.length >= 4, `the admin's logins and extensions (${audit.data.length})`)
  for (const r of audit.data) assert.equal(r[1], 'admin')
  assert.ok(audit.data.some((r) => r[3] === 'auth.login'))
  // The table shows the action's name, the file its code (the same as the span's data-action); the summary
  // likewise (data-summary), with codes named on screen.
  const rowsOf = `${sel('audit-table')} .el-table__body-wrapper tr.el-table__row`
  const actions = await page.locator(`${rowsOf} span[data-action]`).evaluateAll((s) => s.map((x) => x.dataset.action))
  assert.deepEqual(actions, audit.data.slice(0, actions.length).map((r) => r[3]))
  const summaries = await page.locator(`${rowsOf} span[data-summary]`).evaluateAll((s) => s.map((x) => x.dataset.summary))
  assert.deepEqual(summaries, audit.data.slice(0, summaries.length).map((r) => r[6]))
  const shownText = await page.innerText(sel('audit-table'))
  assert.doesNotMatch(shownText, /auth\.login|user#|city_admin/, 'names on screen, not codes')

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the committee office exports the expert pool of one family, then of a search in it; English says "Export to Excel"', async () => {
  const page = await newPage(browser)
  await login(page, server.baseUrl, 'committee')
  await page.click(sel('menu-review-experts'))
  await page.waitForURL(/\/review\/experts$/)
  await settled(page, 'experts-table')

  /** The table's experts as the file's columns. */
  const expertRows = () =>
    page.locator(`${sel('experts-table')} .el-table__body-wrapper tr.el-table__row`).evaluateAll((trs) =>
      trs.map((tr) => {
        const el = (prefix) => tr.querySelector(`[data-test^="${prefix}"]`)
        const [start, end] = el('experts-term-').textContent.split('~').map((s) => s.trim())
        return [
          el('experts-name-').textContent.trim(),
          tr.querySelectorAll('td')[1].querySelector('.cell').textContent.trim(),
          el('experts-title-').textContent.trim(),
          [...el('experts-families-').querySelectorAll('.el-tag')].map((t) => t.textContent.trim()).join('、'),
          el('experts-unit-').textContent.trim(),
          start,
          end,
          el('experts-active-').dataset.active === 'true' ? '是' : '否',
        ]
      }),
    )
  const expected = (e) => [e.name, e.id_number_masked, e.title_name, e.family_names.join('、'), e.unit_name, e.term_start,
    e.term_end, e.active ? '是' : '否']
  async function check(query, what) {
    assert.deepEqual(await exportQuery(page, 'experts-export', '/experts'), query, what)
    const data = await download(page, 'experts-export', '/experts')
    assert.deepEqual(data, (await wholeList(api.committee, '/experts', query)).map(expected), `${what}: the list`)
    assert.deepEqual(await expertRows(), data, `${what}: the table`)
    return data
  }

  const all = await check({}, '全部')
  await reload(page, 'experts-table', '/experts', () => pickOption(page, 'experts-family', 'experts-family-environmental'))
  const family = await check({ family: 'environmental' }, '环境保护')
  assert.ok(family.length > 0 && family.length < all.length, `${family.length} of ${all.length}`)
  for (const r of family) assert.match(r[3], /环境保护/)
  await page.fill(sel('experts-search'), '嘉兴市')
  await reload(page, 'experts-table', '/experts', () => page.click(sel('experts-search-submit')))
  const found = await check({ q: '嘉兴市', family: 'environmental' }, '环境保护, 嘉兴市')
  assert.ok(found.length > 0 && found.length < family.length, `${found.length} of ${family.length}`)
  await reload(page, 'experts-table', '/experts', () => page.click(sel('experts-reset')))
  assert.deepEqual(await exportQuery(page, 'experts-export', '/experts'), {})

  await page.click(`${sel('lang-en')}:visible`)
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.locator(sel('experts-export'), { hasText: 'Export to Excel' }).waitFor()
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('every other list page exports its list with its Chinese headers', async () => {
  const pages = [
    { who: 'admin', route: '/admin/deadlines', button: 'extensions-export', path: '/deadline-extensions', table: 'extensions-table',
      expected: (x) => [STAGES[x.stage], x.unit_name ?? '', x.region_code ?? '', x.until, x.reason, minute(x.created_at)], rows: 2 },
    { who: 'admin', route: '/review/groups', button: 'groups-export', path: '/review-groups', table: 'groups-table' },
    { who: 'admin', route: '/review/meetings', button: 'meetings-export', path: '/meetings', table: 'meetings-table' },
    { who: 'admin', route: '/review/publicity', button: 'publicity-export', path: '/result-publicity', table: 'publicity-table' },
    { who: 'admin', route: '/review/certificates', button: 'certs-export', path: '/certificates', table: 'certs-table' },
    { who: 'admin', route: '/review/integrity', button: 'integrity-export', path: '/integrity/records', table: 'integrity-table' },
    { who: 'admin', route: '/review/cases', button: 'cases-export', path: '/cases', table: 'cases-table' },
    { who: UNITS.county, route: '/unit/archives', button: 'archives-export', path: '/unit/archives', table: 'archives-table',
      query: { status: 'pending' },
      expected: (x) => [x.name, x.id_number_masked, ARCHIVE_STATUS[x.status], String(x.items_count), minute(x.submitted_at)] },
  ]
  const pagesOf = {}
  for (const who of ['admin', UNITS.county]) {
    pagesOf[who] = await newPage(browser)
    await login(pagesOf[who], server.baseUrl, who)
  }
  const clients = { admin: api.admin, [UNITS.county]: api.unit }
  for (const p of pages) {
    const page = pagesOf[p.who]
    await page.goto(`${server.baseUrl}${p.route}`)
    await settled(page, p.table)
    const query = p.query ?? {}
    assert.deepEqual(await exportQuery(page, p.button, p.path), query, p.route)
    const data = await download(page, p.button, p.path)
    const items = await wholeList(clients[p.who], p.path, query)
    assert.equal(data.length, items.length, `${p.route}: every row of ${p.path}`)
    if (p.expected) assert.deepEqual(data, items.map(p.expected), p.route)
    if (p.rows !== undefined) assert.equal(data.length, p.rows, p.route)
    assert.equal((await tableRows(page, p.table)).length, data.length, `${p.route}: the table's rows`)
  }
  // 业绩档案 of every status: the unit's two archives.
  const page = pagesOf[UNITS.county]
  await reload(page, 'archives-table', '/unit/archives', () => page.click(sel('archives-status-all')))
  assert.deepEqual(await exportQuery(page, 'archives-export', '/unit/archives'), {})
  const data = await download(page, 'archives-export', '/unit/archives')
  assert.equal(data.length, 2)
  const names = await page.locator(`${sel('archives-table')} [data-test="archive-row-name"]`).allInnerTexts()
  assert.deepEqual(data.map((r) => r[0]), names.map((s) => s.trim()))
  for (const p of Object.values(pagesOf)) {
    assert.deepEqual(p.problems, [])
    await p.context().close()
  }
})

test('a refused export is not saved: the toast has the server\'s Chinese message', async () => {
  const page = await newPage(browser)
  await login(page, server.baseUrl, 'admin')
  await page.click(sel('menu-audit'))
  await page.waitForURL(/\/admin\/audit$/)
  await settled(page, 'audit-table')
  // The page never sends a filter the server refuses; this adds one on the way (a list is paged by cursor,
  // ?page= is refused), so that the real server answers 422 with its own message.
  await page.route('**/api/v1/audit.xlsx*', (route) => {
    const url = new URL(route.request().url())
    url.searchParams.set('page', '2')
    return route.continue({ url: url.toString() })
  })
  const refused = await api.admin.get('/api/v1/audit.xlsx?page=2')
  assert.equal(refused.status, 422, show(refused))
  const message = refused.json.error.message
  assert.match(message, /[\u4e00-\u9fff]/, 'a Chinese message')

  let downloads = 0
  page.on('download', () => downloads++)
  const [answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit.xlsx'),
    page.click(sel('audit-export')),
  ])
  assert.equal(answer.status(), 422)
  await page.locator('.el-message--error', { hasText: message }).waitFor()
  assert.equal(downloads, 0, 'nothing was saved')
  // The button is usable again, and the page still works.
  await page.locator(`${sel('audit-export')}:not([data-busy])`).waitFor()
  await page.unroute('**/api/v1/audit.xlsx*')
  const data = await download(page, 'audit-export', '/audit')
  assert.ok(data.length > 0)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
