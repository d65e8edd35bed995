// The progress view and the home pages' to-do lists (issue 18, items 2 and 6), on the 2022 campaign with the
// test clock (applicant deadline 2022-08-31, unit deadline 2022-09-14, inclusive to 24:00 Beijing time). The
// browser's clock is set to the server's instant, so that the hours left on a deadline day can be shown.
// - 23:00 on the applicant deadline day, an applicant with an empty archive: the home page shows the steps
//   (申报 current), who holds it (本人), the date, 今日截止 · 还剩 1 小时 and the checklist, with the unit's
//   approval of the archive first — never 暂无待办事项.
// - An application returned by the unit: the big card and the progress give the same date, the unit deadline.
// - The day after the applicant deadline, a draft: 已逾期 (not 剩余 13 天 of the unit's stage), the upload and
//   submit buttons disabled.
// - 23:00 on the unit deadline day: the unit's home lists the applicants waiting on it (an archive to approve,
//   an application to review) with 还剩 1 小时; the committee office's home lists the application waiting to
//   be received and has no countdown of another role's stage.
// Each at 1440×900 and 390×844 (no sideways scrolling); screenshots in $PROGRESS_SHOTS (default /tmp/zc-progress-shots).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from '../lib/server.mjs'
import {
  OPINION,
  UNITS,
  act,
  approvedArchive,
  createApplication,
  login as apiLogin,
  newApplicant,
  saveArchive,
  setClock,
  startPublicity,
  submitArchive,
  submittedApplication,
  uploadPdf,
} from '../lib/workflow.mjs'
import { DEMO_PASSWORD, TIMEOUT, finishBrowserTest, launchBrowser, sel } from './helpers.mjs'

const APPLICANT_PASSWORD = 'Passw0rd2022' // tests/lib/workflow.mjs newApplicant
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const SHOTS = process.env.PROGRESS_SHOTS || '/tmp/zc-progress-shots'
const at = (day, time = '09:00:00') => `${day}T${time}+08:00`

let server
let browser
const who = {}

before(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
  await setClock(server, at('2022-08-20'))
  const unit = await apiLogin(server, UNITS.county)
  // an applicant who has done nothing yet
  who.empty = (await newApplicant(server, '赵雨桐')).user.login
  // a draft with an approved archive and one file
  const late = await newApplicant(server, '钱思远')
  await approvedArchive(late, unit)
  await uploadPdf(late, (await createApplication(late)).id, 'id_card')
  who.late = late.user.login
  // an application the unit returned for correction
  const { applicant: ret, app } = await submittedApplication(server, unit)
  await act(unit, app.id, 'return', { reason: '材料不全', items: [{ item: '继续教育证明', reason: '缺 2021 年度证明' }] }, 'returned')
  who.returned = ret.user.login
  // an archive waiting for the unit's approval, and an application waiting for its review
  const pending = await newApplicant(server, '孙嘉怡')
  await saveArchive(pending, UNITS.county)
  await submitArchive(pending)
  const { applicant: waiting } = await submittedApplication(server, unit, { applicant: await newApplicant(server, '李明轩') })
  who.waitingName = waiting.user.name
  // an application recommended to the committee and not yet received (publicity 08-22 … 08-26)
  const { app: toOffice } = await submittedApplication(server, unit, { applicant: await newApplicant(server, '周若曦') })
  await setClock(server, at('2022-08-22'))
  await startPublicity(unit, toOffice.id, '2022-08-22')
  await setClock(server, at('2022-08-26', '10:00:00'))
  await act(unit, toOffice.id, 'recommend', { opinion: OPINION }, 'unit_recommended')
  await act(await apiLogin(server, 'ap330402'), toOffice.id, 'county_recommend', {}, 'county_recommended')
})

after(() => finishBrowserTest({ browser, server }))

/** A page at `size` whose clock is the server's instant `now`. */
async function pageAt(size, now) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: size, hasTouch: size.width < 800 })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  await page.clock.setFixedTime(new Date(now))
  page.problems = []
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  return page
}

async function signIn(page, account, password) {
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

async function visit(page, path, ready) {
  await page.goto(`${server.baseUrl}${path}`)
  await page.waitForSelector(sel(ready))
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(150)
}

const text = async (page, test) => (await page.innerText(sel(test))).replace(/\s+/g, ' ').trim()

async function assertNoSideways(page, what) {
  const r = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(r.scroll <= r.width + 1, `${what}: the page scrolls sideways (${r.scroll} > ${r.width})`)
}

async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

/** Runs `fn(page, tag)` at 1440×900 and at 390×844, signed in as `account` with the clock at `now`. */
async function bothSizes(now, account, password, fn) {
  for (const [size, tag] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ]) {
    const page = await pageAt(size, now)
    try {
      await signIn(page, account, password)
      await fn(page, tag)
      assert.deepEqual(page.problems, [], `${tag}: no page errors`)
    } finally {
      await page.context().close()
    }
  }
}

