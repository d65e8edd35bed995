// Labels for the reviewer pages: application states, actions and archive statuses (i18n `wf`, shared with
// the applicant pages, in the reviewer pages' wording `wf.reviewer` where it differs), stages, item kinds,
// and the fields of an archive item's `data` with the campaign's code names resolved (education level, …).
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { api } from './api'
import type { Campaign } from './types'
import type { AppState, ArchiveItem, ArchiveStatus } from './reviewApi'
import type { TagType } from './format'
import { stateLabel, stateTagType } from './lifecycles'

let campaignPromise: Promise<Campaign | null> | null = null

/** The current campaign, fetched once per page load (null when there is none). */
export function loadCampaign(): Promise<Campaign | null> {
  if (!campaignPromise) {
    campaignPromise = api.currentCampaign().catch(() => {
      campaignPromise = null
      return null
    })
  }
  return campaignPromise
}

/** A state's tag colour, from the server's lifecycle table (lifecycles.ts). */
export function stateTag(s: AppState | string | null | undefined): TagType {
  return stateTagType('application', s)
}

export function archiveStatusTag(s: ArchiveStatus | string | null | undefined): TagType {
  return stateTagType('archive', s)
}

export interface FieldRow {
  key: string
  label: string
  value: string
}

/** Order in which the fields of an item's data are shown. */
const FIELD_ORDER = [
  'level',
  'technician_school_class',
  'school',
  'major',
  'graduated',
  'from',
  'to',
  'employer',
  'post',
  'series',
  'grade',
  'code',
  'rank',
  'obtained',
  'year',
  'hours',
  'paid_in_city',
  'labour_contract',
  'bank_salary_records',
  'tax_certificate',
  'in_service',
  'full_time',
  'frontline_skill_post',
  'retired_on',
  'sanction_kind',
  'sanction_until',
  'type',
  'title',
  'date',
  'role',
]

export function useReviewLabels() {
  const { t, te, locale } = useI18n()
  const campaign = ref<Campaign | null>(null)
  void loadCampaign().then((c) => (campaign.value = c))

  const label = (prefix: string, v: string | null | undefined): string =>
    v ? (te(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : v) : '—'
  /** A state, action or archive status as the reviewer pages word it (`wf.reviewer`), else the shared name. */
  const wording = (section: 'state' | 'action' | 'archiveStatus', v: string | null | undefined): string => {
    if (v && te(`wf.reviewer.${section}.${v}`)) return t(`wf.reviewer.${section}.${v}`)
    // State and archive-status names come from the server's lifecycle tables (lifecycles.ts).
    const table = section === 'state' ? 'application' : section === 'archiveStatus' ? 'archive' : null
    const named = table ? stateLabel(table, v, locale.value === 'en') : undefined
    return named ?? label(`wf.${section}`, v)
  }

  function codeName(kind: string, key: string, v: unknown): string {
    const c = campaign.value
    const s = String(v)
    if (!c) return s
    const en = locale.value === 'en'
    if (key === 'level') {
      if (kind === 'title') {
        const l = c.levels.find((x) => x.code === s)
        return l ? (en ? l.name_en : l.name) : s
      }
      return c.education_levels.find((x) => x.code === s)?.name ?? s
    }
    if (key === 'technician_school_class') return c.technician_school_classes.find((x) => x.code === s)?.name ?? s
    if (key === 'grade') return c.skill_grades.find((x) => x.code === s)?.name ?? s
    if (key === 'code' && kind === 'award') return c.awards.find((x) => x.code === s)?.name ?? s
    if (key === 'sanction_kind') return c.sanctions.find((x) => x.code === s)?.name ?? s
    if (key === 'type' && kind === 'achievement') return label('rv.achievementTypes', s)
    return s
  }

  function fieldValue(kind: string, key: string, v: unknown): string {
    if (v === null || v === undefined || v === '') return '—'
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
    if (typeof v === 'object') return JSON.stringify(v)
    return codeName(kind, key, v)
  }

  /** The fields of an item's data, in a stable order, with translated labels and resolved codes. */
  function itemFields(item: ArchiveItem): FieldRow[] {
    const data = item.data ?? {}
    const keys = Object.keys(data).sort((a, b) => {
      const ia = FIELD_ORDER.indexOf(a)
      const ib = FIELD_ORDER.indexOf(b)
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib)
    })
    return keys.map((k) => ({
      key: k,
      label: te(`rv.fields.${k}`) ? t(`rv.fields.${k}`) : k,
      value: fieldValue(String(item.kind), k, data[k]),
    }))
  }

  /** One line describing an item, e.g. "大学本科 · 嘉兴学院 · 2010-07-01". */
  function itemSummary(item: ArchiveItem): string {
    return itemFields(item)
      .filter((f) => f.value !== '—')
      .map((f) => f.value)
      .join(' · ')
  }

  return {
    campaign,
    stateName: (s: string | null | undefined) => wording('state', s),
    actionName: (a: string | null | undefined) => wording('action', a),
    archiveStatusName: (s: string | null | undefined) => wording('archiveStatus', s),
    kindName: (k: string | null | undefined) => label('rv.kinds', k),
    stageName: (s: string | null | undefined) => label('wf.stage', s),
    itemFields,
    itemSummary,
  }
}

/** A file size for people: 12 KB, 3.4 MB. */
export function fileSize(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  if (n < 1024) return `${n} B`
  // (1,048,575 B rounds to 1024 KB: that is 1.0 MB)
  if (Math.round(n / 1024) < 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
