// Eligibility end to end: the example profiles through the command line and over HTTP, strict reading of
// profiles and campaign files (every bad field named at once), the working-day calendar on the command
// line, the public campaign description and the rate limit of the public self-check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, bin, repoRoot, calendarsDir } from '../lib/server.mjs';

const campaignFile = join(repoRoot, 'data', 'campaigns', 'jiaxing-2022-engineering.toml');
const examplesDir = join(repoRoot, 'docs', 'examples', 'profiles');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
const example = (name) => JSON.parse(readFileSync(join(examplesDir, name), 'utf8'));

// The file name states the expected answer: `eligible-<path>-…`, `exceptional-…` or `ineligible-…`.
function expectedFromName(file) {
  const [verdict, second] = file.replace(/\.json$/, '').split('-');
  if (verdict === 'eligible') return { verdict, path: second };
  if (verdict === 'exceptional') return { verdict, path: 'exceptional' };
  if (verdict === 'ineligible') return { verdict, path: null };
  throw new Error(`example ${file} does not start with a verdict`);
}

// What each example that is not eligible must be refused for (the rule the file is about).
const unmetByExample = {
  'exceptional-secondary-vocational.json': ['regular.education'],
  'exceptional-bachelor-years-short.json': ['regular.years'],
  'ineligible-years-short-bachelor-assistant.json': ['regular.years'],
  'ineligible-excluded-specialty.json': ['general.specialty'],
  'ineligible-retired.json': ['general.not_retired'],
  'ineligible-integrity-record.json': ['general.integrity'],
  'ineligible-ce-short.json': ['general.continuing_education'],
};

let tmp;
before(() => { tmp = mkdtempSync(join(tmpdir(), 'zhicheng-elig-')); });
after(() => { rmSync(tmp, { recursive: true, force: true }); });

function run(args) {
  return spawnSync(bin, args, { cwd: repoRoot, encoding: 'utf8' });
}

// As a user runs it from the repository: the calendars default to data/calendars.
function cliEligibility(profileFile, { campaign = 'data/campaigns/jiaxing-2022-engineering.toml', asOf = '2022-08-01' } = {}) {
  return run(['eligibility', '--campaign', campaign, '--as-of', asOf, profileFile]);
}

