// The committee meeting's verifiable secret ballot through the web app (docs/ballot-transcript.md), on a
// server with a settable clock. Setup through the API: two environmental applications accepted on 2022-10-10
// — the demo's 周海峰 (the unit of expert01, the chair, who therefore withdraws from him: 回避) and a fresh
// applicant — reviewed by a drawn group, and a meeting that day with expert01–expert08 present. Then in the
// browser:
//   - the office's 开始投票 is disabled while the trustee keys are missing, with the server's reason;
//   - the committee office and the chair (expert01) each generate their trustee key in the browser: a short
//     and a mistyped passphrase are refused, the sealed key file is downloaded (its name says the meeting,
//     round and seat) and only then is the public key registered; the file opens with its passphrase only;
//   - the office opens voting; expert03 and the chair vote on their ballot pages (the chair's sheet leaves
//     周海峰 out) and get a fingerprint receipt (short code, full behind a toggle) that matches the sheet they
//     sent; the other five present members vote through the API with sheets encrypted by crypto.ts;
//   - the office closes voting (tallying); a wrong passphrase gets a Chinese error and posts nothing; the
//     office, then the chair, decrypt by uploading their key files: the meeting closes with the counts
//     expected from the choices, on the office's page and the member's;
//   - signed out, the public board /board/:id finds expert03's receipt from ?fp= and the chair's by typing
//     the whole fingerprint, 核验 passes every check in the browser, and an unknown fingerprint is not found.
// A second meeting (keys and votes through the API, tests/lib/ballot.mjs): the office's 作废重投 asks for a
// reason, then the meeting is planned again in round 2 with both seats empty, 开始投票 disabled, and the member
// who had voted may vote again.
// With BALLOT_SHOTS=DIR, screenshots of the trustee panel, the receipt and the board at 390 and 1440 px wide.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../lib/server.mjs'
import { assertInvariants, post } from '../lib/workflow.mjs'
import {
  acceptedApplications, createMeeting, getMeeting, ok, openVoting, reviewContext, reviewedGroup, setAttendance, zhou,
} from '../lib/review.mjs'
import { confirmBox, finishBrowserTest, launchBrowser, login, newPage, sel } from './helpers.mjs'

// the browser's ballot core, compiled for Node by scripts/test.sh (tsconfig.ballot.json)
const ballot = await import('../../web/.ballot-test/crypto.js')

const DAY = '2022-10-10'
const PRESENT = ['expert01', 'expert02', 'expert03', 'expert04', 'expert05', 'expert06', 'expert07', 'expert08']
const OFFICE_PASS = '评委会办公室口令 2022-10'
const CHAIR_PASS = 'chair passphrase 2022'
const SHOTS = process.env.BALLOT_SHOTS || ''

let server
let browser
let dir
/** two more applications accepted on DAY by the first test, for the second */
const forVoid = []

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
  dir = mkdtempSync(join(tmpdir(), 'zc-ballot-'))
  if (SHOTS) mkdirSync(SHOTS, { recursive: true })
})

// the browser closed, the invariants checked, the server stopped, no sanitizer report in its log
after(() => finishBrowserTest({ browser, server, dir }))

const attr = (page, test, name) => page.locator(sel(test)).first().getAttribute(`data-${name}`)
const text = async (page, test) => (await page.locator(sel(test)).first().innerText()).trim()
const waitAttr = (page, test, name, value, timeout) =>
  page.waitForSelector(`${sel(test)}[data-${name}="${value}"]`, timeout ? { timeout } : undefined)
const visible = (page, test) => page.locator(`${sel(test)}:visible`)

/** With BALLOT_SHOTS: the element (or the page) at 390 and 1440 px wide, tall enough to show it whole. */
async function shot(page, name, selector) {
  if (!SHOTS) return
  const size = page.viewportSize()
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 2400 })
    await page.waitForTimeout(300)
    const target = selector ? page.locator(selector).first() : page
    await target.screenshot({ path: join(SHOTS, `${name}-${width}.png`) })
  }
  await page.setViewportSize(size)
}

