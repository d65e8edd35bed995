// The working-day calendar over HTTP: public reading and counting, and the city admin's changes (validated
// all at once, audited, kept in the database and never written back to the data files), including the
// import of a new year's calendar file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, bin, calendarsDir } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

const client = (opts) => new Client(server.baseUrl, opts);
const calendarFile2022 = readFileSync(join(calendarsDir, '2022.toml'), 'utf8');

// 国务院办公厅关于 2024 年部分节假日安排的通知 (国办发明电〔2023〕7号).
const calendar2024 = `# Working-day calendar 2024
year = 2024
source = "国办发明电〔2023〕7号"

holidays = [
  { date = 2024-01-01, name = "元旦" },
  { from = 2024-02-10, to = 2024-02-17, name = "春节" },
  { from = 2024-04-04, to = 2024-04-06, name = "清明节" },
  { from = 2024-05-01, to = 2024-05-05, name = "劳动节" },
  { date = 2024-06-10, name = "端午节" },
  { from = 2024-09-15, to = 2024-09-17, name = "中秋节" },
  { from = 2024-10-01, to = 2024-10-07, name = "国庆节" },
]

makeup_workdays = [
  { date = 2024-02-04, name = "春节调休" },
  { date = 2024-02-18, name = "春节调休" },
  { date = 2024-04-07, name = "清明节调休" },
  { date = 2024-04-28, name = "劳动节调休" },
  { date = 2024-05-11, name = "劳动节调休" },
  { date = 2024-09-14, name = "中秋节调休" },
  { date = 2024-09-29, name = "国庆节调休" },
  { date = 2024-10-12, name = "国庆节调休" },
]
`;

const workingDays = (from, days) => client().get(`/api/v1/calendars/working-days?from=${from}&days=${days}`);
const isWorkingDay = (date) => client().get(`/api/v1/calendars/is-working-day?date=${date}`);

// ---- reading (public) -----------------------------------------------------------------------------

test('the calendar list has 2022 and 2023, 249 working days each', async () => {
  const r = await client().get('/api/v1/calendars');
  assert.equal(r.status, 200);
  const byYear = Object.fromEntries(r.json.items.map((y) => [y.year, y]));
  assert.deepEqual(Object.keys(byYear), ['2022', '2023']);
  assert.equal(byYear[2022].working_days, 249);
  assert.equal(byYear[2023].working_days, 249);
  assert.equal(byYear[2022].source, '国办发明电〔2021〕11号');
  assert.equal(byYear[2022].holidays, 3 + 7 + 3 + 5 + 3 + 3 + 7);
  assert.equal(byYear[2022].makeup_workdays, 7);
});

test('a year lists its days one by one, with make-up working days', async () => {
  const r = await client().get('/api/v1/calendars/2022');
  assert.equal(r.status, 200);
  assert.equal(r.json.year, 2022);
  assert.equal(r.json.working_days, 249);
  assert.ok(r.json.makeup_workdays.some((d) => d.date === '2022-10-08' && d.name === '国庆节调休'),
    JSON.stringify(r.json.makeup_workdays));
  assert.ok(r.json.holidays.some((d) => d.date === '2022-10-05' && d.name === '国庆节'), 'ranges are expanded');
  const dates = r.json.holidays.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort(), 'sorted');
  assert.equal((await client().get('/api/v1/calendars/2024')).status, 404);
});

test('working days are counted from the start day, across the year end', async () => {
  for (const [from, end] of [['2022-08-31', '2022-09-06'], ['2022-09-06', '2022-09-13'], ['2022-09-07', '2022-09-14'],
    ['2022-09-28', '2022-10-09'], ['2022-12-27', '2023-01-03']]) {
    const r = await workingDays(from, 5);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json, { from, days: 5, end });
  }
});

test('working days between two dates include both ends', async () => {
  const sept = await client().get('/api/v1/calendars/working-days-between?from=2022-09-01&to=2022-09-30');
  assert.equal(sept.status, 200);
  assert.deepEqual(sept.json, { from: '2022-09-01', to: '2022-09-30', working_days: 21 });  // 22 weekdays − 中秋
  const year = await client().get('/api/v1/calendars/working-days-between?from=2022-01-01&to=2022-12-31');
  assert.equal(year.json.working_days, 249);
  const beyond = await client().get('/api/v1/calendars/working-days-between?from=2023-12-01&to=2024-01-31');
  assert.equal(beyond.status, 422);
  assert.equal(beyond.json.error.code, 'calendar_year_missing');
});
test('a working-day query with bad parameters names them', async () => {
  const r = await client().get('/api/v1/calendars/working-days?from=2022-02-30&days=0');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.error.fields.map((f) => f.field).sort(), ['days', 'from']);
});

