// Fetch wrapper for the HTTP API v1 (docs/api.md).
//
// - same-origin credentials (the session is the HttpOnly cookie zc_session);
// - Accept-Language follows the UI language;
// - X-CSRF-Token on every non-GET request (token from login or GET /auth/me);
// - error bodies {"error":{"code","message","fields"}} become an ApiError.
import { currentLocale } from '@/i18n/index'
import type {
  ApplicantRegistration,
  AuditEntry,
  Campaign,
  CampaignSummary,
  CalendarUpdate,
  CalendarYear,
  CalendarYearSummary,
  Decision,
  EligibilityRequest,
  Department,
  FieldError,
  NewAccount,
  Page,
  Region,
  ResetCode,
  ResetCodeRequest,
  SessionAnswer,
  Unit,
  UnitContact,
  UnitRegistration,
  UnitStatus,
  User,
} from '@/types'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: FieldError[]
  /** The whole error object of the body (e.g. the `items` of batch_rejected), when there was one. */
  readonly detail: Record<string, unknown> | null

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldError[] = [],
    detail: Record<string, unknown> | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.detail = detail
  }

  /** The field errors as a map field → message (first message per field). */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {}
    for (const f of this.fields) {
      if (f.field && !(f.field in map)) map[f.field] = f.message
    }
    return map
  }
}

let csrfToken = ''
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? ''
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler | null = null
/** Called when a request made with a session answers 401 (the session expired). */
export function setUnauthorizedHandler(h: UnauthorizedHandler | null): void {
  onUnauthorized = h
}

type ReauthHandler = () => Promise<boolean>
let onReauth: ReauthHandler | null = null
/** Asked when a request made with a session answers 401: signs the same person in again in place (the page
 *  and what was typed on it stay) and resolves true, so that the request is sent once more; false when
 *  there was no session or the person chose to leave. */
export function setReauthHandler(h: ReauthHandler | null): void {
  onReauth = h
}

type PasswordChangeHandler = () => void
let onPasswordChangeRequired: PasswordChangeHandler | null = null
/** Called when a request answers 403 password_change_required (signed in with a one-time code). */
export function setPasswordChangeRequiredHandler(h: PasswordChangeHandler | null): void {
  onPasswordChangeRequired = h
}

/** Tells the handlers about a failed answer: a 401 ends the session, a 403 password_change_required sends
 *  the person to the new-password page. */
function notifyFailure(status: number, err: ApiError, sessionless = false, callerSignsIn = false): void {
  if (status === 401 && !sessionless) {
    // request(), downloads and uploads ask for the sign-in themselves (and send again)
    if (onReauth) {
      if (!callerSignsIn) void onReauth()
    } else if (onUnauthorized) onUnauthorized()
  }
  if (status === 403 && err.code === 'password_change_required' && onPasswordChangeRequired) onPasswordChangeRequired()
}

function acceptLanguage(): string {
  return currentLocale() === 'en' ? 'en' : 'zh-CN'
}

function networkError(): ApiError {
  const msg =
    currentLocale() === 'en'
      ? 'Cannot reach the server; check your network and try again'
      : '无法连接服务器，请检查网络后重试'
  return new ApiError(0, 'network_error', msg)
}

/** Builds an ApiError from a status and the (possibly empty or non-JSON) response text. */
function errorFromBody(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; fields?: FieldError[] }
    }
    if (body && body.error && typeof body.error === 'object') {
      const e = body.error
      return new ApiError(
        status,
        e.code ?? 'http_' + status,
        e.message ?? `HTTP ${status}`,
        Array.isArray(e.fields) ? e.fields : [],
        { ...(body as Record<string, unknown>), ...(e as Record<string, unknown>) },
      )
    }
  } catch {
    // not JSON: fall through
  }
  const msg = currentLocale() === 'en' ? `Request failed (HTTP ${status})` : `请求失败（HTTP ${status}）`
  return new ApiError(status, 'http_' + status, msg)
}

