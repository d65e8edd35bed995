// The applicant's side of the workflow (docs/workflow.md) in the browser, inside the 2022 campaign (test
// clock): a new applicant fills in the performance archive item by item with evidence, saves it (a save
// over a stale version shows the conflict message and reloads), submits it to the demo unit, which approves
// it; then creates the application with live eligibility, uploads the required evidence with a progress
// bar, makes the pledge and submits.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { Client, startServer } from '../lib/server.mjs'
import { assertInvariants } from '../lib/workflow.mjs'
import {
  DEMO_PASSWORD,
  fillDate,
  fillNumber,
  launchBrowser,
  newPage,
  pickOption,
  randomMobile,
  randomResidentId,
  sel,
  writeTempPdf,
} from './helpers.mjs'

const DEMO_UNIT = '91330402MA2JX0016P'
const NOW = '2022-08-20T09:00:00+08:00'

let server
let browser
let pdfPath

before(async () => {
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
  pdfPath = writeTempPdf('证明材料.pdf')
  const r = await fetch(`${server.baseUrl}/api/v1/testing/clock`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now: NOW }),
  })
  assert.equal(r.status, 200, await r.text())
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (pdfPath) rmSync(dirname(pdfPath), { recursive: true, force: true })
})

/** Registers a new applicant through the API and returns its ID number, password and a signed-in client. */
async function newApplicant() {
  const c = new Client(server.baseUrl)
  const idNumber = randomResidentId()
  const password = 'Apply2022ok'
  const reg = await c.post('/api/v1/auth/register/applicant', {
    name: '张申报',
    id_number: idNumber,
    mobile: randomMobile(),
    password,
  })
  assert.equal(reg.status, 201, JSON.stringify(reg.json))
  const login = await c.login(idNumber, password)
  assert.equal(login.status, 200)
  return { idNumber, password, client: c, userId: login.json.user.id }
}

async function signIn(page, account, password) {
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForSelector(sel('side-menu'))
}

/** Opens the item dialog of a kind, lets `fill` fill it in, optionally uploads the PDF, and confirms. */
async function addItem(page, kind, fill, { upload = false } = {}) {
  await page.click(sel(`archive-add-${kind}`))
  await page.locator(`${sel('ai-form')}:visible`).waitFor()
  await fill()
  if (upload) {
    await page.setInputFiles(sel('ai-upload-input'), pdfPath)
    await page.locator(`${sel('ai-file-0')}:visible`).waitFor()
  }
  await page.click(sel('ai-ok'))
  await page.locator(sel('ai-form')).waitFor({ state: 'detached' })
}

async function archiveStatus(page) {
  return page.getAttribute(sel('archive-status'), 'data-status')
}