/** The trustee's key ceremony on an open page showing the trustee panel; returns the saved key file's path. */
async function generateKey(page, role, passphrase, meetingId) {
  await waitAttr(page, `trustee-seat-${role}`, 'registered', 'false')
  await page.click(sel('trustee-keygen'))
  await visible(page, 'trustee-keygen-dialog').waitFor()
  // too short, then mistyped: refused here, nothing made
  await page.fill(sel('trustee-passphrase'), 'short')
  await page.fill(sel('trustee-passphrase-again'), 'short')
  await page.click(sel('trustee-keygen-download'))
  await waitAttr(page, 'trustee-keygen-error', 'code', 'passphrase_short')
  assert.match(await text(page, 'trustee-keygen-error'), /口令至少需要 10 个字符/)
  await page.fill(sel('trustee-passphrase'), passphrase)
  await page.fill(sel('trustee-passphrase-again'), passphrase + 'x')
  await page.click(sel('trustee-keygen-download'))
  await waitAttr(page, 'trustee-keygen-error', 'code', 'passphrase_mismatch')
  assert.match(await text(page, 'trustee-keygen-error'), /两次输入的口令不一致/)
  await page.fill(sel('trustee-passphrase-again'), passphrase)
  // the key file must be downloaded before the public key can be registered
  assert.ok(await page.locator(sel('trustee-keygen-register')).isDisabled())
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('trustee-keygen-download'))])
  const seat = role === 'chair' ? '主任委员' : '评委会办公室'
  assert.equal(download.suggestedFilename(), `评审会议${meetingId}-第1轮-${seat}密钥.json`)
  const path = join(dir, `${role}.json`)
  await download.saveAs(path)
  await page.waitForSelector(sel('trustee-keygen-downloaded'))
  assert.ok(await page.locator(sel('trustee-keygen-register')).isDisabled(), 'register waits for the saved checkbox')
  await page.click(sel('trustee-keygen-saved'))
  await page.click(sel('trustee-keygen-register'))
  await waitAttr(page, `trustee-seat-${role}`, 'registered', 'true')
  await visible(page, 'trustee-keygen-dialog').waitFor({ state: 'hidden' })
  // the file: sealed under the passphrase, for this round's election, the public key registered
  const file = JSON.parse(readFileSync(path, 'utf8'))
  assert.equal(file.format, 'zhicheng-ballot-share-v1')
  assert.ok(!('secret' in file))
  const opened = await ballot.openShare(readFileSync(path, 'utf8'), passphrase)
  assert.equal(opened.public, file.public)
  await assert.rejects(ballot.openShare(readFileSync(path, 'utf8'), passphrase + '!'))
  assert.equal(await text(page, `trustee-key-${role}`), file.public.slice(0, 16))
  return { path, file }
}

/** A member's encrypted sheet through the API (recused candidates null), as their ballot page makes it. */
async function apiVote(ctx, meetingId, l, choose) {
  const c = await ctx.expert(l)
  const m = await getMeeting(c, meetingId)
  const b = m.ballot
  const choices = b.candidate_ids.map((id) => (m.candidates.find((x) => x.application_id === id)?.recuse ? null : choose(l, id)))
  const full = ballot.encryptSheet(b.election_id, b.election_key, choices.map((x) => x ?? 'abstain'))
  const sheet = { candidates: full.candidates.map((e, i) => (choices[i] === null ? null : e)) }
  const ans = ok(await post(c, `/meetings/${meetingId}/ballot`, { sheet }), `encrypted ballot of ${l}`)
  assert.match(ans.fingerprint, /^[0-9a-f]{64}$/)
  return ans.fingerprint
}