// Problems are printed one per line as `  field: message (code) — detail`; this checks that `field` itself
// (not merely a longer path that ends with it) is named on a line with `code`.
function namesField(stderr, field, code = '[a-z_]+') {
  const esc = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*${esc}: .*\\(${code}\\)`, 'm').test(stderr);
}

function assertDecisionShape(d, label) {
  assert.equal(d.campaign.id, 'jiaxing-2022-engineering', label);
  assert.equal(d.as_of, '2022-08-01', label);
  assert.equal(d.cut_off, '2022-12-31', label);
  assert.deepEqual(d.paths.map((p) => p.path), ['regular', 'skill', 'direct', 'exceptional'], label);
  for (const p of d.paths) assert.ok(['met', 'unmet', 'not_applicable'].includes(p.outcome), `${label}: ${p.path}`);
  assert.ok(d.summary.zh && d.summary.en, `${label}: summary in both languages`);
  assert.ok(d.reasons.length > 0, label);
  for (const r of d.reasons) {
    const what = `${label}: reason ${JSON.stringify(r)}`;
    assert.match(r.code, /^(general|regular|skill|direct|exceptional|timeline)\.[a-z_]+$/, what);
    assert.ok(['met', 'unmet', 'info'].includes(r.status), what);
    assert.equal(typeof r.clause, 'string', what);
    assert.ok(r.clause.length > 0, what);
    assert.ok(typeof r.message?.zh === 'string' && r.message.zh.length > 0, what);
    assert.ok(typeof r.message?.en === 'string' && r.message.en.length > 0, what);
  }
  if (d.verdict === 'eligible') {
    assert.equal(d.paths.find((p) => p.path === d.path).outcome, 'met', label);
  }
  if (d.verdict === 'ineligible') {
    assert.ok(d.reasons.some((r) => r.status === 'unmet'), `${label}: an ineligible decision says why`);
  }
}

// ---- the command line ------------------------------------------------------------------------------

test('the examples directory has the expected spread of verdicts and paths', () => {
  assert.ok(examples.length >= 8 && examples.length <= 12, `${examples.length} examples`);
  const kinds = new Set(examples.map((f) => {
    const e = expectedFromName(f);
    return `${e.verdict}/${e.path}`;
  }));
  for (const k of ['eligible/regular', 'eligible/skill', 'eligible/direct', 'exceptional/exceptional', 'ineligible/null']) {
    assert.ok(kinds.has(k), k);
  }
});

for (const file of examples) {
  test(`CLI: ${file} is decided as its name says`, () => {
    const want = expectedFromName(file);
    const r = cliEligibility(join('docs', 'examples', 'profiles', file));
    assert.equal(r.status, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.verdict, want.verdict, JSON.stringify(d.reasons.filter((x) => x.status === 'unmet')));
    assert.equal(d.path, want.path);
    assertDecisionShape(d, file);
    assert.equal(d.level.code, example(file).level);
    for (const code of unmetByExample[file] || []) {
      const reason = d.reasons.find((x) => x.code === code);
      assert.ok(reason, `${file}: reason ${code} present`);
      assert.equal(reason.status, 'unmet', `${file}: ${code}`);
    }
    if (want.verdict === 'eligible') {
      assert.ok(!d.reasons.some((x) => x.group === 'general' && x.status === 'unmet'), file);
    }
  });
}

test('CLI: years short are answered with the day they would be met', () => {
  const r = cliEligibility(join(examplesDir, 'ineligible-years-short-bachelor-assistant.json'));
  assert.equal(r.status, 0, r.stderr);
  const years = JSON.parse(r.stdout).reasons.find((x) => x.code === 'regular.years');
  assert.equal(years.earliest_date, '2023-06-30');
  const ex = JSON.parse(cliEligibility(join(examplesDir, 'exceptional-bachelor-years-short.json')).stdout);
  assert.equal(ex.reasons.find((x) => x.code === 'regular.years').earliest_date, '2023-05-20');
});

test('CLI: a malformed profile exits 2 and names every bad field at once', () => {
  const file = join(tmp, 'bad-profile.json');
  writeFileSync(file, JSON.stringify({
    level: 'chief_engineer',
    specialty: 'chemical_process',
    colour: 'blue',
    education: [{ level: 'bachelor', technician_school_class: 'senior_worker_class', graduated: '2012-06-30' }],
    titles: [{ level: 'assistant_engineer', obtained: '2022-02-30' }],
  }));
  const r = cliEligibility(file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stdout.trim(), '', 'no decision is printed');
  for (const [field, code] of [['level', 'unknown_code'], ['colour', 'unknown_field'], ['titles[0].obtained', 'invalid_date']]) {
    assert.ok(namesField(r.stderr, field, code), `${field} (${code}) in:\n${r.stderr}`);
  }
  assert.match(r.stderr, /^\s*education\[0\]\S*: /m);
});

test('CLI: a profile that is not JSON exits 2', () => {
  const file = join(tmp, 'not-json.json');
  writeFileSync(file, '{"level": "engineer",');
  const r = cliEligibility(file);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.notEqual(r.stderr.trim(), '');
});

const realCampaign = readFileSync(campaignFile, 'utf8');

test('CLI: the real campaign file checks out', () => {
  const r = run(['campaign', 'check', campaignFile]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\bok\b/);
});

test('CLI: a malformed campaign file exits 2 naming every bad key, for eligibility and campaign check', () => {
  assert.match(realCampaign, /\n\[paper_materials\]\n/);
  const broken = realCampaign
    .replace('timezone = "Asia/Shanghai"\n', 'timezone = "Asia/Shanghai"\ndeadline_extension = 3\n')
    .replace('county = 2022-09-30\n', 'county = 2022-09-30\nexpert = 2022-10-15\n')
    .replace('unit = 2022-09-14\n', 'unit = 2022-08-15\n')
    .replace(/\n\[paper_materials\]\n[\s\S]*$/, '\n');
  assert.notEqual(broken, realCampaign);
  const file = join(tmp, 'broken-campaign.toml');
  writeFileSync(file, broken);
  const check = run(['campaign', 'check', file]);
  assert.equal(check.status, 2, check.stdout + check.stderr);
  const elig = cliEligibility(join(examplesDir, 'eligible-regular-bachelor-engineer.json'), { campaign: file });
  assert.equal(elig.status, 2, elig.stdout + elig.stderr);
  assert.equal(elig.stdout.trim(), '');
  for (const r of [check, elig]) {
    for (const [key, code] of [['deadline_extension', 'unknown_field'], ['deadlines.expert', 'unknown_field'],
      ['deadlines.unit', 'date_order'], ['paper_materials', 'required']]) {
      assert.ok(namesField(r.stderr, key, code), `${key} (${code}) in:\n${r.stderr}`);
    }
  }
});

test('CLI: an impossible date in a campaign file is named by its key', () => {
  const file = join(tmp, 'bad-date.toml');
  writeFileSync(file, realCampaign.replace('cut_off = 2022-12-31', 'cut_off = 2022-13-01'));
  for (const r of [run(['campaign', 'check', file]), cliEligibility(join(examplesDir, 'ineligible-retired.json'), { campaign: file })]) {
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.ok(namesField(r.stderr, 'cut_off', 'toml_syntax'), r.stderr);
  }
});

test('serve refuses to start with a broken campaign file and names its key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-campaigns-'));
  try {
    writeFileSync(join(dir, 'jiaxing-2022-engineering.toml'), realCampaign.replace('cut_off = 2022-12-31', 'cut_off = 2022-13-01'));
    const r = spawnSync(bin, ['serve', '--db', `sqlite:${join(dir, 'z.db')}`, '--listen', '127.0.0.1:0',
      '--campaigns', dir, '--calendars', calendarsDir], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /listening/);
    assert.match(r.stderr, /jiaxing-2022-engineering\.toml: cut_off/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- the working-day calendar on the command line -----------------------------------------------------

function calendarCli(...args) {
  return run(['calendar', '--calendars', calendarsDir, ...args]);
}

test('CLI: is-working-day names make-up days, holidays and weekends', () => {
  const makeup = calendarCli('is-working-day', '2022-10-08');
  assert.equal(makeup.status, 0, makeup.stderr);
  assert.equal(makeup.stdout.trim(), '2022-10-08 working day (make-up working day 国庆节调休)');
  const holiday = calendarCli('is-working-day', '2022-10-03');
  assert.equal(holiday.status, 0, holiday.stderr);
  assert.equal(holiday.stdout.trim(), '2022-10-03 rest day (holiday 国庆节)');
  const midAutumn = calendarCli('is-working-day', '2022-09-12');
  assert.equal(midAutumn.stdout.trim(), '2022-09-12 rest day (holiday 中秋节)');
  const saturday = calendarCli('is-working-day', '2022-10-15');
  assert.equal(saturday.status, 0);
  assert.match(saturday.stdout, /^2022-10-15 rest day\b/);
  const monday = calendarCli('is-working-day', '2022-08-01');
  assert.equal(monday.status, 0);
  assert.match(monday.stdout, /^2022-08-01 working day\b/);
});

test('CLI: a year the calendar does not cover is an error naming the year', () => {
  const r = calendarCli('is-working-day', '2024-01-02');
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /2024/);
  const n = calendarCli('nth-working-day', '--from', '2023-12-27', '--days', '5');
  assert.equal(n.status, 2, n.stdout + n.stderr);
  assert.match(n.stderr, /2024/);
});

test('CLI: nth-working-day gives the examples of the rules', () => {
  for (const [from, end] of [['2022-08-31', '2022-09-06'], ['2022-09-06', '2022-09-13'], ['2022-09-07', '2022-09-14'],
    ['2022-09-28', '2022-10-09'], ['2022-12-27', '2023-01-03']]) {
    const r = calendarCli('nth-working-day', '--from', from, '--days', '5');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), end, from);
  }
});

test('CLI: working-days-between counts both ends', () => {
  const y = calendarCli('working-days-between', '--from', '2022-01-01', '--to', '2022-12-31');
  assert.equal(y.status, 0, y.stderr);
  assert.match(y.stdout, /\b249\b/);
  const w = calendarCli('working-days-between', '--from', '2022-09-07', '--to', '2022-09-14');
  assert.match(w.stdout, /(^|\s)5(\s|$)/);
});

// ---- HTTP -------------------------------------------------------------------------------------------

let server;
// This file sends some 50 checks from one address; the default limit (60 a minute) is tested on its own server.
before(async () => { server = await startServer({ demo: false, args: ['--eligibility-rate', '600'] }); });
after(async () => { await server?.stop(); });

const check = (profile, { lang, campaign } = {}) => new Client(server.baseUrl, lang ? { lang } : {})
  .post('/api/v1/eligibility/check', { as_of: '2022-08-01', profile, ...(campaign ? { campaign } : {}) });

test('HTTP: example profiles get the verdict, path and reasons of the command line', async () => {
  for (const file of ['eligible-regular-bachelor-engineer.json', 'eligible-skill-technician-grade.json',
    'eligible-direct-national-expert.json', 'exceptional-secondary-vocational.json', 'ineligible-excluded-specialty.json',
    'ineligible-years-short-bachelor-assistant.json']) {
    const r = await check(example(file));
    assert.equal(r.status, 200, `${file}: ${JSON.stringify(r.json)}`);
    const want = expectedFromName(file);
    assert.equal(r.json.verdict, want.verdict, file);
    assert.equal(r.json.path, want.path, file);
    assertDecisionShape(r.json, file);
    const cli = JSON.parse(cliEligibility(join(examplesDir, file)).stdout);
    assert.deepEqual(r.json.reasons.map((x) => [x.code, x.status]), cli.reasons.map((x) => [x.code, x.status]), file);
  }
});

test('HTTP: a years-short case carries earliest_date', async () => {
  const r = await check(example('exceptional-bachelor-years-short.json'));
  assert.equal(r.status, 200);
  const years = r.json.reasons.find((x) => x.code === 'regular.years');
  assert.equal(years.status, 'unmet');
  assert.equal(years.earliest_date, '2023-05-20');
  assert.equal(years.earliest_in, 'later_campaign', 'met after this campaign\'s applicant deadline: a later campaign, not a day to wait for');
  assert.equal(years.params.since, '2019-05-20');
  assert.equal(r.json.verdict, 'exceptional');
  assert.deepEqual(r.json.lacking.map((l) => l.code), ['regular.years']);
  assert.equal(r.json.reasons.find((x) => x.code === 'regular.education').status, 'met');
});

test('HTTP: the exceptional route lists what is lacking and the approval form', async () => {
  const r = await check(example('exceptional-secondary-vocational.json'));
  assert.equal(r.status, 200);
  assert.equal(r.json.verdict, 'exceptional');
  assert.equal(r.json.path, 'exceptional');
  assert.ok(r.json.lacking.length > 0);
  for (const l of r.json.lacking) {
    assert.ok(l.code && l.message.zh && l.message.en, JSON.stringify(l));
    assert.equal(r.json.reasons.find((x) => x.code === l.code)?.status, 'unmet', `${l.code} is an unmet reason`);
  }
  // 中专 gives no regular path to 工程师, while 8 years as 助理工程师 are more than the years asked: the
  // committee must be told that the education is lacking, not the years.
  assert.deepEqual(r.json.lacking.map((l) => l.code), ['regular.education']);
  assert.equal(r.json.reasons.find((x) => x.code === 'regular.years')?.status === 'unmet', false,
    'the years are not what is lacking');
  assert.ok(r.json.required_forms.some((f) => f.name === '破格推荐中级专业技术职务任职资格审批表' && f.attachment === '附件 4'),
    JSON.stringify(r.json.required_forms));
  assert.equal(r.json.committee.name, '嘉兴市工程技术中级专业技术资格评审委员会');
  // An eligible applicant needs no approval form and lacks nothing.
  const ok = await check(example('eligible-regular-bachelor-engineer.json'));
  assert.deepEqual(ok.json.lacking, []);
  assert.ok(!ok.json.required_forms.some((f) => f.name === '破格推荐中级专业技术职务任职资格审批表'));
});

test('HTTP: the language of the request does not change the decision', async () => {
  for (const file of ['exceptional-bachelor-years-short.json', 'ineligible-ce-short.json']) {
    const zh = await check(example(file), { lang: 'zh-CN' });
    const en = await check(example(file), { lang: 'en' });
    assert.equal(zh.status, 200);
    assert.deepEqual(en.json, zh.json, file);
  }
});

// A bachelor engineer applicant who meets everything; each case changes one fact.
const ce4 = [2019, 2020, 2021, 2022].map((year) => ({ year, hours: 90 }));
const baseEngineer = (o = {}) => ({
  level: 'engineer', specialty: 'chemical_process', education: [{ level: 'bachelor', graduated: '2010-06-30' }],
  titles: [{ level: 'assistant_engineer', obtained: '2016-01-01' }], continuing_education: ce4,
  social_security: { paid_in_city: true }, ...o });

test('HTTP: counting rules and single conditions, one fact at a time', async () => {
  const ae = (o) => ({ level: 'assistant_engineer', specialty: 'chemical_process', social_security: { paid_in_city: true }, ...o });
  const cases = [
    // [label, profile, verdict, path, {code: [status, earliest_date?]}]
    ['4 whole years end exactly on the cut-off', baseEngineer({ titles: [{ level: 'assistant_engineer', obtained: '2018-12-31' }] }),
      'eligible', 'regular', { 'regular.years': ['met'] }],
    ['one day short', baseEngineer({ titles: [{ level: 'assistant_engineer', obtained: '2019-01-01' }] }),
      'exceptional', 'exceptional', { 'regular.years': ['unmet', '2023-01-01'] }],
    ['29 February plus three years is 1 March', baseEngineer({
      education: [{ level: 'secondary_vocational', graduated: '2005-06-30' }], titles: [],
      skills: [{ grade: 'skilled_technician', obtained: '2020-02-29' }] }),
    'exceptional', 'exceptional', { 'skill.grade': ['met'], 'skill.years': ['unmet', '2023-03-01'] }],
    ['a degree finished after the cut-off does not count', ae({ education: [{ level: 'master', graduated: '2023-06-30' }] }),
      'ineligible', null, { 'regular.education': ['unmet'] }],
    ['a doctorate satisfies the master row', ae({ education: [{ level: 'doctor', graduated: '2022-06-30' }] }),
      'eligible', 'regular', { 'regular.education': ['met'], 'regular.years': ['met'] }],
    ['a higher skill grade satisfies a lower one', baseEngineer({
      education: [{ level: 'secondary_vocational', graduated: '2005-06-30' }], titles: [],
      skills: [{ grade: 'senior_skilled_technician', obtained: '2018-06-30' }] }),
    'eligible', 'skill', { 'skill.grade': ['met'], 'skill.years': ['met'] }],
    ['an engineer-list award qualifies for assistant engineer', ae({ frontline_skill_post: true,
      awards: [{ code: 'national_technical_expert', obtained: '2021-11-20' }] }),
    'eligible', 'direct', { 'direct.award': ['met'], 'direct.frontline_post': ['met'] }],
    ['an assistant-engineer award does not qualify for engineer', baseEngineer({ titles: [], frontline_skill_post: true,
      awards: [{ code: 'zj_technical_expert' }] }), 'exceptional', 'exceptional', { 'direct.award': ['unmet'] }],
    ['top 5 of a provincial class-1 contest', ae({ frontline_skill_post: true, awards: [{ code: 'prov_contest_class1', rank: 5 }] }),
      'eligible', 'direct', { 'direct.award': ['met'] }],
    ['6th place is not enough', ae({ frontline_skill_post: true, awards: [{ code: 'prov_contest_class1', rank: 6 }] }),
      'ineligible', null, { 'direct.award': ['unmet'] }],
    ['an award outside a front-line post', baseEngineer({ titles: [], awards: [{ code: 'national_technical_expert' }] }),
      'exceptional', 'exceptional', { 'direct.award': ['met'], 'direct.frontline_post': ['unmet'] }],
    ['social security elsewhere, full-time, all three substitutes', baseEngineer({ social_security: {
      paid_in_city: false, labour_contract: true, bank_salary_records: true, tax_certificate: true } }),
    'eligible', 'regular', { 'general.social_security': ['met'] }],
    ['substitutes are for full-time staff only', baseEngineer({ employment: { full_time: false }, social_security: {
      paid_in_city: false, labour_contract: true, bank_salary_records: true, tax_certificate: true } }),
    'ineligible', null, { 'general.social_security': ['unmet'] }],
    ['a substitute missing', baseEngineer({ social_security: { paid_in_city: false, labour_contract: true, bank_salary_records: true } }),
      'ineligible', null, { 'general.social_security': ['unmet'] }],
    ['continuing-education relief: 360 hours over four years', baseEngineer({ continuing_education: [
      { year: 2019, hours: 60 }, { year: 2020, hours: 90 }, { year: 2021, hours: 90 }, { year: 2022, hours: 120 }] }),
    'eligible', 'regular', { 'general.continuing_education': ['met'] }],
    ['continuing education is information only below engineer', ae({ education: [{ level: 'master', graduated: '2022-06-30' }] }),
      'eligible', 'regular', { 'general.continuing_education': ['info'] }],
    ['public institution, 记过 in force', baseEngineer({ employment: { unit_type: 'public_institution',
      sanction: { kind: 'demerit', until: '2023-01-01' } } }), 'ineligible', null, { 'general.discipline': ['unmet', '2023-01-02'] }],
    ['public institution, a warning does not block', baseEngineer({ employment: { unit_type: 'public_institution',
      sanction: { kind: 'warning', until: '2023-01-01' } } }), 'eligible', 'regular', { 'general.discipline': ['met'] }],
    ['retiring after the as-of date', baseEngineer({ employment: { retired_on: '2022-09-30' } }),
      'eligible', 'regular', { 'general.not_retired': ['met'] }],
    ['not in service', baseEngineer({ employment: { in_service: false } }), 'ineligible', null, { 'general.in_service': ['unmet'] }],
    ['an integrity record that has run out', baseEngineer({ integrity_records: [{ kind: 'fraud', start: '2019-01-01' }] }),
      'eligible', 'regular', { 'general.integrity': ['met'] }],
    ['a specialty outside the catalogue is a reason, not a form error', baseEngineer({ specialty: 'basket_weaving' }),
      'ineligible', null, { 'general.specialty': ['unmet'] }],
    ['a general condition unmet rules out the exceptional route', baseEngineer({
      specialty: 'software', titles: [{ level: 'assistant_engineer', obtained: '2020-01-01' }] }),
    'ineligible', null, { 'general.specialty': ['unmet'], 'regular.years': ['unmet', '2024-01-01'] }],
    ['no exceptional route below engineer', ae({ education: [{ level: 'bachelor', graduated: '2022-06-30' }] }),
      'ineligible', null, { 'exceptional.route': ['unmet'] }],
  ];
  const failures = [];
  for (const [label, profile, verdict, path, reasons] of cases) {
    const r = await check(profile);
    assert.equal(r.status, 200, `${label}: ${JSON.stringify(r.json)}`);
    const d = r.json;
    const got = { verdict: d.verdict, path: d.path };
    for (const code of Object.keys(reasons)) {
      const x = d.reasons.find((y) => y.code === code);
      got[code] = x ? [x.status, ...(x.earliest_date ? [x.earliest_date] : [])] : null;
    }
    const want = { verdict, path, ...reasons };
    try { assert.deepEqual(got, want); } catch { failures.push(`${label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); }
  }
  assert.deepEqual(failures, []);
});