test('23:00 on the applicant deadline day, an empty archive: the home page says what must still happen, the unit’s approval first', async () => {
  const now = at('2022-08-31', '23:00:00')
  await setClock(server, now)
  await bothSizes(now, who.empty, APPLICANT_PASSWORD, async (page, tag) => {
    await visit(page, '/', 'progress-card')
    // the steps, 申报 current
    const steps = ['apply', 'unit', 'county', 'office', 'review', 'publicity', 'certificate']
    const names = ['申报', '单位审核/公示/推荐', '县（市、区）受理点/主管部门', '评委会办公室', '评审', '结果公示', '证书']
    for (const [i, s] of steps.entries()) {
      assert.match(await text(page, `progress-step-${s}`), new RegExp(names[i].replace(/[()（）/]/g, '.')))
      assert.equal(await page.getAttribute(sel(`progress-step-${s}`), 'data-status'), i === 0 ? 'current' : 'todo')
    }
    assert.equal(await text(page, 'progress-stage'), '申报')
    assert.equal(await page.getAttribute(sel('progress-holder'), 'data-holder'), 'applicant')
    assert.match(await text(page, 'progress-holder'), /本人/)
    assert.equal(await page.getAttribute(sel('progress-due-date'), 'data-date'), '2022-08-31')
    assert.equal(await text(page, 'progress-due-left'), '今日截止 · 还剩 1 小时')
    // the checklist: the unit must approve the archive, and who acts on each line
    assert.equal(await page.getAttribute(sel('progress-item-archive-fill'), 'data-done'), 'false')
    assert.equal(await page.getAttribute(sel('progress-item-archive-approve'), 'data-actor'), 'unit')
    assert.equal(await page.getAttribute(sel('progress-item-archive-approve'), 'data-done'), 'false')
    assert.match(await text(page, 'progress-item-archive-approve'), /单位审核通过业绩档案.*用人单位办理/)
    for (const k of ['create', 'files', 'pledge', 'submit']) {
      assert.equal(await page.getAttribute(sel(`progress-item-${k}`), 'data-done'), 'false', k)
      assert.equal(await page.getAttribute(sel(`progress-item-${k}`), 'data-actor'), 'applicant', k)
    }
    // the big card: the same day, the hours left, and what must happen — not 暂无待办事项
    assert.equal(await page.getAttribute(sel('home-next-date'), 'data-date'), '2022-08-31')
    assert.equal(await text(page, 'home-next-days'), '今日截止 · 还剩 1 小时')
    const pending = await text(page, 'home-next-pending')
    assert.doesNotMatch(pending, /暂无待办事项/)
    assert.match(pending, /尚有 \d+ 项待办/)
    assert.match(pending, /须先由单位审核通过业绩档案/)
    await assertNoSideways(page, `applicant home ${tag}`)
    await shoot(page, `home-applicant-deadline-day-${tag}`)
  })
})

test('after a return the big card and the progress give the same date: the unit deadline', async () => {
  const now = at('2022-08-31', '23:00:00')
  await bothSizes(now, who.returned, APPLICANT_PASSWORD, async (page, tag) => {
    await visit(page, '/', 'progress-card')
    assert.equal(await page.getAttribute(sel('progress-state'), 'data-state'), 'returned')
    assert.equal(await page.getAttribute(sel('progress-due-date'), 'data-date'), '2022-09-14')
    assert.equal(await page.getAttribute(sel('home-next-date'), 'data-date'), '2022-09-14')
    assert.equal(await page.getAttribute(sel('home-next-stage'), 'data-kind'), 'resubmit')
    assert.equal(await text(page, 'home-next-days'), '剩余 14 天')
    assert.match(await text(page, 'progress-item-corrections'), /继续教育证明/)
    assert.match(await text(page, 'progress-item-submit'), /重新提交（2022-09-14 24 时前）/)
    await visit(page, '/application', 'app-actions')
    await page.waitForSelector(sel('progress-card'))
    assert.equal(await page.getAttribute(sel('progress-due-date'), 'data-date'), '2022-09-14')
    assert.equal(await page.isDisabled(sel('app-action-resubmit')), false)
    // The choices (issue 17): correct within the same level and specialty, or withdraw.
    assert.match(await text(page, 'app-return-choices'), /补正后重新提交.*不能更改.*撤回本次申报/)
    assert.match(await text(page, 'app-level-frozen'), /申报级别和专业不能再更改/)
    assert.equal(await page.isDisabled(`${sel('app-specialty')} input`), true, 'the specialty cannot change')
    await assertNoSideways(page, `returned application ${tag}`)
    if (tag === 'phone') await shoot(page, `application-returned-${tag}`)
  })
})

