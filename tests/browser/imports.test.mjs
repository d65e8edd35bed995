// The unit import in the browser (web/src/components/XlsxImport.vue on 单位授权审核, the passwords dialog
// web/src/features/review/ImportedUnitsDialog.vue, docs/documents.md "Imports"):
// - the city admin downloads the template (the server's header), imports a filled copy (an enterprise of
//   南湖区 and a city-level public institution under 嘉兴市交通运输局): a dialog lists each unit's name, login and
//   initial password as POST /imports/units answered them, says they are shown once, asks before closing
//   while they were neither copied nor saved, copies them (tab-separated) and saves them as a .csv; the
//   list reloads and shows the new units, which sign in with those passwords (and still need their letter);
// - a file with wrong rows: the dialog lists every wrong cell as 第 N 行 · 列 · 说明, exactly the fields the
//   API names for the same file, and nothing is imported;
// - an acceptance point sees the page without the template or the import.
// One server (the demo); at the end the invariant checker passes and the sanitizers are silent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, creditCode, startServer } from '../lib/server.mjs'
import { login as apiLogin, show, UNITS } from '../lib/workflow.mjs'
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs'
import { launchBrowser, login, newPage, sel, finishBrowserTest } from './helpers.mjs'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['单位名称', '统一社会信用代码', '所在地区', '单位类型', '市属单位', '主管部门', '联系人', '联系人手机']
/** The template's column of each field the server names in rows[N].<field>. */
const COLUMN = {
  name: '单位名称', credit_code: '统一社会信用代码', region_code: '所在地区', unit_type: '单位类型',
  city_level: '市属单位', competent_department_id: '主管部门', contact_name: '联系人', mobile: '联系人手机',
  password: '初始密码', extra: '模板以外的列', row: '整行',
}

let dir
let server
let browser

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zc-imports-'))
  server = await startServer({ demo: true })
  browser = await launchBrowser()
})

after(() => finishBrowserTest({ browser, server, dir }))

// ---- helpers ------------------------------------------------------------------------------------------

const text = async (page, test) => (await page.innerText(sel(test))).trim()

/** Writes bytes to a temporary file (for setInputFiles) and returns its path. */
function tempFile(name, bytes) {
  const d = mkdtempSync(join(dir, 'upload-'))
  const path = join(d, name)
  writeFileSync(path, bytes)
  return path
}

/** A signed-in page (a fresh context, so that each role has its own session). */
async function signedIn(account) {
  const page = await newPage(browser)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl })
  await login(page, server.baseUrl, account)
  return page
}

/** Waits until a table has loaded (its loading mask is gone). */
async function settled(page, table) {
  await page.waitForSelector(sel(table))
  await page.locator(`${sel(table)} .el-loading-mask`).waitFor({ state: 'hidden' })
}

async function unitsPage(page) {
  await page.goto(`${server.baseUrl}/units/review`)
  await settled(page, 'review-table')
}

/** Every unit the city admin sees (the list's total). */
async function unitTotal(admin) {
  const r = await admin.get('/api/v1/units?page_size=1')
  assert.equal(r.status, 200, show(r))
  return r.json.total
}

const importApi = (admin, bytes) =>
  admin.request('POST', '/api/v1/imports/units', { body: bytes, headers: { 'Content-Type': XLSX_TYPE } })

// ---- the import ---------------------------------------------------------------------------------------

