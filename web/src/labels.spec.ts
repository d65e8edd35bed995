// Deadline colours and the server's today (format.ts), and the tag colour of a state (labels.ts).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { daysLeftTag, daysUntil, serverToday } from '@/format'
import { appStateTag } from '@/labels'

afterEach(() => {
  vi.useRealTimers()
})

describe('daysLeftTag', () => {
  it('is red from 3 days on, orange within two weeks, green beyond, grey once passed', () => {
    expect([-1, 0, 3, 4, 14, 15].map(daysLeftTag)).toEqual([
      'info',
      'danger',
      'danger',
      'warning',
      'warning',
      'success',
    ])
  })
})

describe('serverToday', () => {
  const next = { stage: 'unit' as const, date: '2024-05-31', days_left: 21, pending: 0 }

  it("prefers GET /deadlines' today to the campaign's", () => {
    const d = { today: '2024-05-10', stages: [], next }
    expect(serverToday(d, '2024-01-01')).toBe('2024-05-10')
  })
  it("takes the campaign's today, else the next deadline less its days left", () => {
    expect(serverToday({ stages: [], next }, '2024-05-11')).toBe('2024-05-11')
    expect(serverToday({ stages: [], next }, null)).toBe('2024-05-10')
  })
  it("falls back to the browser's day in Beijing time", () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2024-05-06T16:30:00Z'))
    expect(serverToday(null)).toBe('2024-05-07')
  })
})

describe('daysUntil and appStateTag', () => {
  it('counts to the day of a date-time, NaN without a date', () => {
    expect(daysUntil('2024-05-10', '2024-05-31T23:59:59+08:00')).toBe(21)
    expect(daysUntil('2024-05-10', null)).toBeNaN()
  })
  it('colours a state grey while the lifecycle tables are not loaded', () => {
    expect(appStateTag('passed')).toBe('info')
  })
})