test('the day after the applicant deadline, a draft: 已逾期, uploads and submit disabled, no countdown to a later stage', async () => {
  const now = at('2022-09-01')
  await setClock(server, now)
  await bothSizes(now, who.late, APPLICANT_PASSWORD, async (page, tag) => {
    await visit(page, '/', 'progress-card')
    assert.equal(await text(page, 'home-next-days'), '已逾期')
    assert.equal(await page.getAttribute(sel('home-next-days'), 'data-overdue'), 'true')
    assert.equal(await page.getAttribute(sel('home-next-date'), 'data-date'), '2022-08-31')
    assert.doesNotMatch(await page.innerText('body'), /剩余 13 天/)
    assert.equal(await text(page, 'progress-due-left'), '已逾期')
    assert.match(await text(page, 'progress-overdue'), /2022-08-31 24 时截止，逾期不再受理/)
    assert.equal(await page.getAttribute(sel('progress-item-archive-approve'), 'data-done'), 'true')
    assert.equal(await page.getAttribute(sel('progress-item-submit'), 'data-blocked'), 'true')
    assert.equal(await page.getAttribute(sel('progress-item-files'), 'data-blocked'), 'true')
    assert.match(await text(page, 'progress-item-files'), /尚缺 \d+ 项/)
    await assertNoSideways(page, `late home ${tag}`)
    await shoot(page, `home-applicant-overdue-${tag}`)

    await visit(page, '/application', 'app-actions')
    await page.waitForSelector(sel('progress-overdue'))
    assert.equal(await text(page, 'progress-due-left'), '已逾期')
    const uploads = page.locator('[data-test^="app-slot-upload-"][data-test$="-button"]')
    assert.ok((await uploads.count()) > 0, 'the slots are listed')
    for (const b of await uploads.all()) assert.equal(await b.isDisabled(), true, 'an upload button after the deadline')
    assert.equal(await page.isDisabled(sel('app-action-submit')), true)
    assert.equal(await page.getAttribute(sel('app-action-submit'), 'data-blocked'), 'true')
    assert.equal(await page.isDisabled(`${sel('app-pledge')} input`), true)
    await assertNoSideways(page, `late application ${tag}`)
    await shoot(page, `application-overdue-${tag}`)
  })
})

test('23:00 on the unit deadline day: the unit’s home lists who waits on it; the committee office lists what to receive', async () => {
  const now = at('2022-09-14', '23:00:00')
  await setClock(server, now)
  await bothSizes(now, UNITS.county, DEMO_PASSWORD, async (page, tag) => {
    await visit(page, '/', 'unit-waiting')
    await page.waitForSelector(sel('unit-waiting-left'))
    assert.equal(await text(page, 'unit-waiting-left'), '今日截止 · 还剩 1 小时')
    assert.equal(await page.getAttribute(sel('unit-waiting-deadline'), 'data-date'), '2022-09-14')
    const list = await text(page, 'unit-waiting')
    assert.match(list, /孙嘉怡[\s\S]*审核业绩档案/)
    assert.match(list, new RegExp(`${who.waitingName}`))
    assert.match(list, /审核申报，开始公示/)
    assert.equal(await page.getAttribute('[data-test^="unit-waiting-row-archive-"]', 'data-kind'), 'archive')
    // the big card: the unit's own deadline and its work by kind
    assert.equal(await page.getAttribute(sel('home-next-stage'), 'data-stage'), 'unit')
    assert.equal(await text(page, 'home-next-days'), '今日截止 · 还剩 1 小时')
    assert.match(await text(page, 'home-todo-archives'), /人的业绩档案待审核/)
    assert.match(await text(page, 'home-todo-submitted'), /份申报待审核、开始公示/)
    await assertNoSideways(page, `unit home ${tag}`)
    await shoot(page, `home-unit-deadline-day-${tag}`)
  })
  await bothSizes(now, 'committee', DEMO_PASSWORD, async (page, tag) => {
    await visit(page, '/', 'review-todo-card')
    await page.waitForSelector(sel('review-todo-receive'))
    assert.match(await text(page, 'review-todo-receive'), /份申报已推荐至评委会，待接收/)
    // no countdown of another role's stage
    assert.equal(await page.locator(sel('home-next')).count(), 0)
    assert.match(await text(page, 'home-next-none'), /当前没有需要您在截止时间前办理的事项/)
    assert.doesNotMatch(await page.innerText('body'), /今日截止/)
    await assertNoSideways(page, `committee home ${tag}`)
    if (tag === 'desktop') await shoot(page, `home-committee-${tag}`)
  })
})