test('one day: holiday, make-up working day, weekend', async () => {
  const mid = await isWorkingDay('2022-09-12');
  assert.equal(mid.status, 200);
  assert.equal(mid.json.date, '2022-09-12');
  assert.equal(mid.json.working_day, false);
  assert.equal(mid.json.kind, 'holiday');
  assert.equal(mid.json.name, '中秋节');
  const makeup = await isWorkingDay('2022-10-08');
  assert.equal(makeup.json.working_day, true);
  assert.equal(makeup.json.kind, 'makeup_workday');
  assert.equal(makeup.json.name, '国庆节调休');
  const sat = await isWorkingDay('2022-10-15');
  assert.equal(sat.json.working_day, false);
  assert.equal(sat.json.kind, 'weekend');
  const mon = await isWorkingDay('2022-08-01');
  assert.equal(mon.json.working_day, true);
  assert.equal(mon.json.kind, 'workday');
});

test('a year not covered is 422 calendar_year_missing', async () => {
  const day = await isWorkingDay('2024-01-02');
  assert.equal(day.status, 422, JSON.stringify(day.json));
  assert.equal(day.json.error.code, 'calendar_year_missing');
  const period = await workingDays('2023-12-27', 5);
  assert.equal(period.status, 422);
  assert.equal(period.json.error.code, 'calendar_year_missing');
});

// ---- changes (city admin) ------------------------------------------------------------------------------

test('changing a year needs a session, and the city admin role', async () => {
  const current = (await client().get('/api/v1/calendars/2022')).json;
  const body = { source: current.source, holidays: current.holidays, makeup_workdays: current.makeup_workdays, reason: '测试' };
  const anon = await client().request('PUT', '/api/v1/calendars/2022', { json: body });
  assert.equal(anon.status, 401);
  const applicant = client();
  assert.equal((await applicant.login('330402198803142019')).status, 200);
  const r = await applicant.request('PUT', '/api/v1/calendars/2022', { json: body });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
  const imp = await applicant.post('/api/v1/calendars/import', { toml: calendar2024, reason: '测试' });
  assert.equal(imp.status, 403);
  assert.equal((await client().get('/api/v1/calendars/2024')).status, 404);
});

test('an invalid change names every problem and changes nothing', async () => {
  const admin = client();
  await admin.login('admin');
  const before = await client().get('/api/v1/calendars/2022');
  const { source, holidays, makeup_workdays: makeups } = before.json;
  const body = {
    source,
    holidays: [...holidays, { date: '2023-01-05', name: '错年' }],
    makeup_workdays: [...makeups, { date: '2022-09-13', name: '周二调休' }, { date: '2022-10-01', name: '与国庆冲突' }],
  };
  const r = await admin.request('PUT', '/api/v1/calendars/2022', { json: body });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.equal(r.json.error.code, 'validation_failed');
  const fields = r.json.error.fields.map((f) => [f.field, f.code, f.reason ?? '']);
  assert.deepEqual(fields.sort(), [
    [`holidays[${holidays.length}].date`, 'out_of_range', 'date_outside_year'],
    [`makeup_workdays[${makeups.length}].date`, 'out_of_range', 'makeup_not_weekend'],
    [`makeup_workdays[${makeups.length + 1}].date`, 'day_conflict', ''],
    ['reason', 'required', 'change_reason_required'],
  ].sort());
  const after = await client().get('/api/v1/calendars/2022');
  assert.deepEqual(after.json, before.json);
  assert.equal((await workingDays('2022-09-07', 5)).json.end, '2022-09-14');
});

test('a change with a misspelt or missing key, or a nameless day, is refused and never empties the year', async () => {
  // Its own server: if a bad change got through, it must not spoil the tests that follow.
  const own = await startServer({ demo: true });
  try {
    const admin = new Client(own.baseUrl);
    await admin.login('admin');
    const before = (await admin.get('/api/v1/calendars/2022')).json;
    const { source, holidays, makeup_workdays: makeups } = before;
    const misspelt = await admin.request('PUT', '/api/v1/calendars/2022', {
      json: { source, holiday: holidays, makeup_workdays: makeups, reason: '测试' } });
    assert.equal(misspelt.status, 422, JSON.stringify(misspelt.json)?.slice(0, 300));
    assert.deepEqual(misspelt.json.error.fields.map((f) => [f.field, f.code]).sort(),
      [['holiday', 'unknown_field'], ['holidays', 'required']]);
    const missing = await admin.request('PUT', '/api/v1/calendars/2022', { json: { source, reason: '测试' } });
    assert.equal(missing.status, 422, JSON.stringify(missing.json)?.slice(0, 300));
    assert.deepEqual(missing.json.error.fields.map((f) => f.field).sort(), ['holidays', 'makeup_workdays']);
    const nameless = await admin.request('PUT', '/api/v1/calendars/2022', {
      json: { source, holidays: [...holidays, { date: '2022-09-09' }], makeup_workdays: makeups, reason: '测试' } });
    assert.equal(nameless.status, 422, JSON.stringify(nameless.json)?.slice(0, 300));
    assert.deepEqual(nameless.json.error.fields.map((f) => [f.field, f.code]), [[`holidays[${holidays.length}].name`, 'required']]);
    assert.deepEqual((await admin.get('/api/v1/calendars/2022')).json, before);
  } finally {
    await own.stop();
  }
});