test('the city admin imports units and is shown each login and initial password once, to copy or save', async () => {
  const admin = await apiLogin(server, 'admin')
  const page = await signedIn('admin')
  await unitsPage(page)
  assert.equal(await text(page, 'units-template'), '下载导入模板')
  assert.equal(await text(page, 'units-import'), '批量导入')

  // The template: the server's header.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel('units-template'))])
  assert.equal(await dl.failure(), null)
  assert.equal(dl.suggestedFilename(), '单位导入模板.xlsx')
  const template = readXlsx(readFileSync(await dl.path()))
  assert.deepEqual(template.rows, [HEADER])

  // A filled copy: an enterprise of 南湖区 and a city-level public institution under 嘉兴市交通运输局.
  const before = await unitTotal(admin)
  const enterprise = creditCode('91330402MA')
  const institution = creditCode('12330400MB')
  const good = [
    ['嘉兴页面导入科技有限公司', enterprise, '南湖区', '企业', '否', '', '张页面', '13957311111'],
    ['嘉兴市页面导入交通工程监督站', institution, '南湖区', '事业单位', '是', '嘉兴市交通运输局', '李页面', '13957322222'],
  ]
  // The server's answer, kept by the page's XMLHttpRequest as it arrives (Chromium's inspector does not keep
  // the body of this upload's answer, and a routed request loses the file).
  await page.evaluate(() => {
    const send = XMLHttpRequest.prototype.send
    window.__answers = []
    XMLHttpRequest.prototype.send = function (body) {
      this.addEventListener('load', () => window.__answers.push({ url: this.responseURL, status: this.status, text: this.responseText }))
      return send.call(this, body)
    }
  })
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/imports/units'),
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/units' && r.status() === 200), // the list reloads
    page.setInputFiles(sel('units-import-input'), tempFile('单位.xlsx', makeXlsx([HEADER, ...good]))),
  ])
  const answers = await page.evaluate(() => window.__answers)
  const answer = answers.find((x) => new URL(x.url).pathname === '/api/v1/imports/units')
  assert.ok(answer, JSON.stringify(answers))
  answer.json = JSON.parse(answer.text)
  assert.equal(answer.status, 201, answer.text)
  const accounts = answer.json.accounts
  assert.deepEqual(accounts.map((a) => a.login), [enterprise, institution])
  await page.locator('.el-message--success', { hasText: '已导入 2 个单位' }).waitFor()
  assert.equal(await unitTotal(admin), before + 2)

  // The dialog: every unit with its login and initial password, and the warning.
  const dialog = page.locator(sel('units-accounts-dialog'))
  await dialog.waitFor()
  assert.match(await dialog.locator('.el-dialog__title').innerText(), /已导入 2 个单位/)
  const warning = await text(page, 'units-accounts-warning')
  assert.match(warning, /只在此显示一次/)
  assert.match(warning, /授权委托书/)
  const shown = []
  for (let i = 0; i < good.length; i++) {
    const row = {
      name: await text(page, `units-account-name-${i}`),
      login: await text(page, `units-account-login-${i}`),
      password: await text(page, `units-account-password-${i}`),
    }
    assert.equal(row.name, good[i][0])
    assert.equal(row.login, good[i][1])
    assert.equal(row.password, accounts[i].initial_password, 'the password the server gave')
    assert.equal(await page.getAttribute(sel(`units-account-${i}`), 'data-password'), row.password)
    shown.push(row)
  }
  assert.equal(await page.locator(`${sel('units-accounts-table')} .el-table__body-wrapper tr.el-table__row`).count(), 2)

  // Closing before copying or saving asks first; 返回 keeps the dialog.
  await page.click(sel('units-accounts-close'))
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /无法再次查看/)
  await box.locator('button', { hasText: '返回' }).click()
  await box.waitFor({ state: 'hidden' })
  assert.ok(await dialog.isVisible(), 'the dialog stays open')

  // 复制全部: a header and one tab-separated line per unit.
  await page.click(sel('units-accounts-copy'))
  await page.locator('.el-message--success', { hasText: '已复制到剪贴板' }).waitFor()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  assert.deepEqual(copied.split('\n'), ['单位名称\t登录账号\t初始密码', ...shown.map((r) => `${r.name}\t${r.login}\t${r.password}`)])

  // 保存为 CSV: UTF-8 with a BOM, quoted fields.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click(sel('units-accounts-csv'))])
  assert.equal(await csv.failure(), null)
  assert.match(csv.suggestedFilename(), /^单位初始密码-\d{4}-\d{2}-\d{2}\.csv$/)
  const body = readFileSync(await csv.path(), 'utf8')
  assert.ok(body.startsWith('\uFEFF'), 'a BOM for Excel')
  assert.deepEqual(body.slice(1).split('\r\n').filter(Boolean), [
    '"单位名称","登录账号","初始密码"',
    ...shown.map((r) => `"${r.name}","${r.login}","${r.password}"`),
  ])

  // Copied and saved: closing asks nothing.
  await page.click(sel('units-accounts-close'))
  await dialog.waitFor({ state: 'hidden' })
  assert.equal(await page.locator('.el-message-box').count(), 0)

  // The units are in the list (awaiting their letter: the page switched its filter to 待上传 after the
  // import), and sign in with the passwords shown.
  await settled(page, 'review-table')
  await page.fill(sel('review-search'), '页面导入')
  const [listed] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/units' && r.status() === 200),
    page.click(sel('review-search-submit')),
  ])
  assert.equal(new URL(listed.url()).searchParams.get('status'), 'letter_required', 'the filter follows the import')
  await settled(page, 'review-table')
  const codes = await page.locator(`${sel('review-table')} [data-test^="review-actions-"]`).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-test').replace('review-actions-', '')))
  assert.deepEqual([...codes].sort(), [enterprise, institution].sort())
  for (const r of shown) {
    const c = new Client(server.baseUrl)
    const signed = await c.login(r.login, r.password)
    assert.equal(signed.status, 200, `${r.name} signs in with the password shown: ${show(signed)}`)
    const me = await c.get('/api/v1/units/me')
    assert.equal(me.json.unit.status, 'letter_required', 'an imported unit still uploads its letter')
  }
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('a file with wrong rows: the dialog lists the cells the API names, and nothing is imported', async () => {
  const admin = await apiLogin(server, 'admin')
  const before = await unitTotal(admin)
  const bad = makeXlsx([HEADER,
    ['嘉兴页面正确公司', creditCode('91330402MA'), '南湖区', '企业', '否', '', '王页面', '13957333333'],
    ['坏代码公司', '91330402MA000000X0', '南湖区', '企业', '否', '', '王', '13957333334'],
    ['无此地区公司', creditCode('91330402MA'), '火星区', '企业', '否', '', '赵', '13957344444'],
    ['类型不符公司', creditCode('91330402MA'), '南湖区', '事业单位', '否', '', '钱', '13957355555'],
    ['缺主管部门站', creditCode('12330400MB'), '南湖区', '事业单位', '是', '', '孙', '13957366666'],
    ['已注册公司', UNITS.county, '南湖区', '企业', '也许', '', '吴', '1395'],
    ['多一列公司', creditCode('91330402MA'), '南湖区', '企业', '否', '', '郑', '13957377777', '备注'],
  ])
  // What the server says of this file (nothing is imported, so asking it first changes nothing).
  const expected = await importApi(admin, bad)
  assert.equal(expected.status, 422, show(expected))
  assert.equal(expected.json.error.code, 'import_rows_invalid')
  const fields = expected.json.error.fields
  for (const want of ['rows[3].credit_code', 'rows[4].region_code', 'rows[5].unit_type', 'rows[6].competent_department_id',
    'rows[7].city_level', 'rows[7].mobile', 'rows[8].extra'])
    assert.ok(fields.some((f) => f.field === want), `${want} in ${show(expected)}`)
  const lines = fields.map((f) => {
    const [, n, field] = /^rows\[(\d+)\]\.([a-z_]+)/.exec(f.field)
    assert.ok(COLUMN[field], `a column for ${f.field}`)
    return `第 ${n} 行 · ${COLUMN[field]} · ${f.message}`
  })

  const page = await signedIn('admin')
  await unitsPage(page)
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/imports/units'),
    page.setInputFiles(sel('units-import-input'), tempFile('有误.xlsx', bad)),
  ])
  await page.waitForSelector(`${sel('units-import-dialog')} ${sel('units-import-errors')}`)
  assert.match(await page.locator(`${sel('units-import-dialog')} .el-dialog__title`).innerText(), /单位导入失败/)
  assert.equal(await page.getAttribute(sel('units-import-error'), 'data-code'), 'import_rows_invalid')
  assert.ok((await text(page, 'units-import-error')).includes(expected.json.error.message), 'the server\'s message')
  assert.match(await text(page, 'units-import-nothing'), /没有导入任何单位/)
  assert.equal(await page.getAttribute(sel('units-import-count'), 'data-count'), String(fields.length))
  const shownLines = (await page.locator(`${sel('units-import-errors')} li`).allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(shownLines, lines, 'every wrong cell as 第 N 行 · 列 · 说明')
  assert.ok(shownLines.some((s) => s.startsWith('第 4 行 · 所在地区 · ')), shownLines.join('\n'))
  assert.ok(shownLines.some((s) => s.startsWith('第 6 行 · 主管部门 · ')), shownLines.join('\n'))
  assert.ok(shownLines.some((s) => s.startsWith('第 8 行 · 模板以外的列 · ')), shownLines.join('\n'))
  assert.equal(await unitTotal(admin), before, 'nothing imported, not even the good row')
  assert.equal(await page.locator(sel('units-accounts-dialog')).count(), 0, 'no passwords dialog')
  await page.click(sel('units-import-close'))
  await page.locator(sel('units-import-dialog')).waitFor({ state: 'hidden' })

  // The wrong header: the server's message, no list.
  const wrongHeader = makeXlsx([['单位名称', '统一社会信用代码'], ['表头错公司', creditCode('91330402MA')]])
  const refused = await importApi(admin, wrongHeader)
  assert.equal(refused.status, 422, show(refused))
  assert.equal(refused.json.error.code, 'import_wrong_columns')
  await page.setInputFiles(sel('units-import-input'), tempFile('表头.xlsx', wrongHeader))
  await page.locator(`${sel('units-import-error')}[data-code="import_wrong_columns"]`).waitFor()
  assert.equal(await text(page, 'units-import-error'), refused.json.error.message)
  assert.equal(await page.locator(`${sel('units-import-dialog')} ${sel('units-import-errors')}`).count(), 0)
  assert.equal(await unitTotal(admin), before)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('an acceptance point reviews units but is offered no import', async () => {
  const page = await signedIn('ap330402')
  await unitsPage(page)
  assert.ok(await page.locator(sel('review-table')).isVisible())
  assert.equal(await page.locator(sel('units-import')).count(), 0)
  assert.equal(await page.locator(sel('units-template')).count(), 0)
  assert.equal(await page.locator(sel('units-import-input')).count(), 0)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
