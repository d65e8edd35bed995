// The trustees' side of the encrypted ballot for black-box tests: the committee office and the presiding
// member make their key shares with the browser's own module (web/src/ballot/crypto.ts, compiled by the test
// command into web/.ballot-test/), register the public parts, and decrypt the tally when the vote closes.
// The secrets stay in this process, as they stay in a trustee's browser and key file.
import assert from 'node:assert/strict';
import * as crypto from '../../web/.ballot-test/crypto.js';
import { get, post, put, show } from './workflow.mjs';

export { crypto };

const keys = new Map(); // `${baseUrl} ${meetingId} ${round}` → {office, chair: {client, key}}

// The member who holds the chair's key: the chair, or a vice-chair presiding in the chair's absence.
async function presiding(ctx, meetingId) {
  for (const l of ['expert01', 'expert02', 'expert03']) {
    const c = await ctx.expert(l);
    const r = await get(c, `/meetings/${meetingId}`);
    if (r.status === 200 && r.json.ballot?.my_trustee_role === 'chair') return c;
  }
  throw new Error(`meeting ${meetingId}: no presiding member holds the chair's seat`);
}

// Both trustees make and register their key shares (the meeting is planned, attendance recorded).
export async function registerTrustees(ctx, baseUrl, meetingId) {
  const m = (await get(ctx.office, `/meetings/${meetingId}`)).json;
  const slot = `${baseUrl} ${meetingId} ${m.ballot.round}`;
  const chair = await presiding(ctx, meetingId);
  const made = {};
  for (const [role, client] of [['office', ctx.office], ['chair', chair]]) {
    const key = crypto.generateKeyShare(m.ballot.election_id);
    const r = await put(client, `/meetings/${meetingId}/trustee-key`, key.share);
    assert.equal(r.status, 200, `${role} registers its key: ${show(r)}`);
    made[role] = { client, key };
  }
  keys.set(slot, made);
  return made;
}

// Closes the vote, then each trustee decrypts the tally: the meeting as the office reads it, closed.
export async function closeAndCount(ctx, baseUrl, meetingId) {
  const closing = await post(ctx.office, `/meetings/${meetingId}/close`, {});
  assert.equal(closing.status, 200, `close: ${show(closing)}`);
  return decryptTally(ctx, baseUrl, meetingId);
}

// Both trustees decrypt the tally of a vote already closed (status tallying): the meeting, closed.
export async function decryptTally(ctx, baseUrl, meetingId) {
  const closing = { json: (await get(ctx.office, `/meetings/${meetingId}`)).json };
  assert.equal(closing.json.status, 'tallying');
  let last = closing.json;
  const made = keys.get(`${baseUrl} ${meetingId} ${closing.json.ballot.round}`);
  assert.ok(made, `meeting ${meetingId}: the trustees' keys were made in this process`);
  for (const role of ['office', 'chair']) {
    const { client, key } = made[role];
    const partials = closing.json.ballot.tally.map((row) =>
      row.map((ct) => crypto.decryptShare(closing.json.ballot.election_id, key.secret, key.share.public, ct)));
    const r = await post(client, `/meetings/${meetingId}/decrypt`, { partials });
    assert.equal(r.status, 200, `${role} decrypts: ${show(r)}`);
    last = r.json;
  }
  const m = (await get(ctx.office, `/meetings/${meetingId}`)).json;
  assert.equal(m.status, 'closed', `both trustees decrypted: ${JSON.stringify(last).slice(0, 300)}`);
  return m;
}

// Opens the vote after the key ceremony.
export async function openVoting(ctx, baseUrl, meetingId) {
  await registerTrustees(ctx, baseUrl, meetingId);
  const r = await post(ctx.office, `/meetings/${meetingId}/open-voting`, {});
  assert.equal(r.status, 200, `open voting: ${show(r)}`);
  return r.json;
}
