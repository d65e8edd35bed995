// Starts the real zhicheng binary on a free port with a fresh SQLite database, for black-box and browser
// tests. Nothing is mocked: the tests talk HTTP to the same program users run.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { checkExchange } from './contract.mjs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
export const bin = process.env.ZHICHENG_BIN || join(root, 'build', 'debug', 'src', 'app', 'zhicheng');
const webDir = process.env.ZHICHENG_WEB_DIR || join(root, 'web', 'dist');
export const repoRoot = root;
export const campaignsDir = join(root, 'data', 'campaigns');
export const calendarsDir = join(root, 'data', 'calendars');

// With ZHICHENG_TEST_PG set (a cluster's base URL, scripts/pg-cluster.sh), every server gets a fresh
// PostgreSQL database of that cluster instead of a SQLite file.
export const pgBase = process.env.ZHICHENG_TEST_PG || '';
export const onPostgres = pgBase !== '';

export function freshDatabaseUrl(dir) {
  if (!onPostgres) return `sqlite:${join(dir, 'zhicheng.db')}`;
  const name = `zc_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  execFileSync('psql', [`${pgBase}/postgres`, '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return `${pgBase}/${name}`;
}

// `existing: {dbUrl, dataDir}` serves a database prepared elsewhere (a restored backup) as it is.
// `campaigns` serves another directory of campaign files (an example campaign, data/examples/).
// Test servers raise the password routes' per-address limits (every test client shares 127.0.0.1, as the
// offices behind one NAT address do); `defaultLimits: true` keeps the defaults, for the flood tests.
const raisedLimits = ['--signin-rate', '100000', '--register-rate', '100000', '--password-rate', '1000000'];

export async function startServer({ demo = true, args = [], existing, campaigns = campaignsDir, defaultLimits = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zhicheng-test-'));
  const dbUrl = existing ? existing.dbUrl : freshDatabaseUrl(dir);
  const dataDir = existing ? existing.dataDir : join(dir, 'data');
  if (!existing) {
    execFileSync(bin, [demo ? 'demo' : 'migrate', '--db', dbUrl, ...(demo ? ['--data-dir', dataDir] : [])], {
      stdio: 'pipe',
    });
  }
  const child = spawn(bin, ['serve', '--db', dbUrl, '--data-dir', dataDir, '--listen', '127.0.0.1:0',
    '--web-dir', webDir, '--campaigns', campaigns, '--calendars', calendarsDir,
    // Timed jobs only where a test asks for them (tests/api/jobs.test.mjs), so that no reminder lands in
    // another test's notifications when it moves the clock.
    ...(args.includes('--job-interval-ms') ? [] : ['--job-interval-ms', '0']),
    ...(defaultLimits ? [] : raisedLimits), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const port = await new Promise((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on port (\d+)/);
      if (m) { clearTimeout(timer); resolvePort(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    dbUrl,
    dataDir,
    dir,
    log: () => log,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

// A minimal HTTP client with a cookie jar and the CSRF header, as a browser would send them.
export class Client {
  constructor(baseUrl, { lang = 'zh-CN' } = {}) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
    this.csrf = '';
    this.lang = lang;
  }

  async request(method, path, { json, body, headers = {}, csrf = true } = {}) {
    const h = { 'Accept-Language': this.lang, ...headers };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (json !== undefined) {
      h['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    }
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    const send = () => fetch(this.baseUrl + path, { method, headers: h, body, redirect: 'manual' });
    let res;
    try {
      res = await send();
    } catch (e) {
      // A pooled keep-alive connection the server closed just as it was reused: a GET is sent again once on
      // a fresh one (RFC 9110 §9.2.2 lets a client retry an idempotent request); anything else fails, with
      // the socket's own error named.
      const code = e?.cause?.code ?? '';
      if (method !== 'GET' || !['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code)) {
        throw new Error(`${method} ${path}: ${e.message} (${code || e?.cause?.message || 'no cause'})`, { cause: e });
      }
      res = await send();
    }
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (value) this.cookies.set(pair.slice(0, i), value); else this.cookies.delete(pair.slice(0, i));
    }
    const text = Buffer.from(await res.arrayBuffer());
    let data = null;
    if ((res.headers.get('content-type') || '').startsWith('application/json') && text.length) {
      data = JSON.parse(text.toString('utf8'));
    }
    await checkExchange(this.baseUrl, {
      method, path, status: res.status, contentType: res.headers.get('content-type') || '',
      request: json === undefined ? null : json, response: data,
    });
    return { status: res.status, headers: res.headers, json: data, bytes: text };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, json, opts = {}) { return this.request('POST', path, { ...opts, json }); }

  async login(login, password = 'Demo@2022') {
    const r = await this.post('/api/v1/auth/login', { login, password });
    if (r.status === 200) this.csrf = r.json.csrf_token;
    return r;
  }
}

// Valid synthetic identifiers, different on every call, so each test registers someone new. Without a birth
// date one is drawn from 1970–1999 as well: 899 sequence numbers of one day alone collide within a few dozen
// registrations (a browser test of papers.test.mjs met a taken number).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const randomBirth = () => {
  const d = new Date(Date.UTC(1970, 0, 1) + Math.floor(Math.random() * 30 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
};
export function residentId(region = '330402', birth = randomBirth()) {
  const seq = String(100 + Math.floor(Math.random() * 899));
  const first = region + birth + seq;
  const sum = [...first].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0);
  return first + '10X98765432'[sum % 11];
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCode(prefix = '91330402MA') {
  let first = prefix;
  while (first.length < 17) first += CREDIT_ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first].reduce((s, c, i) => s + CREDIT_ALPHABET.indexOf(c) * CREDIT_WEIGHTS[i], 0);
  return first + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

export function mobile() {
  return '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

// The smallest file a PDF reader opens.
export const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n');
