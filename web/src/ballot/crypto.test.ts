// Tests of the browser side against the C++ side:
//  (a) every C++-made proof in tests/vectors/ballot.json verifies here,
//  (b) the same fixed randomness reproduces the C++ ciphertexts and proofs byte for byte,
//  (c) an election run entirely here verifies; with BALLOT_WRITE_JS=1 it is written to
//      tests/vectors/ballot-js.json, which src/ballot/ballot_test.cpp verifies with the C++ side.
// Run by scripts/test.sh: compiled with tsconfig.ballot.json into web/.ballot-test/, then node --test.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import * as b from './crypto.js';

// Tests run from web/.ballot-test/ after `tsc`; the shared vectors sit in tests/vectors/.
const root = new URL('../../tests/vectors/', import.meta.url);

interface Vectors {
  election_id: string;
  trustees: { secret: b.Hex; w: b.Hex; share: b.PublicShare }[];
  election_key: b.Hex;
  sheets: { choices: b.Choice[]; randomness: b.CandidateRandomness[]; sheet: b.Sheet; fingerprint: b.Hex }[];
  tally: b.Tally;
  partials: { trustee: number; candidate: number; choice: b.Choice; w: b.Hex; partial: b.PartialDecryption }[];
  counts: number[][];
}

const V = JSON.parse(readFileSync(new URL('ballot.json', root), 'utf8')) as Vectors;
const eid = V.election_id;
const h = V.election_key;
const clone = <T>(x: T): T => structuredClone(x);

test('(a) C++ key shares, sheets and partials verify', () => {
  for (const t of V.trustees) assert.ok(b.verifyKeyShare(eid, t.share));
  assert.equal(b.combineKeys(V.trustees.map((t) => t.share.public)), h);
  for (const s of V.sheets) {
    assert.deepEqual(b.verifySheet(eid, h, s.sheet, 2), []);
    assert.equal(b.sheetFingerprint(s.sheet), s.fingerprint);
  }
  assert.deepEqual(
    b.aggregate(
      V.sheets.map((s) => s.sheet),
      2,
    ),
    V.tally,
  );
  for (const p of V.partials) {
    const ct = V.tally[p.candidate]![b.CHOICES.indexOf(p.choice)]!;
    assert.ok(b.verifyPartial(eid, V.trustees[p.trustee]!.share.public, ct, p.partial));
  }
  V.tally.forEach((row, i) =>
    row.forEach((ct, j) => {
      const partials = V.partials.filter((p) => p.candidate === i && p.choice === b.CHOICES[j]).map((p) => p.partial);
      assert.equal(b.combineAndSolve(ct, partials, V.sheets.length), V.counts[i]![j]);
    }),
  );
});

test('(b) fixed randomness reproduces the C++ bytes', () => {
  for (const t of V.trustees) assert.deepEqual(b.keyShareFromSecret(eid, t.secret, t.w).share, t.share);
  for (const s of V.sheets) assert.deepEqual(b.encryptSheetWith(eid, h, s.choices, s.randomness), s.sheet);
  for (const p of V.partials) {
    const t = V.trustees[p.trustee]!;
    const ct = V.tally[p.candidate]![b.CHOICES.indexOf(p.choice)]!;
    assert.deepEqual(b.decryptShareWith(eid, t.secret, t.share.public, ct, p.w), p.partial);
  }
});

test('the C++ vectors include a zero tally: g^0 is the identity', () => {
  // Both vector sheets say "no" to candidate 1.
  assert.equal(V.counts[1]![0], 0);
  const ct = V.tally[1]![0]!;
  const partials = V.partials.filter((p) => p.candidate === 1 && p.choice === 'yes').map((p) => p.partial);
  assert.equal(b.combineAndSolve(ct, partials, 0), 0);
});

test('invalid sheets are rejected with the same reasons as in C++', () => {
  const base = V.sheets[0]!.sheet;
  const problems = (s: b.Sheet, id = eid, key = h, n = 2) => b.verifySheet(id, key, s, n);
  const mentions = (ps: string[], what: string) =>
    assert.ok(
      ps.some((p) => p.includes(what)),
      ps.join('; ') || 'no problems',
    );

  let s = clone(base);
  [s.candidates[0]!.choices[0], s.candidates[0]!.choices[1]] = [
    s.candidates[0]!.choices[1],
    s.candidates[0]!.choices[0],
  ];
  mentions(problems(s), 'candidate 0 yes: range proof');

  // Splice in another sheet's ciphertext (a valid 1, same slot, own range proof): only the sum is wrong now.
  s = clone(base);
  s.candidates[0]!.choices[2] = clone(V.sheets[1]!.sheet.candidates[0]!.choices[2]);
  assert.deepEqual(problems(s), ['candidate 0: overall proof (exactly one choice) fails']);

  s = clone(base);
  const p = s.candidates[1]!.choices[2].proof;
  p[0].c = p[1].c; // any change to a challenge breaks the sum or the equations
  mentions(problems(s), 'candidate 1 abstain: range proof');

  s = clone(base);
  s.candidates[0]!.choices[0].alpha = 'ff'.repeat(31) + '7f'; // ≥ p: not canonical
  mentions(problems(s), 'candidate 0 yes: non-canonical');
  s = clone(base);
  s.candidates[0]!.overall.s = 'ff'.repeat(31) + '1f'; // ≥ ℓ
  mentions(problems(s), 'candidate 0: overall proof has a non-canonical');

  assert.notDeepEqual(problems(base, 'another-election'), []);
  assert.deepEqual(problems(base, eid, h, 3), ['expected 3 candidates, got 2']);
  assert.deepEqual(b.verifySheet(eid, h, { candidates: 'x' } as unknown as b.Sheet, 2), ['malformed sheet']);
});

