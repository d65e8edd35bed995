// Labels and tag colours of the review area's codes (i18n section `cm`, committee.zh-CN.ts), the expert
// titles of the campaign, and the campaign itself with its review settings, for the committee office's and
// the city admin's pages.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TagType } from '@/format'
import { loadCampaign } from '@/reviewFormat'
import { stateLabel, stateTagType } from '@/lifecycles'
import { DEFAULT_EXPERT_TITLES, type ExpertTitle, type ReviewCampaign } from '@/committeeApi'

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
