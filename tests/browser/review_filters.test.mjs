// The status filters of 证书管理, 诚信档案 and 复查与投诉 select on the server (web/src/features/committee/
// CertificatesView.vue, IntegrityView.vue, CasesView.vue; GET /certificates?status=, /integrity/records?in_force=,
// /cases?status=&kind=): a filter sends its request, the table shows what the list API answers for the same
// filters (not a page of every row narrowed in the browser), and 导出 Excel links to the same filters.
// After a whole review of two applications (tests/lib/review.mjs certifiedApplications) the city admin revokes
// one certificate (an integrity record in force for three years) and three cases are filed (an open
// complaint, an open re-examination, a closed complaint); later, with the first record run out, the admin
// records the other applicant (a record in force). One server (the demo, with the settable clock); at the end
// the invariant checker passes and the sanitizers are silent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { login as apiLogin, setClock, show, startClockServer } from '../lib/workflow.mjs'
import { at, certifiedApplications } from '../lib/review.mjs'
import { launchBrowser, login, newPage, pickOption, sel, finishBrowserTest } from './helpers.mjs'


let server
let browser
/** what the tests share: the certificates, the revoked one, the cases */
const ctx = {}

before(async () => {
  server = await startClockServer('2022-08-20T09:00:00+08:00')
  browser = await launchBrowser()
})

after(() => finishBrowserTest({ browser, server }))

// ---- helpers ------------------------------------------------------------------------------------------

const ok = (r, what, status = 200) => {
  assert.equal(r.status, status, `${what}: ${show(r)}`)
  return r.json
}

/** Every item of a list with these filters, page after page. */
async function wholeList(client, path, query = {}) {
  const items = []
  let cursor = null
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams(query)
    q.set('page_size', '100')
    if (cursor) q.set('after', cursor)
    const json = ok(await client.get(`/api/v1${path}?${q}`), `GET ${path}?${q}`)
    items.push(...json.items)
    if (!json.next_cursor) return items
    cursor = json.next_cursor
  }
  assert.fail(`${path}: more than 50 pages`)
}

/** Waits until a table has loaded (its loading mask is gone). */
async function settled(page, table) {
  await page.waitForSelector(sel(table))
  await page.locator(`${sel(table)} .el-loading-mask`).waitFor({ state: 'hidden' })
}

/**
 * Runs `action`, which must send GET /api/v1<path> with exactly the filters `query` (besides the page size),
 * and waits for the table to show the answer. (A request with page_size=1 is 复查与投诉's count of the open
 * cases, not the list.)
 */
async function filtered(page, table, path, query, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => {
      const u = new URL(r.url())
      return u.pathname === `/api/v1${path}` && r.request().method() === 'GET' && u.searchParams.get('page_size') !== '1'
    }),
    action(),
  ])
  assert.equal(res.status(), 200)
  const sent = Object.fromEntries(new URL(res.url()).searchParams)
  delete sent.page_size
  assert.deepEqual(sent, query, `${path}: the filters go to the server`)
  await settled(page, table)
}

/** The rows of a table by the data-test `<prefix><id>` of one cell: [{id, value of `attr`}] in order. */
async function rowsOf(page, table, prefix, attr) {
  return page.locator(`${sel(table)} .el-table__body-wrapper [data-test^="${prefix}"]`).evaluateAll(
    (els, [p, a]) => els.map((e) => ({ id: Number(e.getAttribute('data-test').slice(p.length)), value: e.getAttribute(a) })),
    [prefix, attr],
  )
}

/** The filters in the export button's link, which must be GET <path>.xlsx. */
async function exportQuery(page, button, path) {
  const href = await page.getAttribute(sel(button), 'href')
  assert.ok(href?.startsWith(`/api/v1${path}.xlsx`), `${button}: ${href}`)
  return Object.fromEntries(new URL(href, 'http://x').searchParams)
}

async function signedIn(account) {
  const page = await newPage(browser)
  await login(page, server.baseUrl, account)
  return page
}

// ---- the setup --------------------------------------------------------------------------------------------

