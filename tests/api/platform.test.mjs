// The server as a whole: health, OpenAPI from the route table, security headers, the web app, limits,
// timeouts and graceful shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ demo: false, args: ['--header-timeout', '1', '--idle-timeout', '2'] }); });
after(async () => { await server?.stop(); });

// Sends raw bytes and collects everything the server answers until it closes or `ms` passes.
function raw(port, chunks, { ms = 4000, gap = 0 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    const done = () => { sock.destroy(); resolve(data); };
    const timer = setTimeout(done, ms);
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('close', () => { clearTimeout(timer); resolve(data); });
    sock.on('error', () => {});
    (async () => {
      for (const c of chunks) {
        if (sock.destroyed) return;
        sock.write(c);
        if (gap) await new Promise((r) => setTimeout(r, gap));
      }
    })();
  });
}

test('health reports version and database status', async () => {
  const r = await new Client(server.baseUrl).get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.database, 'ok');
  assert.match(r.json.version, /^\d+\.\d+\.\d+$/);
});

test('every response carries the security headers', async () => {
  for (const path of ['/api/v1/health', '/', '/api/v1/nope']) {
    const r = await new Client(server.baseUrl).get(path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/, path);
    assert.match(r.headers.get('content-security-policy'), /script-src 'self'/, path);
  }
});

test('OpenAPI lists every route with its roles and scope', async () => {
  const r = await new Client(server.baseUrl).get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = JSON.parse(r.bytes.toString());
  assert.equal(doc.openapi, '3.1.0');
  const approve = doc.paths['/api/v1/units/{id}/approve'].post;
  assert.deepEqual(approve['x-roles'].sort(), ['acceptance_point', 'city_admin']);
  assert.equal(approve['x-scope'], 'region');
  assert.equal(doc.paths['/api/v1/auth/login'].post['x-access'], 'public');
  assert.ok(doc.paths['/api/v1/audit'].get);
});

test('OpenAPI gives every operation its id, body schema, answer schema or file type, and the error format', async () => {
  const doc = (await new Client(server.baseUrl).get('/api/v1/openapi.json')).json;
  const ids = new Set();
  const deref = (s) => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.operationId && !ids.has(op.operationId), `${where}: a unique operationId`);
      ids.add(op.operationId);
      const [status, ok] = Object.entries(op.responses).find(([s]) => /^2\d\d$/.test(s));
      if (status !== '204') {
        const content = Object.entries(ok.content || {});
        assert.ok(content.length > 0, `${where}: the answer has a type`);
        for (const [type, c] of content) {
          if (type === 'application/json') assert.ok(deref(c.schema), `${where}: a schema`);
          else assert.deepEqual(c.schema, { type: 'string', format: 'binary' }, `${where}: a file`);
        }
      }
      for (const s of ['4XX', '5XX']) assert.equal(op.responses[s].$ref, '#/components/responses/Error', `${where} ${s}`);
      if (op.requestBody) {
        const [[type, c]] = Object.entries(op.requestBody.content);
        if (type === 'application/json') assert.equal(deref(c.schema).type, 'object', `${where}: a JSON body is an object`);
        else assert.equal(c.schema.format, 'binary', `${where}: an upload`);
      }
    }
  }
  // Requests name their members and refuse others, as the server does (unknown_field).
  const login = deref(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema);
  assert.deepEqual(login.required.sort(), ['login', 'password']);
  assert.equal(login.additionalProperties, false);
  // Every error code the server can answer with is listed, with its stable name.
  const error = doc.components.schemas.ErrorDetail;
  for (const code of ['not_found', 'stale_version', 'unknown_field', 'forbidden']) assert.ok(error.properties.code.enum.includes(code), code);
  // Files are binary: the review form is a PDF, a list's export an Excel sheet.
  assert.ok(doc.paths['/api/v1/applications/{id}/review-form.pdf'].get.responses['200'].content['application/pdf']);
  assert.ok(doc.paths['/api/v1/queue.xlsx'].get.responses['200'].content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  // An application as the applicant and the reviewers see it is one named schema.
  const app = doc.paths['/api/v1/applications/{id}'].get.responses['200'].content['application/json'].schema;
  assert.equal(app.$ref, '#/components/schemas/Application');
  for (const m of ['id', 'state', 'version', 'allowed_actions', 'unavailable_actions']) assert.ok(m in deref(app).properties, m);
});

