import { useI18n } from 'vue-i18n'
import type { Role, UnitStatus, UnitType } from './types'

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

/** Translated labels of the API enumerations. */
export function useLabels() {
  const { t, te } = useI18n()
  return {
    roleName: (r: Role | string | null | undefined): string =>
      r ? (te(`roles.${r}`) ? t(`roles.${r}`) : String(r)) : '—',
    unitStatusName: (s: UnitStatus | null | undefined): string =>
      s ? (te(`unitStatus.${s}`) ? t(`unitStatus.${s}`) : s) : '—',
    unitStatusShort: (s: UnitStatus | null | undefined): string =>
      s ? (te(`unitStatusShort.${s}`) ? t(`unitStatusShort.${s}`) : s) : '—',
    unitTypeName: (u: UnitType | null | undefined): string =>
      u ? (te(`unitType.${u}`) ? t(`unitType.${u}`) : u) : '—',
  }
}

export type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger'

export function unitStatusTag(s: UnitStatus | null | undefined): TagType {
  switch (s) {
    case 'approved':
      return 'success'
    case 'letter_pending':
      return 'warning'
    case 'letter_rejected':
      return 'danger'
    default:
      return 'info'
  }
}

/** A safe in-app redirect target from a query value, or null. */
export function safeRedirect(v: unknown): string | null {
  if (typeof v !== 'string') return null
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null
  return v
}
