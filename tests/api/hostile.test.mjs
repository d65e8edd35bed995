// Hostile clients against one server with short timeouts (--header-timeout 2 --idle-timeout 3): slowloris,
// oversized headers and bodies, malformed chunking, thousands of idle connections. Whatever they do, the
// server answers a clear 4xx (never a 5xx), closes their connections in time, never hangs or crashes, and
// keeps answering everyone else within the latency bound. Raw sockets (node:net) throughout, so that the
// bytes on the wire are exactly the ones written here.
//
// Latency: every "normal" request opens a fresh TCP connection (so that accepting new clients is measured
// too) and is timed from connect to the server's close. The bound on the 99th percentile is 100 ms, the
// target for the debug build (ASan + UBSan); ZHICHENG_HOSTILE_P99_MS overrides it for slower machines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer, Client } from '../lib/server.mjs';

const HEADER_TIMEOUT_MS = 2000;
const IDLE_TIMEOUT_MS = 3000;
// How late a timeout may fire (timers, a loaded 2-core machine, the sanitizers).
const SLACK_MS = 1000;
const P99_MS = Number(process.env.ZHICHENG_HOSTILE_P99_MS || 100);
const DEMO_APPLICANT_LOGIN = '330402198803142019'; // 王建国, demo password
const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

let server;
let cookie = '';
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Every status any hostile exchange got, to check at the end that none was a 5xx.
const seenStatuses = [];
// Latency figures per phase, printed at the end (node --test shows them as diagnostics).
const figures = {};

before(async () => {
  server = await startServer({ args: ['--header-timeout', String(HEADER_TIMEOUT_MS / 1000),
    '--idle-timeout', String(IDLE_TIMEOUT_MS / 1000)] });
  const c = new Client(server.baseUrl);
  const r = await c.login(DEMO_APPLICANT_LOGIN);
  assert.equal(r.status, 200, 'the demo applicant signs in');
  cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
});

after(async () => {
  if (!server) return;
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  const { code, signal } = await server.stop();
  const log = server.log();
  for (const [phase, f] of Object.entries(figures)) console.log(`# ${phase}: ${JSON.stringify(f)}`);
  assert.ok(alive, `the server died during the hostile tests:\n${log.slice(-4000)}`);
  assert.equal(code, 0, `server exit code ${code} signal ${signal}:\n${log.slice(-4000)}`);
  const at = log.search(SANITIZER);
  assert.equal(at, -1, `sanitizer report:\n${log.slice(Math.max(0, at - 1500), at + 6000)}`);
  assert.doesNotMatch(log, / -> 5\d\d /, `a 5xx in the server log:\n${log.slice(-4000)}`);
  assert.doesNotMatch(log, /^\S+ (error|critical) /m, `an error in the server log:\n${log.slice(-4000)}`);
  const fives = seenStatuses.filter((s) => s >= 500);
  assert.deepEqual(fives, [], 'no hostile request was answered with a 5xx');
});

// Writes `parts` (strings or Buffers, waiting for 'drain' between them) and collects everything the server
// sends until it closes the connection. `hang` is set when the server neither answered nor closed within
// `timeout`. Writes after the server closed are not an error here: a refusing server may stop reading.
function exchange(parts, { timeout = 8000, gapMs = 0, halfClose = false, stopOnAnswer = false } = {}) {
  return new Promise((resolve) => {
    const t0 = now();
    const sock = net.connect(server.port, '127.0.0.1');
    const chunks = [];
    let firstByteMs = null;
    let err = null;
    let sentBytes = 0;
    let sentAtFirstByte = null;
    const timer = setTimeout(() => { sock.destroy(); finish(true); }, timeout);
    let finished = false;
    function finish(hang) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      const text = data.toString('latin1');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      const status = m ? Number(m[1]) : null;
      for (const a of text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)) seenStatuses.push(Number(a[1]));
      resolve({ status, text, hang, err, firstByteMs, sentAtFirstByte, sentBytes, ms: now() - t0 });
    }
    sock.on('data', (d) => {
      if (firstByteMs === null) { firstByteMs = now() - t0; sentAtFirstByte = sentBytes; }
      chunks.push(d);
    });
    sock.on('error', (e) => { err = e.code; });
    sock.on('close', () => finish(false));
    sock.on('connect', async () => {
      for (const p of parts) {
        if (sock.destroyed || stopOnAnswer && firstByteMs !== null) break;
        const ok = sock.write(p);
        sentBytes += p.length;
        if (!ok) {
          await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
        }
        if (gapMs) await sleep(gapMs);
      }
      if (halfClose && !sock.destroyed) sock.end();
    });
  });
}