test('archive, application with live eligibility, evidence, pledge and submission', { timeout: 240_000 }, async () => {
  const applicant = await newApplicant()
  const page = await newPage(browser)
  await signIn(page, applicant.idNumber, applicant.password)

  // The header has the notifications bell.
  await page.waitForSelector(sel('header-bell'))

  // ---- 业绩档案 ----
  await page.click(sel('menu-archive'))
  await page.waitForURL(/\/archive$/)
  await page.waitForSelector(sel('archive-items'))
  assert.equal(await archiveStatus(page), 'draft')
  assert.match(await page.innerText(sel('archive-status')), /草稿/)

  await page.fill(sel('archive-credit-code'), DEMO_UNIT)
  await addItem(
    page,
    'education',
    async () => {
      await pickOption(page, 'ai-education-kind', 'ai-education-option-bachelor')
      await fillDate(page, 'ai-graduated', '2012-06-30')
      await page.fill(sel('ai-school'), '浙江工业大学')
      await page.fill(sel('ai-major'), '化学工程与工艺')
    },
    { upload: true },
  )
  await addItem(page, 'title', async () => {
    await pickOption(page, 'ai-title-level', 'ai-title-option-assistant_engineer')
    await fillDate(page, 'ai-obtained', '2018-09-30')
  })
  for (const year of [2019, 2020, 2021, 2022]) {
    await addItem(page, 'continuing_education', async () => {
      await pickOption(page, 'ai-ce-year', `ai-ce-year-option-${year}`)
      await fillNumber(page, 'ai-ce-hours', 90)
    })
  }
  await addItem(page, 'social_security', async () => {}) // paid in the city: the default
  await addItem(page, 'employment', async () => {}) // in service, full-time: the defaults
  // single-item kinds cannot be added twice
  assert.equal(await page.locator(sel('archive-add-employment')).count(), 0)
  assert.match(await page.innerText(sel('archive-item-summary-education-0')), /本科/)
  await page.waitForSelector(sel('archive-item-file-education-0-0'))
  await page.waitForSelector(sel('archive-dirty'))

  await page.click(sel('archive-save'))
  await page.locator(sel('archive-dirty')).waitFor({ state: 'detached' })
  assert.equal(await archiveStatus(page), 'draft')
  assert.match(await page.innerText(sel('archive-unit-name')), /\S/)
  assert.equal(await page.locator(`${sel('archive-group-continuing_education')} [data-test^="archive-item-summary-"]`).count(), 4)

  // ---- a save over a stale version: the conflict message, then the latest archive ----
  // (The other tab moves the last item first: a real change, since a save without one writes nothing.)
  const current = (await applicant.client.get('/api/v1/archive')).json
  const moved = [current.items.at(-1), ...current.items.slice(0, -1)]
  const bump = await applicant.client.request('PUT', '/api/v1/archive', {
    json: {
      version: current.version,
      unit_credit_code: DEMO_UNIT,
      items: moved.map((it) => ({ id: it.id, kind: it.kind, data: it.data, file_ids: it.files.map((f) => f.id) })),
    },
  })
  assert.equal(bump.status, 200, JSON.stringify(bump.json))
  await page.fill(sel('archive-credit-code'), DEMO_UNIT + ' ')
  await page.fill(sel('archive-credit-code'), DEMO_UNIT)
  await page.click(sel('archive-save'))
  await page.waitForSelector(sel('archive-conflict'))
  assert.match(await page.innerText(sel('archive-conflict')), /已在别处被修改/)
  await page.locator(sel('archive-dirty')).waitFor({ state: 'detached' })

  // ---- submit to the unit; the unit approves ----
  await page.click(sel('archive-submit'))
  await page.waitForSelector(`${sel('archive-status')}[data-status="pending"]`)
  assert.match(await page.innerText(sel('archive-status')), /待单位审核/)

  const unit = new Client(server.baseUrl)
  assert.equal((await unit.login(DEMO_UNIT, DEMO_PASSWORD)).status, 200)
  const seen = await unit.get(`/api/v1/unit/archives/${applicant.userId}`)
  assert.equal(seen.status, 200, JSON.stringify(seen.json))
  const approved = await unit.post(`/api/v1/unit/archives/${applicant.userId}/approve`, { version: seen.json.version })
  assert.equal(approved.status, 200, JSON.stringify(approved.json))
  await page.click(sel('archive-reload'))
  await page.waitForSelector(`${sel('archive-status')}[data-status="approved"]`)

  // ---- 职称申报: create with live eligibility ----
  await page.click(sel('menu-application'))
  await page.waitForURL(/\/application$/)
  await page.waitForSelector(sel('app-none'))
  await page.click(sel('app-level-engineer'))
  await pickOption(page, 'app-specialty', 'app-specialty-option-chemical_process')
  await page.waitForSelector(sel('app-elig-verdict'))
  assert.equal(await page.getAttribute(sel('app-elig-verdict'), 'data-verdict'), 'eligible')
  assert.match(await page.innerText(sel('app-elig-path')), /\S/)
  // the live check follows the level: as technician the verdict is shown again
  await page.click(sel('app-level-assistant_engineer'))
  await page.waitForFunction(() => document.querySelector('[data-test="app-eligibility"]')?.dataset.busy === 'false')
  await page.waitForSelector(sel('app-elig-verdict'))
  await page.click(sel('app-level-engineer'))
  await page.waitForFunction(() => document.querySelector('[data-test="app-eligibility"]')?.dataset.busy === 'false')

  await page.click(sel('app-create'))
  await page.waitForSelector(`${sel('app-state')}[data-state="draft"]`)
  assert.match(await page.innerText(sel('app-state')), /草稿/)
  assert.match(await page.innerText(sel('app-number')), /\S/)

  // ---- submitting without the evidence and the pledge is refused with a clear message ----
  await page.click(sel('app-action-submit'))
  await page.waitForSelector(sel('app-action-error'))
  const code = await page.getAttribute(sel('app-action-error'), 'data-code')
  assert.ok(['evidence_missing', 'pledge_required'].includes(code), code)

  // ---- upload every required slot, with a progress bar ----
  const required = await page
    .locator(`${sel('app-evidence')} [data-required="true"]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-test').replace(/^app-slot-/, '')))
  assert.ok(required.includes('id_card'), required.join())
  for (const slot of required) {
    await page.setInputFiles(sel(`app-slot-upload-${slot}-input`), pdfPath)
    await page.waitForSelector(sel(`app-slot-file-${slot}-0`))
    assert.match(await page.innerText(sel(`app-slot-count-${slot}`)), /^1\//)
  }
  await page.waitForSelector(`${sel('app-slot-upload-id_card-progress')}[data-percent="100"]`, { state: 'attached' })

  // ---- the pledge ----
  assert.match(await page.innerText(sel('app-pledge-text')), /\S/)
  await page.click(sel('app-pledge'))
  await page.waitForSelector(`${sel('app-pledge')}[data-checked="true"]`)

  // ---- submit ----
  await page.click(sel('app-action-submit'))
  await page.waitForSelector(`${sel('app-state')}[data-state="submitted"]`)
  assert.match(await page.innerText(sel('app-state')), /待单位审核/)
  await page.waitForSelector(sel('app-snapshot-version'))
  await page.waitForSelector(sel('app-action-withdraw'))
  assert.ok((await page.locator(sel('app-history')).innerText()).length > 0)

  // ---- the home page: the next deadline and the help link ----
  await page.click(sel('menu-home'))
  await page.waitForSelector(sel('home-deadline-card'))
  await page.waitForSelector(sel('home-help-applicant'))

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the applicant guide is public and takes its dates from the campaign', { timeout: 60_000 }, async () => {
  const page = await newPage(browser)
  await page.goto(`${server.baseUrl}/help/applicant`)
  await page.waitForSelector(sel('help-applicant'))
  await page.waitForFunction(() => /2022-08-31/.test(document.querySelector('[data-test="help-deadline-applicant"]')?.textContent ?? ''))
  assert.match(await page.innerText(sel('help-deadline-unit')), /2022-09-14/)
  assert.match(await page.innerText(sel('help-deadline-county')), /2022-09-30/)
  assert.match(await page.innerText(sel('help-paper-body')), /嘉兴市工程师协会/)
  assert.match(await page.innerText(sel('help-step-10')), /双面打印，一式两份/)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('the workflow invariants hold after the scenario (zhicheng check-invariants)', () => {
  assertInvariants(server)
})
