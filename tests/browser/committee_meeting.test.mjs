// A whole committee meeting through the web app (docs/review.md), on a server with a settable clock.
// Setup through the API: two environmental applications accepted by the committee office on 2022-10-10 —
// the demo's 周海峰 (环境工程, 嘉兴市交通投资集团, the unit of expert01; expert09 declared him a relation) and a
// fresh applicant of 嘉兴禾丰智能科技 (环境监测, the unit of expert13). Then, in the browser:
// the committee office creates the specialty group and draws its experts: exactly 陆振华/孙晓东/高建华 are
// excluded for their conflicts, so the three left (expert03, expert05, expert12) are invited; the draw log and
// its replay match (and a recomputation here from the seed shown on the page agrees); expert03 accepts the
// invitation on /expert and reviews both applications on their pages (the other two experts through the API);
// the office plans the meeting, ticks 7 of the 11 members present and is refused 开始投票 (quorum 8), ticks the
// 8th and opens voting; expert03 votes on their ballot page (incomplete first, then complete), the other 7
// present members vote through the API, and expert10 (not present) is refused; the office closes the meeting:
// 陆振华 (expert01, 周海峰's unit) withdraws from 周海峰 (回避), whose sheet is refused if it names him, so 周海峰
// passes with 5 yes of the 7 who may vote and the other fails with 5 of 8; the sealed minutes verify; the office publishes the
// results from 2022-10-10 and the public page shows 周海峰 only, with no identity number. The invariant
// checker runs last.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import { assertInvariants, get, post, put } from '../lib/workflow.mjs'
import {
  ZHOU, ID_NUMBER, MOBILE, acceptedApplications, reviewContext, zhou, getGroup, getMeeting, ballot, sheet,
  replayDraw, assertRefusal, ok, trustees, decrypt,
} from '../lib/review.mjs'
import { confirmBox, fieldError, fillDate, launchBrowser, login, newPage, pickOption, sel } from './helpers.mjs'

const DAY = '2022-10-10' // a Monday: meeting day and first day of the result publicity
const OTHER = '严雪梅' // the second candidate (fails)
const COMMITTEE_CODE = 'jx-engineering-intermediate'
const MEETING_TITLE = '2022 年度工程技术中级评审会议（环境保护）'
const GROUP_NAME = '环境保护专业评议组'
const LONE = '韩立新' // a third accepted application, the only one of its family (化工), for a group of one
/** the id of LONE's application, accepted in the first test */
let loneId

let server
let browser

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function successToast(page, text) {
  await page.locator('.el-message--success', text ? { hasText: text } : {}).first().waitFor()
}

const attr = (page, test, name) => page.locator(sel(test)).getAttribute(name)
const text = async (page, test) => (await page.innerText(sel(test))).trim()
const idsOf = (s) => (s ? s.split(',').map(Number) : [])

/** Waits until the element with this data-test has the attribute value. */
async function waitAttr(page, test, name, value) {
  await page.waitForSelector(`${sel(test)}[data-${name}="${value}"]`)
}

/** Clicks an el-checkbox (by data-test) until it is in the wanted state. */
async function setCheckbox(page, test, on) {
  const box = page.locator(sel(test))
  const checked = async () => box.evaluate((el) => el.classList.contains('is-checked'))
  if ((await checked()) !== on) await box.click()
  await page.waitForFunction(
    ([s, v]) => document.querySelector(s)?.classList.contains('is-checked') === v,
    [sel(test), on],
  )
}

