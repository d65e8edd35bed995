// Browser side of the ballot core: exponential ElGamal on ristretto255, Helios/Belenios style. It mirrors
// ballot.cpp byte for byte — same Fiat–Shamir transcript, same JSON shapes (TRANSCRIPT.md) — so that the
// server verifies what the browser makes, and anyone can re-verify the server with this file.
//
// Everything crossing the API is in the JSON shape (lowercase hex strings); bigints and points stay inside.
import { ristretto255 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const Point = ristretto255.Point;
type Point = InstanceType<typeof Point>;
const L = Point.Fn.ORDER;
const G = Point.BASE;
const ZERO = Point.ZERO;

export type Hex = string;
export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export interface SchnorrProof {
  A: Hex;
  c: Hex;
  s: Hex;
}
/** Proves log_G1 X1 = log_G2 X2: A = G1^w, B = G2^w, s = w + c·x. */
export interface CpProof {
  A: Hex;
  B: Hex;
  c: Hex;
  s: Hex;
}
export interface Ciphertext {
  alpha: Hex;
  beta: Hex;
}
/** proof[j] proves "encrypts j"; one branch is simulated and proof[0].c + proof[1].c is the challenge. */
export interface EncryptedChoice extends Ciphertext {
  proof: [CpProof, CpProof];
}
export interface EncryptedCandidate {
  choices: [EncryptedChoice, EncryptedChoice, EncryptedChoice]; // yes, no, abstain
  overall: CpProof; // the three encrypt a sum of exactly 1
}
export interface Sheet {
  candidates: EncryptedCandidate[];
}
export interface PublicShare {
  public: Hex;
  proof: SchnorrProof;
}
export interface KeyShare {
  secret: Hex;
  share: PublicShare;
}
export interface PartialDecryption {
  d: Hex;
  proof: CpProof;
}
/** tally[candidate][choice] */
export type Tally = [Ciphertext, Ciphertext, Ciphertext][];

/** Explicit randomness, for reproducible test vectors. */
export interface ChoiceRandomness {
  r: Hex;
  w: Hex;
  c_sim: Hex;
  s_sim: Hex;
}
export interface CandidateRandomness {
  choices: [ChoiceRandomness, ChoiceRandomness, ChoiceRandomness];
  overall_w: Hex;
}

const TAG = {
  keygen: 'zhicheng/ballot/v1/keygen',
  range: 'zhicheng/ballot/v1/range',
  overall: 'zhicheng/ballot/v1/overall',
  decrypt: 'zhicheng/ballot/v1/decrypt',
  shareFile: 'zhicheng/ballot/v1/share-file',
} as const;

// --- Encodings -------------------------------------------------------------------------------------------

const HEX32 = /^[0-9a-f]{64}$/;

/** Canonical point from 64 lowercase hex characters; throws otherwise (noble rejects non-canonical bytes). */
function pt(hex: unknown): Point {
  if (typeof hex !== 'string' || !HEX32.test(hex)) throw new Error('expected 64 lowercase hex characters');
  return Point.fromBytes(hexToBytes(hex));
}

/** Canonical scalar (< ℓ) from 64 lowercase hex characters, little-endian; throws otherwise. */
function sc(hex: unknown): bigint {
  if (typeof hex !== 'string' || !HEX32.test(hex)) throw new Error('expected 64 lowercase hex characters');
  const k = bytesToNumberLE(hexToBytes(hex));
  if (k >= L) throw new Error('non-canonical scalar');
  return k;
}

const ptHex = (p: Point): Hex => bytesToHex(p.toBytes());
const scHex = (k: bigint): Hex => bytesToHex(numberToBytesLE(k, 32));
const mod = (k: bigint): bigint => ((k % L) + L) % L;

// noble's multiply() refuses 0 (like libsodium, it will not produce the identity from a scalar), while
// multiplyUnsafe() accepts it but is variable-time. Secrets go through mulSecret; public values (verification)
// through mulPublic.
const mulSecret = (p: Point, k: bigint): Point => (k === 0n ? ZERO : p.multiply(k));
const mulPublic = (p: Point, k: bigint): Point => p.multiplyUnsafe(k);
const gPow = (m: number): Point => mulPublic(G, BigInt(m));

function randomScalar(): bigint {
  for (;;) {
    // 64 bytes reduced mod ℓ: the bias is about 2^-259.
    const k = bytesToNumberLE(crypto.getRandomValues(new Uint8Array(64))) % L;
    if (k !== 0n) return k;
  }
}

// --- Fiat–Shamir transcript (TRANSCRIPT.md) ---------------------------------------------------------------

/** Length-prefixed field: 4-byte big-endian length, then the bytes. */
function field(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length, false);
  out.set(bytes, 4);
  return out;
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, false);
  return b;
}

