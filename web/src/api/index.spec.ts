// request() and its helpers (api.ts) against a fake fetch: the query string, the attachment names, the
// headers, the retry of an idempotent POST after a gateway failure, the "outcome unknown" error and the
// re-sign-in after a 401. The real server is the API and browser tests' business.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  attachmentName,
  fetchDownload,
  idempotencyKey,
  request,
  setCsrfToken,
  setReauthHandler,
  setUnauthorizedHandler,
  uploadRaw,
  withQuery,
} from '@/api'
import { setLocale } from '@/i18n/index'
import { askToSignInAgain, reauth, reauthDone } from '@/session'

/** An answer of the fake server: a status and a JSON body (or raw text). */
function answer(status: number, body?: unknown): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } })
}

/** The headers of each request, copied when it was sent (request() reuses one object for its retries). */
let sentHeaders: Record<string, string>[] = []

/** Stubs fetch with the given answers in turn (an Error is thrown as a network failure). */
function fakeFetch(...answers: (Response | Error)[]) {
  sentHeaders = []
  const fn = vi.fn(async (_url: string, init: RequestInit) => {
    sentHeaders.push({ ...(init.headers as Record<string, string>) })
    const next = answers.shift()
    if (!next) throw new Error('unexpected request')
    if (next instanceof Error) throw next
    return next
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

const headersOf = (fn: ReturnType<typeof fakeFetch>, call: number) => {
  expect(fn.mock.calls.length).toBeGreaterThan(call)
  return sentHeaders[call]
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    return e as ApiError
  }
  throw new Error('expected the request to fail')
}

beforeEach(() => {
  setCsrfToken('csrf-1')
  setReauthHandler(null)
  setUnauthorizedHandler(null)
})
afterEach(() => {
  vi.useRealTimers()
  if (reauth.open) reauthDone(false)
})

describe('withQuery', () => {
  it('leaves a path without a query alone', () => {
    expect(withQuery('/units')).toBe('/units')
    expect(withQuery('/units', {})).toBe('/units')
  })
  it('drops empty, null and undefined values but keeps 0 and false', () => {
    expect(withQuery('/units', { q: '', status: null, after: undefined, page_size: 0, all: false })).toBe(
      '/units?page_size=0&all=false',
    )
  })
  it('encodes the values', () => {
    expect(withQuery('/audit', { actor: '张 三&x=1' })).toBe('/audit?actor=%E5%BC%A0+%E4%B8%89%26x%3D1')
  })
})

describe('attachmentName', () => {
  it('prefers the RFC 5987 name, decoded from UTF-8', () => {
    const d = `attachment; filename="export.xlsx"; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8.xlsx`
    expect(attachmentName(d, 'x')).toBe('申报表.xlsx')
  })
  it('falls back to the quoted name when the RFC 5987 name is malformed', () => {
    expect(attachmentName(`attachment; filename*=UTF-8''%E7%94; filename="plain.pdf"`, 'x')).toBe('plain.pdf')
  })
  it('reads an unquoted name, and the fallback when there is none', () => {
    expect(attachmentName('attachment; filename=report.pdf', 'x')).toBe('report.pdf')
    expect(attachmentName('attachment', 'units.xlsx')).toBe('units.xlsx')
    expect(attachmentName(null, 'units.xlsx')).toBe('units.xlsx')
  })
})

describe('ApiError and idempotencyKey', () => {
  it('maps field errors to the first message per field', () => {
    const e = new ApiError(422, 'validation_failed', 'bad', [
      { field: 'name', message: 'first' },
      { field: 'name', message: 'second' },
      { field: 'mobile', message: 'mobile' },
    ] as never)
    expect(e.fieldMap()).toEqual({ name: 'first', mobile: 'mobile' })
  })
  it('makes 32 hexadecimal digits, different each time', () => {
    const a = idempotencyKey()
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(idempotencyKey()).not.toBe(a)
  })
})

describe('request', () => {
  it('sends a GET with the language and no CSRF token, and returns the parsed body', async () => {
    const fetch = fakeFetch(answer(200, { items: [1, 2] }))
    await expect(request('GET', '/regions', { query: { q: 'a' } })).resolves.toEqual({ items: [1, 2] })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/regions?q=a')
    expect(headersOf(fetch, 0)['Accept-Language']).toBe('zh-CN')
    expect(headersOf(fetch, 0)['X-CSRF-Token']).toBeUndefined()
    expect(headersOf(fetch, 0)['Idempotency-Key']).toBeUndefined()
  })

  it('sends the CSRF token, the JSON body and an Idempotency-Key with a signed-in POST', async () => {
    const fetch = fakeFetch(answer(204))
    await expect(request('POST', '/units/7/reject', { body: { reason: 'r' } })).resolves.toBeUndefined()
    const h = headersOf(fetch, 0)
    expect(h['X-CSRF-Token']).toBe('csrf-1')
    expect(h['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/)
    expect(fetch.mock.calls[0][1].body).toBe('{"reason":"r"}')
  })

  it('turns an error body into an ApiError with its code and fields', async () => {
    fakeFetch(
      answer(422, {
        error: { code: 'validation_failed', message: '姓名必填', fields: [{ field: 'name', message: '必填' }] },
      }),
    )
    const e = await rejection(request('PUT', '/units/me', { body: {} }))
    expect([e.status, e.code, e.message]).toEqual([422, 'validation_failed', '姓名必填'])
    expect(e.fieldMap()).toEqual({ name: '必填' })
  })

  it('names the HTTP status when the error body is not JSON, in the UI language', async () => {
    fakeFetch(answer(500, '<html>oops</html>'), answer(500, 'oops'))
    const zh = await rejection(request('GET', '/regions'))
    expect([zh.code, zh.message]).toEqual(['http_500', '请求失败（HTTP 500）'])
    setLocale('en')
    try {
      const en = await rejection(request('GET', '/regions'))
      expect(en.message).toBe('Request failed (HTTP 500)')
    } finally {
      setLocale('zh-CN')
    }
  })

  it('does not retry a GET whose connection failed', async () => {
    const fetch = fakeFetch(new TypeError('Failed to fetch'))
    const e = await rejection(request('GET', '/regions'))
    expect(e.code).toBe('network_error')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('retries a POST after a 502 with the same Idempotency-Key and returns the answer', async () => {
    vi.useFakeTimers()
    const fetch = fakeFetch(answer(502, 'Bad Gateway'), answer(201, { id: 9 }))
    const p = request('POST', '/applications', { body: { level: 'x' } })
    await vi.advanceTimersByTimeAsync(1000)
    await expect(p).resolves.toEqual({ id: 9 })
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(headersOf(fetch, 1)['Idempotency-Key']).toBe(headersOf(fetch, 0)['Idempotency-Key'])
  })

  it('says the outcome is unknown after a POST failed three times (502, lost connection, 504)', async () => {
    vi.useFakeTimers()
    const fetch = fakeFetch(answer(502), new TypeError('Failed to fetch'), answer(504))
    const p = rejection(request('POST', '/applications/3/submit'))
    await vi.advanceTimersByTimeAsync(5000)
    const e = await p
    expect(e.code).toBe('outcome_unknown')
    expect(e.status).toBe(0)
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('says the outcome is unknown when every try of a POST lost the connection', async () => {
    vi.useFakeTimers()
    const fetch = fakeFetch(new TypeError('x'), new TypeError('x'), new TypeError('x'))
    const p = rejection(request('POST', '/applications/3/submit'))
    await vi.advanceTimersByTimeAsync(5000)
    expect((await p).code).toBe('outcome_unknown')
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('reports a 503 that outlasts the retries as the server said it (nothing was done)', async () => {
    vi.useFakeTimers()
    const busy = () => answer(503, { error: { code: 'overloaded', message: '服务器繁忙' } })
    fakeFetch(busy(), busy(), busy())
    const p = rejection(request('POST', '/applications/3/submit'))
    await vi.advanceTimersByTimeAsync(5000)
    const e = await p
    expect([e.status, e.code]).toEqual([503, 'overloaded'])
  })

  it('neither retries nor keys a sign-in (its 401 and 502 are ordinary answers)', async () => {
    const fetch = fakeFetch(answer(502))
    const reauthHandler = vi.fn(async () => true)
    setReauthHandler(reauthHandler)
    const e = await rejection(request('POST', '/auth/login', { body: { login: 'a', password: 'b' } }))
    expect(e.status).toBe(502)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(headersOf(fetch, 0)['Idempotency-Key']).toBeUndefined()

    fakeFetch(answer(401, { error: { code: 'invalid_credentials', message: '密码错误' } }))
    expect((await rejection(request('POST', '/auth/login', { body: {} }))).code).toBe('invalid_credentials')
    expect(reauthHandler).not.toHaveBeenCalled()
  })
})

describe('request after the session expired (401)', () => {
  const expired = () => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } })

  it('sends the request once more, with the new CSRF token, when the person signed in again', async () => {
    const fetch = fakeFetch(expired(), answer(200, { saved: true }))
    setReauthHandler(async () => {
      setCsrfToken('csrf-2')
      return true
    })
    await expect(request('PATCH', '/units/me', { body: { contact: 'x' } })).resolves.toEqual({ saved: true })
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(headersOf(fetch, 1)['X-CSRF-Token']).toBe('csrf-2')
    expect(fetch.mock.calls[1][1].body).toBe('{"contact":"x"}')
  })

  it('throws the 401 when the person chose to leave', async () => {
    const fetch = fakeFetch(expired())
    setReauthHandler(async () => false)
    const e = await rejection(request('GET', '/archive'))
    expect([e.status, e.code]).toEqual([401, 'unauthenticated'])
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('throws the 401 when the request sent again answers 401 too (no third try)', async () => {
    const fetch = fakeFetch(expired(), expired())
    setReauthHandler(async () => true)
    expect((await rejection(request('GET', '/archive'))).status).toBe(401)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('calls the unauthorized handler instead when no re-sign-in handler is set', async () => {
    fakeFetch(expired())
    const unauthorized = vi.fn()
    setUnauthorizedHandler(unauthorized)
    await rejection(request('GET', '/archive'))
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })

  it('waits for the sign-in dialog (session.ts): two requests, one dialog, both sent again', async () => {
    const fetch = fakeFetch(expired(), expired(), answer(200, { a: 1 }), answer(200, { b: 2 }))
    setReauthHandler(() => askToSignInAgain('zhang', '张三'))
    const a = request('GET', '/a')
    const b = request('GET', '/b')
    await vi.waitFor(() => expect(reauth.open).toBe(true))
    expect(reauth).toMatchObject({ login: 'zhang', name: '张三' })
    expect(fetch).toHaveBeenCalledTimes(2)
    reauthDone(true)
    await expect(a).resolves.toEqual({ a: 1 })
    await expect(b).resolves.toEqual({ b: 2 })
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/v1/a', '/api/v1/b', '/api/v1/a', '/api/v1/b'])
  })
})

describe('downloads and uploads after the session expired (401)', () => {
  const expired = () => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } })

  it('fetches the file once more after signing in again over the page', async () => {
    const file = new Response('xlsx-bytes', {
      status: 200,
      headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%E5%AE%A1%E6%A0%B8.xlsx" },
    })
    const fetch = fakeFetch(expired(), file)
    const reauthHandler = vi.fn(async () => true)
    setReauthHandler(reauthHandler)
    const got = await fetchDownload('/queue.xlsx', { state: 'submitted' })
    expect(got.filename).toBe('审核.xlsx')
    expect(await got.blob.text()).toBe('xlsx-bytes')
    expect(reauthHandler).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/v1/queue.xlsx?state=submitted', '/api/v1/queue.xlsx?state=submitted'])
  })

  it('throws the 401 and saves nothing when the person chose to leave', async () => {
    const fetch = fakeFetch(expired())
    setReauthHandler(async () => false)
    expect((await rejection(fetchDownload('/queue.xlsx'))).status).toBe(401)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  /** An XMLHttpRequest that answers each send() with the next of `answers` ([status, body]). */
  function fakeXhr(answers: [number, unknown][]) {
    const sent: { headers: Record<string, string>; body: unknown }[] = []
    class FakeXhr {
      status = 0
      responseText = ''
      upload: { onprogress?: unknown } = {}
      onload: (() => void) | null = null
      onerror: (() => void) | null = null
      onabort: (() => void) | null = null
      private headers: Record<string, string> = {}
      open(): void {}
      setRequestHeader(name: string, value: string): void {
        this.headers[name] = value
      }
      send(body: unknown): void {
        sent.push({ headers: this.headers, body })
        const next = answers.shift()
        if (!next) throw new Error('unexpected upload')
        ;[this.status, this.responseText] = [next[0], JSON.stringify(next[1])]
        queueMicrotask(() => this.onload?.())
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    return sent
  }

  it('sends the file once more, with the new CSRF token, after signing in again', async () => {
    const sent = fakeXhr([
      [401, { error: { code: 'unauthenticated', message: '请先登录' } }],
      [200, { file: { id: 9 } }],
    ])
    setReauthHandler(async () => {
      setCsrfToken('csrf-2')
      return true
    })
    const pdf = new Blob(['%PDF-1.4'], { type: 'application/pdf' })
    await expect(uploadRaw('/files', pdf, 'application/pdf', undefined, 'POST')).resolves.toEqual({ file: { id: 9 } })
    expect(sent.map((x) => x.headers['X-CSRF-Token'])).toEqual(['csrf-1', 'csrf-2'])
    expect(sent[1].body).toBe(pdf)
    // the same Idempotency-Key: the server stored nothing under the first, refused, attempt
    expect(sent[1].headers['Idempotency-Key']).toBe(sent[0].headers['Idempotency-Key'])
  })

  it('does not send the file a third time when the second attempt answers 401 too', async () => {
    const sent = fakeXhr([
      [401, { error: { code: 'unauthenticated', message: '请先登录' } }],
      [401, { error: { code: 'unauthenticated', message: '请先登录' } }],
    ])
    setReauthHandler(async () => true)
    const e = await rejection(uploadRaw('/units/me/letter', new Blob(['x']), 'application/pdf'))
    expect(e.status).toBe(401)
    expect(sent).toHaveLength(2)
  })
})