export type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** Requests whose 401 is an ordinary answer (wrong password, no session yet), not an expired session. */
function isSessionlessPath(path: string): boolean {
  return path === '/auth/login' || path === '/auth/logout' || path.startsWith('/auth/register/')
}

/** A fresh Idempotency-Key (docs/api.md): random hex from getRandomValues, which also works on plain http. */
export function idempotencyKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Answers after which a retried POST with the same key is safe: the gateway or the network failed. */
const RETRYABLE = new Set([502, 503, 504])
const RETRY_DELAYS_MS = [800, 2000]

function outcomeUnknown(): ApiError {
  const msg =
    currentLocale() === 'en'
      ? 'The connection failed and it is not known whether this went through; reload the page to see the current state before trying again'
      : '网络中断，无法确认是否已办理成功；请刷新页面查看当前状态，再决定是否重新操作'
  return new ApiError(0, 'outcome_unknown', msg)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query } = {},
): Promise<T> {
  try {
    return await sendJson<T>(method, path, options)
  } catch (e) {
    // The session expired while the page was open: sign in again over the page, then send the request once
    // more (with the new session's CSRF token; nothing was done under the old one, so a POST is safe).
    if (await signedInAgain(e, path)) return sendJson<T>(method, path, options)
    throw e
  }
}

/** Whether a failure was an expired session and the person signed in again over the page (the dialog), so
 *  that the request, download or upload may be sent once more. */
async function signedInAgain(e: unknown, path: string): Promise<boolean> {
  return e instanceof ApiError && e.status === 401 && !isSessionlessPath(path) && !!onReauth && (await onReauth())
}

async function sendJson<T>(method: string, path: string, options: { body?: unknown; query?: Query }): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage(),
  }
  const upper = method.toUpperCase()
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8'
    body = JSON.stringify(options.body)
  }
  // A signed-in POST carries an Idempotency-Key, so that after a 502 or a lost connection it is retried with
  // the same key: the server answers a retry of a step that went through with the first answer.
  const idempotent = upper === 'POST' && !isSessionlessPath(path)
  if (idempotent) headers['Idempotency-Key'] = idempotencyKey()
  let resp: Response
  for (let attempt = 0; ; attempt++) {
    try {
      resp = await fetch(API_BASE + withQuery(path, options.query), {
        method: upper,
        headers,
        body,
        credentials: 'same-origin',
      })
      if (!idempotent || !RETRYABLE.has(resp.status) || attempt >= RETRY_DELAYS_MS.length) break
    } catch {
      if (!idempotent) throw networkError()
      if (attempt >= RETRY_DELAYS_MS.length) throw outcomeUnknown()
    }
    await sleep(RETRY_DELAYS_MS[attempt])
  }
  if (idempotent && RETRYABLE.has(resp.status) && resp.status !== 503) throw outcomeUnknown()
  const text = await resp.text()
  if (!resp.ok) {
    const err = errorFromBody(resp.status, text)
    notifyFailure(resp.status, err, isSessionlessPath(path), true)
    throw err
  }
  if (resp.status === 204 || text === '') return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw errorFromBody(resp.status, text)
  }
}

/** A file the server sent as an attachment, and the name it gave it (Content-Disposition). */
export interface Download {
  blob: Blob
  filename: string
}

/** The name of an attachment: RFC 5987 `filename*=UTF-8''…` first, else `filename="…"`, else `fallback`. */
export function attachmentName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // a malformed escape: try the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition)
  return plain?.[1]?.trim() || fallback
}

/**
 * GET a file (an Excel export, …) with the session, for saving it: the body as a Blob and the server's file
 * name. A refusal (403, 422 export_too_large, …) is thrown as an ApiError with the server's message in the
 * UI language, like any other request.
 */