test('HTTP: the campaign may be named, and as_of defaults to today', async () => {
  const c = new Client(server.baseUrl);
  const named = await c.post('/api/v1/eligibility/check', { campaign: 'jiaxing-2022-engineering', as_of: '2022-08-01',
    profile: example('eligible-regular-bachelor-engineer.json') });
  assert.equal(named.status, 200);
  assert.equal(named.json.verdict, 'eligible');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const dflt = await c.post('/api/v1/eligibility/check', { profile: example('eligible-regular-bachelor-engineer.json') });
  assert.equal(dflt.status, 200);
  assert.equal(dflt.json.as_of, today);
  const badDate = await c.post('/api/v1/eligibility/check', { as_of: '2022-02-30', profile: example('ineligible-retired.json') });
  assert.equal(badDate.status, 422);
  assert.deepEqual(badDate.json.error.fields.map((f) => [f.field, f.code, f.reason]), [['as_of', 'invalid_format', 'invalid_date']]);
});

test('HTTP: a sanction ending before the applicant deadline is met in this campaign, from the day after (earliest_in)', async () => {
  const c = new Client(server.baseUrl);
  const profile = example('eligible-regular-bachelor-engineer.json');
  profile.employment = { ...(profile.employment ?? {}), unit_type: 'public_institution', sanction: { kind: 'demerit', until: '2022-08-20' } };
  const r = await c.post('/api/v1/eligibility/check', { campaign: 'jiaxing-2022-engineering', as_of: '2022-08-01', profile });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const discipline = r.json.reasons.find((x) => x.code === 'general.discipline');
  assert.equal(discipline.status, 'unmet');
  assert.equal(discipline.earliest_date, '2022-08-21');
  assert.equal(discipline.earliest_in, 'this_campaign', 'before the 2022-08-31 deadline: apply from that day');
  assert.equal(r.json.reasons.find((x) => x.code === 'general.education' || x.status === 'met').earliest_in, undefined, 'a met condition has none');
});