/** Votes on the member's ballot page; returns the receipt's fingerprint. */
async function browserVote(page, baseUrl, meetingId, picks, recused = []) {
  await page.goto(`${baseUrl}/expert/meetings/${meetingId}`)
  await waitAttr(page, 'ballot-status', 'status', 'voting')
  for (const id of recused) await page.waitForSelector(sel(`ballot-recused-${id}`))
  for (const [id, choice] of Object.entries(picks)) {
    await page.click(sel(`ballot-choice-${id}-${choice}`))
    await waitAttr(page, `ballot-choice-${id}`, 'choice', choice)
  }
  await page.click(sel('ballot-submit'))
  await visible(page, 'ballot-confirm-dialog').waitFor()
  const sent = page.waitForRequest((r) => r.method() === 'POST' && /\/meetings\/\d+\/ballot$/.test(r.url()))
  await page.click(sel('ballot-confirm-ok'))
  const body = JSON.parse((await sent).postData())
  await page.waitForSelector(sel('ballot-receipt'))
  await page.waitForSelector(sel('ballot-voted'))
  const fp = await attr(page, 'ballot-receipt', 'fingerprint')
  assert.match(fp, /^[0-9a-f]{64}$/)
  assert.equal(await page.locator(sel('ballot-receipt-mismatch')).count(), 0, 'the server\'s fingerprint is the one computed here')
  assert.equal(await text(page, 'ballot-receipt-short'), fp.slice(0, 16))
  assert.equal(await page.locator(sel('ballot-receipt-full')).count(), 0, 'the full fingerprint is behind a toggle')
  await page.click(sel('ballot-receipt-toggle'))
  assert.equal(await text(page, 'ballot-receipt-full'), fp)
  // the sheet as sent: an encrypted entry per candidate, null exactly where the member withdraws, no choices
  assert.deepEqual(Object.keys(body), ['sheet'])
  assert.ok(!JSON.stringify(body).match(/"(yes|no|abstain)"/), 'no plaintext choice in the request')
  return { fp, sheet: body.sheet }
}