/** tag, election id, then `items` (4-byte indices or 32-byte points), each length-prefixed. */
function transcript(tag: string, electionId: string, items: (Uint8Array | Point)[]): Uint8Array {
  const fields = [
    utf8ToBytes(tag),
    utf8ToBytes(electionId),
    ...items.map((i) => (i instanceof Uint8Array ? i : i.toBytes())),
  ];
  return concatBytes(...fields.map(field));
}

function challenge(tag: string, electionId: string, items: (Uint8Array | Point)[]): bigint {
  return bytesToNumberLE(sha512(transcript(tag, electionId, items))) % L;
}

const keygenChallenge = (eid: string, hi: Point, a: Point) => challenge(TAG.keygen, eid, [G, hi, a]);

// Candidate and choice positions are bound, so a ciphertext and its proof cannot be moved to another slot.
const rangeChallenge = (eid: string, cand: number, choice: number, h: Point, alpha: Point, beta: Point, c: Point[]) =>
  challenge(TAG.range, eid, [u32(cand), u32(choice), G, h, alpha, beta, ...c]);

const overallChallenge = (
  eid: string,
  cand: number,
  h: Point,
  alphaSum: Point,
  betaSumOverG: Point,
  a: Point,
  b: Point,
) => challenge(TAG.overall, eid, [u32(cand), G, h, alphaSum, betaSumOverG, a, b]);

const decryptChallenge = (eid: string, alpha: Point, hi: Point, d: Point, a: Point, b: Point) =>
  challenge(TAG.decrypt, eid, [G, alpha, hi, d, a, b]);

interface Cp {
  A: Point;
  B: Point;
  c: bigint;
  s: bigint;
}

function parseCp(p: CpProof): Cp {
  return { A: pt(p.A), B: pt(p.B), c: sc(p.c), s: sc(p.s) };
}

const cpHex = (p: Cp): CpProof => ({ A: ptHex(p.A), B: ptHex(p.B), c: scHex(p.c), s: scHex(p.s) });

/** G1^s = A·X1^c and G2^s = B·X2^c. */
function checkCp(g1: Point, g2: Point, x1: Point, x2: Point, p: Cp): boolean {
  return (
    mulPublic(g1, p.s).equals(p.A.add(mulPublic(x1, p.c))) && mulPublic(g2, p.s).equals(p.B.add(mulPublic(x2, p.c)))
  );
}

// --- Trustees ----------------------------------------------------------------------------------------------

export function generateKeyShare(electionId: string): KeyShare {
  return keyShareFromSecret(electionId, scHex(randomScalar()), scHex(randomScalar()));
}

/** Deterministic variant; `w` is the proof nonce. */
export function keyShareFromSecret(electionId: string, secret: Hex, w: Hex): KeyShare {
  const x = sc(secret);
  const k = sc(w);
  if (x === 0n) throw new Error('key share secret must be non-zero');
  const hi = mulSecret(G, x);
  const A = mulSecret(G, k);
  const c = keygenChallenge(electionId, hi, A);
  return { secret, share: { public: ptHex(hi), proof: { A: ptHex(A), c: scHex(c), s: scHex(mod(k + c * x)) } } };
}

/** Also rejects the identity (a zero secret) and anything malformed. */
export function verifyKeyShare(electionId: string, share: PublicShare): boolean {
  try {
    const hi = pt(share.public);
    const A = pt(share.proof.A);
    const c = sc(share.proof.c);
    const s = sc(share.proof.s);
    if (hi.is0()) return false;
    return c === keygenChallenge(electionId, hi, A) && mulPublic(G, s).equals(A.add(mulPublic(hi, c)));
  } catch {
    return false;
  }
}

/** h = Π h_i over at least 2 shares whose proofs were checked with verifyKeyShare. */
export function combineKeys(publicKeys: Hex[]): Hex {
  if (publicKeys.length < 2) throw new Error('an election needs at least 2 trustees');
  const h = publicKeys.map(pt).reduce((acc, p) => acc.add(p), ZERO);
  if (h.is0()) throw new Error('combined election key is the identity');
  return ptHex(h);
}

