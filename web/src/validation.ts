// Client-side checks from the server's own contract (issue 18): web/src/generated/rules.ts lists each
// request body's members as the server reads them (required, type, maxLength, format) and the formats with
// the messages of the server's error registry. The checks of the formats are the server's (src/base/ids.cpp,
// src/accounts/accounts.cpp), written once more here because they must run in the browser; each is named by
// the format the OpenAPI document gives, so a member the server starts to check gets the rule by itself.
// No eval: the rules are data generated at build time (scripts/contract.sh), the CSP stays strict.
import type { FormItemRule, FormRules } from 'element-plus'
import { FORMATS, REQUEST_FIELDS, type FieldRule, type RequestSchema } from './generated/rules'
import { currentLocale } from './i18n'
import { useTextCheck } from './composables'

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 11643: 17 digits and a check character; the birth date a real day from 1900 on. */
export function isResidentId(raw: string): boolean {
  const id = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11] === id[17]
}

/** GB 32100: 18 characters of the code alphabet, the last a check character. */
export function isCreditCode(raw: string): boolean {
  const code = raw.trim().toUpperCase()
  if (code.length !== 18) return false
  let sum = 0
  for (let i = 0; i < 18; i++) {
    const v = CREDIT_ALPHABET.indexOf(code[i])
    if (v < 0) return false
    if (i < 17) sum += v * CREDIT_WEIGHTS[i]
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] === code[17]
}

/** A mainland mobile number: 11 digits starting with 1. */
export function isMobile(raw: string): boolean {
  return /^1\d{10}$/.test(raw.trim())
}

/** At least 8 bytes (UTF-8, as the server counts) with ASCII letters and digits; the server also refuses
 *  common passwords. */
export function isAcceptablePassword(raw: string): boolean {
  return new TextEncoder().encode(raw).length >= 8 && /[A-Za-z]/.test(raw) && /\d/.test(raw)
}

const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  'cn-resident-id': isResidentId,
  'cn-mobile': isMobile,
  'cn-credit-code': isCreditCode,
  password: isAcceptablePassword,
}

/** The problem of `value` in `format`, in the UI language ('' when it is fine or the format is unknown). */
export function formatProblem(format: string, value: string): string {
  const check = CHECKS[format]
  if (!check || check(value)) return ''
  const f = FORMATS[format]
  if (!f) return ''
  return currentLocale() === 'en' ? f.message_en : f.message_zh
}

/**
 * Element Plus rules for the members of a request body, from the contract: required, the server's length
 * limit and its format. `members` picks and orders them (default: every text member); `triggers` names
 * members checked on change (selects) instead of blur. With `useFormSubmit(…, model)` a message goes as
 * soon as the value is fixed.
 */
export function useSchemaRules() {
  const { problem } = useTextCheck()
  return function rulesFor(
    schema: RequestSchema,
    opts: { members?: string[]; triggers?: Record<string, 'blur' | 'change'> } = {},
  ): FormRules {
    const fields = REQUEST_FIELDS[schema] as Readonly<Record<string, FieldRule>>
    const out: FormRules = {}
    for (const member of opts.members ?? Object.keys(fields)) {
      const rule = fields[member]
      if (!rule) continue
      const trigger = opts.triggers?.[member] ?? 'blur'
      const item: FormItemRule = {
        required: rule.required,
        trigger,
        validator: (_r, value: unknown, cb) => {
          const text = typeof value === 'string' ? value : value == null ? '' : String(value)
          const msg =
            rule.type === 'string'
              ? problem(text, member, { required: rule.required }) || (text && rule.format ? formatProblem(rule.format, text) : '')
              : rule.required && (value === '' || value === null || value === undefined)
                ? problem('', member, { required: true })
                : ''
          if (msg) cb(new Error(msg))
          else cb()
        },
      }
      out[member] = [item]
    }
    return out
  }
}
