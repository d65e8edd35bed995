// Holds idle keep-alive connections to the server for bench/deadline_load.mjs (forked by it; a process may
// have 20,000 file descriptors, so the holders are split over several processes).
//
// Each connection sends one `GET /api/v1/health`, reads the whole answer and then stays open and idle.
// Messages from the parent: {cmd: 'check'} sends one more request on every connection and counts the 200s
// (are the idle connections still served?); {cmd: 'close'} closes everything and exits.
// Messages to the parent: {type: 'opened', opened, failed, ms, errors}, {type: 'checked', alive, dead},
// {type: 'count', open}.
import net from 'node:net';

const [port, count, parallel = '200'] = process.argv.slice(2).map(Number);
const REQUEST = Buffer.from('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: deadline-holder\r\n\r\n');
const conns = [];
const errors = new Map();
let closedEarly = 0;

function note(e) {
  const k = e?.code || e?.message || String(e);
  errors.set(k, (errors.get(k) || 0) + 1);
}

// Reads one HTTP/1.1 answer with a Content-Length from `sock`; resolves with the status code.
function oneAnswer(sock) {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const done = (status) => {
      sock.off('data', onData);
      sock.off('error', onErr);
      sock.off('close', onClose);
      resolve(status);
    };
    const onData = (d) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const m = /content-length:\s*(\d+)/i.exec(head);
      const len = m ? Number(m[1]) : 0;
      if (buf.length >= end + 4 + len) done(Number(head.slice(9, 12)));
    };
    const onErr = (e) => { note(e); done(0); };
    const onClose = () => done(0);
    sock.on('data', onData);
    sock.on('error', onErr);
    sock.on('close', onClose);
  });
}

function openOne() {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setNoDelay(true);
    const fail = (e) => { note(e); sock.destroy(); resolve(null); };
    sock.once('error', fail);
    sock.once('connect', async () => {
      sock.off('error', fail);
      const answer = oneAnswer(sock);
      sock.write(REQUEST);
      const status = await answer;
      if (status !== 200) { if (status) note(`status ${status}`); sock.destroy(); resolve(null); return; }
      // Idle from now on; an error or close while idle is counted, not thrown.
      sock.on('error', note);
      sock.on('close', () => { if (!sock.zcClosing) closedEarly++; });
      resolve(sock);
    });
  });
}

const t0 = performance.now();
let next = 0;
let failed = 0;
async function lane() {
  while (next < count) {
    next++;
    const s = await openOne();
    if (s) conns.push(s); else failed++;
  }
}
await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
process.send({ type: 'opened', opened: conns.length, failed, ms: Math.round(performance.now() - t0),
  errors: Object.fromEntries(errors) });

process.on('message', async (m) => {
  if (m.cmd === 'count') {
    process.send({ type: 'count', open: conns.filter((s) => !s.destroyed).length, closedEarly });
  } else if (m.cmd === 'check') {
    let alive = 0;
    let dead = 0;
    // In waves, so that the check itself is not a burst of 10,000 requests at once.
    for (let i = 0; i < conns.length; i += 500) {
      const wave = conns.slice(i, i + 500);
      const statuses = await Promise.all(wave.map((s) => {
        if (s.destroyed) return 0;
        const a = oneAnswer(s);
        s.write(REQUEST);
        return a;
      }));
      for (const st of statuses) if (st === 200) alive++; else dead++;
    }
    process.send({ type: 'checked', alive, dead, closedEarly, errors: Object.fromEntries(errors) });
  } else if (m.cmd === 'close') {
    for (const s of conns) { s.zcClosing = true; s.destroy(); }
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