// One request on a fresh connection; the time from connect to the server's close.
function normalRequest(path, headers = {}) {
  const head = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
  return exchange([head], { timeout: 5000 });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)),
    max: r(s[s.length - 1]) };
}

// A well-behaved client in a worker thread (tests/lib/latency-worker.mjs): `n` public health checks and `n`
// signed-in requests, alternating, for at least `minMs`; every answer must be right.
async function measureOthers(n, during, minMs = 0) {
  const worker = new Worker(new URL('../lib/latency-worker.mjs', import.meta.url),
    { workerData: { port: server.port, cookie, count: n, minMs } });
  const samples = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  for (const s of samples) {
    assert.ok(!s.hang, `${during}: GET ${s.path} hung`);
    assert.equal(s.status, 200, `${during}: GET ${s.path} → ${s.status} ${s.err ?? ''}`);
    if (s.path === '/api/v1/auth/me') assert.ok(s.signedIn, `${during}: the signed-in user is answered`);
  }
  const health = samples.filter((s) => s.path === '/api/v1/health').map((s) => s.ms);
  const me = samples.filter((s) => s.path === '/api/v1/auth/me').map((s) => s.ms);
  const f = { health: summary(health), me: summary(me), all: summary([...health, ...me]) };
  figures[during] = f;
  return f;
}

function assertWithinBound(f, during) {
  assert.ok(f.all.p99 < P99_MS,
    `${during}: p99 ${f.all.p99} ms ≥ ${P99_MS} ms (health ${JSON.stringify(f.health)}, me ${JSON.stringify(f.me)})`);
}

// A few normal requests must be answered after every hostile case.
async function assertServesOthers(during) {
  for (let i = 0; i < 3; i++) {
    const h = await normalRequest('/api/v1/health');
    assert.equal(h.status, 200, `${during}: afterwards GET /api/v1/health → ${h.status} (hang ${h.hang})`);
    const m = await normalRequest('/api/v1/auth/me', { Cookie: cookie });
    assert.equal(m.status, 200, `${during}: afterwards GET /api/v1/auth/me → ${m.status} (hang ${m.hang})`);
  }
}

test('baseline: latency of health and a signed-in request on the quiet server', async () => {
  await measureOthers(10, 'warm-up');
  const f = await measureOthers(50, 'baseline');
  assertWithinBound(f, 'baseline');
});

