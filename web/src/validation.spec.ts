// The client-side checks built from the contract (validation.ts): the formats the server checks, with the
// server's own messages (generated/rules.ts), and the rules they make for a request body's members.
import { describe, expect, it } from 'vitest'
import { formatProblem, isAcceptablePassword, isCreditCode, isMobile, isResidentId } from './validation'
import { FORMATS, REQUEST_FIELDS } from './generated/rules'

// 11010519491231002X is the standard's example; the others are computed by hand from GB 11643 / GB 32100.
describe('formats', () => {
  it('a resident ID needs its check character and a real birth date', () => {
    expect(isResidentId('11010519491231002X')).toBe(true)
    expect(isResidentId('11010519491231002x')).toBe(true) // lower-case x, as the server accepts
    expect(isResidentId('110105194912310021')).toBe(false) // wrong check character
    expect(isResidentId('110105194902300024')).toBe(false) // 30 February
    expect(isResidentId('11010518991231002X')).toBe(false) // before 1900
    expect(isResidentId('11010519491231002')).toBe(false) // 17 characters
  })
  it('a credit code needs its check character and the code alphabet', () => {
    expect(isCreditCode('91330402MA2JX0016P')).toBe(true)
    expect(isCreditCode('91330402MA2JX0016Q')).toBe(false)
    expect(isCreditCode('91330402MA2JX0016I')).toBe(false) // I is not in the alphabet
    expect(isCreditCode('91330402MA2JX0016')).toBe(false)
  })
  it('a mobile number is 11 digits starting with 1', () => {
    expect(isMobile('13812345678')).toBe(true)
    expect(isMobile('23812345678')).toBe(false)
    expect(isMobile('1381234567')).toBe(false)
  })
  it('a password has 8 bytes with letters and digits', () => {
    expect(isAcceptablePassword('Apply2022')).toBe(true)
    expect(isAcceptablePassword('abcdefgh')).toBe(false)
    expect(isAcceptablePassword('12345678')).toBe(false)
    expect(isAcceptablePassword('ab12')).toBe(false)
    expect(isAcceptablePassword('密码a1')).toBe(true) // 8 bytes in UTF-8, as the server counts
  })
  it('a problem is named with the server registry message, nothing for a good value or an unknown format', () => {
    expect(formatProblem('cn-resident-id', '110105194912310021')).toBe(FORMATS['cn-resident-id'].message_zh)
    expect(formatProblem('cn-resident-id', '11010519491231002X')).toBe('')
    expect(formatProblem('no-such-format', 'x')).toBe('')
  })
})

describe('the contract', () => {
  it('gives registration its formats and the sign-in none', () => {
    const reg = REQUEST_FIELDS.AuthRegisterApplicantPostRequest
    expect(reg.id_number).toMatchObject({ required: true, format: 'cn-resident-id' })
    expect(reg.mobile).toMatchObject({ format: 'cn-mobile' })
    expect(reg.password).toMatchObject({ format: 'password' })
    expect('format' in REQUEST_FIELDS.AuthLoginPostRequest.password).toBe(false)
  })
})
