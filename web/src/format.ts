// Dates and times as the platform counts them (Beijing time, the server's today), numbers and file sizes for
// people, and the tag colour of a number of days left. Names of codes are in labels.ts.
import type { DeadlinesAnswer } from '@/api/review'
import type { TagType } from './labels'

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** Shows an instant as "YYYY-MM-DD HH:mm:ss" in Beijing time (the platform's civil time). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const parts: Record<string, string> = {}
  for (const p of SHANGHAI.formatToParts(d)) parts[p.type] = p.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}



/** A safe in-app redirect target from a query value, or null. */
export function safeRedirect(v: unknown): string | null {
  if (typeof v !== 'string') return null
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null
  return v
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today in Beijing time as "YYYY-MM-DD" (deadlines are days in Asia/Shanghai). */
export function todayInShanghai(now: Date = new Date()): string {
  const parts: Record<string, string> = {}
  for (const p of SHANGHAI_DATE.formatToParts(now)) parts[p.type] = p.value
  return `${parts.year}-${parts.month}-${parts.day}`
}

/**
 * The server's today ("YYYY-MM-DD") as told by an answer (GET /campaigns/current and GET /deadlines carry
 * `today`); the server's clock may differ from the browser's (a demo or test clock, a wrong PC clock). Falls
 * back to the browser's today in Beijing time when no answer tells it.
 */
export function serverDay(...told: (string | null | undefined)[]): string {
  for (const d of told) if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d
  return todayInShanghai()
}

/** Day number of a "YYYY-MM-DD" date (days since 1970-01-01), or NaN. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return NaN
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000
}

/** Days from `from` to `to` (both "YYYY-MM-DD"): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

/** "YYYY-MM-DD" of a year, month (1–12) and day. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Day of the week of a "YYYY-MM-DD" date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dayNumber(date) * 86_400_000).getUTCDay()
  return d === 0 ? 7 : d
}

const ZH_NUMERALS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十']

/** A small count in Chinese as in 一式两份; larger numbers stay digits. */
export function chineseCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 10 ? ZH_NUMERALS[n] : String(n)
}

/** A file size for people: 12 KB, 3.4 MB. */
export function fileSize(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  if (n < 1024) return `${n} B`
  // (1,048,575 B rounds to 1024 KB: that is 1.0 MB)
  if (Math.round(n / 1024) < 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The tag colour of a number of days left: red from 3 days on, orange within two weeks. */
export function daysLeftTag(n: number): TagType {
  if (n < 0) return 'info'
  if (n <= 3) return 'danger'
  if (n <= 14) return 'warning'
  return 'success'
}

/**
 * Today as the server sees it ("YYYY-MM-DD"): the `today` of GET /deadlines, else that of GET
 * /campaigns/current (`campaignToday`), else the next deadline's date less its days_left. The server's clock
 * may differ from the browser's (a demo or test clock, a wrong PC clock); only when no answer tells it, the
 * browser's today in Beijing time.
 */
export function serverToday(d: DeadlinesAnswer | null | undefined, campaignToday?: string | null): string {
  // the server also answers its `today` (not in the contract); the next deadline less its days_left otherwise
  const told = (d as { today?: unknown } | null | undefined)?.today
  const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
  if (isDay(told)) return told
  if (isDay(campaignToday)) return campaignToday
  if (d?.next && typeof d.next.days_left === 'number') {
    const n = dayNumber(d.next.date) - d.next.days_left
    if (!Number.isNaN(n)) return new Date(n * 86_400_000).toISOString().slice(0, 10)
  }
  return todayInShanghai()
}

/** Days from the server's today to a deadline day (0 on the day, negative once it has passed). */
export function daysUntil(today: string, date: string | null | undefined): number {
  if (!date) return NaN
  return daysBetween(today, date.slice(0, 10))
}
