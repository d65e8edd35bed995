// The glue of the secret ballot (board.ts, trustee.ts) against crypto.ts, in Node:
//  - verifyEntry agrees with crypto.ts's verifySheet on whole sheets (the C++ vectors and fresh sheets), and
//    refuses an entry moved to another index or altered;
//  - the fingerprint with nulls follows the server's definition;
//  - a whole election with recused candidates verifies end to end (verifyBoard), and tampering is caught;
//  - a key file opens with its passphrase only, for its election and seat only.
// Compile like crypto.test.ts: tsc to a directory, then node --test (see tsconfig.ballot.json).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

import * as b from './crypto.js'
import { aggregateWithNulls, fingerprintWithNulls, verifyBoard, verifyEntry, verifySheetWithNulls } from './board.js'
import { BallotError, encryptBallot, newSealedKey, openKeyFile, partialsFor } from './trustee.js'
import type { Board, SheetWithNulls } from './types.js'

const root = new URL('../../tests/vectors/', import.meta.url)

test('verifyEntry agrees with verifySheet on the C++ vectors', () => {
  const V = JSON.parse(readFileSync(new URL('ballot.json', root), 'utf8')) as {
    election_id: string
    election_key: string
    sheets: { sheet: b.Sheet }[]
  }
  for (const s of V.sheets) {
    assert.deepEqual(b.verifySheet(V.election_id, V.election_key, s.sheet, 2), [])
    s.sheet.candidates.forEach((c, i) => assert.deepEqual(verifyEntry(V.election_id, V.election_key, i, c), []))
    // moved to the other index: the proofs are bound to their index
    assert.notDeepEqual(verifyEntry(V.election_id, V.election_key, 1, s.sheet.candidates[0]!), [])
    assert.notDeepEqual(verifyEntry('another election', V.election_key, 0, s.sheet.candidates[0]!), [])
  }
})

const EID = 'zhicheng/meeting/7/round/1'

function trustees() {
  const chair = b.generateKeyShare(EID)
  const office = b.generateKeyShare(EID)
  return { chair, office, h: b.combineKeys([chair.share.public, office.share.public]) }
}

test('verifyEntry and verifySheet agree on fresh sheets, and on tampered ones', () => {
  const { h } = trustees()
  const sheet = b.encryptSheet(EID, h, ['yes', 'no', 'abstain'])
  assert.deepEqual(b.verifySheet(EID, h, sheet, 3), [])
  sheet.candidates.forEach((c, i) => assert.deepEqual(verifyEntry(EID, h, i, c), []))
  // swap yes and no of candidate 1: both sides refuse it
  const bad = structuredClone(sheet)
  const c1 = bad.candidates[1]!
  ;[c1.choices[0], c1.choices[1]] = [c1.choices[1], c1.choices[0]]
  assert.notDeepEqual(b.verifySheet(EID, h, bad, 3), [])
  assert.deepEqual(verifyEntry(EID, h, 1, c1), b.verifySheet(EID, h, bad, 3))
  // a changed response
  const bad2 = structuredClone(sheet)
  bad2.candidates[2]!.overall.s = bad2.candidates[0]!.overall.s
  assert.deepEqual(verifyEntry(EID, h, 2, bad2.candidates[2]!), b.verifySheet(EID, h, bad2, 3))
  assert.equal(verifyEntry(EID, h, 2, bad2.candidates[2]!).length, 1)
})

test('fingerprint with nulls: 0x00 for null, 0x01 and the values otherwise', () => {
  const { h } = trustees()
  const { sheet, fingerprint } = encryptBallot(EID, h, ['yes', null, 'no'])
  assert.equal(sheet.candidates[1], null)
  const parts: Buffer[] = []
  for (const c of sheet.candidates) {
    if (!c) {
      parts.push(Buffer.from([0]))
      continue
    }
    parts.push(Buffer.from([1]))
    for (const ch of c.choices) {
      for (const v of [ch.alpha, ch.beta, ...[0, 1].flatMap((k) => [ch.proof[k]!.A, ch.proof[k]!.B, ch.proof[k]!.c, ch.proof[k]!.s])])
        parts.push(Buffer.from(v, 'hex'))
    }
    for (const v of [c.overall.A, c.overall.B, c.overall.c, c.overall.s]) parts.push(Buffer.from(v, 'hex'))
  }
  assert.equal(fingerprint, createHash('sha256').update(Buffer.concat(parts)).digest('hex'))
  assert.equal(fingerprintWithNulls(sheet), fingerprint)
  assert.deepEqual(verifySheetWithNulls(EID, h, sheet, 3), [])
  assert.notDeepEqual(verifySheetWithNulls(EID, h, sheet, 2), [])
})

