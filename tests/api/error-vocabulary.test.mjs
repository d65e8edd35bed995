// Issue 17, "everything at once": one error vocabulary. A body that is not JSON is 400 bad_request; every
// other problem with a request is 422 validation_failed listing each field as {field, code, message,
// reason?, limit?}, where code is one of eight classes; text limits come from one registry (in characters,
// not bytes), are named in the refusal and are shown in the OpenAPI document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/server.mjs';
import { withServer, login, get, post, show, newApplicant, approvedArchive, UNITS } from '../lib/workflow.mjs';

const A = '/api/v1';
const VOCABULARY = ['required', 'wrong_type', 'too_long', 'too_short', 'out_of_range', 'invalid_format', 'unknown_code', 'unknown_field'];

function fieldsOf(r) {
  assert.equal(r.status, 422, show(r));
  assert.equal(r.json.error.code, 'validation_failed', show(r));
  for (const f of r.json.error.fields) {
    assert.ok(VOCABULARY.includes(f.code), `${f.field}: ${f.code} is not in the vocabulary`);
    assert.match(f.message, /[\u4e00-\u9fff]/, `${f.field} has a Chinese message`);
  }
  return Object.fromEntries(r.json.error.fields.map((f) => [f.field, f]));
}

test('a body that is not JSON is 400 bad_request; wrong types and unknown members are named together, on every route alike', () => withServer(async (server) => {
  const anon = new Client(server.baseUrl);
  const notJson = await anon.request('POST', `${A}/auth/register/applicant`, { body: 'name=张三', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 400, show(notJson));
  assert.equal(notJson.json.error.code, 'bad_request');
  assert.match(notJson.json.error.message, /JSON/);

  // Registration used to ignore unknown members; it now refuses them like every other route, with the wrong
  // types in the same answer.
  const reg = await anon.post(`${A}/auth/register/applicant`, { name: 5, id_number: ['x'], mobile: '13800000000', password: 'Passw0rd2022', nickname: '小张' });
  const f = fieldsOf(reg);
  assert.equal(f.name?.code, 'wrong_type', show(reg));
  assert.equal(f.id_number?.code, 'wrong_type', show(reg));
  assert.equal(f.nickname?.code, 'unknown_field', show(reg));

  // The same wrong type on a signed-in route, nested in a list, answers the same way.
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const created = await post(applicant, '/applications', { level: 'engineer', specialty: 42 });
  const g = fieldsOf(created);
  assert.equal(g.specialty?.code, 'wrong_type', show(created));

  // A date in the wrong format is invalid_format, with the precise reason and its own message.
  const day = await get(unit, '/calendars/is-working-day?date=2022-13-01');
  const d = fieldsOf(day);
  assert.equal(d.date?.code, 'invalid_format', show(day));
  assert.equal(d.date?.reason, 'invalid_date');
  assert.match(d.date?.message, /YYYY-MM-DD/);
}));

test('text limits are characters from one registry, named in the refusal; a 2,000-character Chinese reason fits', () => withServer(async (server) => {
  const unit = await login(server, UNITS.county);
  const applicant = await newApplicant(server);
  await approvedArchive(applicant, unit);
  const account = applicant.user.login;

  const long = await post(unit, '/accounts/reset-code', { account, reason: '忘'.repeat(2001) });
  const f = fieldsOf(long);
  assert.equal(f.reason?.code, 'too_long', show(long));
  assert.equal(f.reason?.limit, 2000);
  assert.match(f.reason?.message, /2000/);
  const bare = await post(unit, '/accounts/reset-code', { account, reason: '   ' });
  assert.equal(fieldsOf(bare).reason?.code, 'required', 'blank is missing, whatever the route');

  // 2,000 Chinese characters are 6,000 bytes: the limit counts characters.
  const fits = await post(unit, '/accounts/reset-code', { account, reason: '忘'.repeat(2000) });
  assert.equal(fits.status, 201, show(fits));

  // The OpenAPI document shows the same registry: as each request property's maxLength and as a table.
  const doc = (await get(unit, '/openapi.json')).json;
  assert.equal(doc.components['x-text-limits'].reason, 2000);
  const schema = doc.components.schemas.AccountsResetCodePostRequest;
  assert.equal(schema.properties.reason.maxLength, 2000, JSON.stringify(schema.properties.reason));
  const fieldError = doc.components.schemas.FieldErrorDetail.properties;
  assert.ok(fieldError.reason && fieldError.limit, 'the error shape names reason and limit');
}));
