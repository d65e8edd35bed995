// The city admin creates a staff account (server field errors shown per field) and finds it in the
// account list and in the audit log.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  fieldError,
  login,
  logout,
  menuTexts,
  newPage,
  pickOption,
  randomSuffix,
  sel,
  serverAndBrowser,
} from './helpers.mjs'

const env = serverAndBrowser()

test('the city admin creates an acceptance-point account and sees it audited', { timeout: 90_000 }, async () => {
  const { baseUrl } = env.server
  const page = await newPage(env.browser)
  const loginName = `ap-test-${randomSuffix()}`
  const password = 'Staff2022ok'

  await login(page, baseUrl, 'admin')
  assert.deepEqual(await menuTexts(page), [
    '首页',
    '资格自测',
    '单位授权审核',
    '申报审核',
    '数据看板',
    '专家库',
    '评审委员会',
    '专业评议组',
    '评审会议',
    '结果公示',
    '证书管理',
    '诚信档案',
    '复查与投诉',
    '截止时间',
    '推荐指标',
    '重置密码',
    '审核指南',
    '账号管理',
    '工作日历',
    '审计日志',
  ])
  assert.equal((await page.innerText(sel('header-role'))).trim(), '市人社局管理员')

  await page.click(sel('menu-accounts'))
  await page.waitForURL(/\/admin\/accounts$/)
  await page.locator(`${sel('accounts-table')} .el-table__row`).first().waitFor()

  await page.click(sel('account-create'))
  await pickOption(page, 'account-role', 'account-role-option-acceptance_point')
  await pickOption(page, 'account-region', 'account-region-option-330411')
  await page.fill(sel('account-login'), 'x!') // not a valid user name
  await page.fill(sel('account-name'), '秀洲区测试受理点')
  await page.fill(sel('account-password'), password)
  await page.click(sel('account-submit'))
  const loginError = fieldError(page, 'account-login')
  await loginError.waitFor()
  assert.match(await loginError.innerText(), /\S/)
  assert.equal(await fieldError(page, 'account-password').count(), 0)

  await page.fill(sel('account-login'), loginName)
  await page.click(sel('account-submit'))
  await page.locator('.el-message--success').first().waitFor()
  await page.locator(sel('account-dialog')).waitFor({ state: 'hidden' })
  const row = page.locator(`${sel('accounts-table')} .el-table__row`, { hasText: loginName })
  await row.waitFor()
  assert.match(await row.innerText(), /受理点/)
  assert.match(await row.innerText(), /秀洲区/)

  await page.click(sel('menu-audit'))
  await page.waitForURL(/\/admin\/audit$/)
  await pickOption(page, 'audit-action', 'audit-action-option-account.create')
  await page.click(sel('audit-search'))
  const entry = page.locator(`${sel('audit-table')} .el-table__row`, { hasText: loginName })
  await entry.waitFor()
  const line = await entry.innerText()
  assert.match(line, /admin/)
  // names, not codes: the action, the object and the role in the summary
  assert.match(line, /创建账号/)
  assert.match(line, /用户（编号 \d+）/)
  assert.match(line, /受理点/)
  assert.doesNotMatch(line, /account\.create|user#|acceptance_point/)
  await logout(page)

  // The new account signs in and sees the acceptance-point menu.
  await login(page, baseUrl, loginName, password)
  assert.deepEqual(await menuTexts(page), ['首页', '资格自测', '单位授权审核', '申报审核', '数据看板', '重置密码', '审核指南'])
  assert.equal((await page.innerText(sel('header-role'))).trim(), '受理点')
  await logout(page)

  assert.deepEqual(page.problems, [])
  await page.context().close()
})
