// The progress of an applicant's application (issue 18, item 2): the steps from 申报 to 证书, where the
// application is now and who holds it (the server's lifecycle table, lifecycles.ts: each state's holder),
// the deadline that applies to the current stage (the application's own effective deadlines, else those of
// GET /deadlines, else the campaign's) and what is still missing, with who must act. Pure functions over the
// data the pages already load (GET /archive, GET /applications/{id}, GET /deadlines, GET /campaigns/current);
// the components only render the result, so that the home page and the application page cannot disagree.
import type { Application, Archive, DeadlinesAnswer, EvidenceSlot, Stage } from '@/api/review'
import type { Campaign, Decision } from './types'
import { lifecycleState } from './lifecycles'
import { daysBetween, todayInShanghai } from './format'

/** The seven steps an application goes through (申报 → … → 证书). */
export type StepKey = 'apply' | 'unit' | 'county' | 'office' | 'review' | 'publicity' | 'certificate'
export const STEPS: StepKey[] = ['apply', 'unit', 'county', 'office', 'review', 'publicity', 'certificate']

/** The step of each application state (docs/lifecycles.md); a state the table adds later falls to 申报. */
const STEP_OF_STATE: Record<string, StepKey> = {
  draft: 'apply',
  returned: 'apply',
  submitted: 'unit',
  publicity: 'unit',
  county_returned: 'unit',
  not_recommended: 'unit',
  unit_recommended: 'county',
  county_recommended: 'office',
  received: 'office',
  office_returned: 'office',
  accepted: 'review',
  not_accepted: 'review',
  failed: 'review',
  passed: 'publicity',
  certified: 'certificate',
  revoked: 'certificate',
  withdrawn: 'apply',
}

/** Who holds the application now, as the pages name it. */
export type HolderKey =
  | 'applicant'
  | 'unit'
  | 'acceptance_point'
  | 'competent_department'
  | 'office'
  | 'committee'
  | 'closed'

/** Whose action an item of the checklist waits for. */
export type Actor = 'applicant' | 'unit' | 'county' | 'office' | 'committee'

export interface ChecklistItem {
  /** stable key (data-test `progress-item-<key>`) */
  key: string
  /** i18n key under `pg.items` and its parameters */
  text: string
  params?: Record<string, string | number>
  /** sub-lines: missing files, unmet rules, correction items (already in the UI language or the server's) */
  details?: string[]
  actor: Actor
  done: boolean
  /** the page where it is done */
  link?: string
  /** blocked because the deadline of the stage has passed */
  blocked?: boolean
}

export interface StageDeadline {
  stage: Stage
  date: string
  /** days from the server's today (0 on the day, negative once passed) */
  daysLeft: number
  overdue: boolean
  /** hours (as minutes) left on the deadline day, when the browser's clock is on the server's day */
  minutesLeft: number | null
  extended: boolean
}

export interface Progress {
  /** index in STEPS of the current step */
  step: number
  stepKey: StepKey
  /** the application's state (null before it is created) */
  state: string | null
  /** closed for good (not recommended, failed, not accepted, revoked) */
  ended: boolean
  holder: HolderKey
  deadline: StageDeadline | null
  /** why the deadline matters now: the applicant's submission, a resubmission, the unit's recommendation… */
  deadlineKind: 'submit' | 'resubmit' | 'unit' | 'county' | null
  /** the applicant can no longer do the current step (its deadline has passed) */
  applicantLocked: boolean
  checklist: ChecklistItem[]
}

export interface ProgressInput {
  app: Application | null
  archive: Archive | null
  deadlines: DeadlinesAnswer | null
  campaign: Campaign | null
  /** the server's today, "YYYY-MM-DD" */
  today: string
  /** the browser's clock (ms), for the hours left on the deadline day */
  now?: number
}

// ---- deadlines -----------------------------------------------------------------------------------

/** The minutes left until the end (24:00 Asia/Shanghai) of `date`, when the browser's clock is on that day
 *  as the server sees it (the server's clock may differ: a demo or test clock, a wrong PC clock); else null. */
export function minutesLeftOn(date: string, today: string, now: number = Date.now()): number | null {
  if (date !== today || todayInShanghai(new Date(now)) !== today) return null
  const end = Date.parse(`${date}T00:00:00+08:00`) + 86_400_000
  const left = Math.ceil((end - now) / 60_000)
  return left > 0 ? left : null
}

/** The effective deadline of a stage for this applicant: the application's own (extensions included), else
 *  that of GET /deadlines (the applicant's unit, extensions included), else the campaign's. */