test('setup: two certificates, one revoked, and three cases', { timeout: 300_000 }, async () => {
  const { items, certificates } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering' },
    { unit: 'county', specialty: 'environmental_engineering' },
  ])
  assert.equal(certificates.length, 2, JSON.stringify(certificates))
  const admin = await apiLogin(server, 'admin')
  const office = await apiLogin(server, 'committee')
  const certOf = (x) => certificates.find((c) => c.application_id === x.app.id)
  // A re-examination of the second application (certified), complaints by the first applicant.
  const reExam = ok(await items[1].applicant.post('/api/v1/cases', {
    kind: 're_examination', application_id: items[1].app.id, subject: '申请复查评审结果', content: '对评审过程有疑问，申请复查。',
  }), 'file a re-examination', 201)
  const openComplaint = ok(await items[0].applicant.post('/api/v1/cases', {
    kind: 'complaint', subject: '证书领取时间咨询', content: '请告知纸质证书的领取时间。',
  }), 'file a complaint', 201)
  const closedComplaint = ok(await items[0].applicant.post('/api/v1/cases', {
    kind: 'complaint', subject: '评审费用咨询', content: '评审是否收费？',
  }), 'file another complaint', 201)
  ok(await office.post(`/api/v1/cases/${closedComplaint.id}/close`, { outcome: 'dismissed', outcome_text: '评审不收取费用。' }), 'close a case')
  // The first certificate revoked: its holder gets an integrity record of three years from 2022-10-10.
  const revoked = certOf(items[0])
  ok(await admin.post(`/api/v1/certificates/${revoked.id}/revoke`, { reason: '学历证书系伪造', evidence: '教育部学信网查询无此学历' }), 'revoke')
  Object.assign(ctx, { items, revoked, valid: certOf(items[1]), reExam, openComplaint, closedComplaint })
})

// ---- 证书管理 -----------------------------------------------------------------------------------------------