export async function fetchDownload(path: string, query?: Query): Promise<Download> {
  try {
    return await fetchDownloadOnce(path, query)
  } catch (e) {
    // the session expired: sign in again over the page, then fetch the file once more
    if (await signedInAgain(e, path)) return fetchDownloadOnce(path, query)
    throw e
  }
}

async function fetchDownloadOnce(path: string, query?: Query): Promise<Download> {
  let resp: Response
  try {
    resp = await fetch(API_BASE + withQuery(path, query), {
      method: 'GET',
      headers: { 'Accept-Language': acceptLanguage() },
      credentials: 'same-origin',
    })
  } catch {
    throw networkError()
  }
  if (!resp.ok) {
    const text = await resp.text().catch(() => '')
    const err = errorFromBody(resp.status, text)
    notifyFailure(resp.status, err, false, true)
    throw err
  }
  let blob: Blob
  try {
    blob = await resp.blob()
  } catch {
    throw networkError()
  }
  const fallback = path.split('/').pop() || 'download'
  return { blob, filename: attachmentName(resp.headers.get('Content-Disposition'), fallback) }
}

/** Saves a Blob under a name through a temporary link (the object URL is released once it was taken). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * Downloads a file the server sends as an attachment (an Excel export, a PDF, a template): fetched with the
 * session (fetchDownload), then saved under the server's file name. A refusal is thrown as an ApiError with
 * the server's message and nothing is saved.
 */
export async function downloadFile(path: string, query?: Query): Promise<Download> {
  const file = await fetchDownload(path, query)
  saveBlob(file.blob, file.filename)
  return file
}

/**
 * PUT (or POST) a file as the raw request body with XMLHttpRequest so that upload progress can be shown.
 * onProgress receives 0–100.
 */
export function uploadRaw<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress?: (percent: number) => void,
  method: 'PUT' | 'POST' = 'PUT',
): Promise<T> {
  // An upload POST is retried like request(): the same Idempotency-Key stores the file once.
  const key = method === 'POST' ? idempotencyKey() : ''
  // After an expired session the person signs in again over the page and the file is sent once more, with
  // the new session's CSRF token: the 401 came before anything was stored.
  let reauthAsked = false
  const once = (attempt: number): Promise<T> =>
    send<T>(method, path, file, contentType, key, onProgress).catch(async (e: unknown) => {
      if (!reauthAsked && e instanceof ApiError && e.status === 401) {
        reauthAsked = true
        if (await signedInAgain(e, path)) return once(attempt)
        throw e
      }
      const retryable = e instanceof ApiError && (e.status === 0 || RETRYABLE.has(e.status))
      if (!key || !retryable) throw e
      if (attempt >= RETRY_DELAYS_MS.length) throw e instanceof ApiError && e.status === 503 ? e : outcomeUnknown()
      await sleep(RETRY_DELAYS_MS[attempt])
      return once(attempt + 1)
    })
  return once(0)
}

function send<T>(
  method: 'PUT' | 'POST',
  path: string,
  file: Blob,
  contentType: string,
  key: string,
  onProgress?: (percent: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, API_BASE + path, true)
    if (key) xhr.setRequestHeader('Idempotency-Key', key)
    xhr.setRequestHeader('Content-Type', contentType)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', acceptLanguage())
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.round((ev.loaded / ev.total) * 100))
    }
    xhr.onload = () => {
      const text = xhr.responseText
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100)
        if (!text) {
          resolve(undefined as T)
          return
        }
        try {
          resolve(JSON.parse(text) as T)
        } catch {
          reject(errorFromBody(xhr.status, text))
        }
      } else {
        const err = errorFromBody(xhr.status, text)
        notifyFailure(xhr.status, err, false, true)
        reject(err)
      }
    }
    xhr.onerror = () => reject(networkError())
    xhr.onabort = () => reject(networkError())
    xhr.send(file)
  })
}

// ---- endpoints -------------------------------------------------------------------------------