test('a whole election with a recusal verifies on the board; tampering is caught', async () => {
  const { chair, office, h } = trustees()
  const votes: (b.Choice | null)[][] = [
    ['yes', 'yes'],
    ['yes', 'no'],
    [null, 'abstain'], // recused from candidate 0
    ['no', 'yes'],
  ]
  const sheets = votes.map((v) => encryptBallot(EID, h, v))
  const tally = aggregateWithNulls(sheets.map((s) => s.sheet), 2)
  const partials = {
    chair: partialsFor(EID, chair.secret, chair.share.public, tally),
    office: partialsFor(EID, office.secret, office.share.public, tally),
  }
  const board: Board = {
    meeting_id: 7,
    title: 't',
    held_on: '2022-10-10',
    status: 'closed',
    election_id: EID,
    election_key: h,
    candidates: [
      { index: 1 },
      { index: 2 },
    ],
    trustees: [
      { role: 'chair', public: chair.share.public, proof: chair.share.proof, partials: partials.chair },
      { role: 'office', public: office.share.public, proof: office.share.proof, partials: partials.office },
    ],
    sheets: sheets.map((s) => ({ fingerprint: s.fingerprint, sheet: s.sheet })),
    tally,
    results: [
      { index: 1, yes: 2, no: 1, abstain: 0, passed: false },
      { index: 2, yes: 2, no: 1, abstain: 1, passed: false },
    ],
  }
  const checks = await verifyBoard(board)
  for (const c of checks) assert.equal(c.ok, true, `${c.key}: ${c.problems.join('; ')}`)
  assert.equal(checks.length, 9)

  const failing = async (mutate: (x: Board) => void) => {
    const x = structuredClone(board)
    mutate(x)
    return (await verifyBoard(x)).filter((c) => c.ok === false).map((c) => c.key)
  }
  assert.deepEqual(await failing((x) => (x.results![0]!.yes = 3)), ['counts'])
  assert.deepEqual(await failing((x) => x.sheets.pop()), ['tally', 'counts'])
  assert.deepEqual(await failing((x) => (x.sheets[0]!.fingerprint = '00'.repeat(32))), ['fingerprints'])
  assert.ok((await failing((x) => (x.trustees[0]!.partials![1]![2]!.d = x.trustees[0]!.partials![0]![0]!.d))).includes('partials_chair'))
  assert.ok((await failing((x) => (x.trustees[1]!.proof!.s = x.trustees[0]!.proof!.s))).includes('trustee_office'))
  assert.ok((await failing((x) => (x.election_key = chair.share.public))).includes('election_key'))
  // a sheet whose entry is moved to the recused slot
  assert.ok(
    (await failing((x) => {
      const s = x.sheets[2]!.sheet as SheetWithNulls
      s.candidates = [s.candidates[1]!, null]
    })).includes('sheets'),
  )

  // before the count: nothing to check yet is not a failure
  const open: Board = { ...structuredClone(board), status: 'voting', tally: null, results: [] }
  for (const t of open.trustees) t.partials = null
  const c2 = await verifyBoard(open)
  assert.deepEqual(c2.filter((c) => c.ok === false), [])
  assert.deepEqual(c2.filter((c) => c.ok === null).map((c) => c.key), ['tally', 'partials_chair', 'partials_office', 'counts'])
})

test('a key file opens with its passphrase, for its election and seat only', async () => {
  const pass = '正确的口令 correct horse'
  const { file, share } = await newSealedKey(EID, pass)
  const secret = await openKeyFile(file, pass, EID, share.public)
  assert.equal(b.keyShareFromSecret(EID, secret, '01'.padEnd(64, '0')).share.public, share.public)
  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof BallotError ? e.code : String(e)))
  assert.equal(await code(openKeyFile(file, 'wrong passphrase!', EID, share.public)), 'wrong_passphrase')
  assert.equal(await code(openKeyFile(file, pass, 'zhicheng/meeting/7/round/2', share.public)), 'wrong_election')
  assert.equal(await code(openKeyFile(file, pass, EID, b.generateKeyShare(EID).share.public)), 'wrong_seat')
  assert.equal(await code(openKeyFile('{"x":1}', pass, EID, share.public)), 'not_key_file')
  assert.equal(await code(openKeyFile('not json', pass, EID, share.public)), 'not_key_file')
})
