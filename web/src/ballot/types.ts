// The secret ballot's shapes as the API answers them (GET /meetings/{id} `ballot`, GET /public/meetings/{id}/board).
// The cryptographic values are those of crypto.ts (lowercase hex); see docs/ballot-transcript.md.
import type { Ciphertext, EncryptedCandidate, Hex, PartialDecryption, SchnorrProof } from './crypto.js'

export type TrusteeRole = 'chair' | 'office'
export const TRUSTEE_ROLES: TrusteeRole[] = ['chair', 'office']

/** A trustee's seat as a meeting reader sees it. */
export interface TrusteeSeat {
  role: TrusteeRole
  name: string | null
  public: Hex | null
  decrypted: boolean
}

/** `ballot` of GET /meetings/{id}. */
export interface MeetingBallot {
  /** e.g. "zhicheng/meeting/7/round/1": bound into every proof */
  election_id: string
  round: number
  /** the product of the two trustees' public keys, once voting opens */
  election_key: Hex | null
  /** application ids in sheet order: sheet.candidates[i] is candidate_ids[i] */
  candidate_ids: number[]
  trustees: TrusteeSeat[]
  my_trustee_role: TrusteeRole | null
  /** encrypted sheets received */
  sheets: number
  /** per candidate [yes, no, abstain] ciphertexts, from 'tallying' (the contract leaves its shape open: tallyOf) */
  tally: unknown
}

/** The meeting's encrypted tally, per candidate [yes, no, abstain], or null before voting closes. */
export function tallyOf(ballot: MeetingBallot | null | undefined): [Ciphertext, Ciphertext, Ciphertext][] | null {
  const t = ballot?.tally
  return Array.isArray(t) ? (t as [Ciphertext, Ciphertext, Ciphertext][]) : null
}

/** One member's sheet: an entry per candidate, null where the member withdraws (回避). */
export interface SheetWithNulls {
  candidates: (EncryptedCandidate | null)[]
}

/** partials[candidate] = [yes, no, abstain] */
export type TrusteePartials = [PartialDecryption, PartialDecryption, PartialDecryption][]

/** GET /public/meetings/{id}/board: everything needed to re-check the count. */
export interface Board {
  meeting_id: number
  title: string
  held_on: string
  status: 'planned' | 'voting' | 'tallying' | 'closed'
  election_id: string
  election_key: Hex | null
  /** candidates by their 1-based place on the sheet only: the board is public, their applications are not */
  candidates: { index: number }[]
  /** the registered trustees, each with their partial decryptions once they decrypted */
  trustees: { role: TrusteeRole; public: Hex | null; proof: SchnorrProof | null; partials?: TrusteePartials | null }[]
  sheets: { fingerprint: Hex; sheet: SheetWithNulls }[]
  tally: [Ciphertext, Ciphertext, Ciphertext][] | null
  /** empty (or null) until both trustees decrypted */
  results: { index: number; yes: number; no: number; abstain: number; passed: boolean }[] | null
}

/** A trustee's published partial decryptions (null until they decrypted). */
export function boardPartials(board: Board, role: TrusteeRole): TrusteePartials | null {
  return board.trustees.find((t) => t.role === role)?.partials ?? null
}
