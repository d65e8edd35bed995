// The one source of the UI's names and tag colours for the API's codes: roles, unit statuses and types,
// the states of every lifecycle (from the server's lifecycle tables, GET /lifecycles: lifecycles.ts), actions,
// deadline stages, archive item kinds and fields with the campaign's code names, and the review area's codes.
// Texts are the i18n sections `roles`, `unitStatus`, `unitType`, `wf` (with `wf.reviewer` where the reviewer
// pages word a state differently), `rv` and `cm`; nothing here shows a raw code where a name is known.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Campaign, Role, UnitStatus, UnitType } from './types'
import type { ArchiveItem } from '@/api/review'
import { DEFAULT_EXPERT_TITLES, type ExpertTitle, type ReviewCampaign } from '@/api/committee'
import { loadCampaign } from './campaign'
import { stateLabel, stateTagType } from './lifecycles'

export type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger'

// ---- accounts and units ----------------------------------------------------------------------------------

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

// ---- the workflow: application states, archive statuses, stages, actions -------------------------------

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

// ---- the reviewer pages: states in their wording, archive item kinds and fields ------------------------

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

// ---- the review area: groups, experts, meetings, publicity, objections, certificates, cases --------------

export function useCommitteeLabels() {
  const { t, te, locale } = useI18n()
  const campaign = ref<ReviewCampaign | null>(null)
  const campaignLoaded = loadCampaign().then((c) => {
    campaign.value = c as ReviewCampaign | null
    return campaign.value
  })

  const label = (section: string, code: string | null | undefined): string =>
    code ? (te(`cm.${section}.${code}`) ? t(`cm.${section}.${code}`) : String(code)) : '—'
  /** A state's label from the server's lifecycle table (GET /lifecycles), else the local wording. */
  const state = (lifecycle: string, section: string, code: string | null | undefined): string =>
    (code && stateLabel(lifecycle, code, locale.value === 'en')) || label(section, code)

  /** The titles an expert may hold: the campaign's `review.expert_titles`, else senior / full_senior. */
  const expertTitles = computed<ExpertTitle[]>(() => {
    const own = campaign.value?.review?.expert_titles
    if (own && own.length) return own
    return DEFAULT_EXPERT_TITLES.map((code) => ({ code, name: t(`cm.titles.${code}`) }))
  })

  function titleName(code: string | null | undefined, fallback?: string | null): string {
    if (!code) return '—'
    const own = campaign.value?.review?.expert_titles?.find((x) => x.code === code)
    if (own) return locale.value === 'en' && own.name_en ? own.name_en : own.name
    if (te(`cm.titles.${code}`)) return t(`cm.titles.${code}`)
    return fallback || code
  }

  /** Families a group or an expert may have (the campaign's, excluded ones left out). */
  const families = computed(() => (campaign.value?.families ?? []).filter((f) => !f.excluded))
  const familyName = (code: string) => campaign.value?.families.find((f) => f.code === code)?.name ?? code

  return {
    campaign,
    campaignLoaded,
    expertTitles,
    titleName,
    families,
    familyName,
    positionName: (s: string | null | undefined) => label('position', s),
    groupStatusName: (s: string | null | undefined) => state('review_group', 'groupStatus', s),
    expertStatusName: (s: string | null | undefined) => state('invitation', 'expertStatus', s),
    reasonName: (s: string | null | undefined) => label('reasons', s),
    drawReasonName: (s: string | null | undefined) => label('drawReason', s),
    recommendationName: (s: string | null | undefined) => label('recommendation', s),
    conformityName: (s: string | null | undefined) => label('conformity', s),
    meetingStatusName: (s: string | null | undefined) => state('meeting', 'meetingStatus', s),
    publicityStatusName: (s: string | null | undefined) => state('result_publicity', 'publicityStatus', s),
    objectionStatusName: (s: string | null | undefined) => state('result_objection', 'objectionStatus', s),
    certStatusName: (s: string | null | undefined) => state('certificate', 'certStatus', s),
    caseKindName: (s: string | null | undefined) => label('caseKind', s),
    caseStatusName: (s: string | null | undefined) => state('case', 'caseStatus', s),
    caseOutcomeName: (s: string | null | undefined) => label('caseOutcome', s),
  }
}

// Tag colours of the review's states come from the lifecycle tables (GET /lifecycles).
export function groupStatusTag(s: string | null | undefined): TagType {
  return stateTagType('review_group', s)
}

export function expertStatusTag(s: string | null | undefined): TagType {
  return stateTagType('invitation', s)
}

export function recommendationTag(s: string | null | undefined): TagType {
  return s === 'key' ? 'success' : s === 'general' ? 'primary' : s === 'not' ? 'danger' : 'info'
}

export function conformityTag(s: string | null | undefined): TagType {
  return s === 'conforms' ? 'success' : s === 'basically' ? 'warning' : s === 'not' ? 'danger' : 'info'
}

export function meetingStatusTag(s: string | null | undefined): TagType {
  return stateTagType('meeting', s)
}

export function publicityStatusTag(s: string | null | undefined): TagType {
  return stateTagType('result_publicity', s)
}

export function objectionStatusTag(s: string | null | undefined): TagType {
  return stateTagType('result_objection', s)
}