// --- Voters ------------------------------------------------------------------------------------------------

export function encryptSheet(electionId: string, h: Hex, choices: Choice[]): Sheet {
  const rnd = (): ChoiceRandomness => ({
    r: scHex(randomScalar()),
    w: scHex(randomScalar()),
    c_sim: scHex(randomScalar()),
    s_sim: scHex(randomScalar()),
  });
  const randomness = choices.map((): CandidateRandomness => ({
    choices: [rnd(), rnd(), rnd()],
    overall_w: scHex(randomScalar()),
  }));
  return encryptSheetWith(electionId, h, choices, randomness);
}

/** Deterministic variant; one randomness entry per candidate. */
export function encryptSheetWith(
  electionId: string,
  h: Hex,
  choices: Choice[],
  randomness: CandidateRandomness[],
): Sheet {
  const H = pt(h);
  if (H.is0()) throw new Error('invalid election key');
  if (randomness.length !== choices.length) throw new Error('one randomness entry per candidate');
  const candidates = choices.map((choice, i): EncryptedCandidate => {
    const rnd = randomness[i]!;
    const encrypted = CHOICES.map((name, j) =>
      encryptChoice(electionId, H, i, j, name === choice ? 1 : 0, rnd.choices[j]!),
    );
    const alphaSum = encrypted.reduce((acc, e) => acc.add(e.alpha), ZERO);
    const betaSum = encrypted.reduce((acc, e) => acc.add(e.beta), ZERO);
    const rSum = mod(rnd.choices.reduce((acc, r) => acc + sc(r.r), 0n));
    // (α_sum, β_sum / g) = (g^r_sum, h^r_sum): prove the shared exponent.
    const w = sc(rnd.overall_w);
    const A = mulSecret(G, w);
    const B = mulSecret(H, w);
    const c = overallChallenge(electionId, i, H, alphaSum, betaSum.subtract(G), A, B);
    const json = encrypted.map((e) => e.json) as EncryptedCandidate['choices'];
    return { choices: json, overall: cpHex({ A, B, c, s: mod(w + c * rSum) }) };
  });
  return { candidates };
}

function encryptChoice(eid: string, H: Point, cand: number, choice: number, m: 0 | 1, rnd: ChoiceRandomness) {
  const r = sc(rnd.r);
  const w = sc(rnd.w);
  const alpha = mulSecret(G, r);
  const beta = gPow(m).add(mulSecret(H, r));
  // Simulate the false branch: pick its challenge and response, solve for its commitments.
  const sim = 1 - m;
  const fake = { c: sc(rnd.c_sim), s: sc(rnd.s_sim), A: ZERO, B: ZERO };
  fake.A = mulSecret(G, fake.s).subtract(mulSecret(alpha, fake.c));
  fake.B = mulSecret(H, fake.s).subtract(mulSecret(beta.subtract(gPow(sim)), fake.c));
  const real = { A: mulSecret(G, w), B: mulSecret(H, w), c: 0n, s: 0n };
  const [b0, b1] = m === 0 ? [real, fake] : [fake, real];
  const c = rangeChallenge(eid, cand, choice, H, alpha, beta, [b0.A, b0.B, b1.A, b1.B]);
  real.c = mod(c - fake.c);
  real.s = mod(w + real.c * r);
  const json: EncryptedChoice = { alpha: ptHex(alpha), beta: ptHex(beta), proof: [cpHex(b0), cpHex(b1)] };
  return { alpha, beta, json };
}

/**
 * Every problem found in an untrusted sheet (empty = valid): shape, candidate count, canonical encodings, every
 * range proof and every overall proof. Messages match ballot.cpp's.
 */