test('HTTP: after the applicant deadline the summary says the window is closed, whatever the verdict (issue 17)', async () => {
  const c = new Client(server.baseUrl);
  const profile = example('eligible-regular-bachelor-engineer.json');
  const before = await c.post('/api/v1/eligibility/check', { campaign: 'jiaxing-2022-engineering', as_of: '2022-08-31', profile });
  assert.equal(before.json.verdict, 'eligible');
  assert.doesNotMatch(before.json.summary.zh, /截止/, 'on the last day the window is open');
  const after = await c.post('/api/v1/eligibility/check', { campaign: 'jiaxing-2022-engineering', as_of: '2022-09-01', profile });
  assert.equal(after.json.verdict, 'eligible', 'the conditions are still met');
  assert.match(after.json.summary.zh, /^符合申报.*；本年度个人申报已于 2022-08-31 截止$/, after.json.summary.zh);
  assert.match(after.json.summary.en, /applications for this campaign closed on 2022-08-31/);
});

test('HTTP: a malformed profile is 422 naming every field from the body root', async () => {
  const r = await check({
    level: 'chief_engineer',
    specialty: 'chemical_process',
    colour: 'blue',
    education: [{ level: 'bachelor', technician_school_class: 'senior_worker_class', graduated: '2012-06-30' }],
    titles: [{ level: 'assistant_engineer', obtained: '2022-02-30' }],
  });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.equal(r.json.error.code, 'validation_failed');
  const fields = r.json.error.fields;
  for (const f of fields) assert.match(f.field, /^profile\./, JSON.stringify(f));
  const byField = Object.fromEntries(fields.map((f) => [f.field, f.code]));
  assert.equal(byField['profile.level'], 'unknown_code', JSON.stringify(fields));
  assert.equal(byField['profile.colour'], 'unknown_field', JSON.stringify(fields));
  assert.equal(byField['profile.titles[0].obtained'], 'invalid_format', JSON.stringify(fields));
  assert.equal(fields.find((f) => f.field === 'profile.titles[0].obtained').reason, 'invalid_date');
  assert.ok(fields.some((f) => f.field.startsWith('profile.education[0]')), JSON.stringify(fields));
  const expected = ['profile.level', 'profile.colour', 'profile.titles[0].obtained'];
  for (const f of fields) {
    assert.ok(expected.includes(f.field) || f.field.startsWith('profile.education[0]'), `unexpected ${JSON.stringify(f)}`);
  }
  for (const f of fields) assert.ok(f.message, JSON.stringify(f));
});