test('slowloris: 200 connections sending a header a byte every 500 ms get 408 at the header timeout; others are served within the bound', async () => {
  const ATTACKERS = 200;
  const header = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
  const state = { active: true, open: 0, records: [] };
  function attack() {
    const rec = { start: now(), connected: null, end: null, ended: null, text: '', err: null, sent: 0 };
    state.records.push(rec);
    state.open++;
    const sock = net.connect(server.port, '127.0.0.1');
    rec.sock = sock;
    let i = 0;
    let interval = null;
    const sendByte = () => {
      if (sock.destroyed || !sock.writable) return;
      sock.write(i < header.length ? header[i] : 'a');
      i++;
      rec.sent++;
    };
    sock.on('connect', () => {
      rec.connected = now();
      sendByte();
      interval = setInterval(sendByte, 500);
    });
    sock.on('data', (d) => { rec.text += d.toString('latin1'); });
    sock.on('end', () => { rec.ended = now(); });
    sock.on('error', (e) => { rec.err = e.code; });
    sock.on('close', () => {
      clearInterval(interval);
      rec.end = now();
      state.open--;
      if (state.active) attack(); // a real slowloris comes back at once
    });
  }
  for (let i = 0; i < ATTACKERS; i++) attack();
  const t0 = now();
  while (state.records.filter((r) => r.connected && !r.end).length < ATTACKERS && now() - t0 < 5000) await sleep(20);
  const connectedAtStart = state.records.filter((r) => r.connected && !r.end).length;
  await sleep(300);
  const openDuring = [];
  const sampler = setInterval(() => openDuring.push(state.records.filter((r) => r.connected && !r.end).length), 50);
  // At least 4.5 s: the slow connections are cut and come back twice while others are measured.
  const f = await measureOthers(50, 'slowloris (200 slow headers)', 4500);
  clearInterval(sampler);
  state.active = false;
  // Every attacker still open must now be closed by the server within the header timeout + slack.
  const deadline = now() + HEADER_TIMEOUT_MS + SLACK_MS + 500;
  while (state.open > 0 && now() < deadline) await sleep(50);
  const neverClosed = state.records.filter((r) => !r.end);
  const stuck = neverClosed.map((r) => ({ openForMs: Math.round(now() - r.start), bytesSent: r.sent,
    answer: r.text.split('\r\n')[0], finReceived: r.ended !== null, err: r.err }));
  for (const r of neverClosed) r.sock.destroy();

  const closed = state.records.filter((r) => r.connected && r.end);
  // From the client's connect call (before the server could accept) for the lower bound; from the 'connect'
  // event (after) for the upper one.
  const lifetimes = closed.map((r) => r.end - r.connected);
  const fromStart = closed.map((r) => r.end - r.start);
  const statuses = closed.map((r) => (r.text.match(/^HTTP\/1\.1 (\d{3})/) || [])[1] ?? 'none');
  for (const s of statuses) if (s !== 'none') seenStatuses.push(Number(s));
  const byStatus = {};
  for (const s of statuses) byStatus[s] = (byStatus[s] ?? 0) + 1;
  figures['slowloris connections'] = { total: state.records.length, connectedAtStart,
    openDuringMeasurement: { min: Math.min(...openDuring), median: percentile([...openDuring].sort((a, b) => a - b), 50),
      max: Math.max(...openDuring) },
    lifetimeMs: summary(lifetimes), byStatus, neverClosed: stuck,
    failedToConnect: state.records.filter((r) => !r.connected).length };

  await assertServesOthers('slowloris');
  assert.equal(connectedAtStart, ATTACKERS, 'all 200 slow connections were accepted');
  // The median: at the instants the server cuts them all, the count dips until they are back.
  assert.ok(percentile([...openDuring].sort((a, b) => a - b), 50) >= ATTACKERS * 0.9,
    `the attack held (${JSON.stringify(figures['slowloris connections'].openDuringMeasurement)} slow connections open while measuring)`);
  assert.deepEqual(stuck, [], `${stuck.length} slow connections were never closed by the server`);
  const late = lifetimes.filter((ms) => ms > HEADER_TIMEOUT_MS + SLACK_MS);
  assert.deepEqual(late.map(Math.round), [], 'slow connections closed later than the header timeout + slack');
  const early = fromStart.filter((ms) => ms < HEADER_TIMEOUT_MS - 100);
  assert.deepEqual(early.map(Math.round), [], 'slow connections closed before the header timeout');
  assert.deepEqual(Object.keys(byStatus), ['408'], `every slow connection got 408: ${JSON.stringify(byStatus)}`);
  assertWithinBound(f, 'slowloris');
});

