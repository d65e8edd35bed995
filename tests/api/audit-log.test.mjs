// The audit log nobody can rewrite (docs/security.md "The audit log"): its rows are the leaves of an
// RFC 9162 Merkle tree whose head the server signs with an Ed25519 key kept outside the database
// (`zhicheng keygen`, `serve --log-key`). The public head is checked here with Node's own Ed25519 and a
// Merkle tree recomputed in JavaScript from the rows; `verify-audit --against` a head saved earlier proves
// that the log only grew, and finds the insider who deletes a row and recomputes the whole chain, which
// the chain alone cannot. On SQLite and PostgreSQL alike (ZHICHENG_TEST_PG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, bin, onPostgres, freshDatabaseUrl } from '../lib/server.mjs';
import { sqlite, newApplicant } from '../lib/workflow.mjs';

const run = (args) => spawnSync(bin, args, { encoding: 'utf8' });
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();

// The audit rows, every text field read as hex so that no separator or newline in a summary can confuse
// the parsing.
const FIELDS = ['id', 'at', 'actor_id', 'actor_login', 'role', 'action', 'object_type', 'object_id', 'summary', 'client_ip'];
function auditRows(server) {
  const hex = (c) => (onPostgres ? `encode(convert_to(COALESCE(${c}::text, ''), 'UTF8'), 'hex')` : `hex(COALESCE(CAST(${c} AS TEXT), ''))`);
  const out = sqlite(server, `SELECT ${FIELDS.map(hex).join(', ')} FROM audit_log ORDER BY id`).trim();
  if (!out) return [];
  return out.split('\n').map((line) => {
    const values = line.split('|').map((h) => Buffer.from(h, 'hex').toString('utf8'));
    return Object.fromEntries(FIELDS.map((f, i) => [f, values[i]]));
  });
}

// The row's fields, length-prefixed by their UTF-8 length: `len:value|` each.
function serialize(row, prevHash) {
  const values = (prevHash === undefined ? [] : [prevHash]).concat(FIELDS.map((f) => row[f]));
  return values.map((v) => `${Buffer.byteLength(v)}:${v}|`).join('');
}
const leafHash = (row) => sha256(Buffer.from([0]), serialize(row));
function merkleRoot(leaves) {
  if (leaves.length === 0) return sha256('');
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.from([1]), merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)));
}

function verifyHeadSignature(head) {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(head.public_key, 'hex').toString('base64url') }, format: 'jwk' });
  const message = `zhicheng-audit-log-tree-head-v1\n${head.tree_size}\n${head.root_hash}\n${head.timestamp}\n`;
  return verify(null, Buffer.from(message), key, Buffer.from(head.signature, 'hex'));
}

// The insider with write access to the database: keeps the rows but `drop`, renumbers them and recomputes
// the whole chain and its head, so that the chain verifies again.
function rewriteLog(server, drop) {
  const kept = auditRows(server).filter((r) => r.id !== String(drop));
  const text = (v) => (onPostgres ? `convert_from(decode('${Buffer.from(v).toString('hex')}', 'hex'), 'UTF8')` : `CAST(X'${Buffer.from(v).toString('hex')}' AS TEXT)`);
  let prev = '';
  const inserts = kept.map((r, i) => {
    const row = { ...r, id: String(i + 1) };
    const hash = createHash('sha256').update(serialize(row, prev)).digest('hex');
    const values = [row.id, row.at, row.actor_id === '' ? 'NULL' : row.actor_id, ...['actor_login', 'role', 'action', 'object_type', 'object_id', 'summary', 'client_ip'].map((f) => text(row[f])), `'${prev}'`, `'${hash}'`];
    prev = hash;
    return `INSERT INTO audit_log (id, at, actor_id, actor_login, role, action, object_type, object_id, summary, client_ip, prev_hash, hash) VALUES (${values.join(', ')});`;
  });
  sqlite(server, ['BEGIN;', 'DELETE FROM audit_log;', ...inserts,
    `UPDATE audit_head SET last_id = ${kept.length}, last_hash = '${prev}', tree_size = 0, frontier = '';`, 'COMMIT;'].join('\n'));
}

