// Excel exports of every list page (GET <list>.xlsx, docs/documents.md "Excel exports"), read back with
// tests/lib/xlsx.mjs after a whole review (two certified applications, a complaint): for each list, as a role
// that sees it, the sheet is the list — every item of every page with the same filters, in the same order —
// with its Chinese sheet name, headers, frozen header row, and codes shown by their labels (状态 已通过, 有效,
// …); a filter narrows the sheet as it narrows the list; a bad filter is refused as the list refuses it; a
// role the list refuses is refused the export too. Queue exports have their own test (exports.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, get, post, show, login, UNITS } from '../lib/workflow.mjs';
import { reviewContext, certifiedApplications, itemsOf, ok, publicClient } from '../lib/review.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// What a user of each list page expects in its export: the sheet, the headers, and for every item the cells
// of a few columns (the first is the item's identity on the page).
const LISTS = {
  '/units': { who: 'admin', sheet: '单位', headers: ['单位名称', '统一社会信用代码', '地区', '类型', '市属', '主管部门', '联系人', '联系电话', '授权状态', '授权书上传时间'],
    cells: (u) => ({ 0: u.name, 1: u.credit_code, 2: u.region_name, 4: u.city_level ? '是' : '否', 8: { approved: '已通过', letter_pending: '待审核', letter_required: '待上传', letter_rejected: '已退回' }[u.status] }),
    filter: 'q=禾丰' },
  '/admin/accounts': { who: 'admin', sheet: '账号', headers: ['账号', '姓名', '角色', '地区', '手机号码', '创建时间'],
    cells: (a) => ({ 0: a.login, 1: a.name, 2: { expert: '评审专家', applicant: '申报人', unit: '用人单位', acceptance_point: '受理点', competent_department: '主管部门', committee_office: '评委会办事机构', city_admin: '市人社局管理员' }[a.role] }),
    filter: 'role=expert' },
  '/audit': { who: 'admin', sheet: '审计日志', headers: ['时间', '操作人', '角色', '操作', '对象类型', '对象编号', '摘要', 'IP 地址'],
    cells: (e) => ({ 1: e.actor_login ?? '', 3: e.action, 6: e.summary }) },
  '/unit/archives': { who: UNITS.county, sheet: '业绩档案', headers: ['姓名', '身份证号', '状态', '条目数', '提交时间'],
    cells: (x) => ({ 0: x.name, 1: x.id_number_masked, 2: { draft: '草稿', pending: '待单位审核', approved: '已通过', returned: '已退回' }[x.status], 3: String(x.items_count) }) },
  '/deadline-extensions': { who: 'admin', sheet: '截止时间延期', headers: ['环节', '单位', '地区代码', '延至', '理由', '设置时间'],
    cells: (x) => ({ 1: x.unit_name, 3: x.until, 4: x.reason }) },
  '/experts': { who: 'committee', sheet: '专家库', headers: ['姓名', '身份证号', '职称', '专业类别', '工作单位', '聘期开始', '聘期结束', '启用'],
    cells: (e) => ({ 0: e.name, 1: e.id_number_masked, 2: e.title_name, 3: e.family_names.join('、'), 4: e.unit_name, 7: e.active ? '是' : '否' }) },
  '/review-groups': { who: 'committee', sheet: '评议组', headers: ['评议组', '专业类别', '专家人数', '已抽取专家', '申报数', '状态'],
    cells: (g) => ({ 0: g.name, 1: g.family_name, 2: String(g.size), 4: String(g.applications.length), 5: { drawing: '抽取专家中', reviewing: '评议中' }[g.status] }) },
  '/meetings': { who: 'committee', sheet: '评审会议', headers: ['会议', '日期', '应到委员', '实到委员', '候选人数', '状态'],
    cells: (m) => ({ 0: m.title, 1: m.held_on, 3: String(m.present_count), 4: String(m.candidate_count), 5: { planned: '筹备中', voting: '投票中', closed: '已结束' }[m.status] }) },
  '/result-publicity': { who: 'committee', sheet: '评审结果公示', headers: ['评委会', '公示开始', '公示结束', '公示人数', '异议数', '状态'],
    cells: (p) => ({ 0: p.committee_name, 1: p.start_date, 2: p.end_date, 3: String(p.entries.length), 5: { scheduled: '未开始', open: '公示中', ended: '公示期满', confirmed: '已确认' }[p.status] }) },
  '/certificates': { who: 'committee', sheet: '证书', headers: ['证书编号', '姓名', '资格', '专业', '评委会', '发证日期', '状态', '撤销日期', '撤销原因'],
    cells: (c) => ({ 0: c.number, 1: c.name, 2: c.level_name, 3: c.specialty_name, 5: c.issued_on, 6: c.status === 'valid' ? '有效' : '已撤销' }),
    filter: 'q=傅晓光' },
  '/integrity/records': { who: 'committee', sheet: '诚信记录', headers: ['姓名', '身份证号', '类型', '事由', '依据', '证书编号', '申报编号', '开始日期', '结束日期', '有效'],
    cells: (r) => ({ 0: r.name, 1: r.id_number_masked, 3: r.reason }) },
  '/cases': { who: 'committee', sheet: '复查与投诉', headers: ['类型', '标题', '申报编号', '提出人', '状态', '结论', '答复意见', '提出时间', '办结时间'],
    cells: (k) => ({ 0: { complaint: '投诉', re_examination: '复查申请' }[k.kind], 1: k.subject, 2: k.application_number, 3: k.filed_by_name, 4: { open: '待处理', closed: '已办结' }[k.status] }) },
};

