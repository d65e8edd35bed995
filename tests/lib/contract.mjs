// The API contract, checked on every answer the black-box tests receive: the server's own OpenAPI document
// (GET /api/v1/openapi.json, generated from the C++ types of src/*/views.hpp and the route table) must
// describe each JSON answer and each accepted JSON body exactly — no member it does not declare, none it
// declares as required missing, no other type. A mismatch fails the test that made the request, naming the
// operation and the members. Set ZC_CONTRACT_CHECK=0 to turn it off while investigating something else.
import Ajv2020 from 'ajv/dist/2020.js';
import { FORMAT_CHECKS } from './formats.mjs';

const contracts = new Map(); // base URL → Promise<{ find(method, path) }>

async function load(baseUrl) {
  const res = await fetch(baseUrl + '/api/v1/openapi.json');
  const text = (await res.text()).replaceAll('"#/components/schemas/', '"api#/components/schemas/');
  const doc = JSON.parse(text);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // Every format the document declares is checked; one this file does not know fails loudly.
  for (const name of Object.keys(doc.components?.['x-formats'] ?? {})) {
    if (!FORMAT_CHECKS[name]) throw new Error(`the OpenAPI document declares format ${name}, which tests/lib/formats.mjs does not check`);
    ajv.addFormat(name, { type: 'string', validate: FORMAT_CHECKS[name] });
  }
  ajv.addSchema({ $id: 'api', components: doc.components });
  const errorSchema = ajv.compile({ $ref: 'api#/components/schemas/ErrorBody' });
  const ops = [];
  for (const [pattern, item] of Object.entries(doc.paths)) {
    const rx = new RegExp('^' + pattern.split('/').map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$');
    const params = (pattern.match(/\{/g) || []).length;
    for (const [method, op] of Object.entries(item)) {
      const compiled = { method: method.toUpperCase(), pattern, rx, params, id: op.operationId, responses: {} };
      const reqSchema = op.requestBody?.content?.['application/json']?.schema;
      if (reqSchema) compiled.request = ajv.compile(reqSchema);
      compiled.binaryRequest = !!op.requestBody?.content?.['application/octet-stream'];
      for (const [status, r] of Object.entries(op.responses)) {
        if (!/^\d+$/.test(status)) continue;
        const json = r.content?.['application/json']?.schema;
        compiled.responses[status] = json ? { json: ajv.compile(json) } : { file: Object.keys(r.content || {}) };
      }
      ops.push(compiled);
    }
  }
  ops.sort((a, b) => a.params - b.params); // literal segments win over parameters, as the server routes
  return {
    errorSchema,
    find(method, path) {
      return ops.find((o) => o.method === method && o.rx.test(path));
    },
  };
}

function describe(errors) {
  return (errors || []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`).join('; ');
}

// Throws when the exchange does not follow the contract.
export async function checkExchange(baseUrl, { method, path, status, contentType, request, response }) {
  if (process.env.ZC_CONTRACT_CHECK === '0') return;
  const pathOnly = path.split('?')[0];
  if (!pathOnly.startsWith('/api/')) return;
  if (!contracts.has(baseUrl)) contracts.set(baseUrl, load(baseUrl));
  const c = await contracts.get(baseUrl);
  const isJson = contentType.startsWith('application/json');
  if (status >= 400) {
    if (isJson && response !== null && !c.errorSchema(response))
      throw new Error(`contract: ${method} ${pathOnly} answered ${status} with an error body the contract does not describe: ${describe(c.errorSchema.errors)}`);
    return;
  }
  const op = c.find(method, pathOnly);
  if (!op) throw new Error(`contract: ${method} ${pathOnly} answered ${status} but the OpenAPI document has no such operation`);
  if (status < 200 || status >= 300) return;
  const declared = op.responses[String(status)];
  if (!declared) throw new Error(`contract: ${op.id} (${method} ${op.pattern}) answered ${status}; the contract declares ${Object.keys(op.responses).join(', ')}`);
  if (declared.json && status !== 204) {
    if (!isJson) throw new Error(`contract: ${op.id} answered ${contentType || 'no body'} where the contract declares JSON`);
    if (!declared.json(response)) throw new Error(`contract: ${op.id} (${method} ${op.pattern}) answer: ${describe(declared.json.errors)}`);
  }
  if (declared.file && declared.file.length && isJson) throw new Error(`contract: ${op.id} answered JSON where the contract declares a file (${declared.file.join(', ')})`);
  if (request !== null && request !== undefined && op.request && !op.request(request))
    throw new Error(`contract: ${op.id} (${method} ${op.pattern}) accepted a body the contract does not describe: ${describe(op.request.errors)}`);
}
