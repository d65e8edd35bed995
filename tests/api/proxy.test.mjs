// Deployment behind a TLS-terminating reverse proxy: Secure session cookie, and the client address taken
// from the proxy's header so that the audit log names the real client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

test('behind a proxy: Secure cookie and the forwarded client address in the audit log', async () => {
  const server = await startServer({ demo: true, args: ['--secure-cookies', '--client-ip-header', 'X-Real-IP'] });
  try {
    const admin = new Client(server.baseUrl);
    const login = await admin.request('POST', '/api/v1/auth/login', {
      json: { login: 'admin', password: 'Demo@2022' }, headers: { 'X-Real-IP': '203.0.113.7' } });
    assert.equal(login.status, 200);
    assert.match(login.headers.get('set-cookie'), /; Secure/);
    admin.csrf = login.json.csrf_token;
    const audit = await admin.get('/api/v1/audit?action=auth.login&actor=admin');
    assert.equal(audit.json.items[0].client_ip, '203.0.113.7');
  } finally {
    await server.stop();
  }
});

test('without the option the peer address is recorded and a forged header is ignored', async () => {
  const server = await startServer({ demo: true });
  try {
    const admin = new Client(server.baseUrl);
    const login = await admin.request('POST', '/api/v1/auth/login', {
      json: { login: 'admin', password: 'Demo@2022' }, headers: { 'X-Real-IP': '203.0.113.7' } });
    assert.doesNotMatch(login.headers.get('set-cookie'), /Secure/);
    admin.csrf = login.json.csrf_token;
    const audit = await admin.get('/api/v1/audit?action=auth.login&actor=admin');
    assert.equal(audit.json.items[0].client_ip, '127.0.0.1');
  } finally {
    await server.stop();
  }
});
