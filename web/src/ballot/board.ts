// The public board's checks, in the browser: anyone re-verifies a meeting's secret ballot from what
// GET /public/meetings/{id}/board publishes, without trusting the server.
//
// A member's sheet has one entry per candidate and null where the member withdraws (回避), so crypto.ts's
// verifySheet / aggregate / sheetFingerprint (whole sheets only) do not apply as they are. The candidate
// index is bound into every range and overall proof (docs/ballot-transcript.md), so an entry cannot be
// checked as a one-candidate sheet either: verifyEntry checks entry `index` with `index` in the transcript,
// mirroring crypto.ts's verifySheet step for step (same tags, items, messages). crypto.ts does not export
// its transcript helpers, so the few lines needed are repeated here; board.test.ts checks that verifyEntry
// agrees with verifySheet on whole sheets and refuses an entry moved to another index.
import { ristretto255 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import {
  CHOICES,
  combineAndSolve,
  combineKeys,
  verifyKeyShare,
  verifyPartial,
  type Ciphertext,
  type CpProof,
  type EncryptedCandidate,
  type Hex,
  type PartialDecryption,
} from './crypto.js'
import { boardPartials, type Board, type SheetWithNulls, type TrusteeRole } from './types.js'

const Point = ristretto255.Point
type Point = InstanceType<typeof Point>
const L = Point.Fn.ORDER
const G = Point.BASE
const ZERO = Point.ZERO

const HEX32 = /^[0-9a-f]{64}$/

function pt(hex: unknown): Point {
  if (typeof hex !== 'string' || !HEX32.test(hex)) throw new Error('expected 64 lowercase hex characters')
  return Point.fromBytes(hexToBytes(hex))
}

function sc(hex: unknown): bigint {
  if (typeof hex !== 'string' || !HEX32.test(hex)) throw new Error('expected 64 lowercase hex characters')
  const k = bytesToNumberLE(hexToBytes(hex))
  if (k >= L) throw new Error('non-canonical scalar')
  return k
}

const ptHex = (p: Point): Hex => bytesToHex(p.toBytes())
const mod = (k: bigint): bigint => ((k % L) + L) % L
const mulPublic = (p: Point, k: bigint): Point => p.multiplyUnsafe(k)
const gPow = (m: number): Point => mulPublic(G, BigInt(m))

function field(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length)
  new DataView(out.buffer).setUint32(0, bytes.length, false)
  out.set(bytes, 4)
  return out
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, v, false)
  return b
}

function challenge(tag: string, electionId: string, items: (Uint8Array | Point)[]): bigint {
  const fields = [utf8ToBytes(tag), utf8ToBytes(electionId), ...items.map((i) => (i instanceof Uint8Array ? i : i.toBytes()))]
  return bytesToNumberLE(sha512(concatBytes(...fields.map(field)))) % L
}

const rangeChallenge = (eid: string, cand: number, choice: number, h: Point, alpha: Point, beta: Point, c: Point[]) =>
  challenge('zhicheng/ballot/v1/range', eid, [u32(cand), u32(choice), G, h, alpha, beta, ...c])

const overallChallenge = (eid: string, cand: number, h: Point, alphaSum: Point, betaSumOverG: Point, a: Point, b: Point) =>
  challenge('zhicheng/ballot/v1/overall', eid, [u32(cand), G, h, alphaSum, betaSumOverG, a, b])

interface Cp {
  A: Point
  B: Point
  c: bigint
  s: bigint
}

const parseCp = (p: CpProof): Cp => ({ A: pt(p.A), B: pt(p.B), c: sc(p.c), s: sc(p.s) })

function checkCp(g1: Point, g2: Point, x1: Point, x2: Point, p: Cp): boolean {
  return mulPublic(g1, p.s).equals(p.A.add(mulPublic(x1, p.c))) && mulPublic(g2, p.s).equals(p.B.add(mulPublic(x2, p.c)))
}

/**
 * Every problem of the entry for candidate `index` (0-based) of an untrusted sheet (empty = valid): shape,
 * canonical encodings, the three range proofs and the overall proof — crypto.ts's verifySheet for one index.
 */