async function wholeList(c, path, query) {
  const items = [];
  let after = null;
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams(query);
    q.set('page_size', '7'); // several pages even for short lists
    if (after) q.set('after', after);
    const r = await get(c, `${path}?${q}`);
    assert.equal(r.status, 200, `GET ${path}?${q}: ${show(r)}`);
    if (Array.isArray(r.json)) return r.json;
    items.push(...r.json.items);
    if (!r.json.next_cursor) return items;
    after = r.json.next_cursor;
  }
  assert.fail(`${path}: more than 100 pages`);
}

async function sheetOf(c, path, query, what) {
  const r = await get(c, `${path}.xlsx${query ? `?${query}` : ''}`);
  assert.equal(r.status, 200, `${what}: ${show(r)}`);
  assert.equal(r.headers.get('content-type'), XLSX_TYPE, what);
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(r.headers.get('content-disposition') ?? '');
  assert.ok(star, `${what}: a file name`);
  return { x: readXlsx(r.bytes), file: decodeURIComponent(star[1]) };
}

function assertSheetIsList(spec, x, items, what) {
  assert.equal(x.sheetName, spec.sheet, what);
  assert.deepEqual(x.rows[0], spec.headers, `${what}: the Chinese headers`);
  assert.equal(x.frozenRows, 1, `${what}: the header row is frozen`);
  assert.equal(x.rows.length - 1, items.length, `${what}: one row per item of the list (${items.length})`);
  items.forEach((item, i) => {
    for (const [col, want] of Object.entries(spec.cells(item))) {
      assert.equal(x.rows[i + 1][col] ?? '', want ?? '', `${what}: row ${i + 1}, ${spec.headers[col]} of ${JSON.stringify(item).slice(0, 300)}`);
    }
  });
}