test('committee meeting: group and draw, reviews, quorum, secret ballot, sealed minutes, public results', { timeout: 600_000 }, async () => {
  const { baseUrl } = server

  // ---- 1. setup through the API: two accepted environmental applications on 2022-10-10 ----
  const z = await zhou(server)
  const [a, b, c] = await acceptedApplications(server, [
    { applicant: z, unit: 'city', specialty: 'environmental_engineering' },
    { unit: 'county', specialty: 'environmental_monitoring', name: OTHER },
    { unit: 'county', specialty: 'chemical_process', name: LONE },
  ], { day: DAY })
  loneId = c.app.id
  assert.equal(c.app.state, 'accepted')
  const A = a.app.id
  const B = b.app.id
  assert.equal(a.app.state, 'accepted')
  assert.equal(b.app.state, 'accepted')
  assert.equal(a.app.name ?? a.app.applicant_name ?? ZHOU.name, ZHOU.name)
  const ctx = await reviewContext(server)
  const eid = ctx.id // login → expert id
  const loginOf = ctx.loginOf
  const CONFLICTS = { expert01: 'same_unit', expert09: 'declared_relation', expert13: 'same_unit' }
  const EXPECTED_CANDIDATES = ['expert03', 'expert05', 'expert12']

  // ---- 2. the committee office creates the group, draws, sees the log and replays the draw ----
  const office = await newPage(browser)
  await login(office, baseUrl, 'committee')
  await office.goto(`${baseUrl}/review/groups`)
  await office.waitForSelector(sel('groups-table'))
  await office.click(sel('groups-add'))
  await office.locator(`${sel('group-dialog')}:visible`).waitFor()
  await office.fill(sel('group-name'), GROUP_NAME)
  await pickOption(office, 'group-family', 'group-family-environmental')
  for (const id of [A, B]) {
    await office.waitForSelector(sel(`group-app-${id}`))
    await setCheckbox(office, `group-app-${id}`, true)
  }
  assert.match(await text(office, 'group-apps-selected'), /2/)
  await office.click(sel('group-submit'))
  await office.waitForURL(/\/review\/groups\/\d+$/)
  const groupId = Number(new URL(office.url()).pathname.split('/').pop())
  await waitAttr(office, 'group-status', 'status', 'drawing')
  assert.equal(await text(office, 'group-title'), GROUP_NAME)
  assert.equal(await attr(office, 'group-family', 'data-family'), 'environmental')
  assert.equal(await text(office, 'group-size'), '3')
  assert.equal(await text(office, 'group-open-places'), '3')
  assert.match(await text(office, 'group-draws'), /尚无抽取记录/)

  // the draw is asked first (it cannot be undone); cancelling draws nothing
  await office.click(sel('group-draw'))
  await confirmBox(office, /随机抽取 3 名专家[\s\S]*不可撤销/, { cancel: true })
  assert.equal(await office.locator(sel('group-draw-done')).count(), 0)
  assert.equal(await text(office, 'group-open-places'), '3')
  await office.click(sel('group-draw'))
  await confirmBox(office, /不可撤销/)
  await office.waitForSelector(sel('group-draw-done'))
  await successToast(office, '已抽取 3 名专家')
  const drawId = Number(await attr(office, 'group-draw-done', 'data-draw-id'))
  assert.ok(drawId > 0)
  assert.equal(await text(office, 'group-open-places'), '0')
  // three experts invited: the three candidates left after the conflicts
  const invited = EXPECTED_CANDIDATES.map((l) => eid[l])
  for (const id of invited) {
    await waitAttr(office, `group-expert-status-${id}`, 'status', 'invited')
    assert.match(await text(office, `group-expert-status-${id}`), /待确认/)
    assert.equal(await text(office, `group-expert-${id}`), ctx.byId[id].name)
  }
  assert.equal(await office.locator('[data-test^="group-expert-status-"]').count(), 3)
  // the draw log: seed, places, candidates ascending, exclusions with their reasons, the pick
  await office.waitForSelector(sel(`group-draw-row-${drawId}`))
  assert.equal(await attr(office, `draw-reason-${drawId}`, 'data-reason'), 'initial')
  assert.match(await text(office, `draw-reason-${drawId}`), /首次抽取/)
  const seed = await text(office, `draw-seed-${drawId}`)
  assert.match(seed, /^[0-9a-f]{32}$/)
  assert.equal(await text(office, `draw-places-${drawId}`), '3')
  const candidates = idsOf(await attr(office, `draw-candidates-${drawId}`, 'data-ids'))
  assert.deepEqual(candidates, [...invited].sort((x, y) => x - y), 'candidates: expert03, expert05, expert12, ascending')
  const picked = idsOf(await attr(office, `draw-picked-${drawId}`, 'data-ids'))
  assert.deepEqual([...picked].sort((x, y) => x - y), candidates)
  for (const [l, reason] of Object.entries(CONFLICTS)) {
    const item = `draw-excluded-${drawId}-${eid[l]}`
    await office.waitForSelector(sel(item))
    const reasons = (await attr(office, item, 'data-reasons')).split(',')
    assert.deepEqual(reasons, [reason], `${l} excluded for ${reason}: ${reasons}`)
    const shown = await text(office, item)
    assert.ok(shown.includes(ctx.byId[eid[l]].name), `${l}'s name in "${shown}"`)
    assert.match(shown, reason === 'same_unit' ? /同单位/ : /申报回避关系/)
  }
  // the others of the pool are excluded for their family (or title/term), never for a conflict
  const excludedIds = await office.locator(`${sel(`draw-excluded-${drawId}`)} [data-reasons]`).evaluateAll((els) =>
    els.map((e) => [Number(e.getAttribute('data-test').split('-').pop()), e.getAttribute('data-reasons')]))
  for (const [id, reasons] of excludedIds) {
    if (loginOf[id] in CONFLICTS) continue
    assert.ok(!/same_unit|declared_relation|own_application/.test(reasons), `${loginOf[id]}: ${reasons}`)
  }
  assert.ok(!excludedIds.some(([id]) => invited.includes(id)), 'a candidate is not also excluded')
  // anyone can recompute the pick from the seed and the candidates shown (the seed as its 32 characters)
  assert.deepEqual(replayDraw(seed, candidates, 3, { seedAsText: true }), picked, 'the page\'s draw recomputes')
  // 复核抽取: the server's replay matches
  await office.click(sel(`draw-replay-${drawId}`))
  await office.waitForSelector(sel('draw-replay-result'))
  assert.equal(await attr(office, 'draw-replay-result', 'data-matches'), 'true')
  assert.equal(Number(await attr(office, 'draw-replay-result', 'data-draw-id')), drawId)
  assert.equal(await text(office, 'draw-replay-match'), '✓')
  assert.match(await text(office, 'draw-replay-result'), /复核一致/)
  assert.deepEqual(idsOf(await attr(office, 'draw-replay-picked', 'data-ids')), picked)
  assert.deepEqual(idsOf(await attr(office, 'draw-replay-replayed', 'data-ids')), picked)

  // ---- 3. expert03 accepts on /expert and reviews both applications; expert05 and expert12 through the API ----
  const REVIEWS = {
    expert03: { [A]: ['key', 'conforms'], [B]: ['general', 'basically'] },
    expert05: { [A]: ['key', 'conforms'], [B]: ['not', 'not'] },
    expert12: { [A]: ['general', 'basically'], [B]: ['general', 'basically'] },
  }
  const expert = await newPage(browser)
  await login(expert, baseUrl, 'expert03')
  await expert.goto(`${baseUrl}/expert`)
  await waitAttr(expert, `assignment-status-${groupId}`, 'status', 'invited')
  assert.match(await text(expert, `assignment-group-${groupId}`), new RegExp(GROUP_NAME))
  await expert.click(sel(`assignment-accept-${groupId}`))
  await successToast(expert)
  await waitAttr(expert, `assignment-status-${groupId}`, 'status', 'confirmed')
  for (const id of [A, B]) {
    await waitAttr(expert, `assignment-app-review-${id}`, 'reviewed', 'false')
  }
  assert.equal(await text(expert, `assignment-app-number-${A}`), a.app.number)
  for (const [id, name, number] of [[A, ZHOU.name, a.app.number], [B, OTHER, b.app.number]]) {
    await expert.goto(`${baseUrl}/expert`)
    await expert.click(sel(`assignment-app-open-${id}`))
    await expert.waitForURL(new RegExp(`/expert/applications/${id}$`))
    await expert.waitForSelector(sel('expert-review-form'))
    assert.equal(await text(expert, 'expert-app-number'), number)
    assert.equal(await text(expert, 'expert-app-name'), name)
    // The expert sees which frozen version of the submission they review: its version and digest.
    assert.equal(await text(expert, 'expert-app-snapshot'), '第 1 版')
    await expert.click(sel('expert-app-snapshot-sha256-toggle'))
    assert.match(await text(expert, 'expert-app-snapshot-sha256'), /^[0-9a-f]{64}$/)
    const body = await expert.innerText('body')
    assert.doesNotMatch(body, MOBILE, 'no mobile number in an expert\'s view')
    if (id === A) assert.ok(!body.includes(ZHOU.mobile))
    const [rec, conf] = REVIEWS.expert03[id]
    await expert.click(sel(`expert-review-recommendation-${rec}`))
    await expert.click(sel(`expert-review-conformity-${conf}`))
    await expert.fill(sel('expert-review-comments'), `业绩与申报条件相符（${name}）。`)
    await expert.click(sel('expert-review-submit'))
    await successToast(expert, '评审意见已保存')
    await waitAttr(expert, 'expert-review-saved', 'recommendation', rec)
    assert.equal(await attr(expert, 'expert-review-saved', 'data-conformity'), conf)
  }
  await expert.goto(`${baseUrl}/expert`)
  for (const id of [A, B]) await waitAttr(expert, `assignment-app-review-${id}`, 'reviewed', 'true')

  for (const l of ['expert05', 'expert12']) {
    const c = await ctx.expert(l)
    ok(await post(c, `/review-groups/${groupId}/respond`, { accept: true }), `${l} confirms`)
    for (const id of [A, B]) {
      const [recommendation, conformity] = REVIEWS[l][id]
      ok(await put(c, `/expert/applications/${id}/review`, { recommendation, conformity, comments: `${l} 的评议意见` }), `${l} reviews ${id}`)
    }
  }
  const group = await getGroup(ctx.office, groupId)
  assert.equal(group.status, 'reviewing')

  // the office sees every place confirmed and both reviews complete
  await office.click(sel('group-refresh'))
  await waitAttr(office, 'group-status', 'status', 'reviewing')
  for (const id of invited) await waitAttr(office, `group-expert-status-${id}`, 'status', 'confirmed')
  for (const id of [A, B]) {
    await waitAttr(office, `group-app-complete-${id}`, 'complete', 'true')
    for (const [l, opinions] of Object.entries(REVIEWS)) {
      assert.equal(await attr(office, `group-review-rec-${id}-${eid[l]}`, 'data-value'), opinions[id][0])
      assert.equal(await attr(office, `group-review-conf-${id}-${eid[l]}`, 'data-value'), opinions[id][1])
    }
  }

  // ---- 4. the office plans the meeting; 7 of 11 present is refused, 8 opens voting ----
  await office.goto(`${baseUrl}/review/meetings`)
  await office.waitForSelector(sel('meetings-table'))
  await office.click(sel('meetings-add'))
  await office.locator(`${sel('meeting-dialog')}:visible`).waitFor()
  await pickOption(office, 'meeting-committee', `meeting-committee-${COMMITTEE_CODE}`)
  await office.fill(sel('meeting-title'), MEETING_TITLE)
  await fillDate(office, 'meeting-held-on', DAY)
  for (const id of [A, B]) {
    await office.waitForSelector(sel(`meeting-candidate-${id}`))
    await setCheckbox(office, `meeting-candidate-${id}`, true)
  }
  assert.match(await text(office, 'meeting-candidates-selected'), /2/)
  await office.click(sel('meeting-submit'))
  await office.waitForURL(/\/review\/meetings\/\d+$/)
  const meetingId = Number(new URL(office.url()).pathname.split('/').pop())
  await waitAttr(office, 'meeting-status', 'status', 'planned')
  assert.equal(await text(office, 'meeting-title'), MEETING_TITLE)
  assert.equal(await text(office, 'meeting-held-on'), DAY)
  assert.equal(await text(office, 'meeting-member-count'), '11')
  assert.equal(await text(office, 'meeting-quorum-needed'), '8')
  assert.equal(await text(office, 'meeting-present-count'), '0')
  // 回避: before voting, every member with a conflict with a candidate is named (陆振华: 周海峰's unit;
  // 孙晓东: a declared relation); the other candidate (禾丰, the unit of expert13, a non-member) has none.
  assert.match(await text(office, `meeting-recusals-${A}`), /陆振华\s*（同单位）\s*孙晓东\s*（申报回避关系）/)
  assert.equal(await text(office, `meeting-recusals-${B}`), '—')
  assert.match(await text(office, `meeting-summary-${A}`), /重点推荐\s*2\s*·\s*一般推荐\s*1\s*·\s*不推荐\s*0/)
  assert.match(await text(office, `meeting-summary-${B}`), /重点推荐\s*0\s*·\s*一般推荐\s*2\s*·\s*不推荐\s*1/)
  const MEMBERS = Array.from({ length: 11 }, (_, i) => `expert${String(i + 1).padStart(2, '0')}`)
  for (const l of MEMBERS) assert.equal(await text(office, `meeting-member-${eid[l]}`), ctx.byId[eid[l]].name)

  const PRESENT = MEMBERS.slice(0, 8) // expert01 (chair) … expert08
  for (const l of PRESENT.slice(0, 7)) await setCheckbox(office, `meeting-present-${eid[l]}`, true)
  await office.waitForSelector(sel('meeting-attendance-dirty'))
  assert.equal(await text(office, 'meeting-present-count'), '7')
  assert.equal(await attr(office, 'meeting-quorum', 'data-ok'), 'false')
  assert.equal(await attr(office, 'meeting-chair-present', 'data-ok'), 'true')
  await office.click(sel('meeting-attendance-save'))
  await successToast(office, '出席情况已保存')
  await office.locator(sel('meeting-attendance-dirty')).waitFor({ state: 'detached' })
  await office.click(sel('meeting-open-voting'))
  await confirmBox(office, /出席情况即被冻结[\s\S]*不可撤销/)
  await office.waitForSelector(sel('meeting-error'))
  assert.equal(await attr(office, 'meeting-error', 'data-code'), 'quorum_not_met')
  assert.match(await text(office, 'meeting-error'), /[\u4e00-\u9fff]/)
  await waitAttr(office, 'meeting-status', 'status', 'planned')
  assert.equal((await getMeeting(ctx.office, meetingId)).status, 'planned')

  await setCheckbox(office, `meeting-present-${eid[PRESENT[7]]}`, true)
  assert.equal(await text(office, 'meeting-present-count'), '8')
  assert.equal(await attr(office, 'meeting-quorum', 'data-ok'), 'true')
  await office.click(sel('meeting-attendance-save'))
  await office.locator(sel('meeting-attendance-dirty')).waitFor({ state: 'detached' })
  // The two trustees' key ceremony (walked in the browser by secret_ballot.test.mjs) through the API here.
  await trustees(server, meetingId)
  await office.reload()
  await office.waitForFunction((s) => !document.querySelector(s)?.disabled, sel('meeting-open-voting'))
  await office.click(sel('meeting-open-voting'))
  await confirmBox(office, /不可撤销/)
  await waitAttr(office, 'meeting-status', 'status', 'voting')
  await successToast(office, '投票已开始')
  await office.locator(sel('meeting-error')).waitFor({ state: 'detached' })
  assert.equal(await text(office, 'meeting-pass-needed'), '6')
  assert.equal(await text(office, 'meeting-ballots-cast'), '0')
  // once voting opens, the withdrawals of the members present are fixed: 陆振华 (孙晓东 is absent), and 周海峰
  // needs 5 yes of the 7 who may vote on him
  await office.waitForFunction((s) => !document.querySelector(s)?.textContent.includes('孙晓东'), sel(`meeting-recusals-${A}`))
  assert.match(await text(office, `meeting-recusals-${A}`), /陆振华\s*（同单位）\s*本对象须赞成 5 票/)
  for (const l of MEMBERS) {
    await waitAttr(office, `meeting-present-${eid[l]}`, 'present', String(PRESENT.includes(l)))
  }
  // reviews are locked while the meeting votes
  assertRefusal(await put(await ctx.expert('expert05'), `/expert/applications/${A}/review`,
    { recommendation: 'not', conformity: 'not', comments: '改判' }), 409, 'review_locked', 'a review during voting')

  // ---- 5. expert03 votes in the browser: A yes, B no ----
  await expert.goto(`${baseUrl}/expert`)
  await waitAttr(expert, `meeting-status-${meetingId}`, 'status', 'voting')
  assert.equal(await attr(expert, `meeting-present-${meetingId}`, 'data-present'), 'true')
  assert.equal(await attr(expert, `meeting-voted-${meetingId}`, 'data-voted'), 'false')
  await expert.click(sel(`meeting-enter-${meetingId}`))
  await expert.waitForURL(new RegExp(`/expert/meetings/${meetingId}$`))
  await waitAttr(expert, 'ballot-status', 'status', 'voting')
  assert.equal(await text(expert, 'ballot-meeting-title'), MEETING_TITLE)
  assert.match(await text(expert, 'ballot-attendance'), /应到 11 人，实到 8 人/)
  assert.match(await text(expert, 'ballot-pass-needed'), /6/)
  assert.equal(await expert.locator(sel('ballot-not-present')).count(), 0)
  assert.match(await text(expert, `ballot-summary-${A}`), /重点推荐 2/)
  // a sheet without a choice for B is not sent
  await expert.click(sel(`ballot-choice-${A}-yes`))
  await waitAttr(expert, `ballot-choice-${A}`, 'choice', 'yes')
  assert.match(await text(expert, 'ballot-progress'), /1 \/ 2/)
  await expert.click(sel('ballot-submit'))
  await waitAttr(expert, 'ballot-error', 'code', 'ballot_incomplete')
  await expert.waitForSelector(sel(`ballot-missing-${B}`))
  assert.equal((await getMeeting(ctx.office, meetingId)).ballots_cast, 0)
  await expert.click(sel(`ballot-choice-${B}-no`))
  await waitAttr(expert, `ballot-choice-${B}`, 'choice', 'no')
  await expert.locator(sel('ballot-error')).waitFor({ state: 'detached' })
  assert.match(await text(expert, 'ballot-progress'), /2 \/ 2/)
  await expert.click(sel('ballot-submit'))
  await expert.locator(`${sel('ballot-confirm-dialog')}:visible`).waitFor()
  assert.match(await text(expert, 'ballot-confirm-text'), /赞成 1 人，反对 1 人，弃权 0 人/)
  await expert.click(sel('ballot-confirm-ok'))
  await expert.waitForSelector(sel('ballot-voted'))
  assert.match(await text(expert, 'ballot-voted'), /已投票/)
  assert.equal(await expert.locator(sel('ballot-submit')).count(), 0)
  await expert.goto(`${baseUrl}/expert`)
  await waitAttr(expert, `meeting-voted-${meetingId}`, 'voted', 'true')
  assert.match(await text(expert, `meeting-voted-${meetingId}`), /已投票/)

  // the other 7 present members vote through the API: A 5 yes of 7 (with expert03's; expert01 withdraws from
  // A, and a sheet naming A is refused), B 5 yes of 8
  assertRefusal(await ballot(server, meetingId, 'expert01', sheet([A, B], () => 'yes')), 422, 'must_recuse', 'expert01 on 周海峰')
  const VOTES = {
    expert01: [null, 'yes'], expert02: ['yes', 'yes'], expert04: ['yes', 'yes'], expert05: ['yes', 'yes'],
    expert06: ['yes', 'yes'], expert07: ['no', 'no'], expert08: ['abstain', 'abstain'],
  }
  for (const [l, [va, vb]] of Object.entries(VOTES)) {
    const votes = [{ application_id: A, choice: va }, { application_id: B, choice: vb }].filter((v) => v.choice)
    ok(await ballot(server, meetingId, l, votes), `ballot of ${l}`)
  }
  assertRefusal(await ballot(server, meetingId, 'expert01', sheet([B], () => 'no')), 409, 'already_voted', 'a second ballot')

  // expert10 is a member but not present: the ballot page says so and the sheet is refused
  const absent = await newPage(browser)
  await login(absent, baseUrl, 'expert10')
  await absent.goto(`${baseUrl}/expert`)
  await waitAttr(absent, `meeting-present-${meetingId}`, 'present', 'false')
  await absent.click(sel(`meeting-enter-${meetingId}`))
  await absent.waitForURL(new RegExp(`/expert/meetings/${meetingId}$`))
  await waitAttr(absent, 'ballot-status', 'status', 'voting')
  await absent.waitForSelector(sel('ballot-not-present'))
  assert.match(await text(absent, 'ballot-not-present'), /不能投票/)
  if (await absent.locator(sel('ballot-submit')).count()) {
    await absent.click(sel(`ballot-choice-${A}-yes`))
    await absent.click(sel(`ballot-choice-${B}-yes`))
    await absent.click(sel('ballot-submit'))
    await absent.locator(`${sel('ballot-confirm-dialog')}:visible`).waitFor()
    await absent.click(sel('ballot-confirm-ok'))
    await waitAttr(absent, 'ballot-error', 'code', 'not_present')
    assert.match(await text(absent, 'ballot-error'), /不能投票/)
    assert.equal(await absent.locator(sel('ballot-voted')).count(), 0)
  }
  assertRefusal(await ballot(server, meetingId, 'expert09', sheet([A, B], () => 'yes')), 403, 'not_present', 'an absent member')
  assert.equal((await getMeeting(ctx.office, meetingId)).ballots_cast, 8)
  assert.deepEqual(absent.problems, [])
  await absent.context().close()

  // ---- 6. the office closes the meeting (two clicks) and reads the results and the sealed minutes ----
  await office.click(sel('meeting-ballots-refresh'))
  await office.waitForFunction((s) => document.querySelector(s)?.textContent.trim() === '8', sel('meeting-ballots-cast'))
  // nothing is tallied before closing
  for (const id of [A, B]) assert.match(await text(office, `meeting-result-${id}`), /尚未表决/)
  await office.click(sel('meeting-close'))
  await office.locator(`${sel('meeting-close-dialog')}:visible`).waitFor()
  assert.match(await office.innerText(`${sel('meeting-close-dialog')} .el-dialog__body`), /已投票 8 \/ 出席 8/)
  await office.click(sel('meeting-close-confirm'))
  await waitAttr(office, 'meeting-status', 'status', 'tallying')
  await successToast(office, '投票已结束')
  await decrypt(server, meetingId) // both trustees (their browser flow is in secret_ballot.test.mjs)
  await office.reload()
  await waitAttr(office, 'meeting-status', 'status', 'closed')
  const RESULTS = { [A]: { yes: 5, no: 1, abstain: 1, passed: true }, [B]: { yes: 5, no: 2, abstain: 1, passed: false } }
  for (const [id, r] of Object.entries(RESULTS)) {
    await waitAttr(office, `meeting-result-${id}`, 'passed', String(r.passed))
    assert.equal(await text(office, `meeting-result-yes-${id}`), String(r.yes))
    assert.equal(await text(office, `meeting-result-no-${id}`), String(r.no))
    assert.equal(await text(office, `meeting-result-abstain-${id}`), String(r.abstain))
    assert.equal(await text(office, `meeting-result-passed-${id}`), r.passed ? '通过' : '未通过')
  }
  // the seal's SHA-256 only on request (校验值)
  assert.equal(await office.locator(sel('meeting-seal')).count(), 0)
  await office.click(sel('meeting-seal-toggle'))
  const seal = await text(office, 'meeting-seal')
  assert.match(seal, /^[0-9a-f]{64}$/)
  assert.notEqual(await text(office, 'meeting-closed-at'), '—')
  await office.click(sel('meeting-minutes'))
  await office.locator(`${sel('minutes-dialog')}:visible`).waitFor()
  await office.click(`${sel('minutes-dialog')} ${sel('minutes-sha-toggle')}`)
  await office.waitForSelector(sel('minutes-sha'))
  assert.equal(await text(office, 'minutes-sha'), seal)
  assert.equal(await attr(office, 'minutes-verified', 'data-verified'), 'true')
  assert.match(await text(office, 'minutes-verified'), /✓/)
  assert.match(await text(office, 'minutes-verified'), /与封存内容一致/)
  const minutes = await text(office, 'minutes-text')
  for (const s of ['嘉兴市工程技术中级专业技术资格评审委员会', DAY, ZHOU.name, OTHER]) {
    assert.ok(minutes.includes(s), `the minutes name ${s}:\n${minutes.slice(0, 600)}`)
  }
  assert.match(minutes, /回避：陆振华（同单位）；须赞成 5 票\s*表决：赞成 5，反对 1，弃权 1，未投 0；结果：通过/, 'A\'s withdrawal and votes')
  assert.match(minutes, /表决：赞成 5，反对 2，弃权 1，未投 0；结果：未通过/, 'B\'s votes')
  await office.click(sel('minutes-close'))
  await office.locator(sel('minutes-dialog')).waitFor({ state: 'hidden' })
  // the states follow the results
  assert.equal((await get(ctx.office, `/applications/${A}`)).json.state, 'passed')
  assert.equal((await get(ctx.office, `/applications/${B}`)).json.state, 'failed')

  // ---- 7. the office publishes the results from 2022-10-10; the public sees the passed candidate only ----
  await office.click(sel('meeting-publicity'))
  await office.waitForURL(/\/review\/publicity$/)
  await office.waitForSelector(sel('publicity-table'))
  await office.click(sel('publicity-add'))
  await office.locator(`${sel('publicity-dialog')}:visible`).waitFor()
  await pickOption(office, 'publicity-meeting', `publicity-meeting-${meetingId}`)
  await fillDate(office, 'publicity-start', DAY)
  await office.waitForSelector(sel('publicity-end-preview'))
  assert.match(await text(office, 'publicity-end-preview'), /2022-10-14/)
  await office.click(sel('publicity-submit'))
  await confirmBox(office, /2022-10-10[\s\S]*不能撤回/)
  await office.locator(sel('publicity-dialog')).waitFor({ state: 'hidden' })
  await office.waitForSelector(sel('publicity-detail'))
  assert.match(await text(office, 'publicity-detail-period'), /2022-10-10\s*~\s*2022-10-14/)
  await office.waitForSelector(sel(`publicity-entry-${A}`))
  assert.equal(await attr(office, `publicity-entry-state-${A}`, 'data-state'), 'passed')
  assert.match(await text(office, `publicity-entry-state-${A}`), /评审通过/)
  if (await office.locator(sel(`publicity-entry-state-${B}`)).count()) {
    assert.equal(await attr(office, `publicity-entry-state-${B}`, 'data-state'), 'failed')
  }

  const pub = await newPage(browser)
  await pub.goto(`${baseUrl}/public/results`)
  await pub.waitForSelector('[data-test^="results-publicity-"]')
  await pub.waitForSelector('[data-test^="results-entry-name-"]')
  const names = (await pub.locator('[data-test^="results-entry-name-"]').allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(names, [ZHOU.name])
  const pubText = await pub.innerText('body')
  assert.ok(pubText.includes(ZHOU.name))
  assert.ok(!pubText.includes(OTHER), `${OTHER} (not passed) is not on the public page`)
  assert.match(pubText, /嘉兴市工程技术中级专业技术资格评审委员会/)
  assert.doesNotMatch(pubText, ID_NUMBER, 'no identity number on the public page')
  assert.doesNotMatch(await pub.content(), ID_NUMBER, 'no identity number in the public page\'s markup')
  assert.ok(!(await pub.content()).includes(ZHOU.id_number))
  const period = pub.locator('[data-test^="results-period-"]').first()
  assert.equal(await period.getAttribute('data-start'), DAY)
  assert.equal(await period.getAttribute('data-end'), '2022-10-14')

  for (const p of [office, expert, pub]) assert.deepEqual(p.problems, [])
  for (const p of [office, expert, pub]) await p.context().close()
})

test('the committee office forms a specialty group from the only accepted application of a family', async () => {
  assert.ok(loneId, 'the first test accepted the application')
  const office = await newPage(browser)
  await login(office, server.baseUrl, 'committee')
  await office.goto(`${server.baseUrl}/review/groups`)
  await office.waitForSelector(sel('groups-table'))
  await office.click(sel('groups-add'))
  await office.locator(`${sel('group-dialog')}:visible`).waitFor()
  await office.fill(sel('group-name'), '化工专业评议组')
  await pickOption(office, 'group-family', 'group-family-chemical')
  // one row: the lone application, not yet ticked; submitting without it is refused
  await office.waitForSelector(sel(`group-app-${loneId}`))
  assert.equal(await office.locator(`${sel('group-apps')} [data-test^="group-app-"]`).count(), 1)
  assert.match(await text(office, 'group-apps-selected'), /0/)
  await office.click(sel('group-submit'))
  assert.match(await text(office, 'group-local-error'), /请至少选择一件申报/)
  // a lone checkbox in the form item ticks (it used to stay unticked) and unticks
  await setCheckbox(office, `group-app-${loneId}`, true)
  assert.match(await text(office, 'group-apps-selected'), /已选 1 件/)
  await setCheckbox(office, `group-app-${loneId}`, false)
  assert.match(await text(office, 'group-apps-selected'), /已选 0 件/)
  await setCheckbox(office, `group-app-${loneId}`, true)
  await office.click(sel('group-submit'))
  await office.waitForURL(/\/review\/groups\/\d+$/)
  await waitAttr(office, 'group-status', 'status', 'drawing')
  assert.equal(await text(office, 'group-title'), '化工专业评议组')
  assert.equal(await attr(office, 'group-family', 'data-family'), 'chemical')
  await office.waitForSelector(sel(`group-app-${loneId}`))
  const groupId = Number(new URL(office.url()).pathname.split('/').pop())
  const group = await getGroup(await reviewContext(server).then((x) => x.office), groupId)
  assert.deepEqual(group.applications.map((x) => x.id), [loneId])
  assert.deepEqual(office.problems, [])
  await office.context().close()
})

test('the workflow and review invariants hold after the scenario (zhicheng check-invariants)', () => {
  assertInvariants(server)
})