export function verifyEntry(electionId: string, h: Hex, index: number, entry: EncryptedCandidate): string[] {
  let H: Point
  try {
    H = pt(h)
  } catch {
    return ['invalid election key']
  }
  if (H.is0()) return ['invalid election key']
  const where = `candidate ${index}`
  if (!entry || !Array.isArray(entry.choices) || entry.choices.length !== 3) return [`${where}: malformed`]

  const problems: string[] = []
  let alphaSum = ZERO
  let betaSum = ZERO
  let encodingsOk = true
  entry.choices.forEach((ch, j) => {
    const at = `${where} ${CHOICES[j]}`
    let alpha: Point, beta: Point, p: [Cp, Cp]
    try {
      if (!Array.isArray(ch.proof) || ch.proof.length !== 2) throw new Error('malformed')
      alpha = pt(ch.alpha)
      beta = pt(ch.beta)
      p = [parseCp(ch.proof[0]), parseCp(ch.proof[1])]
    } catch {
      problems.push(`${at}: non-canonical point or scalar`)
      encodingsOk = false
      return
    }
    alphaSum = alphaSum.add(alpha)
    betaSum = betaSum.add(beta)
    const c = rangeChallenge(electionId, index, j, H, alpha, beta, [p[0].A, p[0].B, p[1].A, p[1].B])
    if (mod(p[0].c + p[1].c) !== c) {
      problems.push(`${at}: range proof challenges do not match the transcript`)
      return
    }
    for (const m of [0, 1] as const) {
      if (!checkCp(G, H, alpha, beta.subtract(gPow(m)), p[m])) {
        problems.push(`${at}: range proof branch ${m} fails`)
        return
      }
    }
  })
  if (!encodingsOk) return problems

  let p: Cp
  try {
    p = parseCp(entry.overall)
  } catch {
    problems.push(`${where}: overall proof has a non-canonical point or scalar`)
    return problems
  }
  const betaOverG = betaSum.subtract(G)
  if (p.c !== overallChallenge(electionId, index, H, alphaSum, betaOverG, p.A, p.B) || !checkCp(G, H, alphaSum, betaOverG, p)) {
    problems.push(`${where}: overall proof (exactly one choice) fails`)
  }
  return problems
}

/** Every problem of a sheet with nulls (empty = valid): the candidate count, then each non-null entry. */
export function verifySheetWithNulls(electionId: string, h: Hex, sheet: SheetWithNulls, nCandidates: number): string[] {
  const cands = (sheet as { candidates?: unknown })?.candidates
  if (!Array.isArray(cands)) return ['malformed sheet']
  if (cands.length !== nCandidates) return [`expected ${nCandidates} candidates, got ${cands.length}`]
  return cands.flatMap((c, i) => (c === null ? [] : verifyEntry(electionId, h, i, c as EncryptedCandidate)))
}

/**
 * The server's fingerprint of a sheet with nulls: hex SHA-256 over, per candidate in order, one byte 0x00 when
 * null, else 0x01 then the entry's 32-byte values in sheetFingerprint's order (per choice α, β, proof[0].A,
 * .B, .c, .s, proof[1].A, .B, .c, .s; then overall.A, .B, .c, .s).
 */
export function fingerprintWithNulls(sheet: SheetWithNulls): Hex {
  const parts: Uint8Array[] = []
  const v = (hex: string) => {
    if (!HEX32.test(hex)) throw new Error('expected 64 lowercase hex characters')
    parts.push(hexToBytes(hex))
  }
  const cp = (p: CpProof) => [p.A, p.B, p.c, p.s].forEach(v)
  for (const cand of sheet.candidates) {
    if (cand === null) {
      parts.push(new Uint8Array([0]))
      continue
    }
    parts.push(new Uint8Array([1]))
    for (const ch of cand.choices) {
      v(ch.alpha)
      v(ch.beta)
      cp(ch.proof[0])
      cp(ch.proof[1])
    }
    cp(cand.overall)
  }
  return bytesToHex(sha256(concatBytes(...parts)))
}

