// Dates in Beijing time, day arithmetic and the small formatters (format.ts), and the file sizes of the
// reviewer pages (reviewFormat.ts: B, KB, MB as the users read them, not KiB/MiB).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chineseCount, dayNumber, daysBetween, fileSize, formatTime, isoDate, isoWeekday, safeRedirect, serverDay, todayInShanghai } from '@/format'
import { unitStatusTag } from '@/labels'

afterEach(() => {
  vi.useRealTimers()
})

describe('formatTime', () => {
  it('shows an instant in Beijing time, whatever its offset', () => {
    expect(formatTime('2024-03-01T16:30:05Z')).toBe('2024-03-02 00:30:05')
    expect(formatTime('2024-03-01T23:59:59+08:00')).toBe('2024-03-01 23:59:59')
  })
  it('shows — for nothing and an unparsable value as it came', () => {
    expect(formatTime(null)).toBe('—')
    expect(formatTime('')).toBe('—')
    expect(formatTime('soon')).toBe('soon')
  })
})

describe('days', () => {
  it('takes today in Asia/Shanghai: the day turns at 16:00 UTC', () => {
    expect(todayInShanghai(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31')
    expect(todayInShanghai(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01')
  })
  it('numbers days from 1970-01-01 and refuses anything but YYYY-MM-DD', () => {
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(dayNumber('2024-1-1')).toBeNaN()
    expect(dayNumber('2024-01-01T00:00:00Z')).toBeNaN()
  })
  it('counts the days between two dates across a leap day, negative backwards', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1)
    expect(daysBetween('2024-03-10', '2024-03-08')).toBe(-2)
  })
  it('writes and reads dates: zero-padded, Monday 1 … Sunday 7', () => {
    expect(isoDate(2024, 3, 5)).toBe('2024-03-05')
    expect(isoWeekday('2024-06-10')).toBe(1)
    expect(isoWeekday('2024-06-16')).toBe(7)
  })
  it("takes the server's day when an answer told it, else the browser's day in Beijing", () => {
    expect(serverDay(undefined, 'not a day', '2024-05-06', '2024-05-07')).toBe('2024-05-06')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2024-05-06T17:00:00Z'))
    expect(serverDay(null)).toBe('2024-05-07')
  })
})

describe('small formatters', () => {
  it('counts up to ten in Chinese (一式两份), digits beyond', () => {
    expect(chineseCount(2)).toBe('两')
    expect(chineseCount(10)).toBe('十')
    expect(chineseCount(11)).toBe('11')
    expect(chineseCount(1.5)).toBe('1.5')
  })
  it('accepts only an in-app path as a redirect', () => {
    expect(safeRedirect('/archive?tab=2')).toBe('/archive?tab=2')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example/')).toBeNull()
    expect(safeRedirect(['/archive'])).toBeNull()
  })
  it("colours a unit's status", () => {
    expect(unitStatusTag('approved')).toBe('success')
    expect(unitStatusTag('letter_rejected')).toBe('danger')
    expect(unitStatusTag(null)).toBe('info')
  })
  it('writes file sizes in B, KB and MB', () => {
    expect(fileSize(1023)).toBe('1023 B')
    expect(fileSize(1024)).toBe('1 KB')
    expect(fileSize(1536)).toBe('2 KB')
    expect(fileSize(1024 * 1024)).toBe('1.0 MB')
    expect(fileSize(1024 * 1024 - 1)).toBe('1.0 MB')
    expect(fileSize(1024 * 1023)).toBe('1023 KB')
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1.5 MB')
    expect(fileSize(undefined)).toBe('')
  })
})