test('HTTP: a profile without its required keys names them', async () => {
  const r = await check({ employment: { in_service: true } });
  assert.equal(r.status, 422);
  const names = r.json.error.fields.map((f) => f.field).sort();
  assert.deepEqual(names, ['profile.level', 'profile.specialty']);
});

test('HTTP: a body that is not JSON is 400 bad_request', async () => {
  const r = await new Client(server.baseUrl).request('POST', '/api/v1/eligibility/check', {
    body: '{"as_of": "2022-08-01", "profile": {', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'bad_request');
});

test('HTTP: an unknown campaign id is 404 campaign_not_found', async () => {
  const r = await check(example('eligible-regular-bachelor-engineer.json'), { campaign: 'hangzhou-2022-engineering' });
  assert.equal(r.status, 404, JSON.stringify(r.json));
  assert.equal(r.json.error.code, 'campaign_not_found');
});

test('HTTP: the campaign list names the 2022 campaign as current', async () => {
  const r = await new Client(server.baseUrl).get('/api/v1/campaigns');
  assert.equal(r.status, 200);
  const c = r.json.items.find((x) => x.id === 'jiaxing-2022-engineering');
  assert.ok(c, JSON.stringify(r.json));
  assert.equal(c.year, 2022);
  assert.equal(c.current, true);
  assert.equal(c.name, '嘉兴市 2022 年度工程技术中、初级专业技术资格评审');
  assert.equal(r.json.items.filter((x) => x.current).length, 1);
});

test('HTTP: the current campaign shows deadlines, paper materials and the excluded families', async () => {
  const r = await new Client(server.baseUrl).get('/api/v1/campaigns/current');
  assert.equal(r.status, 200);
  const c = r.json;
  assert.equal(c.id, 'jiaxing-2022-engineering');
  assert.equal(c.cut_off, '2022-12-31');
  assert.equal(c.paper_materials.body, '嘉兴市工程师协会');
  assert.equal(c.paper_materials.copies, 2);
  assert.equal(c.paper_materials.watermark, true);
  assert.deepEqual(c.deadlines.map((d) => [d.stage, d.date]),
    [['applicant', '2022-08-31'], ['unit', '2022-09-14'], ['county', '2022-09-30']]);
  assert.equal(c.deadlines[0].ends_at, '2022-08-31T23:59:59+08:00');
  const excluded = c.families.filter((f) => f.excluded).map((f) => f.name).sort();
  assert.deepEqual(excluded, ['信息技术', '建筑', '快递', '机械', '能源'].sort());
  for (const f of c.families.filter((x) => x.excluded)) assert.ok(f.excluded_reason, f.name);
  assert.ok(c.families.find((f) => f.code === 'chemical').excluded === false);
  assert.equal(c.exceptional.form, '破格推荐中级专业技术职务任职资格审批表');
  const byId = await new Client(server.baseUrl).get('/api/v1/campaigns/jiaxing-2022-engineering');
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.json, c);
});