test('a valid change takes effect at once, is audited, and leaves the data file alone', async () => {
  const admin = client();
  await admin.login('admin');
  const { source, holidays, makeup_workdays } = (await client().get('/api/v1/calendars/2022')).json;
  const r = await admin.request('PUT', '/api/v1/calendars/2022', { json: {
    source, holidays: [...holidays, { date: '2022-09-09', name: '测试' }], makeup_workdays, reason: '测试：增加一天假日' } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.year, 2022);
  assert.equal(r.json.working_days, 248);
  assert.ok(r.json.holidays.some((d) => d.date === '2022-09-09' && d.name === '测试'));
  assert.equal(r.json.updated_by, 'admin');

  assert.equal((await workingDays('2022-09-07', 5)).json.end, '2022-09-15');
  const day = await isWorkingDay('2022-09-09');
  assert.equal(day.json.working_day, false);
  assert.equal(day.json.name, '测试');
  const list = await client().get('/api/v1/calendars');
  assert.equal(list.json.items.find((y) => y.year === 2022).working_days, 248);

  const audit = await admin.get('/api/v1/audit?action=calendar.update');
  assert.equal(audit.status, 200);
  assert.ok(audit.json.items.length >= 1, JSON.stringify(audit.json));
  assert.ok(audit.json.items.every((e) => e.action.startsWith('calendar.update')));
  const entry = audit.json.items[0];
  assert.equal(entry.actor_login, 'admin');
  assert.equal(entry.role, 'city_admin');
  assert.equal(entry.object_type, 'calendar');
  assert.equal(entry.object_id, '2022');
  assert.match(entry.summary, /测试：增加一天假日/);

  assert.equal(readFileSync(join(calendarsDir, '2022.toml'), 'utf8'), calendarFile2022, 'data file untouched');
});

test('importing a calendar file adds its year', async () => {
  const admin = client();
  await admin.login('admin');
  const r = await admin.post('/api/v1/calendars/import', { toml: calendar2024, reason: '2024 年节假日安排发布' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.year, 2024);
  assert.equal(r.json.source, '国办发明电〔2023〕7号');
  assert.equal(r.json.working_days, 251);
  assert.equal(r.json.holidays.length, 1 + 8 + 3 + 5 + 1 + 3 + 7);
  assert.equal(r.json.makeup_workdays.length, 8);

  const years = (await client().get('/api/v1/calendars')).json.items.map((y) => y.year);
  assert.deepEqual(years, [2022, 2023, 2024]);
  const period = await workingDays('2023-12-27', 5);
  assert.equal(period.status, 200);
  assert.equal(period.json.end, '2024-01-03');
  const spring = await isWorkingDay('2024-02-18');
  assert.equal(spring.json.working_day, true);
  assert.equal(spring.json.kind, 'makeup_workday');

  const audit = await admin.get('/api/v1/audit?action=calendar');
  const imported = audit.json.items.find((e) => e.object_type === 'calendar' && e.object_id === '2024');
  assert.ok(imported, JSON.stringify(audit.json.items));
  assert.equal(imported.actor_login, 'admin');
  assert.match(imported.summary, /2024 年节假日安排发布/);
});

test('importing a broken file is 422 toml_syntax and adds nothing', async () => {
  const admin = client();
  await admin.login('admin');
  const broken = calendar2024.replace('year = 2024', 'year = 2025').replace('{ date = 2024-06-10, name = "端午节" },',
    '{ date = 2025-06-10, name = "端午节" ').replace(/2024-/g, '2025-');
  const r = await admin.post('/api/v1/calendars/import', { toml: broken, reason: '测试' });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.equal(r.json.error.code, 'validation_failed');
  assert.ok(r.json.error.fields.some((f) => f.code === 'invalid_format' && f.reason === 'toml_syntax'), JSON.stringify(r.json.error.fields));
  const calendar2025 = 'year = 2025\nsource = "国办发明电〔2024〕12号"\n' +
    'holidays = [{ date = 2025-01-01, name = "元旦" }]\nmakeup_workdays = [{ date = 2025-01-26, name = "春节调休" }]\n';
  const noReason = await admin.post('/api/v1/calendars/import', { toml: calendar2025, reason: '' });
  assert.equal(noReason.status, 422);
  assert.deepEqual(noReason.json.error.fields.map((f) => [f.field, f.code, f.reason]), [['reason', 'required', 'change_reason_required']]);
  const years = (await client().get('/api/v1/calendars')).json.items.map((y) => y.year);
  assert.ok(!years.includes(2025), JSON.stringify(years));
});

test('the audit chain is intact after the calendar changes', () => {
  const r = spawnSync(bin, ['verify-audit', '--db', server.dbUrl], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /intact/);
});