test('unknown API paths are 404 and wrong methods 405, in the error format', async () => {
  const c = new Client(server.baseUrl);
  const nf = await c.get('/api/v1/no-such-thing');
  assert.equal(nf.status, 404);
  assert.equal(nf.json.error.code, 'not_found');
  assert.equal(nf.json.error.message, '请求的内容不存在');
  const mna = await c.request('DELETE', '/api/v1/health');
  assert.equal(mna.status, 405);
  assert.equal(mna.json.error.code, 'method_not_allowed');
});

test('the web app is served with SPA fallback and long-lived caching of hashed assets', async () => {
  const c = new Client(server.baseUrl);
  const index = await c.get('/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const deep = await c.get('/units/review');
  assert.equal(deep.status, 200);
  assert.equal(deep.bytes.toString(), index.bytes.toString());
  const asset = index.bytes.toString().match(/\/assets\/[^"]+\.js/)[0];
  const js = await c.get(asset);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('cache-control'), /max-age=31536000, immutable/);
  assert.equal((await c.get('/assets/missing-0000.js')).status, 404);
  // Browsers that take gzip get the compressed copy; the content is the same.
  const plain = await c.get(asset, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  const gz = await c.get(asset, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.ok(Number(gz.headers.get('content-length')) < plain.bytes.length);
  assert.deepEqual(gz.bytes, plain.bytes); // fetch decompresses
  assert.equal(gz.headers.get('vary'), 'Accept-Encoding');
  assert.equal((await c.get('/../../etc/passwd')).status, 200); // normalised to the SPA, never outside web/
});

test('malformed JSON is a 400 with a stable code', async () => {
  const r = await new Client(server.baseUrl).request('POST', '/api/v1/auth/login', {
    body: '{"login":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'bad_request');
});

test('an oversized body is refused with 413 before it is read', async () => {
  const r = await new Client(server.baseUrl).request('POST', '/api/v1/auth/login', {
    body: '{"login":"' + 'x'.repeat(2 * 1024 * 1024) + '"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'payload_too_large');
});

test('oversized headers are refused with 431 Request Header Fields Too Large', async () => {
  const reply = await raw(server.port, [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`]);
  assert.match(reply, /^HTTP\/1\.1 431/);
  assert.match(reply, /headers_too_large/);
});

test('a request line that is not HTTP gets 400', async () => {
  const reply = await raw(server.port, ['HELLO THERE\r\n\r\n']);
  assert.match(reply, /^HTTP\/1\.1 400/);
});

test('a header sent too slowly gets 408 and the connection is closed', async () => {
  const reply = await raw(server.port, ['GET /api/v1/health HTTP/1.1\r\n', 'Host: x\r\n'], { ms: 5000, gap: 1500 });
  assert.match(reply, /^HTTP\/1\.1 408/);
});

test('keep-alive serves several requests on one connection, then closes when idle', async () => {
  const req = 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n';
  const started = Date.now();
  const reply = await raw(server.port, [req, req], { ms: 6000, gap: 200 });
  assert.equal(reply.match(/HTTP\/1\.1 200/g).length, 2);
  assert.ok(Date.now() - started < 5500, 'idle connection was closed by the server');
});

test('SIGTERM stops the server promptly even with idle keep-alive connections open', async () => {
  const s = await startServer({ demo: false });
  const sock = net.connect(s.port, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  sock.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => sock.once('data', r));
  const t0 = Date.now();
  const { code } = await s.stop();
  sock.destroy();
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});
