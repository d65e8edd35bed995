// The committee office's pre-review publicity (评前公示, docs/review.md) in the web app, on the example
// campaign that has the stage (data/examples/pre-review). Setup through the API: two environmental
// applications accepted on Monday 2022-09-26. In the browser the office publishes the publicity from that day
// on the publicity page (the end, 2022-09-30, shown before publishing), sees both candidates listed; the public
// objects to one (through the API); the office opens the decision dialog, is told both missing parts at once
// (no outcome is chosen for it), dismisses the objection with a finding, and the page shows it decided. The
// city admin sees the objection but no button to decide it. On the 2022 notice's own campaign the panel is
// absent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { repoRoot, startServer } from '../lib/server.mjs'
import { get } from '../lib/workflow.mjs'
import { ID_NUMBER, acceptedApplications, reviewContext, publicClient, ok } from '../lib/review.mjs'
import { confirmBox, fieldError, fillDate, launchBrowser, login, newPage, sel } from './helpers.mjs'

const EXAMPLE = join(repoRoot, 'data', 'examples', 'pre-review')
const COMMITTEE_CODE = 'jx-engineering-intermediate'

let server
let plain
let browser

before(async () => {
  server = await startServer({ demo: true, campaigns: EXAMPLE, args: ['--test-clock'] })
  plain = await startServer({ demo: true })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  await plain?.stop()
})

test('pre-review publicity: the office publishes it and decides an objection on the publicity page', async () => {
  const items = await acceptedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '龚文博' },
    { unit: 'institution', specialty: 'environmental_monitoring', name: '万佳怡' },
  ], { day: '2022-09-26' })
  const ids = items.map((x) => x.app.id)
  const { office, admin } = await reviewContext(server)

  const page = await newPage(browser)
  await login(page, server.baseUrl, 'committee')
  await page.goto(`${server.baseUrl}/review/publicity`)
  await page.waitForSelector(sel('pre-review'))
  assert.match(await page.innerText(sel('pre-review')), /5 个工作日/)

  // Publish: the committee (the campaign's only one is preselected) and the start; the end is shown first.
  await page.click(sel('pre-review-add'))
  await page.waitForSelector(`${sel('pre-review-dialog')}:visible`)
  const committees = (await get(office, '/campaigns/current')).json.committees
  if (committees.length > 1) {
    await page.click(sel('pre-review-committee'))
    await page.locator(`${sel(`pre-review-committee-${COMMITTEE_CODE}`)}:visible`).click()
  }
  await fillDate(page, 'pre-review-start', '2022-09-26')
  await page.waitForSelector(sel('pre-review-end-preview'))
  assert.match(await page.innerText(sel('pre-review-end-preview')), /2022-09-30/)
  await page.click(sel('pre-review-submit'))
  await confirmBox(page, /2022-09-26[\s\S]*不能撤回/)
  await page.locator('.el-message--success', { hasText: '评前公示已发布' }).first().waitFor()
  await page.waitForSelector(sel('pre-review-detail'))
  const publicityId = Number(await page.getAttribute(sel('pre-review-detail'), 'data-id'))
  assert.equal(await page.getAttribute(sel('pre-review-detail-status'), 'data-status'), 'open')
  for (const id of ids) assert.equal(await page.getAttribute(sel(`pre-review-candidate-${id}`), 'data-status'), 'listed')
  const detail = await page.innerText(sel('pre-review-detail'))
  assert.match(detail, /龚文博/)
  assert.match(detail, /万佳怡/)
  assert.match(detail, /2022-09-26 至 2022-09-30/)
  assert.doesNotMatch(detail, ID_NUMBER, 'no identity number on the candidates list')

  // The public objects to 万佳怡.
  const open = ok(await publicClient(server).get('/api/v1/public/pre-review'), 'public list')
  const entry = open.items[0].entries.find((e) => e.name === '万佳怡')
  const filed = await publicClient(server).post(`/api/v1/public/pre-review/${publicityId}/objections`, {
    entry_id: entry.entry_id, name: '李明', contact: '13900001111', content: '业绩证明材料与实际不符',
  })
  assert.equal(filed.status, 201, JSON.stringify(filed.json))
  const objectionId = filed.json.id

  // Decide: refused locally with both missing parts named, then dismissed with a finding.
  await page.click(sel('pre-review-refresh'))
  await page.waitForSelector(sel(`pre-review-objection-resolve-${objectionId}`))
  await page.click(sel(`pre-review-objection-resolve-${objectionId}`))
  await page.waitForSelector(`${sel('pre-review-objection-dialog')}:visible`)
  assert.equal(await page.locator(`${sel('pre-review-outcome')} .is-checked`).count(), 0, 'no outcome is preselected')
  await page.click(sel('pre-review-objection-submit'))
  // the missing outcome is named under its field, the missing finding in the list below
  assert.match(await fieldError(page, 'pre-review-outcome').innerText(), /请选择处理结论/)
  assert.match(await page.innerText(sel('pre-review-objection-local-error')), /请填写处理结果/)
  await page.click(sel('pre-review-outcome-dismissed'))
  await fieldError(page, 'pre-review-outcome').waitFor({ state: 'detached' }) // choosing an outcome clears its message
  await page.fill(sel('pre-review-resolution'), '经核查，业绩证明材料属实')
  await page.click(sel('pre-review-objection-submit'))
  await confirmBox(page, /处理结论为“[^”]+”[\s\S]*不能修改或撤销/)
  await page.waitForSelector(`${sel(`pre-review-objection-${objectionId}`)}[data-status="dismissed"]`)
  assert.equal(await page.locator(sel(`pre-review-objection-resolve-${objectionId}`)).count(), 0)
  assert.match(await page.innerText(sel('pre-review-objections')), /经核查，业绩证明材料属实/)
  assert.equal((await get(office, `/applications/${ids[1]}`)).json.state, 'accepted', 'a dismissed objection leaves the candidate accepted')
  await page.close()

  // The city admin sees the publicity and its objections, and decides nothing.
  const adminPage = await newPage(browser)
  await login(adminPage, server.baseUrl, 'admin')
  await adminPage.goto(`${server.baseUrl}/review/publicity`)
  await adminPage.click(sel(`pre-review-open-${publicityId}`))
  await adminPage.waitForSelector(sel(`pre-review-objection-${objectionId}`))
  assert.equal(await adminPage.locator(sel('pre-review-add')).count(), 0)
  assert.equal((await get(admin, `/pre-review-publicity/${publicityId}`)).json.objections[0].allowed_actions.length, 0)
  await adminPage.close()
})

test('pre-review publicity: absent from the publicity page when the campaign has no such stage', async () => {
  const page = await newPage(browser)
  await login(page, plain.baseUrl, 'committee')
  await page.goto(`${plain.baseUrl}/review/publicity`)
  await page.waitForSelector(sel('publicity-table'))
  await page.waitForLoadState('networkidle')
  assert.equal(await page.locator(sel('pre-review')).count(), 0)
  await page.close()
})