test('HTTP: the self-check is rate-limited per client, other routes are not', async () => {
  const limited = await startServer({ demo: false, args: ['--eligibility-rate', '5'] });
  try {
    const c = new Client(limited.baseUrl);
    const profile = example('eligible-regular-master-assistant.json');
    // The limit counts per calendar minute of the server's (real) clock: six checks that straddle a minute's
    // edge are two bursts. Start at the top of a minute when the edge is near.
    const second = new Date().getUTCSeconds();
    if (second >= 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/api/v1/eligibility/check', { as_of: '2022-08-01', profile });
      assert.equal(r.status, 200, `check ${i + 1}`);
    }
    const sixth = await c.post('/api/v1/eligibility/check', { as_of: '2022-08-01', profile });
    assert.equal(sixth.status, 429);
    assert.equal(sixth.json.error.code, 'rate_limited');
    const health = await c.get('/api/v1/health');
    assert.equal(health.status, 200);
    assert.equal((await c.get('/api/v1/campaigns/current')).status, 200);
  } finally {
    await limited.stop();
  }
});

// Issue 17 (explanations): every reason cites a clause with its section, also where no education is given or
// none fits; English messages name no internal code.
test('HTTP: every reason cites a section of its clause; English messages carry no internal codes', async () => {
  const profiles = [
    baseEngineer({ education: [] }),
    baseEngineer({ education: [{ level: 'secondary_vocational', graduated: '2005-06-30' }] }),
    baseEngineer({ level: 'assistant_engineer', education: [{ level: 'junior_college', graduated: '2023-06-30' }] }),
    baseEngineer({ education: [{ level: 'secondary_vocational', graduated: '2005-06-30' }], titles: [], skills: [] }),
    // Every example profile, and a grid of typical ones: each level × each education (or none) × with a
    // lower title, a skill grade or neither, short or full continuing education.
    ...readdirSync(examplesDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(examplesDir, f), 'utf8'))),
  ];
  const educations = [[], ...['secondary_vocational', 'junior_college', 'bachelor', 'master', 'doctor'].map((level) => [{ level, graduated: '2012-06-30' }])];
  const holds = [
    { titles: [{ level: 'assistant_engineer', obtained: '2016-01-01' }] },
    { titles: [], skills: [{ grade: 'skilled_technician', obtained: '2015-01-01' }] },
    { titles: [], skills: [] },
  ];
  for (const level of ['engineer', 'assistant_engineer', 'technician'])
    for (const education of educations)
      for (const [i, hold] of holds.entries())
        profiles.push(baseEngineer({ level, education, ...hold, ...(i === 2 ? { continuing_education: ce4.slice(0, 2) } : {}) }));
  assert.ok(profiles.length >= 60, `${profiles.length} profiles`);
  for (const profile of profiles) {
    for (const lang of ['zh-CN', 'en']) {
      const r = await check(profile, { lang });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      for (const reason of r.json.reasons) {
        assert.match(reason.clause, /(第.+条|[一二三四五六七八九十]\(|[一二三四五六七八九十]$|令第)/, `${reason.code}: a clause with a section: ${reason.clause}`);
        const en = typeof reason.message === 'string' ? reason.message : reason.message.en;
        if (lang === 'en') assert.doesNotMatch(en, /\b[a-z]+_[a-z_]+\b/, `${reason.code}: no internal code in "${en}"`);
      }
    }
  }
});