test('secret ballot: trustee keys in the browser, encrypted sheets with receipts, decryption from key files, public verification', { timeout: 900_000 }, async () => {
  const { baseUrl } = server

  // ---- setup through the API ----
  const z = await zhou(server)
  const [a, b, c, d] = await acceptedApplications(server, [
    { applicant: z, unit: 'city', specialty: 'environmental_engineering' },
    { unit: 'county', specialty: 'environmental_monitoring' },
    // for the void test below, on the same day
    { unit: 'county', specialty: 'environmental_monitoring' },
    { unit: 'county', specialty: 'environmental_engineering' },
  ], { day: DAY })
  forVoid.push(c.app.id, d.app.id)
  const A = a.app.id
  const B = b.app.id
  await reviewedGroup(server, [A, B])
  const ctx = await reviewContext(server)
  const created = await createMeeting(server, [A, B], { held_on: DAY, title: '2022 年度工程技术中级评审会议（加密投票）' })
  const id = created.id
  await setAttendance(server, id, PRESENT)

  // choices: expert03 yes A, no B; the chair (recused from A) yes B; the API voters
  const CHOICE = {
    expert01: { [B]: 'yes' },
    expert02: { [A]: 'yes', [B]: 'yes' },
    expert03: { [A]: 'yes', [B]: 'no' },
    expert04: { [A]: 'yes', [B]: 'no' },
    expert05: { [A]: 'yes', [B]: 'abstain' },
    expert06: { [A]: 'yes', [B]: 'no' },
    expert07: { [A]: 'no', [B]: 'yes' },
    expert08: { [A]: 'abstain', [B]: 'no' },
  }
  const count = (appId, choice) => Object.values(CHOICE).filter((c) => c[appId] === choice).length

  // ---- the office: keys missing, 开始投票 disabled with the server's reason ----
  const office = await newPage(browser)
  await login(office, baseUrl, 'committee')
  await office.goto(`${baseUrl}/review/meetings/${id}`)
  await waitAttr(office, 'meeting-status', 'status', 'planned')
  await waitAttr(office, 'trustee-panel', 'my-role', 'office')
  assert.equal(await attr(office, 'trustee-panel', 'round'), '1')
  assert.ok(await office.locator(sel('meeting-open-voting')).isDisabled(), '开始投票 waits for both keys')
  assert.match(await attr(office, 'meeting-open-voting-reason', 'code'), /trustee/)
  assert.match(await text(office, 'meeting-open-voting-reason'), /[\u4e00-\u9fff]/)
  await shot(office, 'trustee-panel-office-planned', sel('trustee-panel'))

  // ---- both trustees generate their keys in the browser ----
  const officeKey = await generateKey(office, 'office', OFFICE_PASS, id)
  const chair = await newPage(browser)
  await login(chair, baseUrl, 'expert01')
  await chair.goto(`${baseUrl}/expert/meetings/${id}`)
  await waitAttr(chair, 'trustee-panel', 'my-role', 'chair')
  const chairKey = await generateKey(chair, 'chair', CHAIR_PASS, id)
  assert.notEqual(chairKey.file.public, officeKey.file.public)

  // ---- the office opens voting ----
  await office.click(sel('meeting-refresh'))
  await waitAttr(office, 'trustee-seat-chair', 'registered', 'true')
  await office.waitForFunction((s) => !document.querySelector(s)?.disabled, sel('meeting-open-voting'))
  await office.click(sel('meeting-open-voting'))
  await confirmBox(office, /出席情况即被冻结/)
  await waitAttr(office, 'meeting-status', 'status', 'voting')
  const opened = await getMeeting(ctx.office, id)
  assert.equal(opened.ballot.election_key, ballot.combineKeys([chairKey.file.public, officeKey.file.public]))
  assert.deepEqual(opened.ballot.candidate_ids.slice().sort(), [A, B].sort())

  // ---- two members vote in the browser ----
  const member = await newPage(browser)
  await login(member, baseUrl, 'expert03')
  const m3 = await browserVote(member, baseUrl, id, CHOICE.expert03)
  assert.ok(m3.sheet.candidates.every((e) => e !== null))
  await shot(member, 'ballot-receipt', sel('ballot-receipt'))
  const m1 = await browserVote(chair, baseUrl, id, CHOICE.expert01, [A])
  const ia = opened.ballot.candidate_ids.indexOf(A)
  assert.equal(m1.sheet.candidates[ia], null, 'the chair\'s sheet leaves 周海峰 out')
  assert.notEqual(m1.sheet.candidates[1 - ia], null)
  await shot(chair, 'ballot-page-chair', '.ballot-view')
  // the others through the API
  const fps = {}
  for (const l of PRESENT.filter((x) => !['expert01', 'expert03'].includes(x))) fps[l] = await apiVote(ctx, id, l, (who, app) => CHOICE[who][app])
  await office.click(sel('meeting-ballots-refresh'))
  await office.waitForFunction((s) => document.querySelector(s)?.textContent?.trim() === '8', sel('meeting-ballots-cast'))

  // ---- the office closes voting: the tally waits for the trustees ----
  await office.click(sel('meeting-close'))
  await visible(office, 'meeting-close-dialog').waitFor()
  await office.click(sel('meeting-close-confirm'))
  await waitAttr(office, 'meeting-status', 'status', 'tallying')
  await office.waitForSelector(sel('meeting-tallying'))
  assert.equal(await text(office, 'trustee-sheets'), '8')

  await shot(office, 'trustee-panel-office-tallying', sel('trustee-panel'))

  // a wrong passphrase: a Chinese error, nothing posted
  let decryptPosts = 0
  office.on('request', (r) => {
    if (r.method() === 'POST' && /\/meetings\/\d+\/decrypt$/.test(r.url())) decryptPosts += 1
  })
  await office.click(sel('trustee-decrypt'))
  await visible(office, 'trustee-decrypt-dialog').waitFor()
  await office.setInputFiles(sel('trustee-decrypt-file'), officeKey.path)
  assert.equal(await text(office, 'trustee-decrypt-filename'), 'office.json')
  await office.fill(sel('trustee-decrypt-passphrase'), 'not the passphrase')
  await office.click(sel('trustee-decrypt-submit'))
  await waitAttr(office, 'trustee-decrypt-error', 'code', 'wrong_passphrase', 30_000)
  assert.match(await text(office, 'trustee-decrypt-error'), /口令不正确/)
  assert.equal(decryptPosts, 0, 'nothing posted with a wrong passphrase')
  // the chair's file is not the office's
  await office.setInputFiles(sel('trustee-decrypt-file'), chairKey.path)
  await office.fill(sel('trustee-decrypt-passphrase'), CHAIR_PASS)
  await office.click(sel('trustee-decrypt-submit'))
  await waitAttr(office, 'trustee-decrypt-error', 'code', 'wrong_seat', 30_000)
  assert.match(await text(office, 'trustee-decrypt-error'), /与您登记的公钥不符/)
  assert.equal(decryptPosts, 0)
  await shot(office, 'trustee-decrypt-dialog')
  // the right file and passphrase
  await office.setInputFiles(sel('trustee-decrypt-file'), officeKey.path)
  await office.fill(sel('trustee-decrypt-passphrase'), OFFICE_PASS)
  await office.click(sel('trustee-decrypt-submit'))
  await waitAttr(office, 'trustee-seat-office', 'decrypted', 'true', 30_000)
  assert.equal(decryptPosts, 1)
  await waitAttr(office, 'meeting-status', 'status', 'tallying')
  assert.equal(await attr(office, 'trustee-seat-chair', 'decrypted'), 'false')

  // the chair decrypts on their ballot page: the meeting closes
  await chair.click(sel('ballot-reload'))
  await chair.click(sel('trustee-decrypt'))
  await visible(chair, 'trustee-decrypt-dialog').waitFor()
  await chair.setInputFiles(sel('trustee-decrypt-file'), chairKey.path)
  await chair.fill(sel('trustee-decrypt-passphrase'), CHAIR_PASS)
  await chair.click(sel('trustee-decrypt-submit'))
  await waitAttr(chair, 'ballot-status', 'status', 'closed', 30_000)

  // ---- the results, on the office's page and the member's ----
  await office.click(sel('meeting-refresh'))
  await waitAttr(office, 'meeting-status', 'status', 'closed')
  for (const appId of [A, B]) {
    assert.equal(await text(office, `meeting-result-yes-${appId}`), String(count(appId, 'yes')), `yes of ${appId}`)
    assert.equal(await text(office, `meeting-result-no-${appId}`), String(count(appId, 'no')), `no of ${appId}`)
    assert.equal(await text(office, `meeting-result-abstain-${appId}`), String(count(appId, 'abstain')), `abstain of ${appId}`)
  }
  const final = await getMeeting(ctx.office, id)
  assert.equal(final.status, 'closed')
  await member.click(sel('ballot-reload'))
  await waitAttr(member, 'ballot-status', 'status', 'closed')
  for (const appId of [A, B]) {
    const passed = final.candidates.find((c) => c.application_id === appId).result.passed
    await waitAttr(member, `ballot-result-${appId}`, 'passed', String(passed))
  }
  // the receipt stays on the member's page after a reload
  assert.equal(await attr(member, 'ballot-receipt', 'fingerprint'), m3.fp)
  await shot(office, 'meeting-closed-office', '.page-card')

  // ---- the public board, signed out ----
  const pub = await newPage(browser)
  await pub.goto(`${baseUrl}/board/${id}?fp=${m3.fp.slice(0, 16)}`)
  await waitAttr(pub, 'board-status', 'status', 'closed')
  assert.equal(await text(pub, 'board-title'), '2022 年度工程技术中级评审会议（加密投票）')
  assert.match(await text(pub, 'board-sheet-count'), /8/)
  await waitAttr(pub, 'board-search-result', 'found', 'true')
  await waitAttr(pub, `board-sheet-${m3.fp.slice(0, 16)}`, 'found', 'true')
  await pub.click(sel('board-verify'))
  await pub.waitForSelector(sel('board-verify-result'), { timeout: 120_000 })
  const checks = await pub.locator(`${sel('board-checks')} > li`).evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-test'), e.getAttribute('data-ok')]))
  assert.equal(checks.length, 9)
  for (const [name, okay] of checks) assert.equal(okay, 'true', `${name} passes`)
  assert.equal(await attr(pub, 'board-verify-result', 'ok'), 'true')
  assert.match(await text(pub, 'board-verify-result'), /全部核验通过/)
  // the board names candidates by their place on the sheet (the meeting page's order), not by application
  for (const [i, appId] of opened.ballot.candidate_ids.entries()) assert.equal(await attr(pub, `board-result-${i + 1}`, 'yes'), String(count(appId, 'yes')))
  // the chair's whole fingerprint typed in; an unknown one is not found
  await pub.fill(sel('board-search'), m1.fp)
  await pub.click(sel('board-search-go'))
  await waitAttr(pub, 'board-search-result', 'found', 'true')
  await waitAttr(pub, `board-sheet-${m1.fp.slice(0, 16)}`, 'found', 'true')
  await shot(pub, 'board-verified', '.page-card')
  await pub.fill(sel('board-search'), '0123456789abcdef')
  await pub.click(sel('board-search-go'))
  await waitAttr(pub, 'board-search-result', 'found', 'false')
  assert.match(await text(pub, 'board-search-result'), /未找到/)
  // every API voter's sheet is on the board too
  for (const fp of Object.values(fps)) assert.equal(await pub.locator(sel(`board-sheet-${fp.slice(0, 16)}`)).count(), 1)

  for (const p of [office, chair, member, pub]) assert.deepEqual(p.problems, [], 'no page errors or CSP violations')
  assertInvariants(server)
})

