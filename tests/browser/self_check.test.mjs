// 资格自测 without signing in: the form sends the profile to POST /eligibility/check and shows the verdict,
// the routes and every reason; the English switch translates the result; server field errors are shown
// next to the field and in the alert under the form, naming the field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fieldError, fillDate, fillNumber, newPage, pickOption, sel, serverAndBrowser } from './helpers.mjs'

const env = serverAndBrowser()

/** Opens 资格自测 from the sign-in page (no session). */
async function openSelfCheck(page) {
  await page.goto(`${env.server.baseUrl}/login`)
  await page.click(sel('goto-self-check'))
  await page.waitForURL(/\/self-check$/)
  await page.waitForSelector(sel('sc-form'))
}

async function submit(page) {
  await page.click(sel('sc-submit'))
  await page.waitForSelector(sel('sc-verdict'))
}

test('an engineer applicant with a bachelor degree and 4 years as assistant engineer is eligible', { timeout: 90_000 }, async () => {
  const page = await newPage(env.browser)
  await openSelfCheck(page)
  // Public page: no menu, a sign-in link instead.
  assert.equal(await page.locator(sel('side-menu')).count(), 0)
  await page.waitForSelector(sel('header-login'))

  // The campaign's deadlines and paper-materials body are on the page.
  assert.match(await page.innerText(sel('deadline-applicant')), /2022-08-31/)
  assert.match(await page.innerText(sel('paper-body')), /嘉兴市工程师协会/)
  assert.match(await page.innerText(sel('paper-phones')), /82826206/)

  await page.click(sel('sc-level-engineer'))
  await pickOption(page, 'sc-specialty', 'sc-specialty-option-chemical_process')
  await pickOption(page, 'sc-education-kind-0', 'sc-education-option-bachelor')
  await fillDate(page, 'sc-education-date-0', '2012-06-30')
  await page.click(sel('sc-title-add'))
  await pickOption(page, 'sc-title-level-0', 'sc-title-option-assistant_engineer')
  await fillDate(page, 'sc-title-date-0', '2018-09-30')
  for (const year of [2019, 2020, 2021, 2022]) await fillNumber(page, `sc-ce-${year}`, 90)
  await page.click(sel('sc-paid-in-city'))
  await fillDate(page, 'sc-as-of', '2022-08-01')
  await submit(page)

  assert.equal(await page.getAttribute(sel('sc-verdict'), 'data-verdict'), 'eligible')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), '符合申报条件')
  assert.match(await page.innerText(sel('sc-as-of-used')), /2022-08-01/)
  // The four routes, and the reasons with their clauses.
  assert.equal(await page.locator(`${sel('sc-paths')} .el-table__body tr`).count(), 4)
  assert.match(await page.innerText(sel('sc-path-regular')), /符合/)
  // The routes not taken are not red: they do not matter for the verdict.
  assert.equal((await page.innerText(sel('sc-path-skill'))).trim(), '未满足')
  assert.equal(await page.locator(`${sel('sc-paths')} .el-tag--danger`).count(), 0)
  const reasons = await page.innerText(sel('sc-reasons'))
  assert.match(reasons, /《工程技术人员职务试行条例》第八条/)
  assert.equal(await page.locator(sel('sc-lacking')).count(), 0)

  // The reasons by group: the general conditions, the route taken, then the dates, in that order; the
  // routes not taken are folded away under 其他申报途径（供参考）, and nothing visible is red.
  const shownGroups = await page
    .locator(`${sel('sc-reasons')} [data-test^="sc-reason-group-"]:visible`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
  assert.deepEqual(shownGroups, ['sc-reason-group-general', 'sc-reason-group-regular', 'sc-reason-group-timeline'])
  assert.match(await page.innerText(sel('sc-reason-group-general')), /申报基本条件/)
  assert.match(await page.innerText(sel('sc-reason-group-regular')), /常规途径（学历资历）/)
  assert.match(await page.innerText(sel('sc-reason-group-timeline')), /时间提示/)
  assert.doesNotMatch(reasons, /技师/)
  const otherPaths = page.locator(sel('sc-other-paths'))
  assert.match(await otherPaths.innerText(), /其他申报途径（供参考）/)
  const skillGroup = otherPaths.locator(sel('sc-reason-group-skill'))
  assert.equal(await skillGroup.count(), 1)
  assert.equal(await skillGroup.isVisible(), false)
  assert.equal(await otherPaths.locator(sel('sc-reason-skill.grade')).isVisible(), false)
  assert.equal(await page.locator(`${sel('sc-reasons')} .el-tag--danger:visible`).count(), 0)
  // Opened, the other routes' unmet rows are grey 未满足, not red.
  await page.click(sel('sc-other-paths-toggle'))
  await skillGroup.waitFor({ state: 'visible' })
  assert.match(await skillGroup.innerText(), /技能人才贯通途径/)
  const skillGrade = otherPaths.locator(sel('sc-reason-skill.grade'))
  assert.equal((await skillGrade.innerText()).trim(), '未满足')
  assert.match(await skillGrade.getAttribute('class'), /el-tag--info/)
  await otherPaths.locator(sel('sc-reason-group-direct')).waitFor({ state: 'visible' })
  assert.equal(await page.locator(`${sel('sc-reasons')} .el-tag--danger:visible`).count(), 0)

  // English: the verdict and the reasons follow the UI language.
  await page.click(sel('lang-en'))
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), 'Eligible to apply')
  assert.match(await page.innerText(sel('sc-path-regular')), /Met/)
  await page.click(sel('lang-zh'))
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('an engineer applicant with only a secondary vocational diploma may apply as an exception', { timeout: 90_000 }, async () => {
  const page = await newPage(env.browser)
  await openSelfCheck(page)
  await page.click(sel('sc-level-engineer'))
  await pickOption(page, 'sc-specialty', 'sc-specialty-option-chemical_process')
  await pickOption(page, 'sc-education-kind-0', 'sc-education-option-secondary_vocational')
  await fillDate(page, 'sc-education-date-0', '2010-07-01')
  await fillDate(page, 'sc-as-of', '2022-08-01')
  // Without the general conditions (social security, continuing education) the verdict is 不符合.
  await submit(page)
  assert.equal(await page.getAttribute(sel('sc-verdict'), 'data-verdict'), 'ineligible')
  assert.match(await page.innerText(sel('sc-reasons')), /继续教育/)
  // Not eligible: nothing is folded away, the unmet general conditions come first and are red.
  const firstGeneral = page.locator(`${sel('sc-reason-group-general')} .el-tag`).first()
  assert.equal((await firstGeneral.innerText()).trim(), '不符合')
  assert.match(await firstGeneral.getAttribute('class'), /el-tag--danger/)
  assert.ok(await page.locator(sel('sc-reason-skill.grade')).isVisible())
  assert.match(await page.locator(sel('sc-reason-skill.grade')).getAttribute('class'), /el-tag--danger/)

  for (const year of [2019, 2020, 2021, 2022]) await fillNumber(page, `sc-ce-${year}`, 90)
  await page.click(sel('sc-paid-in-city'))
  await page.click(sel('sc-submit'))
  await page.waitForSelector(`${sel('sc-verdict')}[data-verdict="exceptional"]`)

  assert.equal(await page.getAttribute(sel('sc-verdict'), 'data-verdict'), 'exceptional')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), '可破格申报')
  assert.match(await page.innerText(sel('sc-forms')), /破格推荐中级专业技术职务任职资格审批表/)
  assert.ok((await page.locator(`${sel('sc-lacking')} li`).count()) > 0)
  // 破格: the 破格 group is shown, and the routes not met stay open with red tags.
  assert.match(await page.innerText(sel('sc-reason-group-exceptional')), /破格申报/)
  assert.ok(await page.locator(sel('sc-reason-group-regular')).isVisible())
  assert.match(await page.locator(sel('sc-reason-regular.education')).getAttribute('class'), /el-tag--danger/)

  await page.click(sel('lang-en'))
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), 'May apply as an exception')
  await page.click(sel('lang-zh'))

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a specialty of an excluded family is not eligible, with the reason', { timeout: 90_000 }, async () => {
  const page = await newPage(env.browser)
  await openSelfCheck(page)
  await page.click(sel('sc-level-engineer'))
  // The family is offered, marked as outside this review, and the reason is shown on choosing it.
  await page.click(sel('sc-specialty'))
  await page.locator('.el-select-group__title:visible', { hasText: '信息技术（不在本次评审范围）' }).waitFor()
  await page.locator(`${sel('sc-specialty-option-software')}:visible`).click()
  assert.match(await page.innerText(sel('sc-excluded-note')), /信息技术/)
  await submit(page)

  assert.equal(await page.getAttribute(sel('sc-verdict'), 'data-verdict'), 'ineligible')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), '不符合申报条件')
  assert.match(await page.innerText(sel('sc-reasons')), /信息技术/)

  await page.click(sel('lang-en'))
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  assert.equal((await page.innerText(sel('sc-verdict-title'))).trim(), 'Not eligible to apply')
  await page.click(sel('lang-zh'))

  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a server field error is shown under the field and named in the alert', { timeout: 90_000 }, async () => {
  const page = await newPage(env.browser)
  await openSelfCheck(page)
  await page.click(sel('sc-level-assistant_engineer'))
  await pickOption(page, 'sc-specialty', 'sc-specialty-option-chemical_process')
  // A degree without its graduation date.
  await pickOption(page, 'sc-education-kind-0', 'sc-education-option-bachelor')
  await page.click(sel('sc-submit'))

  const alert = page.locator(sel('sc-errors'))
  await alert.waitFor()
  assert.match(await alert.innerText(), /学历 · 第 1 行/)
  const dateError = fieldError(page, 'sc-education-date-0')
  await dateError.waitFor()
  assert.match(await dateError.innerText(), /\S/)
  assert.equal(await page.locator(sel('sc-result')).count(), 0)

  // Fixing it gives a decision.
  await fillDate(page, 'sc-education-date-0', '2019-06-30')
  await submit(page)
  assert.equal(await page.locator(sel('sc-errors')).count(), 0)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})