export function verifySheet(electionId: string, h: Hex, sheet: Sheet, nCandidates: number): string[] {
  let H: Point;
  try {
    H = pt(h);
  } catch {
    return ['invalid election key'];
  }
  if (H.is0()) return ['invalid election key'];
  const cands = (sheet as { candidates?: unknown })?.candidates;
  if (!Array.isArray(cands)) return ['malformed sheet'];
  if (cands.length !== nCandidates) return [`expected ${nCandidates} candidates, got ${cands.length}`];

  const problems: string[] = [];
  cands.forEach((cand: EncryptedCandidate, i) => {
    const where = `candidate ${i}`;
    if (!Array.isArray(cand?.choices) || cand.choices.length !== 3) {
      problems.push(`${where}: malformed`);
      return;
    }
    let alphaSum = ZERO;
    let betaSum = ZERO;
    let encodingsOk = true;
    cand.choices.forEach((ch, j) => {
      const at = `${where} ${CHOICES[j]}`;
      let alpha: Point, beta: Point, p: [Cp, Cp];
      try {
        if (!Array.isArray(ch.proof) || ch.proof.length !== 2) throw new Error('malformed');
        alpha = pt(ch.alpha);
        beta = pt(ch.beta);
        p = [parseCp(ch.proof[0]), parseCp(ch.proof[1])];
      } catch {
        problems.push(`${at}: non-canonical point or scalar`);
        encodingsOk = false;
        return;
      }
      alphaSum = alphaSum.add(alpha);
      betaSum = betaSum.add(beta);
      const c = rangeChallenge(electionId, i, j, H, alpha, beta, [p[0].A, p[0].B, p[1].A, p[1].B]);
      if (mod(p[0].c + p[1].c) !== c) {
        problems.push(`${at}: range proof challenges do not match the transcript`);
        return;
      }
      for (const m of [0, 1] as const) {
        if (!checkCp(G, H, alpha, beta.subtract(gPow(m)), p[m])) {
          problems.push(`${at}: range proof branch ${m} fails`);
          return;
        }
      }
    });
    if (!encodingsOk) return; // the overall statement cannot be formed from invalid points

    let p: Cp;
    try {
      p = parseCp(cand.overall);
    } catch {
      problems.push(`${where}: overall proof has a non-canonical point or scalar`);
      return;
    }
    const betaOverG = betaSum.subtract(G);
    if (
      p.c !== overallChallenge(electionId, i, H, alphaSum, betaOverG, p.A, p.B) ||
      !checkCp(G, H, alphaSum, betaOverG, p)
    ) {
      problems.push(`${where}: overall proof (exactly one choice) fails`);
    }
  });
  return problems;
}

/** Hex SHA-256 of the sheet's binary encoding (TRANSCRIPT.md): the voter's receipt. */
export function sheetFingerprint(sheet: Sheet): Hex {
  const parts: string[] = [];
  const cp = (p: CpProof) => parts.push(p.A, p.B, p.c, p.s);
  for (const cand of sheet.candidates) {
    for (const ch of cand.choices) {
      parts.push(ch.alpha, ch.beta);
      cp(ch.proof[0]);
      cp(ch.proof[1]);
    }
    cp(cand.overall);
  }
  return bytesToHex(sha256(hexToBytes(parts.join(''))));
}

// --- Tally -------------------------------------------------------------------------------------------------

/** Homomorphic product of already verified sheets. */
export function aggregate(sheets: Sheet[], nCandidates: number): Tally {
  const tally: Tally = [];
  for (let i = 0; i < nCandidates; ++i) {
    const row = [0, 1, 2].map((j): Ciphertext => {
      let alpha = ZERO;
      let beta = ZERO;
      for (const sheet of sheets) {
        const ch = sheet.candidates[i]?.choices[j];
        if (!ch || sheet.candidates.length !== nCandidates) throw new Error('sheet has the wrong candidate count');
        alpha = alpha.add(pt(ch.alpha));
        beta = beta.add(pt(ch.beta));
      }
      return { alpha: ptHex(alpha), beta: ptHex(beta) };
    });
    tally.push(row as [Ciphertext, Ciphertext, Ciphertext]);
  }
  return tally;
}

export function decryptShare(electionId: string, secret: Hex, publicKey: Hex, ct: Ciphertext): PartialDecryption {
  return decryptShareWith(electionId, secret, publicKey, ct, scHex(randomScalar()));
}

/** Deterministic variant; `w` is the proof nonce. */
export function decryptShareWith(
  electionId: string,
  secret: Hex,
  publicKey: Hex,
  ct: Ciphertext,
  w: Hex,
): PartialDecryption {
  const x = sc(secret);
  const k = sc(w);
  const alpha = pt(ct.alpha);
  const d = mulSecret(alpha, x);
  const A = mulSecret(G, k);
  const B = mulSecret(alpha, k);
  const c = decryptChallenge(electionId, alpha, pt(publicKey), d, A, B);
  return { d: ptHex(d), proof: cpHex({ A, B, c, s: mod(k + c * x) }) };
}