/** Per candidate [yes, no, abstain]: the homomorphic product of the non-null entries (identity when none). */
export function aggregateWithNulls(sheets: SheetWithNulls[], nCandidates: number): [Ciphertext, Ciphertext, Ciphertext][] {
  const out: [Ciphertext, Ciphertext, Ciphertext][] = []
  for (let i = 0; i < nCandidates; ++i) {
    const row = [0, 1, 2].map((j): Ciphertext => {
      let alpha = ZERO
      let beta = ZERO
      for (const s of sheets) {
        if (s.candidates.length !== nCandidates) throw new Error('sheet has the wrong candidate count')
        const ch = s.candidates[i]?.choices[j]
        if (!ch) continue
        alpha = alpha.add(pt(ch.alpha))
        beta = beta.add(pt(ch.beta))
      }
      return { alpha: ptHex(alpha), beta: ptHex(beta) }
    })
    out.push(row as [Ciphertext, Ciphertext, Ciphertext])
  }
  return out
}

// ---- the whole board -------------------------------------------------------------------------------------

export type CheckKey =
  | 'trustee_chair'
  | 'trustee_office'
  | 'election_key'
  | 'sheets'
  | 'fingerprints'
  | 'tally'
  | 'partials_chair'
  | 'partials_office'
  | 'counts'

export interface Check {
  key: CheckKey
  /** true passed, false failed, null not applicable yet (e.g. no tally before voting closes) */
  ok: boolean | null
  /** how many items were checked, and what failed (technical, in English: for the details toggle) */
  checked: number
  problems: string[]
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0))

const sameCt = (a: Ciphertext | undefined, b: Ciphertext | undefined) => !!a && !!b && a.alpha === b.alpha && a.beta === b.beta

/**
 * Runs every check of the board: each trustee's key proof, the election key, each sheet's proofs and
 * fingerprint (and no sheet twice), the tally recomputed from the sheets, each trustee's partial decryptions,
 * and the counts against the published results. `progress(done, total)` is called while the sheets are
 * checked (the slow part), yielding to the page between sheets.
 */
