// The browser's part of the secret ballot for trustees and members, over crypto.ts: a trustee's key made in
// the browser and sealed under a passphrase into a file they keep (only the public part goes to the server),
// that file opened again to decrypt the tally, and a member's sheet encrypted with the recused candidates left
// null. Errors a person can act on are BallotError with a code the pages translate (bt.errors.<code>).
import {
  decryptShare,
  encryptSheet,
  generateKeyShare,
  openShare,
  sealShare,
  type Choice,
  type Ciphertext,
  type Hex,
  type PublicShare,
} from './crypto.js'
import { fingerprintWithNulls } from './board.js'
import type { SheetWithNulls, TrusteePartials } from './types.js'

/** The passphrase of a key file: at least this many characters. */
export const MIN_PASSPHRASE = 10

export type BallotErrorCode =
  | 'passphrase_short'
  | 'passphrase_mismatch'
  | 'not_key_file'
  | 'wrong_passphrase'
  | 'wrong_election'
  | 'wrong_seat'
  | 'no_tally'
  | 'no_election_key'

export class BallotError extends Error {
  readonly code: BallotErrorCode
  constructor(code: BallotErrorCode, message: string = code) {
    super(message)
    this.name = 'BallotError'
    this.code = code
  }
}

/** The passphrase rule: long enough, typed the same twice. */
export function checkPassphrase(passphrase: string, again: string): BallotErrorCode | null {
  if ([...passphrase].length < MIN_PASSPHRASE) return 'passphrase_short'
  if (passphrase !== again) return 'passphrase_mismatch'
  return null
}

/** A new key share for the election, its secret sealed under the passphrase: the file text and the public part. */
export async function newSealedKey(electionId: string, passphrase: string): Promise<{ file: string; share: PublicShare }> {
  const key = generateKeyShare(electionId)
  const file = await sealShare(electionId, key.secret, passphrase)
  return { file, share: key.share }
}

/**
 * Opens a key file for this election and seat: the secret, or a BallotError (not a key file, wrong passphrase,
 * another election's or another seat's file).
 */
export async function openKeyFile(text: string, passphrase: string, electionId: string, seatPublic: Hex | null): Promise<Hex> {
  let header: { format?: unknown; election_id?: unknown; public?: unknown }
  try {
    header = JSON.parse(text) as typeof header
  } catch {
    throw new BallotError('not_key_file')
  }
  if (!header || header.format !== 'zhicheng-ballot-share-v1') throw new BallotError('not_key_file')
  // cheap checks first: the header is authenticated by the decryption below
  if (header.election_id !== electionId) throw new BallotError('wrong_election')
  if (seatPublic && header.public !== seatPublic) throw new BallotError('wrong_seat')
  let opened: { electionId: string; secret: Hex; public: Hex }
  try {
    opened = await openShare(text, passphrase)
  } catch (e) {
    const msg = e instanceof Error ? e.message : ''
    throw new BallotError(/passphrase/.test(msg) ? 'wrong_passphrase' : 'not_key_file', msg)
  }
  if (opened.electionId !== electionId) throw new BallotError('wrong_election')
  if (seatPublic && opened.public !== seatPublic) throw new BallotError('wrong_seat')
  return opened.secret
}

/** The trustee's partial decryptions of every tally entry, with their proofs. */
export function partialsFor(electionId: string, secret: Hex, publicKey: Hex, tally: [Ciphertext, Ciphertext, Ciphertext][]): TrusteePartials {
  return tally.map((row) => row.map((ct) => decryptShare(electionId, secret, publicKey, ct)) as TrusteePartials[number])
}

/**
 * A member's sheet: every candidate encrypted (a recused one as abstain, so the proofs keep their indices),
 * then the recused entries (null in `choices`) set to null. Returns the sheet and its fingerprint.
 */
export function encryptBallot(electionId: string, electionKey: Hex, choices: (Choice | null)[]): { sheet: SheetWithNulls; fingerprint: Hex } {
  const full = encryptSheet(electionId, electionKey, choices.map((c) => c ?? 'abstain'))
  const sheet: SheetWithNulls = { candidates: full.candidates.map((c, i) => (choices[i] === null ? null : c)) }
  return { sheet, fingerprint: fingerprintWithNulls(sheet) }
}

/** Offers text as a file download (the key file). */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The text of a file picked in an <input type=file>. */
export function readFileText(file: File): Promise<string> {
  return file.text()
}

// ---- the member's receipt, kept in this browser (a fingerprint reveals nothing of the choices) ----------

const RECEIPT_KEY = 'zc_ballot_receipt:'

/** `who`: the signed-in account, so that two members sharing a browser do not see each other's receipt. */
export function saveReceipt(who: string | number, electionId: string, fingerprint: Hex): void {
  try {
    localStorage.setItem(`${RECEIPT_KEY}${who}:${electionId}`, fingerprint)
  } catch {
    // storage unavailable: the receipt is shown once
  }
}

export function loadReceipt(who: string | number, electionId: string): Hex | null {
  try {
    return localStorage.getItem(`${RECEIPT_KEY}${who}:${electionId}`)
  } catch {
    return null
  }
}