export function verifyPartial(electionId: string, publicKey: Hex, ct: Ciphertext, partial: PartialDecryption): boolean {
  try {
    const hi = pt(publicKey);
    const alpha = pt(ct.alpha);
    const d = pt(partial.d);
    const p = parseCp(partial.proof);
    return p.c === decryptChallenge(electionId, alpha, hi, d, p.A, p.B) && checkCp(G, alpha, hi, d, p);
  } catch {
    return false;
  }
}

/** m with g^m = β / Π d_i, for m in 0..max, or null. The partials (one per trustee) must be verified first. */
export function combineAndSolve(ct: Ciphertext, partials: PartialDecryption[], max: number): number | null {
  if (partials.length === 0) throw new Error('no partial decryptions');
  const target = partials.reduce((acc, p) => acc.subtract(pt(p.d)), pt(ct.beta));
  let gm = ZERO;
  for (let m = 0; m <= max; ++m, gm = gm.add(G)) if (gm.equals(target)) return m;
  return null;
}

// --- Passphrase-protected key share file -------------------------------------------------------------------
// PBKDF2-SHA256 → AES-256-GCM, both WebCrypto (browsers, Node ≥ 20). The header (election id, public key,
// iteration count) is authenticated as AES-GCM associated data, so it cannot be swapped or weakened, and on
// opening the secret is checked against the public key.

export const SHARE_FILE_FORMAT = 'zhicheng-ballot-share-v1';
const MIN_ITERATIONS = 200_000;
const MAX_ITERATIONS = 10_000_000; // a hostile file must not make opening it hang
export const DEFAULT_ITERATIONS = 600_000; // OWASP's 2023 figure for PBKDF2-SHA256

export interface ShareFile {
  format: typeof SHARE_FILE_FORMAT;
  election_id: string;
  public: Hex;
  kdf: { name: 'PBKDF2-SHA256'; iterations: number; salt: Hex };
  cipher: { name: 'AES-256-GCM'; iv: Hex };
  ciphertext: Hex;
}

const shareFileAad = (electionId: string, publicKey: Hex, iterations: number) =>
  transcript(TAG.shareFile, electionId, [hexToBytes(publicKey), u32(iterations)]);

// WebCrypto wants ArrayBuffer-backed views; noble's helpers are typed over ArrayBufferLike.
const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

async function shareFileKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', buf(utf8ToBytes(passphrase.normalize('NFC'))), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals a trustee's secret under a passphrase; returns the file's JSON text. */
export async function sealShare(
  electionId: string,
  secret: Hex,
  passphrase: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<string> {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
    throw new Error('bad iteration count');
  const x = sc(secret);
  if (x === 0n) throw new Error('zero secret');
  const publicKey = ptHex(mulSecret(G, x));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await shareFileKey(passphrase, salt, iterations);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: buf(shareFileAad(electionId, publicKey, iterations)) },
    key,
    buf(hexToBytes(secret)),
  );
  const file: ShareFile = {
    format: SHARE_FILE_FORMAT,
    election_id: electionId,
    public: publicKey,
    kdf: { name: 'PBKDF2-SHA256', iterations, salt: bytesToHex(salt) },
    cipher: { name: 'AES-256-GCM', iv: bytesToHex(iv) },
    ciphertext: bytesToHex(new Uint8Array(sealed)),
  };
  return JSON.stringify(file);
}

/** Opens a sealed share; throws on a wrong passphrase or a damaged / tampered file. */
export async function openShare(
  json: string,
  passphrase: string,
): Promise<{ electionId: string; secret: Hex; public: Hex }> {
  const f = JSON.parse(json) as ShareFile;
  if (
    f?.format !== SHARE_FILE_FORMAT ||
    f.kdf?.name !== 'PBKDF2-SHA256' ||
    f.cipher?.name !== 'AES-256-GCM' ||
    typeof f.election_id !== 'string'
  )
    throw new Error('not a key share file');
  const { iterations } = f.kdf;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
    throw new Error('bad iteration count');
  pt(f.public);
  const key = await shareFileKey(passphrase, hexToBytes(f.kdf.salt), iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: buf(hexToBytes(f.cipher.iv)),
        additionalData: buf(shareFileAad(f.election_id, f.public, iterations)),
      },
      key,
      buf(hexToBytes(f.ciphertext)),
    );
  } catch {
    throw new Error('wrong passphrase or damaged file');
  }
  const secret = bytesToHex(new Uint8Array(plain));
  const x = sc(secret);
  if (x === 0n || ptHex(mulSecret(G, x)) !== f.public) throw new Error('secret does not match the public key');
  return { electionId: f.election_id, secret, public: f.public };
}