test('every list page exports what it lists, page after page, with its filters, Chinese headers and labels; refusals are the list\'s', () => withServer(async (server) => {
  const ctx = await reviewContext(server);
  const { items } = await certifiedApplications(server, [
    { unit: 'county', specialty: 'environmental_engineering', name: '傅晓光' },
    { unit: 'county', specialty: 'environmental_monitoring', name: '邹雨涵' },
  ]);
  ok(await post(items[0].applicant, '/cases', { kind: 'complaint', application_id: items[0].app.id, subject: '导出用投诉', content: '投诉内容。' }),
    'a complaint', 201);

  const spec = await publicClient(server).get('/api/v1/openapi.json');
  const exported = Object.keys(spec.json.paths).filter((p) => p.endsWith('.xlsx') && !p.includes('/import-templates/')).map((p) => p.replace(/^\/api\/v1/, '').replace(/\.xlsx$/, ''));
  assert.deepEqual(exported.filter((p) => p !== '/queue').sort(), Object.keys(LISTS).sort(), 'every exportable list is tested here');

  const clients = {};
  const as = async (who) => (clients[who] ??= await login(server, who));
  for (const [path, s] of Object.entries(LISTS)) {
    const c = await as(s.who);
    const items = await wholeList(c, path, '');
    const { x, file } = await sheetOf(c, path, '', `${s.who} ${path}.xlsx`);
    assert.equal(file, `${s.sheet}.xlsx`, `${path}: the file is named after the list`);
    assertSheetIsList(s, x, items, `${s.who} ${path}.xlsx`);
    if (s.filter) {
      const narrowed = await wholeList(c, path, s.filter);
      assert.ok(narrowed.length > 0 && narrowed.length < items.length, `${path}?${s.filter} narrows the list (${narrowed.length} of ${items.length})`);
      assertSheetIsList(s, (await sheetOf(c, path, s.filter, `${path}.xlsx?${s.filter}`)).x, narrowed, `${path}.xlsx?${s.filter}`);
    }
  }
  // The lists were not empty where the review left something to list.
  for (const path of ['/units', '/experts', '/review-groups', '/meetings', '/result-publicity', '/certificates', '/cases', '/unit/archives']) {
    const c = await as(LISTS[path].who);
    assert.ok((await wholeList(c, path, '')).length > 0, `${path} has items`);
  }

  // The status filters of the review lists are the server's, so an export holds what the page's filter shows.
  const office = await as('committee');
  const filtered = [['/certificates', 'status=valid', 2], ['/certificates', 'status=revoked', 0], ['/cases', 'status=open', 1],
    ['/cases', 'kind=complaint', 1], ['/cases', 'kind=re_examination', 0], ['/integrity/records', 'in_force=true', 0]];
  for (const [path, f, n] of filtered) {
    const listed = await wholeList(office, path, f);
    assert.equal(listed.length, n, `${path}?${f}`);
    assertSheetIsList(LISTS[path], (await sheetOf(office, path, f, `${path}.xlsx?${f}`)).x, listed, `${path}.xlsx?${f}`);
  }
  for (const [path, f] of [['/certificates', 'status=lost'], ['/cases', 'kind=other'], ['/integrity/records', 'in_force=maybe']]) {
    const r = await get(office, `${path}.xlsx?${f}`);
    assert.equal(r.status, 422, `${path}.xlsx?${f}: ${show(r)}`);
    assert.equal(r.json.error.fields[0].code, 'unknown_code');
  }

  // Refusals: a bad filter as the list answers it; a role the list refuses; nobody.
  const bad = await get(await as('admin'), '/audit.xlsx?page=2');
  const badList = await get(await as('admin'), '/audit?page=2');
  assert.equal(bad.status, 422, show(bad));
  assert.equal(bad.json?.error?.code, badList.json?.error?.code, 'the same refusal as the list');
  const applicant = items[0].applicant;
  for (const path of ['/units', '/experts', '/certificates', '/audit']) {
    const list = await get(applicant, path);
    const sheet = await get(applicant, `${path}.xlsx`);
    assert.equal(sheet.status, list.status, `an applicant's ${path}.xlsx answers as ${path} does: ${show(sheet)}`);
    assert.ok(sheet.status === 403 || sheet.status === 404, show(sheet));
  }
  const anonymous = await publicClient(server).get('/api/v1/experts.xlsx');
  assert.equal(anonymous.status, 401, show(anonymous));
}));
