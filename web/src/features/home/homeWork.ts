// What the home page shows each role (issue 18, items 2 and 6): the work actually waiting for the caller and
// only the caller's own deadline. The applicant: the progress of the application (progress.ts) and the
// deadline of the current stage; a unit: the applicants waiting on it (archives to approve, applications to
// review, publicise or recommend) and the unit deadline; an acceptance point or competent department: the
// applications to recommend and the county deadline; the committee office, experts and the city admin have
// no stage deadline of their own (their review work is in ReviewTodo.vue). Everything from the API the pages
// already use: GET /deadlines, /campaigns/current, /archive, /applications/mine, /applications/{id},
// /unit/archives, /queue.
import { computed, onMounted, ref, type Ref } from 'vue'
import { useNow } from '@/composables'
import { api } from '@/api'
import { applicantApi } from '@/api/applicant'
import { reviewApi, type Application, type Archive, type DeadlinesAnswer, type QueueItem, type Stage } from '@/api/review'
import type { Campaign } from '@/types'
import { applicationProgress, openItems, stageDeadline, type Progress, type StageDeadline } from '@/progress'
import { serverToday } from '@/format'

/** One line of a home to-do list: a count of work of one kind, with the page that does it. */
export interface WorkItem {
  key: string
  /** i18n key under `pg.todo` */
  text: string
  count: number
  link: string
}

/** One applicant waiting on the unit (the unit's home). */
export interface WaitingRow {
  key: string
  kind: 'archive' | 'submitted' | 'publicity' | 'ready' | 'county_returned'
  name: string
  number: string
  since: string | null
  publicityEnd: string | null
  link: string
}

/** The applicant's own application of the current campaign, with the archive (for the progress). */
export async function loadApplicantData(campaign: Campaign | null): Promise<{ app: Application | null; archive: Archive | null }> {
  const [mine, archive] = await Promise.all([
    applicantApi.myApplications().catch(() => ({ items: [] })),
    applicantApi.archive().catch(() => null),
  ])
  const items = mine.items ?? []
  const pick = items.find((x) => x.campaign_id === campaign?.id) ?? items[0]
  const app = pick ? await applicantApi.application(pick.id).catch(() => null) : null
  return { app, archive }
}

const PAGE = 100

async function queueOf(state: string): Promise<{ items: QueueItem[]; total: number }> {
  const r = await reviewApi.queue({ state, page_size: PAGE })
  return { items: r.items ?? [], total: r.total ?? r.items?.length ?? 0 }
}

export function useHomeWork(role: Ref<string | null>) {
  const campaign = ref<Campaign | null>(null)
  const deadlines = ref<DeadlinesAnswer | null>(null)
  const app = ref<Application | null>(null)
  const archive = ref<Archive | null>(null)
  const rows = ref<WaitingRow[]>([])
  /** totals per kind (a list may be longer than the rows read) */
  const totals = ref<Record<string, number>>({})
  const loading = ref(true)
  const failed = ref(false)
  const now = useNow()

  const today = computed(() => serverToday(deadlines.value, campaign.value?.today))

  async function loadUnit(): Promise<void> {
    const [archives, submitted, publicity, returned] = await Promise.all([
      reviewApi.unitArchives({ status: 'pending', page_size: PAGE }),
      queueOf('submitted'),
      queueOf('publicity'),
      queueOf('county_returned'),
    ])
    const out: WaitingRow[] = []
    for (const a of archives.items ?? []) {
      out.push({
        key: `archive-${a.user_id}`,
        kind: 'archive',
        name: a.name,
        number: '',
        since: a.submitted_at,
        publicityEnd: null,
        link: '/unit/archives',
      })
    }
    const appRow = (q: QueueItem, kind: WaitingRow['kind']): WaitingRow => ({
      key: `app-${q.id}`,
      kind,
      name: q.applicant_name,
      number: q.number,
      since: q.submitted_at,
      publicityEnd: q.publicity_end,
      link: `/applications/${q.id}`,
    })
    for (const q of submitted.items) out.push(appRow(q, 'submitted'))
    for (const q of publicity.items)
      out.push(appRow(q, q.publicity_end && q.publicity_end <= today.value ? 'ready' : 'publicity'))
    for (const q of returned.items) out.push(appRow(q, 'county_returned'))
    rows.value = out
    const ready = out.filter((r) => r.kind === 'ready').length
    totals.value = {
      archive: archives.total ?? out.filter((r) => r.kind === 'archive').length,
      submitted: submitted.total,
      publicity: publicity.total - ready,
      ready,
      county_returned: returned.total,
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    const [c, d] = await Promise.allSettled([api.currentCampaign(), applicantApi.deadlines()])
    if (c.status === 'fulfilled') campaign.value = c.value
    if (d.status === 'fulfilled') deadlines.value = d.value
    else failed.value = true
    try {
      if (role.value === 'applicant') {
        const got = await loadApplicantData(campaign.value)
        app.value = got.app
        archive.value = got.archive
      } else if (role.value === 'unit') {
        await loadUnit()
      } else if (role.value === 'acceptance_point' || role.value === 'competent_department') {
        totals.value = { county: (await queueOf('unit_recommended')).total }
      }
    } catch {
      failed.value = true
    } finally {
      loading.value = false
    }
  }
  onMounted(load)

  /** The applicant's progress (null for other roles). */
  const progress = computed<Progress | null>(() =>
    role.value === 'applicant'
      ? applicationProgress({
          app: app.value,
          archive: archive.value,
          deadlines: deadlines.value,
          campaign: campaign.value,
          today: today.value,
          now: now.value,
        })
      : null,
  )

  /** The stage whose deadline binds the caller, if any. */
  const ownStage = computed<Stage | null>(() => {
    switch (role.value) {
      case 'unit':
        return 'unit'
      case 'acceptance_point':
      case 'competent_department':
        return 'county'
      default:
        return null
    }
  })

  /** The caller's own deadline: the applicant's current stage; the unit's; the county's; none otherwise. */
  const focus = computed<StageDeadline | null>(() => {
    if (role.value === 'applicant') return progress.value?.deadline ?? null
    const st = ownStage.value
    if (!st) return null
    return stageDeadline(st, {
      app: null,
      deadlines: deadlines.value,
      campaign: campaign.value,
      today: today.value,
      now: now.value,
    })
  })

  /** The work waiting for the caller, by kind (applicants: the open checklist items are in the progress). */
  const items = computed<WorkItem[]>(() => {
    const t = totals.value
    const out: WorkItem[] = []
    const add = (key: string, text: string, count: number | undefined, link: string) => {
      if (count && count > 0) out.push({ key, text, count, link })
    }
    if (role.value === 'unit') {
      add('archives', 'unitArchives', t.archive, '/unit/archives')
      add('submitted', 'unitSubmitted', t.submitted, '/queue')
      add('ready', 'unitReady', t.ready, '/queue')
      add('publicity', 'unitPublicity', t.publicity, '/queue')
      add('county_returned', 'unitCountyReturned', t.county_returned, '/queue')
    } else if (role.value === 'acceptance_point' || role.value === 'competent_department') {
      add('county', 'countyPending', t.county, '/queue')
    }
    return out
  })

  /** How many things are still to do before the caller's deadline. */
  const pendingCount = computed(() => {
    if (role.value === 'applicant') return progress.value ? openItems(progress.value).length : 0
    return items.value.reduce((n, i) => n + i.count, 0)
  })

  return { campaign, deadlines, app, archive, rows, totals, loading, failed, today, now, progress, focus, items, pendingCount, reload: load }
}