export function stageDeadline(
  stage: Stage,
  input: Pick<ProgressInput, 'app' | 'deadlines' | 'campaign' | 'today' | 'now'>,
): StageDeadline | null {
  const fromApp = input.app?.deadlines?.[stage]
  const fromAnswer = input.deadlines?.stages?.find((s) => s.stage === stage)
  const fromCampaign = input.campaign?.deadlines?.find((d) => d.stage === stage)?.date
  const date = String(fromApp || fromAnswer?.date || fromCampaign || '').slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null
  const daysLeft = daysBetween(input.today, date)
  const campaignDate = fromCampaign?.slice(0, 10)
  return {
    stage,
    date,
    daysLeft,
    overdue: daysLeft < 0,
    minutesLeft: daysLeft === 0 ? minutesLeftOn(date, input.today, input.now) : null,
    extended: !!fromAnswer?.extended || (!!campaignDate && campaignDate < date),
  }
}

// ---- the checklist -------------------------------------------------------------------------------

/** The unmet rules that refuse a submission (as the server's submit guard: unmet and not overridable, when
 *  the verdict is ineligible), in the UI language. */
export function unmetRules(d: Decision | null | undefined, en: boolean): string[] {
  if (!d || d.verdict !== 'ineligible') return []
  const seen = new Set<string>()
  const out: string[] = []
  for (const r of d.reasons ?? []) {
    if (r.status !== 'unmet' || r.overridable || seen.has(r.code)) continue
    seen.add(r.code)
    out.push(en ? r.message.en : r.message.zh)
  }
  return out
}

function missingSlots(slots: EvidenceSlot[] | undefined): EvidenceSlot[] {
  return (slots ?? []).filter((s) => s.required && s.files.length === 0)
}

/** What the applicant's part still needs before a (re)submission, with who acts. */
function applyChecklist(input: ProgressInput, locked: boolean, en: boolean, due: StageDeadline | null): ChecklistItem[] {
  const { app, archive } = input
  const items: ChecklistItem[] = []
  const status = archive?.status ?? 'draft'
  const filled = !!archive && archive.items.length > 0 && !!archive.unit
  const unitMatches = !app || !archive?.unit || archive.unit.id === app.unit?.id
  const approved = status === 'approved' && unitMatches
  items.push({ key: 'archive-fill', text: 'archiveFill', actor: 'applicant', done: filled, link: '/archive' })
  if (status === 'returned') {
    items.push({
      key: 'archive-submit',
      text: 'archiveResubmit',
      details: archive?.return_reason ? [archive.return_reason] : undefined,
      actor: 'applicant',
      done: false,
      link: '/archive',
    })
  } else {
    items.push({
      key: 'archive-submit',
      text: 'archiveSubmit',
      actor: 'applicant',
      done: status === 'pending' || status === 'approved',
      link: '/archive',
    })
  }
  items.push({
    key: 'archive-approve',
    text: status === 'pending' ? 'archiveWaiting' : 'archiveApprove',
    actor: 'unit',
    done: approved,
  })
  items.push({ key: 'create', text: 'create', actor: 'applicant', done: !!app, link: '/application' })
  if (app) {
    if (app.state === 'returned' && app.corrections?.items?.length) {
      items.push({
        key: 'corrections',
        text: 'corrections',
        params: { n: app.corrections.items.length },
        details: app.corrections.items.map((c) => `${c.item}${en ? ": " : "："}${c.reason}`),
        actor: 'applicant',
        done: false,
        link: '/application',
      })
    }
    const unmet = unmetRules(app.eligibility, en)
    const noDecision = !app.eligibility
    items.push({
      key: 'eligibility',
      text: noDecision ? 'eligibilityUnknown' : unmet.length ? 'eligibilityUnmet' : 'eligibility',
      details: unmet.length ? unmet : undefined,
      actor: 'applicant',
      done: !noDecision && unmet.length === 0,
      link: '/archive',
    })
    const missing = missingSlots(app.slots)
    items.push({
      key: 'files',
      text: missing.length ? 'filesMissing' : 'files',
      params: { n: missing.length },
      details: missing.map((s) => s.name),
      actor: 'applicant',
      done: missing.length === 0,
      link: '/application',
      blocked: locked && missing.length > 0,
    })
    items.push({
      key: 'pledge',
      text: 'pledge',
      actor: 'applicant',
      done: !!app.pledged,
      link: '/application',
      blocked: locked && !app.pledged,
    })
  } else {
    items.push({ key: 'files', text: 'files', actor: 'applicant', done: false, link: '/application', blocked: locked })
    items.push({ key: 'pledge', text: 'pledge', actor: 'applicant', done: false, link: '/application', blocked: locked })
  }
  const resubmit = app?.state === 'returned'
  items.push({
    key: 'submit',
    text: resubmit ? 'resubmit' : 'submit',
    params: { date: due?.date ?? '—' },
    actor: 'applicant',
    done: false,
    link: '/application',
    blocked: locked,
  })
  return items
}