export const api = {
  regions: () => request<Region[]>('GET', '/regions'),
  competentDepartments: () => request<Department[]>('GET', '/competent-departments'),

  registerApplicant: (body: ApplicantRegistration) =>
    request<{ user: User }>('POST', '/auth/register/applicant', { body }),
  registerUnit: (body: UnitRegistration) => request<{ unit: Unit }>('POST', '/auth/register/unit', { body }),
  login: (login: string, password: string) =>
    request<SessionAnswer>('POST', '/auth/login', { body: { login, password } }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<SessionAnswer>('GET', '/auth/me'),
  changePassword: (old_password: string, new_password: string) =>
    request<void>('POST', '/auth/password', { body: { old_password, new_password } }),

  /** A one-time sign-in code for an account (unit, acceptance point, city admin); 201 answers the code once. */
  issueResetCode: (body: ResetCodeRequest) => request<ResetCode>('POST', '/accounts/reset-code', { body }),

  myUnit: () => request<{ unit: Unit }>('GET', '/units/me'),
  /** Contact person and mobile; only for an approved unit (else 403 unit_not_authorised). */
  updateMyUnit: (body: UnitContact) => request<{ unit: Unit }>('PATCH', '/units/me', { body }),
  uploadLetter: (file: Blob, onProgress?: (p: number) => void) =>
    uploadRaw<{ unit: Unit }>('/units/me/letter', file, 'application/pdf', onProgress),
  units: (q: { status?: UnitStatus | ''; q?: string; after?: string; page_size?: number }) =>
    request<Page<Unit>>('GET', '/units', { query: q }),
  letterUrl: (unitId: number) => `${API_BASE}/units/${unitId}/letter`,
  approveUnit: (id: number) => request<{ unit: Unit }>('POST', `/units/${id}/approve`),
  rejectUnit: (id: number, reason: string) =>
    request<{ unit: Unit }>('POST', `/units/${id}/reject`, { body: { reason } }),
  /** The Excel template of the unit import (city admin; a path under /api/v1, for a download button). */
  unitTemplatePath: '/import-templates/units.xlsx',
  /** The import of the filled template (the .xlsx as the body, components/XlsxImport.vue): every row or none;
   *  201 answers a `UnitImport` with each unit's login and initial password, given this once. */
  unitImportPath: '/imports/units',

  accounts: (q: { after?: string; page_size?: number }) => request<Page<User>>('GET', '/admin/accounts', { query: q }),
  createAccount: (body: NewAccount) => request<{ user: User }>('POST', '/admin/accounts', { body }),

  audit: (q: {
    actor?: string
    action?: string
    object?: string
    from?: string
    to?: string
    after?: string
    page_size?: number
  }) => request<Page<AuditEntry>>('GET', '/audit', { query: q }),

  // campaigns and the eligibility self-check (public, docs/eligibility.md)
  campaigns: () => request<{ items: CampaignSummary[] }>('GET', '/campaigns'),
  currentCampaign: () => request<Campaign>('GET', '/campaigns/current'),
  campaign: (id: string) => request<Campaign>('GET', `/campaigns/${encodeURIComponent(id)}`),
  checkEligibility: (body: EligibilityRequest) => request<Decision>('POST', '/eligibility/check', { body }),

  // working-day calendar (reading is public; changes are for the city admin)
  calendars: () => request<{ items: CalendarYearSummary[] }>('GET', '/calendars'),
  calendarYear: (year: number) => request<CalendarYear>('GET', `/calendars/${year}`),
  updateCalendarYear: (year: number, body: CalendarUpdate) =>
    request<CalendarYear>('PUT', `/calendars/${year}`, { body }),
  importCalendar: (toml: string, reason: string) =>
    request<CalendarYear>('POST', '/calendars/import', { body: { toml, reason } }),
  workingDays: (from: string, days: number) =>
    request<{ from: string; days: number; end: string }>('GET', '/calendars/working-days', { query: { from, days } }),
}