test('fast trickle: 50 connections sending a header a byte every millisecond still get 408 at the header timeout', async () => {
  // The header timeout must hold however the bytes are spaced. A byte per millisecond keeps a read in
  // flight at almost every instant, including the one the timeout fires at; the header limit (16 kB) would
  // only be reached after about 16 s.
  const ATTACKERS = 50;
  const header = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: ';
  const records = [];
  for (let k = 0; k < ATTACKERS; k++) {
    const rec = { start: now(), connected: null, end: null, text: '', sent: 0, err: null };
    records.push(rec);
    const sock = net.connect(server.port, '127.0.0.1');
    rec.sock = sock;
    let interval = null;
    sock.on('connect', () => {
      rec.connected = now();
      interval = setInterval(() => {
        if (!sock.writable) return;
        sock.write(rec.sent < header.length ? header[rec.sent] : 'a');
        rec.sent++;
      }, 1);
    });
    sock.on('data', (d) => { rec.text += d.toString('latin1'); });
    sock.on('error', (e) => { rec.err = e.code; });
    sock.on('close', () => { clearInterval(interval); rec.end = now(); });
  }
  // A timeout renewed by every byte would keep these open until the 16 kB header limit, about 16 s in. The
  // bound is well below that but looser than the slowloris one: 50 connections writing a byte a millisecond
  // are 50,000 reads a second for the sanitized server's I/O thread: on a loaded CI machine (the PostgreSQL
  // run, with clang-tidy and the TSan build beside it) none had been answered 3.5 s after they opened.
  const deadline = now() + HEADER_TIMEOUT_MS + SLACK_MS + 4000;
  while (records.some((r) => !r.end) && now() < deadline) await sleep(50);
  const stuck = records.filter((r) => !r.end).map((r) => ({ openForMs: Math.round(now() - r.start),
    bytesSent: r.sent, answer: r.text.split('\r\n')[0] }));
  for (const r of records) r.sock.destroy();
  const closed = records.filter((r) => r.connected && r.end);
  const byStatus = {};
  for (const r of closed) {
    const st = (r.text.match(/^HTTP\/1\.1 (\d{3})/) || [])[1] ?? 'none';
    byStatus[st] = (byStatus[st] ?? 0) + 1;
    if (st !== 'none') seenStatuses.push(Number(st));
  }
  figures['fast trickle'] = { attackers: ATTACKERS, closed: closed.length, byStatus,
    lifetimeMs: closed.length ? summary(closed.map((r) => r.end - r.connected)) : null,
    neverClosed: stuck.length, neverClosedSample: stuck.slice(0, 3) };
  await assertServesOthers('fast trickle');
  assert.equal(stuck.length, 0, `${stuck.length} of ${ATTACKERS} trickling connections outlived the header timeout ` +
    `+ slack + 4 s without an answer (e.g. ${JSON.stringify(stuck[0])})`);
  assert.deepEqual(Object.keys(byStatus), ['408'], `every trickling connection got 408: ${JSON.stringify(byStatus)}`);
});

test('oversized headers: a 100 kB header line and 1,000 fields past the 16 kB limit get 431 (or 400) and a close', async () => {
  const req = (fields) => `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n${fields}Connection: close\r\n\r\n`;
  const bigLine = await exchange([req(`X-Big: ${'a'.repeat(100_000)}\r\n`)]);
  const manyFields = await exchange([req(Array.from({ length: 1000 }, (_, i) =>
    `X-Field-${String(i).padStart(4, '0')}: value-${String(i).padStart(4, '0')}\r\n`).join(''))]);
  // 1,000 short fields that fit in 16 kB are an ordinary request: the limit is on bytes, not on the count.
  const manySmall = await exchange([req(Array.from({ length: 1000 }, (_, i) => `X${i}: v\r\n`).join(''))]);
  // A header line without its end, much bigger than the limit, sent in 4 kB pieces until the server answers.
  // (A client still writing when the server closes gets EPIPE, and node then drops what it had not read yet;
  // the pause lets the answer be read first, as a kernel-level client could read it anyway.)
  const endless = await exchange([`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: `,
    ...Array.from({ length: 64 }, () => 'b'.repeat(4096))], { gapMs: 5, stopOnAnswer: true });
  figures['oversized headers'] = Object.fromEntries(Object.entries({ bigLine, manyFields, manySmall, endless })
    .map(([k, r]) => [k, { status: r.status, firstByteMs: Math.round(r.firstByteMs ?? -1), err: r.err }]));
  await assertServesOthers('oversized headers');
  for (const [name, r] of Object.entries({ bigLine, manyFields, endless })) {
    assert.ok(!r.hang, `${name}: the server neither answered nor closed`);
    assert.ok(r.status !== null, `${name}: no response before the close (${r.err})`);
    assert.ok(r.status < 500, `${name}: ${r.status}`);
    assert.match(r.text, /headers_too_large/, `${name}: the error code`);
  }
  assert.ok(!manySmall.hang);
  assert.equal(manySmall.status, 200, '1,000 fields within 16 kB are served');
  // RFC 6585: 431 Request Header Fields Too Large. (413 is Content Too Large, a body status.)
  const wrong = Object.entries({ bigLine, manyFields, endless }).filter(([, r]) => ![400, 431].includes(r.status))
    .map(([name, r]) => `${name}: ${r.text.split('\r\n')[0]}`);
  assert.deepEqual(wrong, [], 'oversized headers are answered 431 Request Header Fields Too Large (or 400)');
});