test('secret ballot: 作废重投 starts a new round with new keys, everyone votes again', { timeout: 600_000 }, async () => {
  const { baseUrl } = server
  assert.equal(forVoid.length, 2, 'the first test accepted the applications')
  const ctx = await reviewContext(server)
  await reviewedGroup(server, forVoid, { name: '环境保护专业评议组（二）' })
  const created = await createMeeting(server, forVoid, { held_on: DAY, title: '2022 年度工程技术中级评审会议（作废重投）' })
  const id = created.id
  await setAttendance(server, id, PRESENT)
  await openVoting(server, id)
  await apiVote(ctx, id, 'expert03', () => 'yes')

  const office = await newPage(browser)
  await login(office, baseUrl, 'committee')
  await office.goto(`${baseUrl}/review/meetings/${id}`)
  await waitAttr(office, 'meeting-status', 'status', 'voting')
  assert.equal(await attr(office, 'trustee-panel', 'round'), '1')
  await office.click(sel('meeting-void'))
  await visible(office, 'meeting-void-dialog').waitFor()
  assert.match(await office.locator(sel('meeting-void-dialog')).innerText(), /全体出席委员须重新投票[\s\S]*不能撤销/)
  await office.click(sel('meeting-void-confirm'))
  await office.waitForSelector(sel('meeting-void-error'))
  assert.match(await text(office, 'meeting-void-error'), /请填写作废原因/)
  await office.fill(sel('meeting-void-reason'), '主任委员遗失密钥文件')
  await office.click(sel('meeting-void-confirm'))
  await waitAttr(office, 'meeting-status', 'status', 'planned')
  await waitAttr(office, 'trustee-panel', 'round', '2')
  for (const role of ['chair', 'office']) assert.equal(await attr(office, `trustee-seat-${role}`, 'registered'), 'false')
  assert.ok(await office.locator(sel('meeting-open-voting')).isDisabled(), 'new keys first')
  await office.waitForSelector(sel('trustee-keygen'))
  const m = await getMeeting(ctx.office, id)
  assert.equal(m.ballot.round, 2)
  assert.match(m.ballot.election_id, /round\/2$/)
  assert.equal(m.ballot.sheets, 0)

  // the member who voted in round 1 is not marked as voted any more
  const member = await newPage(browser)
  await login(member, baseUrl, 'expert03')
  await member.goto(`${baseUrl}/expert/meetings/${id}`)
  await waitAttr(member, 'ballot-status', 'status', 'planned')
  await member.waitForSelector(sel('ballot-planned'))
  assert.equal(await member.locator(sel('ballot-voted')).count(), 0)
  for (const p of [office, member]) assert.deepEqual(p.problems, [])
})