export async function verifyBoard(board: Board, progress?: (done: number, total: number) => void): Promise<Check[]> {
  const eid = board.election_id
  const n = board.candidates.length
  const checks: Check[] = []
  const add = (key: CheckKey, ok: boolean | null, checked: number, problems: string[] = []) =>
    checks.push({ key, ok, checked, problems })
  const trustee = (role: TrusteeRole) => board.trustees.find((t) => t.role === role)

  for (const role of ['chair', 'office'] as const) {
    const t = trustee(role)
    if (!t?.public || !t.proof) add(`trustee_${role}`, null, 0)
    else {
      const ok = verifyKeyShare(eid, { public: t.public, proof: t.proof })
      add(`trustee_${role}`, ok, 1, ok ? [] : [`${role}: key share proof fails`])
    }
  }

  const chairKey = trustee('chair')?.public
  const officeKey = trustee('office')?.public
  if (!board.election_key) add('election_key', null, 0)
  else if (!chairKey || !officeKey) add('election_key', false, 1, ['an election key without both trustee keys'])
  else {
    let combined: string
    try {
      combined = combineKeys([chairKey, officeKey])
    } catch (e) {
      combined = String(e)
    }
    const ok = combined === board.election_key
    add('election_key', ok, 1, ok ? [] : ['the election key is not the product of the trustee keys'])
  }

  // sheets: proofs and fingerprints
  const h = board.election_key
  const sheetProblems: string[] = []
  const fpProblems: string[] = []
  const seen = new Set<string>()
  const valid: SheetWithNulls[] = []
  for (const [k, s] of board.sheets.entries()) {
    const label = `sheet ${s.fingerprint?.slice(0, 16) ?? k}`
    const problems = h ? verifySheetWithNulls(eid, h, s.sheet, n) : ['no election key']
    if (problems.length) sheetProblems.push(...problems.map((p) => `${label}: ${p}`))
    else valid.push(s.sheet)
    let fp: string
    try {
      fp = fingerprintWithNulls(s.sheet)
    } catch {
      fp = ''
    }
    if (fp !== s.fingerprint) fpProblems.push(`${label}: fingerprint does not match the sheet`)
    if (seen.has(fp)) fpProblems.push(`${label}: the same sheet twice`)
    seen.add(fp)
    progress?.(k + 1, board.sheets.length)
    await tick()
  }
  add('sheets', board.sheets.length ? sheetProblems.length === 0 : h ? true : null, board.sheets.length, sheetProblems)
  add('fingerprints', board.sheets.length ? fpProblems.length === 0 : null, board.sheets.length, fpProblems)

  // the published tally against the one recomputed from the sheets (all of them must be valid for it to count);
  // the trustees decrypted the published one, so the partials and counts below are checked against it
  const tally = board.tally && board.tally.length === n ? board.tally : null
  if (!board.tally) add('tally', null, 0)
  else {
    let recomputed: [Ciphertext, Ciphertext, Ciphertext][] | null = null
    const bad: string[] = []
    try {
      recomputed = aggregateWithNulls(board.sheets.map((s) => s.sheet), n)
    } catch (e) {
      bad.push(String(e))
    }
    if (!tally) bad.push(`expected ${n} candidates in the tally`)
    recomputed?.forEach((row, i) =>
      row.forEach((ct, j) => {
        if (!sameCt(ct, board.tally?.[i]?.[j])) bad.push(`candidate ${i} ${CHOICES[j]}: tally differs`)
      }),
    )
    if (valid.length !== board.sheets.length) bad.push('the tally includes invalid sheets')
    add('tally', bad.length === 0, n * 3, bad)
  }

  // partial decryptions
  const partialsOk: Record<TrusteeRole, boolean> = { chair: false, office: false }
  for (const role of ['chair', 'office'] as const) {
    const ps = boardPartials(board, role)
    const key = trustee(role)?.public
    if (!ps || !tally) {
      add(`partials_${role}`, null, 0)
      continue
    }
    const bad: string[] = []
    if (!key) bad.push('no trustee key')
    else if (ps.length !== n) bad.push(`expected ${n} candidates, got ${ps.length}`)
    else
      tally.forEach((row, i) =>
        row.forEach((ct, j) => {
          const p = ps[i]?.[j]
          if (!p || !verifyPartial(eid, key, ct, p)) bad.push(`candidate ${i} ${CHOICES[j]}: partial decryption fails`)
        }),
      )
    partialsOk[role] = bad.length === 0
    add(`partials_${role}`, bad.length === 0, n * 3, bad)
  }

  // the counts
  const chairPartials = boardPartials(board, 'chair')
  const officePartials = boardPartials(board, 'office')
  if (!tally || !chairPartials || !officePartials || !board.results?.length) add('counts', null, 0)
  else if (!partialsOk.chair || !partialsOk.office) add('counts', false, 0, ['partial decryptions failed'])
  else {
    const bad: string[] = []
    const max = board.sheets.length
    tally.forEach((row, i) => {
      const index = board.candidates[i]?.index
      const result = board.results?.find((r) => r.index === index)
      const counts = row.map((ct, j) =>
        combineAndSolve(ct, [chairPartials[i]![j] as PartialDecryption, officePartials[i]![j] as PartialDecryption], max),
      )
      const voters = board.sheets.filter((s) => s.sheet.candidates[i]).length
      if (counts.some((c) => c === null)) bad.push(`candidate ${i}: a count cannot be decrypted`)
      else if (!result) bad.push(`candidate ${i}: no published result`)
      else {
        const [yes, no, abstain] = counts as number[]
        if (yes !== result.yes || no !== result.no || abstain !== result.abstain)
          bad.push(`candidate ${i}: decrypted ${yes}/${no}/${abstain}, published ${result.yes}/${result.no}/${result.abstain}`)
        if (yes! + no! + abstain! !== voters) bad.push(`candidate ${i}: ${yes! + no! + abstain!} votes from ${voters} sheets`)
      }
    })
    add('counts', bad.length === 0, n, bad)
  }
  return checks
}