test('the audit log: signed public tree heads, growth proved from a saved head, a rewritten log found', async () => {
  const keys = mkdtempSync(join(tmpdir(), 'zhicheng-log-key-'));
  const keyFile = join(keys, 'log.key');
  try {
    // The key: made once, never overwritten, readable by its owner only, its public half beside it.
    const made = run(['keygen', '--out', keyFile]);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /public key [0-9a-f]{64}/);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is private');
    const publicKey = readFileSync(`${keyFile}.pub`, 'utf8').trim();
    const again = run(['keygen', '--out', keyFile]);
    assert.equal(again.status, 1, 'keygen never overwrites a key');
    assert.match(again.stderr, /exists/i);

    const server = await startServer({ args: ['--log-key', keyFile] });
    try {
      const anyone = new Client(server.baseUrl);
      const head1 = (await anyone.get('/api/v1/public/log-head')).json;
      assert.equal(head1.algorithm, 'Ed25519');
      assert.equal(head1.public_key, publicKey, 'signed with the key given to serve');
      assert.match(head1.signature, /^[0-9a-f]{128}$/);
      assert.ok(verifyHeadSignature(head1), 'the signature verifies under Node\'s own Ed25519');
      // The head is the Merkle tree of the rows as anyone can recompute it (RFC 9162).
      let rows = auditRows(server);
      assert.equal(head1.tree_size, rows.length);
      assert.equal(head1.root_hash, merkleRoot(rows.map(leafHash)).toString('hex'), 'the root is the rows\' Merkle root');

      // The platform is used: the log grows.
      await newApplicant(server);
      await newApplicant(server);
      const head2 = (await anyone.get('/api/v1/public/log-head')).json;
      assert.ok(head2.tree_size > head1.tree_size, `${head2.tree_size} > ${head1.tree_size}`);
      assert.ok(verifyHeadSignature(head2));
      rows = auditRows(server);
      assert.equal(head2.root_hash, merkleRoot(rows.slice(0, head2.tree_size).map(leafHash)).toString('hex'));

      // A head saved earlier proves that the log only grew since.
      const saved1 = join(keys, 'head1.json');
      writeFileSync(saved1, JSON.stringify(head1));
      const saved2 = join(keys, 'head2.json');
      writeFileSync(saved2, JSON.stringify(head2));
      for (const extra of [[], ['--public-key', `${keyFile}.pub`], ['--public-key', publicKey]]) {
        const ok = run(['verify-audit', '--db', server.dbUrl, '--against', saved1, ...extra]);
        assert.equal(ok.status, 0, ok.stdout + ok.stderr);
        assert.match(ok.stdout, new RegExp(`only grew: ${head1.tree_size} -> \\d+ entries`));
      }
      const printed = run(['verify-audit', '--db', server.dbUrl, '--against', `${head1.tree_size}:${head1.root_hash}`]);
      assert.equal(printed.status, 0, `the SIZE:ROOT printed on minutes: ${printed.stdout}${printed.stderr}`);

      // A head this log never published: a changed size breaks the signature; another key is not this log's.
      const forged = join(keys, 'forged.json');
      writeFileSync(forged, JSON.stringify({ ...head1, tree_size: head1.tree_size - 1 }));
      const f = run(['verify-audit', '--db', server.dbUrl, '--against', forged]);
      assert.equal(f.status, 2, f.stdout);
      assert.match(f.stdout, /signature does NOT verify/);
      const otherKey = join(keys, 'other.key');
      assert.equal(run(['keygen', '--out', otherKey]).status, 0);
      const other = run(['verify-audit', '--db', server.dbUrl, '--against', saved1, '--public-key', `${otherKey}.pub`]);
      assert.equal(other.status, 2, other.stdout);

      // The insider deletes row 2 and recomputes the whole chain: the chain alone says intact ...
      rewriteLog(server, 2);
      const chain = run(['verify-audit', '--db', server.dbUrl]);
      assert.equal(chain.status, 0, `the re-chained log passes the chain check: ${chain.stdout}`);
      // ... but neither saved head is a prefix of it any more.
      for (const saved of [saved1, saved2]) {
        const bad = run(['verify-audit', '--db', server.dbUrl, '--against', saved]);
        assert.equal(bad.status, 2, bad.stdout);
        assert.match(bad.stdout, /NOT consistent with the saved head.*(rewritten|removed)/);
      }
      // An edited summary, re-chained, too.
      rewriteLog(server, 0);
      sqlite(server, "UPDATE audit_log SET summary = summary || '（已核实）' WHERE id = 1");
      rewriteLog(server, 0);
      assert.equal(run(['verify-audit', '--db', server.dbUrl, '--against', saved1]).status, 2);
    } finally {
      await server.stop();
    }

    // Without a key a server publishes heads unsigned and says so; --production refuses to start without one.
    const plain = await startServer();
    try {
      const head = (await new Client(plain.baseUrl).get('/api/v1/public/log-head')).json;
      assert.equal(head.signature, null);
      assert.match(head.root_hash, /^[0-9a-f]{64}$/);
      assert.match(plain.log(), /no --log-key/);
    } finally {
      await plain.stop();
    }
    const dir = mkdtempSync(join(tmpdir(), 'zhicheng-prod-'));
    try {
      const dbUrl = freshDatabaseUrl(dir);
      const prod = run(['serve', '--production', '--db', dbUrl, '--data-dir', join(dir, 'data'), '--listen', '127.0.0.1:0',
        '--public-url', 'https://zc.example.gov.cn', '--secure-cookies']);
      assert.equal(prod.status, 1, `--production without --log-key: ${prod.stdout}${prod.stderr}`);
      assert.match(prod.stderr, /--log-key is required/);
      const bad = run(['serve', '--db', dbUrl, '--data-dir', join(dir, 'data'), '--listen', '127.0.0.1:0', '--log-key', `${keyFile}.pub`]);
      assert.equal(bad.status, 1, 'a file that is not a key is refused at start');
      assert.match(bad.stderr, /not a key written by `zhicheng keygen`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(keys, { recursive: true, force: true });
  }
});