test('证书管理: 已撤销 lists only the revoked certificates, from the server, and the export takes the filter', async () => {
  assert.ok(ctx.revoked, 'the setup ran')
  const admin = await apiLogin(server, 'admin')
  const page = await signedIn('admin')
  await page.goto(`${server.baseUrl}/review/certificates`)
  await settled(page, 'certs-table')
  assert.deepEqual(await exportQuery(page, 'certs-export', '/certificates'), {})

  await filtered(page, 'certs-table', '/certificates', { status: 'revoked' },
    () => pickOption(page, 'certs-status-filter', 'certs-status-filter-revoked'))
  const revoked = await rowsOf(page, 'certs-table', 'cert-status-', 'data-status')
  assert.deepEqual(revoked.map((r) => r.id), (await wholeList(admin, '/certificates', { status: 'revoked' })).map((c) => c.id))
  assert.ok(revoked.some((r) => r.id === ctx.revoked.id), 'the revoked certificate is listed')
  assert.ok(revoked.every((r) => r.value === 'revoked'), JSON.stringify(revoked))
  assert.deepEqual(await exportQuery(page, 'certs-export', '/certificates'), { status: 'revoked' })

  await filtered(page, 'certs-table', '/certificates', { status: 'valid' },
    () => pickOption(page, 'certs-status-filter', 'certs-status-filter-valid'))
  const valid = await rowsOf(page, 'certs-table', 'cert-status-', 'data-status')
  assert.deepEqual(valid.map((r) => r.id), (await wholeList(admin, '/certificates', { status: 'valid' })).map((c) => c.id))
  assert.ok(valid.some((r) => r.id === ctx.valid.id) && !valid.some((r) => r.id === ctx.revoked.id), JSON.stringify(valid))
  assert.ok(valid.every((r) => r.value === 'valid'))
  assert.deepEqual(await exportQuery(page, 'certs-export', '/certificates'), { status: 'valid' })

  // With a search too; 重置 forgets both.
  await page.fill(sel('certs-search'), ctx.valid.number)
  await filtered(page, 'certs-table', '/certificates', { status: 'valid', q: ctx.valid.number }, () => page.click(sel('certs-search-submit')))
  assert.deepEqual((await rowsOf(page, 'certs-table', 'cert-status-', 'data-status')).map((r) => r.id), [ctx.valid.id])
  assert.deepEqual(await exportQuery(page, 'certs-export', '/certificates'), { q: ctx.valid.number, status: 'valid' })
  await filtered(page, 'certs-table', '/certificates', {}, () => page.click(sel('certs-reset')))
  assert.deepEqual(await exportQuery(page, 'certs-export', '/certificates'), {})
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

// ---- 复查与投诉 ---------------------------------------------------------------------------------------------

test('复查与投诉: the status and kind filters select on the server, the export takes them, 待处理 counts the open cases', async () => {
  assert.ok(ctx.reExam, 'the setup ran')
  const office = await apiLogin(server, 'committee')
  const ids = async (query) => (await wholeList(office, '/cases', query)).map((c) => c.id)
  const page = await signedIn('committee')
  await page.goto(`${server.baseUrl}/review/cases`)
  await settled(page, 'cases-table')
  const openTotal = (await ids({ status: 'open' })).length
  await page.locator(sel('cases-open-count'), { hasText: String(openTotal) }).waitFor()

  await filtered(page, 'cases-table', '/cases', { status: 'closed' }, () => page.click(sel('cases-status-closed')))
  let rows = await rowsOf(page, 'cases-table', 'cases-status-', 'data-status')
  assert.deepEqual(rows.map((r) => r.id), await ids({ status: 'closed' }))
  assert.ok(rows.some((r) => r.id === ctx.closedComplaint.id) && rows.every((r) => r.value === 'closed'), JSON.stringify(rows))
  assert.deepEqual(await exportQuery(page, 'cases-export', '/cases'), { status: 'closed' })
  assert.equal(await page.innerText(sel('cases-open-count')), String(openTotal), 'still every open case')

  await filtered(page, 'cases-table', '/cases', { status: 'open' }, () => page.click(sel('cases-status-open')))
  await filtered(page, 'cases-table', '/cases', { status: 'open', kind: 'complaint' }, () => page.click(sel('cases-kind-complaint')))
  rows = await rowsOf(page, 'cases-table', 'cases-status-', 'data-status')
  assert.deepEqual(rows.map((r) => r.id), await ids({ status: 'open', kind: 'complaint' }))
  assert.ok(rows.some((r) => r.id === ctx.openComplaint.id), JSON.stringify(rows))
  assert.ok(!rows.some((r) => r.id === ctx.reExam.id || r.id === ctx.closedComplaint.id), JSON.stringify(rows))
  assert.deepEqual(await exportQuery(page, 'cases-export', '/cases'), { status: 'open', kind: 'complaint' })
  assert.equal(await page.innerText(sel('cases-open-count')), String((await ids({ status: 'open', kind: 'complaint' })).length))

  await filtered(page, 'cases-table', '/cases', { kind: 'complaint' }, () => page.click(sel('cases-status-all')))
  await filtered(page, 'cases-table', '/cases', { kind: 're_examination' }, () => page.click(sel('cases-kind-re_examination')))
  await page.locator(sel('cases-open-count'), { hasText: String((await ids({ status: 'open', kind: 're_examination' })).length) }).waitFor()
  rows = await rowsOf(page, 'cases-table', 'cases-status-', 'data-status')
  assert.deepEqual(rows.map((r) => r.id), await ids({ kind: 're_examination' }))
  assert.ok(rows.some((r) => r.id === ctx.reExam.id), JSON.stringify(rows))
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

// ---- 诚信档案 -----------------------------------------------------------------------------------------------

test('诚信档案: 有效 and 已失效 select on the server, and the export takes the filter', async () => {
  assert.ok(ctx.revoked, 'the setup ran')
  // Three years and more later the revocation's record has run out; a new record is in force.
  await setClock(server, at('2025-11-03'))
  const admin = await apiLogin(server, 'admin')
  ok(await admin.post('/api/v1/integrity/records', {
    application_id: ctx.items[1].app.id, reason: '业绩材料不实', evidence: '单位出具的情况说明',
  }), 'add a record', 201)
  const inForce = await wholeList(admin, '/integrity/records', { in_force: 'true' })
  const expired = await wholeList(admin, '/integrity/records', { in_force: 'false' })
  assert.ok(inForce.length >= 1 && expired.length >= 1, `${JSON.stringify(inForce)} ${JSON.stringify(expired)}`)
  const revokedRecord = expired.find((r) => r.certificate_number === ctx.revoked.number)
  assert.ok(revokedRecord, `the revocation's record has run out: ${JSON.stringify(expired)}`)

  const page = await signedIn('admin')
  await page.goto(`${server.baseUrl}/review/integrity`)
  await settled(page, 'integrity-table')
  assert.deepEqual(await exportQuery(page, 'integrity-export', '/integrity/records'), {})

  await filtered(page, 'integrity-table', '/integrity/records', { in_force: 'false' }, () => page.click(sel('integrity-filter-expired')))
  let rows = await rowsOf(page, 'integrity-table', 'integrity-in-force-', 'data-in-force')
  assert.deepEqual(rows.map((r) => r.id), expired.map((r) => r.id))
  assert.ok(rows.some((r) => r.id === revokedRecord.id) && rows.every((r) => r.value === 'false'), JSON.stringify(rows))
  assert.deepEqual(await exportQuery(page, 'integrity-export', '/integrity/records'), { in_force: 'false' })

  await filtered(page, 'integrity-table', '/integrity/records', { in_force: 'true' }, () => page.click(sel('integrity-filter-in_force')))
  rows = await rowsOf(page, 'integrity-table', 'integrity-in-force-', 'data-in-force')
  assert.deepEqual(rows.map((r) => r.id), inForce.map((r) => r.id))
  assert.ok(!rows.some((r) => r.id === revokedRecord.id) && rows.every((r) => r.value === 'true'), JSON.stringify(rows))
  assert.deepEqual(await exportQuery(page, 'integrity-export', '/integrity/records'), { in_force: 'true' })

  await filtered(page, 'integrity-table', '/integrity/records', {}, () => page.click(sel('integrity-filter-all')))
  assert.equal((await rowsOf(page, 'integrity-table', 'integrity-in-force-', 'data-in-force')).length, inForce.length + expired.length)
  assert.deepEqual(await exportQuery(page, 'integrity-export', '/integrity/records'), {})
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