test('oversized bodies: 413 from the Content-Length before the body is sent, per evidence slot; chunked bodies past the limit', async () => {
  const auth = `Cookie: ${cookie}\r\n`;
  // A JSON POST declaring 100 MB, body never sent: the 413 must come from the headers alone.
  const json = await exchange([`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: 100000000\r\n\r\n`], { timeout: 4000 });
  // The id_card slot takes 5 MiB: one byte more is refused from the Content-Length.
  const upload = (slot, length) => `POST /api/v1/applications/1/evidence/${slot}?name=scan.pdf HTTP/1.1\r\n` +
    `Host: 127.0.0.1\r\n${auth}Content-Type: application/pdf\r\nContent-Length: ${length}\r\n\r\n`;
  const slot = await exchange([upload('id_card', 5 * 1048576 + 1)], { timeout: 4000 });
  // The same size for the achievements slot (20 MiB) is within its limit: the server waits for the body.
  const within = await exchange([upload('achievements', 5 * 1048576 + 1)], { timeout: 700 });
  const slotBig = await exchange([upload('achievements', 20 * 1048576 + 1)], { timeout: 4000 });
  // A client that sends the whole 6 MiB at once still reads the 413 (the server drains before closing).
  const eager = await exchange([upload('id_card', 6 * 1048576), Buffer.alloc(6 * 1048576, 0x41)], { timeout: 8000 });
  // Chunked: no length up front; the limit stops the body as it comes (login: 1 MiB, id_card: 5 MiB).
  const chunk = Buffer.alloc(65536, 0x61);
  const chunks = (n) => { const a = []; for (let i = 0; i < n; i++) a.push('10000\r\n', chunk, '\r\n'); a.push('0\r\n\r\n'); return a; };
  const chunkedJson = await exchange([`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Transfer-Encoding: chunked\r\n\r\n`, ...chunks(32)]);
  const chunkedSlot = await exchange([`POST /api/v1/applications/1/evidence/id_card?name=scan.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `${auth}Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n`, ...chunks(96)]);
  figures['oversized bodies'] = Object.fromEntries(Object.entries({ json, slot, within, slotBig, eager, chunkedJson, chunkedSlot })
    .map(([k, r]) => [k, { status: r.status, firstByteMs: Math.round(r.firstByteMs ?? -1), sentAtFirstByte: r.sentAtFirstByte,
      closedMs: Math.round(r.ms), err: r.err }]));
  await assertServesOthers('oversized bodies');
  for (const [name, r] of Object.entries({ json, slot, slotBig })) {
    assert.ok(!r.hang, `${name}: the server neither answered nor closed`);
    assert.equal(r.status, 413, `${name}: ${r.text.split('\r\n')[0]}`);
    assert.match(r.text, /payload_too_large/);
    assert.ok(r.firstByteMs < 1000, `${name}: the 413 took ${r.firstByteMs} ms`);
    assert.ok(r.ms < 3000, `${name}: the connection was closed after ${Math.round(r.ms)} ms`);
  }
  assert.equal(within.status, null, 'a declared size within the slot limit is not refused up front');
  for (const [name, r] of Object.entries({ eager, chunkedJson, chunkedSlot })) {
    assert.ok(!r.hang, `${name}: the server neither answered nor closed`);
    assert.equal(r.status, 413, `${name}: ${r.text.split('\r\n')[0]} (${r.err})`);
    assert.match(r.text, /payload_too_large/);
  }
});

test('malformed chunking and framing: 400 and a close, never a 5xx, never a hang', async () => {
  const post = (headers, body) => `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `${headers}\r\n${body}`;
  const te = 'Transfer-Encoding: chunked\r\n';
  const cases = {
    'invalid chunk size "zz"': [post(te, 'zz\r\n{"login":1}\r\n0\r\n\r\n'), 400],
    'negative chunk size': [post(te, '-5\r\nhello\r\n0\r\n\r\n'), 400],
    'chunk data without its CRLF': [post(te, '5\r\nhelloXX0\r\n\r\n'), 400],
    'chunk size overflowing 64 bits': [post(te, 'ffffffffffffffffffffffff\r\nhello\r\n0\r\n\r\n'), 400],
    'Transfer-Encoding and Content-Length': [post(`Content-Length: 5\r\n${te}`, '5\r\nhello\r\n0\r\n\r\n'), 400],
    'Content-Length and Transfer-Encoding': [post(`${te}Content-Length: 5\r\n`, '5\r\nhello\r\n0\r\n\r\n'), 400],
    'two different Content-Lengths': [post('Content-Length: 5\r\nContent-Length: 6\r\n', 'hello!'), 400],
    'negative Content-Length': [post('Content-Length: -1\r\n', ''), 400],
    // RFC 9112 §6.3: a request whose Transfer-Encoding does not end in chunked has no determinable length:
    // 400 and close. Reading it as bodiless would take the body for the next request (smuggling).
    'Transfer-Encoding that is not chunked last': [post('Transfer-Encoding: chunked, gzip\r\n', '5\r\nhello\r\n0\r\n\r\n'), 400],
    'Transfer-Encoding: gzip carrying a second request': [post('Transfer-Encoding: gzip\r\n',
      'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'), 400],
    'a request line that is not HTTP': ['HELLO THERE\r\n\r\n', 400],
    'a NUL in a header value': ['GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\0b\r\n\r\n', 400],
  };
  const results = {};
  for (const [name, [bytes]] of Object.entries(cases)) results[name] = await exchange([bytes], { timeout: 5000 });
  // A chunk size too big for any limit but representable: 400 or 413 are both clear refusals.
  results['chunk size 2^63-1'] = await exchange([post(te, '7fffffffffffffff\r\nhello\r\n0\r\n\r\n')], { timeout: 5000 });
  // A chunked body cut short by the client closing its side: no hang, no 5xx.
  results['chunked body cut short (client half-close)'] = await exchange([post(te, '10\r\nhel')], { timeout: 5000, halfClose: true });
  figures['malformed framing'] = Object.fromEntries(Object.entries(results)
    .map(([k, r]) => [k, { answers: (r.text.match(/HTTP\/1\.1 \d{3}/g) ?? []).map((a) => a.slice(9)).join(','),
      closedMs: Math.round(r.ms), hang: r.hang, err: r.err }]));
  await assertServesOthers('malformed chunking');
  for (const [name, r] of Object.entries(results)) {
    assert.ok(!r.hang, `${name}: the server neither answered nor closed within 5 s`);
    assert.ok(r.status === null || r.status < 500, `${name}: ${r.status}`);
  }
  for (const [name, [, want]] of Object.entries(cases)) {
    const answers = results[name].text.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    assert.equal(results[name].status, want, `${name}: ${answers.join(', ')} (${results[name].err})`);
    assert.equal(answers.length, 1, `${name}: one answer, then the close (got ${answers.join(', ')})`);
  }
  assert.ok([400, 413].includes(results['chunk size 2^63-1'].status), `chunk size 2^63-1: ${results['chunk size 2^63-1'].status}`);
});

test('2,000 idle connections: others are served within the bound; silent ones close at the header timeout, kept-alive ones at the idle timeout', async () => {
  const fdLimit = Number(execFileSync('/bin/sh', ['-c', 'ulimit -n']).toString().trim()) || 1024;
  // This process holds one descriptor per connection and the server (same limit) another.
  const TOTAL = Math.max(100, Math.min(2000, fdLimit - 300));
  const KEPT = Math.min(200, Math.floor(TOTAL / 10)); // first serve one request, then idle on keep-alive
  const state = { holding: true, records: [] };
  function open(kind) {
    const rec = { kind, start: now(), connected: null, asked: null, answered: null, end: null, bytes: 0, text: '', err: null };
    state.records.push(rec);
    const sock = net.connect(server.port, '127.0.0.1');
    rec.sock = sock;
    sock.on('connect', () => {
      rec.connected = now();
      if (kind === 'kept') {
        rec.asked = now();
        sock.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      }
    });
    sock.on('data', (d) => {
      rec.bytes += d.length;
      rec.text += d.toString('latin1');
      if (rec.answered === null && /\r\n\r\n[\s\S]*\}/.test(rec.text)) rec.answered = now();
    });
    sock.on('error', (e) => { rec.err = e.code; });
    sock.on('close', () => {
      rec.end = now();
      if (state.holding) open(kind); // keep the count up
    });
    return new Promise((r) => { sock.once('connect', r); sock.once('close', r); });
  }
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const t0 = now();
  const kept = [];
  for (let i = 0; i < KEPT; i++) kept.push(open('kept'));
  await Promise.all(kept);
  for (let i = KEPT; i < TOTAL; i += 250) {
    await Promise.all(Array.from({ length: Math.min(250, TOTAL - i) }, () => open('silent')));
  }
  const openingMs = now() - t0;
  while (state.records.some((r) => r.kind === 'kept' && r.answered === null && r.end === null) && now() - t0 < 5000) await sleep(20);
  const openNow = () => state.records.filter((r) => r.connected && !r.end).length;
  const openDuring = [];
  const sampler = setInterval(() => openDuring.push(openNow()), 50);
  // At least 4.5 s: past the header timeout of the silent ones and the idle timeout of the kept-alive ones,
  // which the server closes in bulk while others are measured (and which come back at once).
  const f = await measureOthers(25, `${TOTAL} idle connections`, 4500);
  clearInterval(sampler);
  state.holding = false;
  const deadline = now() + Math.max(HEADER_TIMEOUT_MS, IDLE_TIMEOUT_MS) + SLACK_MS + 500;
  while (state.records.some((r) => !r.end) && now() < deadline) await sleep(50);
  loopDelay.disable();
  const neverClosed = state.records.filter((r) => !r.end);
  const stuck = neverClosed.map((r) => ({ kind: r.kind, openForMs: Math.round(now() - r.start), answer: r.text.split('\r\n')[0], err: r.err }));
  for (const r of neverClosed) r.sock.destroy();

  const silent = state.records.filter((r) => r.kind === 'silent' && r.connected && r.end);
  const keptRecs = state.records.filter((r) => r.kind === 'kept');
  // Upper bounds from the 'connect' event / the answer's arrival; lower bounds from the connect call / the
  // request's sending, which come before the server could start its timer.
  const silentLife = silent.map((r) => r.end - r.connected);
  const silentFromStart = silent.map((r) => r.end - r.start);
  const keptDone = keptRecs.filter((r) => r.answered && r.end);
  const keptIdle = keptDone.map((r) => r.end - r.answered);
  const keptFromAsked = keptDone.map((r) => r.end - r.asked);
  figures['idle connections'] = { total: TOTAL, keptAlive: KEPT, fdLimit, openingMs: Math.round(openingMs),
    opened: state.records.length, openDuringMeasurement: { min: Math.min(...openDuring),
      median: percentile([...openDuring].sort((a, b) => a - b), 50), max: Math.max(...openDuring) },
    silentLifetimeMs: summary(silentLife), keptIdleMs: summary(keptIdle), neverClosed: stuck,
    silentThatGotBytes: silent.filter((r) => r.bytes > 0).length,
    clientLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
    errors: [...new Set(state.records.map((r) => r.err).filter(Boolean))] };

  await assertServesOthers('idle connections');
  assert.ok(percentile([...openDuring].sort((a, b) => a - b), 50) >= TOTAL * 0.9,
    `the idle connections stayed open while measuring (${JSON.stringify(figures['idle connections'].openDuringMeasurement)} of ${TOTAL})`);
  assert.deepEqual(stuck, [], `${stuck.length} idle connections were never closed by the server`);
  assert.equal(keptRecs.filter((r) => !/^HTTP\/1\.1 200/.test(r.text)).length, 0, 'every kept-alive connection was served');
  assert.deepEqual(silentLife.filter((ms) => ms > HEADER_TIMEOUT_MS + SLACK_MS).map(Math.round), [],
    'silent connections closed later than the header timeout + slack');
  assert.deepEqual(silentFromStart.filter((ms) => ms < HEADER_TIMEOUT_MS - 100).map(Math.round), [],
    'silent connections closed before the header timeout');
  assert.equal(silent.filter((r) => r.bytes > 0).length, 0, 'a connection that sent nothing is closed without an answer');
  assert.equal(keptDone.length, keptRecs.length, 'every kept-alive connection was answered before it was closed');
  assert.deepEqual(keptIdle.filter((ms) => ms > IDLE_TIMEOUT_MS + SLACK_MS).map(Math.round), [],
    'kept-alive connections closed later than the idle timeout + slack');
  assert.deepEqual(keptFromAsked.filter((ms) => ms < IDLE_TIMEOUT_MS - 100).map(Math.round), [],
    'kept-alive connections closed before the idle timeout');
  assertWithinBound(f, 'idle connections');
});
