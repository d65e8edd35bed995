// A well-behaved client in its own thread (node:worker_threads), so that the time it measures is not the
// time the main thread spends driving hostile connections. Each request opens a fresh TCP connection
// (accepting new clients is part of being served) and is timed from connect to the server's close.
// workerData: {port, cookie, count, minMs}: alternates GET /api/v1/health and the signed-in
// GET /api/v1/auth/me until both `count` pairs were sent and `minMs` passed; posts back every sample.
import { parentPort, workerData } from 'node:worker_threads';
import net from 'node:net';

function request(port, path, headers) {
  const head = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let err = null;
    const timer = setTimeout(() => { sock.destroy(); done(true); }, 5000);
    let finished = false;
    function done(hang) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ path, ms: performance.now() - t0, status: m ? Number(m[1]) : null, hang, err,
        signedIn: /"user"/.test(text) });
    }
    sock.on('connect', () => sock.write(head));
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => { err = e.code; });
    sock.on('close', () => done(false));
  });
}

const { port, cookie, count, minMs = 0 } = workerData;
const samples = [];
const t0 = performance.now();
for (let i = 0; i < count || performance.now() - t0 < minMs; i++) {
  samples.push(await request(port, '/api/v1/health', {}));
  samples.push(await request(port, '/api/v1/auth/me', { Cookie: cookie }));
}
parentPort.postMessage(samples);