/** What happens next once the application has left the applicant (one or two lines, with who acts). */
function laterChecklist(input: ProgressInput, due: StageDeadline | null): ChecklistItem[] {
  const app = input.app as Application
  const days = input.campaign?.publicity?.unit_working_days ?? 5
  const date = due?.date ?? '—'
  switch (app.state) {
    case 'submitted':
      return [{ key: 'unit-review', text: 'unitReview', params: { days, date }, actor: 'unit', done: false }]
    case 'publicity': {
      const end = app.publicity?.end ?? '—'
      const ended = !!app.publicity?.end && app.publicity.end <= input.today
      return [
        { key: 'unit-publicity', text: 'unitPublicity', params: { end }, actor: 'unit', done: ended },
        { key: 'unit-recommend', text: 'unitRecommend', params: { date }, actor: 'unit', done: false },
      ]
    }
    case 'county_returned':
      return [{ key: 'unit-recommend', text: 'unitReRecommend', params: { date }, actor: 'unit', done: false }]
    case 'unit_recommended':
      return [{ key: 'county-review', text: 'countyReview', params: { date }, actor: 'county', done: false }]
    case 'county_recommended':
      return [{ key: 'office-receive', text: 'officeReceive', actor: 'office', done: false }]
    case 'received':
      return [
        { key: 'paper', text: 'paper', actor: 'applicant', done: false },
        { key: 'office-accept', text: 'officeAccept', actor: 'office', done: false },
      ]
    case 'office_returned': {
      const missing = missingSlots(app.slots)
      return [
        { key: 'corrections', text: 'officeCorrections', actor: 'applicant', done: false, link: '/application' },
        ...(missing.length
          ? [
              {
                key: 'files',
                text: 'filesMissing',
                params: { n: missing.length },
                details: missing.map((s) => s.name),
                actor: 'applicant' as Actor,
                done: false,
                link: '/application',
              },
            ]
          : []),
        { key: 'correct', text: 'correct', actor: 'applicant', done: false, link: '/application' },
      ]
    }
    case 'accepted':
      return [{ key: 'review', text: 'review', actor: 'committee', done: false }]
    case 'passed':
      return [{ key: 'publicity', text: 'resultPublicity', actor: 'office', done: false }]
    default:
      return []
  }
}

// ---- the whole progress --------------------------------------------------------------------------

function holderOf(app: Application | null, archive: Archive | null): HolderKey {
  if (!app) return archive?.status === 'pending' ? 'unit' : 'applicant'
  const h = lifecycleState('application', app.state)?.holder
  switch (h) {
    case 'applicant':
      return 'applicant'
    case 'unit':
      return 'unit'
    case 'county':
      return app.reviewer === 'competent_department' ? 'competent_department' : 'acceptance_point'
    case 'committee':
      return app.state === 'accepted' ? 'committee' : 'office'
    case 'closed':
      return 'closed'
    default:
      // tables not loaded: the step says it
      return app.state === 'draft' || app.state === 'returned' || app.state === 'office_returned' ? 'applicant' : 'unit'
  }
}

export function applicationProgress(input: ProgressInput, en = false): Progress {
  const { app, archive } = input
  const state = app?.state ?? null
  let stepKey: StepKey = state ? (STEP_OF_STATE[state] ?? 'apply') : 'apply'
  // a result overturned during the result publicity failed at the publicity
  if (state === 'failed' && app?.history?.some((h) => h.action === 'overturn')) stepKey = 'publicity'
  const ended = state ? !!lifecycleState('application', state)?.final : false
  let deadlineKind: Progress['deadlineKind'] = null
  let stage: Stage | null = null
  if (!app || state === 'draft') {
    deadlineKind = 'submit'
    stage = 'applicant'
  } else if (state === 'returned') {
    deadlineKind = 'resubmit'
    stage = 'unit'
  } else if (state === 'submitted' || state === 'publicity' || state === 'county_returned') {
    deadlineKind = 'unit'
    stage = 'unit'
  } else if (state === 'unit_recommended') {
    deadlineKind = 'county'
    stage = 'county'
  }
  const deadline = stage ? stageDeadline(stage, input) : null
  const applicantLocked = (deadlineKind === 'submit' || deadlineKind === 'resubmit') && !!deadline?.overdue
  const checklist =
    stepKey === 'apply' ? applyChecklist(input, applicantLocked, en, deadline) : app ? laterChecklist(input, deadline) : []
  return {
    step: STEPS.indexOf(stepKey),
    stepKey,
    state,
    ended,
    holder: holderOf(app, archive),
    deadline,
    deadlineKind,
    applicantLocked,
    checklist,
  }
}

/** The items still open, in order. */
export function openItems(p: Progress): ChecklistItem[] {
  return p.checklist.filter((i) => !i.done)
}
