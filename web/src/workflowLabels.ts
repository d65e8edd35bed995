// Names and tag colours of the workflow's states (docs/workflow.md "States and actions"), the archive
// statuses, the deadline stages and the actions, in the UI language (i18n section `wf`, shared with the
// reviewer pages; see reviewFormat.ts for their wording).
import { useI18n } from 'vue-i18n'
import { daysBetween, dayNumber, todayInShanghai, type TagType } from './format'
import type { DeadlinesAnswer } from './reviewApi'
import { stateLabel, stateTagType } from './lifecycles'

export function useWorkflowLabels() {
  const { t, te, locale } = useI18n()
  const name = (section: string, code: string | null | undefined): string =>
    code ? (te(`wf.${section}.${code}`) ? t(`wf.${section}.${code}`) : String(code)) : '—'
  return {
    // State and archive-status names come from the server's lifecycle tables (lifecycles.ts).
    appStateName: (s: string | null | undefined) =>
      stateLabel('application', s, locale.value === 'en') ?? name('state', s),
    archiveStatusName: (s: string | null | undefined) =>
      stateLabel('archive', s, locale.value === 'en') ?? name('archiveStatus', s),
    /** the name of a stage's deadline (个人申报截止 …) */
    stageName: (s: string | null | undefined) => name('deadline', s),
    actionName: (s: string | null | undefined) => name('action', s),
    roleOrText: (s: string | null | undefined) => (s ? (te(`roles.${s}`) ? t(`roles.${s}`) : s) : ''),
  }
}

/** A state's tag colour, from the server's lifecycle table (lifecycles.ts). */
export function appStateTag(s: string | null | undefined): TagType {
  return stateTagType('application', s)
}

export function archiveStatusTag(s: string | null | undefined): TagType {
  return stateTagType('archive', s)
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