test('a partial with a wrong share or proof is rejected', () => {
  const [p0, p1] = V.partials as [Vectors['partials'][0], Vectors['partials'][0]]; // trustees 0 and 1, same ciphertext
  const ct = V.tally[0]![0]!;
  const pub0 = V.trustees[0]!.share.public;
  assert.ok(b.verifyPartial(eid, pub0, ct, p0.partial));
  assert.ok(!b.verifyPartial(eid, pub0, ct, p1.partial));
  assert.ok(!b.verifyPartial(eid, pub0, ct, b.decryptShare(eid, V.trustees[1]!.secret, pub0, ct)));
  assert.ok(!b.verifyPartial(eid, pub0, V.tally[0]![1]!, p0.partial));
  assert.ok(!b.verifyPartial('another-election', pub0, ct, p0.partial));
  assert.equal(b.combineAndSolve(ct, [p0.partial], 50), null);
});

test('key shares: proofs bind key and election; fewer than 2 trustees refused', () => {
  const k = b.generateKeyShare(eid);
  assert.ok(b.verifyKeyShare(eid, k.share));
  assert.ok(!b.verifyKeyShare('another-election', k.share));
  assert.ok(!b.verifyKeyShare(eid, { ...k.share, public: V.trustees[0]!.share.public }));
  assert.ok(!b.verifyKeyShare(eid, { ...k.share, public: '00'.repeat(32) }));
  assert.throws(() => b.combineKeys([k.share.public]));
});

test('(c) an election made here, for the C++ verifier', () => {
  const id = 'zhicheng/js-made/committee';
  const trustees = [b.generateKeyShare(id), b.generateKeyShare(id)];
  const key = b.combineKeys(trustees.map((t) => t.share.public));
  const votes: b.Choice[][] = [
    ['yes', 'no'],
    ['yes', 'abstain'],
    ['no', 'abstain'],
    ['no', 'abstain'],
  ];
  const sheets = votes.map((v) => b.encryptSheet(id, key, v));
  for (const s of sheets) assert.deepEqual(b.verifySheet(id, key, s, 2), []);
  const tally = b.aggregate(sheets, 2);
  const partials = tally.map((row) =>
    row.map((ct) => trustees.map((t) => b.decryptShare(id, t.secret, t.share.public, ct))),
  );
  const counts = tally.map((row, i) =>
    row.map((ct, j) => {
      partials[i]![j]!.forEach((p, t) => assert.ok(b.verifyPartial(id, trustees[t]!.share.public, ct, p)));
      return b.combineAndSolve(ct, partials[i]![j]!, sheets.length);
    }),
  );
  assert.deepEqual(counts, [
    [2, 2, 0],
    [0, 1, 3],
  ]);
  // An empty election: tallies are (identity, identity) and still decrypt, with valid proofs, to 0.
  const empty = b.aggregate([], 1)[0]![1];
  const zero = trustees.map((t) => b.decryptShare(id, t.secret, t.share.public, empty));
  zero.forEach((p, t) => assert.ok(b.verifyPartial(id, trustees[t]!.share.public, empty, p)));
  assert.equal(b.combineAndSolve(empty, zero, 0), 0);

  const out = {
    election_id: id,
    n_candidates: 2,
    trustees: trustees.map((t) => t.share),
    election_key: key,
    sheets: sheets.map((sheet) => ({ sheet, fingerprint: b.sheetFingerprint(sheet) })),
    partials,
    counts,
  };
  if (process.env.BALLOT_WRITE_JS) writeFileSync(new URL('ballot-js.json', root), JSON.stringify(out, null, 1) + '\n');
});

test('sealed key share file', async () => {
  const k = b.generateKeyShare(eid);
  const sealed = await b.sealShare(eid, k.secret, 'correct horse battery staple', 200_000);
  assert.ok(!sealed.includes(k.secret));
  assert.deepEqual(await b.openShare(sealed, 'correct horse battery staple'), {
    electionId: eid,
    secret: k.secret,
    public: k.share.public,
  });
  await assert.rejects(b.openShare(sealed, 'wrong horse'), /wrong passphrase/);

  // The header is authenticated: another election id, or a lowered iteration count, is refused.
  const f = JSON.parse(sealed) as b.ShareFile;
  await assert.rejects(
    b.openShare(JSON.stringify({ ...f, election_id: 'x' }), 'correct horse battery staple'),
    /wrong passphrase/,
  );
  await assert.rejects(b.openShare(JSON.stringify({ ...f, kdf: { ...f.kdf, iterations: 1000 } }), 'x'), /iteration/);
  await assert.rejects(b.sealShare(eid, k.secret, 'p', 1000), /iteration/);
});
