// An applicant's progress (progress.ts): the step, who holds the application, the deadline of the current
// stage and the checklist the home page and the application page both show.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Application, Archive, DeadlinesAnswer, EvidenceSlot } from '@/api/review'
import type { Campaign, Decision } from './types'
import { loadLifecycles } from './lifecycles'
import {
  applicationProgress,
  minutesLeftOn,
  openItems,
  stageDeadline,
  unmetRules,
  type ProgressInput,
} from './progress'

const TODAY = '2024-05-10'
const campaign = {
  id: '2024',
  deadlines: [
    { stage: 'applicant', date: '2024-05-20' },
    { stage: 'unit', date: '2024-05-31' },
    { stage: 'county', date: '2024-06-15' },
  ],
  publicity: { unit_working_days: 7, result_working_days: 5, pre_review_working_days: 0 },
} as unknown as Campaign

const slot = (name: string, required: boolean, files: number): EvidenceSlot =>
  ({
    code: name,
    name,
    required,
    max_count: 5,
    max_mb: 20,
    files: Array.from({ length: files }, (_, i) => ({ id: i })),
  }) as EvidenceSlot

function app(over: Partial<Application>): Application {
  return {
    id: 1,
    state: 'draft',
    unit: { id: 1, name: '单位', credit_code: 'X' },
    reviewer: 'acceptance_point',
    pledged: false,
    eligibility: null,
    slots: [],
    corrections: null,
    publicity: null,
    history: [],
    deadlines: { applicant: '2024-05-20', unit: '2024-05-31', county: '2024-06-15' },
    ...over,
  } as unknown as Application
}

const archive = (over: Partial<Archive> = {}): Archive =>
  ({
    status: 'draft',
    unit: { id: 1, name: '单位', credit_code: 'X' },
    items: [{}],
    return_reason: null,
    ...over,
  }) as Archive

const input = (over: Partial<ProgressInput>): ProgressInput => ({
  app: null,
  archive: null,
  deadlines: null,
  campaign,
  today: TODAY,
  ...over,
})

const keys = (items: { key: string }[]) => items.map((i) => i.key)

describe('stageDeadline', () => {
  const answer: DeadlinesAnswer = { stages: [{ stage: 'unit', date: '2024-05-31', extended: true }], next: null }

  it("takes the application's own deadline first, then GET /deadlines', then the campaign's", () => {
    const own = stageDeadline(
      'unit',
      input({ app: app({ deadlines: { applicant: '', unit: '2024-06-03', county: '' } }), deadlines: answer }),
    )
    expect(own).toMatchObject({ date: '2024-06-03', daysLeft: 24, overdue: false, extended: true })
    expect(stageDeadline('unit', input({ deadlines: answer }))).toMatchObject({ date: '2024-05-31', extended: true })
    expect(stageDeadline('county', input({ deadlines: answer }))).toMatchObject({ date: '2024-06-15', extended: false })
  })

  it("counts the days from the server's today: 0 on the day, negative once passed", () => {
    expect(stageDeadline('applicant', input({ today: '2024-05-20' }))?.daysLeft).toBe(0)
    expect(stageDeadline('applicant', input({ today: '2024-05-21' }))).toMatchObject({ daysLeft: -1, overdue: true })
  })

  it('has no deadline when no source names a date', () => {
    expect(stageDeadline('unit', input({ campaign: null }))).toBeNull()
  })
})

describe('minutesLeftOn', () => {
  const at = (s: string) => Date.parse(s)
  it('counts the minutes to 24:00 Beijing time on the deadline day', () => {
    expect(minutesLeftOn('2024-05-10', TODAY, at('2024-05-10T22:30:00+08:00'))).toBe(90)
    expect(
      stageDeadline('applicant', input({ today: '2024-05-20', now: at('2024-05-20T23:59:30+08:00') }))?.minutesLeft,
    ).toBe(1)
  })
  it("says nothing when the browser's clock is on another day than the server's, or it is not the day", () => {
    expect(minutesLeftOn('2024-05-10', TODAY, at('2024-05-11T00:10:00+08:00'))).toBeNull()
    expect(minutesLeftOn('2024-05-11', TODAY, at('2024-05-10T12:00:00+08:00'))).toBeNull()
  })
})

describe('unmetRules', () => {
  const decision = (verdict: string): Decision =>
    ({
      verdict,
      reasons: [
        { code: 'years', status: 'unmet', message: { zh: '年限不足', en: 'Too few years' } },
        { code: 'years', status: 'unmet', message: { zh: '年限不足', en: 'Too few years' } },
        { code: 'award', status: 'unmet', overridable: true, message: { zh: '奖项', en: 'Award' } },
        { code: 'degree', status: 'met', message: { zh: '学历', en: 'Degree' } },
      ],
    }) as unknown as Decision

  it('lists the unmet rules that cannot be overridden, once each, in the UI language', () => {
    expect(unmetRules(decision('ineligible'), false)).toEqual(['年限不足'])
    expect(unmetRules(decision('ineligible'), true)).toEqual(['Too few years'])
  })
  it('lists nothing unless the verdict is ineligible', () => {
    expect(unmetRules(decision('eligible'), false)).toEqual([])
    expect(unmetRules(null, false)).toEqual([])
  })
})

describe('applicationProgress before the application leaves the applicant', () => {
  it('starts at 申报 with the submission deadline and the whole checklist open', () => {
    const p = applicationProgress(input({}))
    expect(p).toMatchObject({ step: 0, stepKey: 'apply', state: null, holder: 'applicant', deadlineKind: 'submit' })
    expect(p.deadline).toMatchObject({ stage: 'applicant', date: '2024-05-20', daysLeft: 10 })
    expect(keys(openItems(p))).toEqual([
      'archive-fill',
      'archive-submit',
      'archive-approve',
      'create',
      'files',
      'pledge',
      'submit',
    ])
    expect(p.checklist.at(-1)?.params).toEqual({ date: '2024-05-20' })
  })

  it('locks the applicant out once the submission deadline has passed', () => {
    const p = applicationProgress(input({ today: '2024-05-21', app: app({ slots: [slot('身份证', true, 0)] }) }))
    expect(p.applicantLocked).toBe(true)
    const byKey = Object.fromEntries(p.checklist.map((i) => [i.key, i]))
    expect(byKey.submit.blocked).toBe(true)
    expect(byKey.files.blocked).toBe(true)
    expect(byKey.pledge.blocked).toBe(true)
  })

  it('shows an archive waiting for the unit as held by the unit', () => {
    const p = applicationProgress(input({ archive: archive({ status: 'pending' }) }))
    expect(p.holder).toBe('unit')
    const approve = p.checklist.find((i) => i.key === 'archive-approve')
    expect(approve).toMatchObject({ text: 'archiveWaiting', actor: 'unit', done: false })
    expect(p.checklist.find((i) => i.key === 'archive-submit')?.done).toBe(true)
  })

  it('names the missing required files and what else is open for a draft', () => {
    const p = applicationProgress(
      input({
        archive: archive({ status: 'approved' }),
        app: app({ slots: [slot('身份证', true, 0), slot('获奖证书', false, 0), slot('学历证书', true, 1)] }),
      }),
    )
    expect(keys(openItems(p))).toEqual(['eligibility', 'files', 'pledge', 'submit'])
    expect(p.checklist.find((i) => i.key === 'files')).toMatchObject({
      text: 'filesMissing',
      params: { n: 1 },
      details: ['身份证'],
    })
    expect(p.checklist.find((i) => i.key === 'eligibility')?.text).toBe('eligibilityUnknown')
  })

  it("does not count an archive approved for another unit than the application's", () => {
    const p = applicationProgress(
      input({ archive: archive({ status: 'approved', unit: { id: 2, name: 'B', credit_code: 'Y' } }), app: app({}) }),
    )
    expect(p.checklist.find((i) => i.key === 'archive-approve')?.done).toBe(false)
  })

  it('asks for a resubmission by the unit deadline, with the correction list', () => {
    const corrections = {
      round: 1,
      reason: 'r',
      at: '',
      items: [
        { item: '学历', reason: '缺少学位证' },
        { item: '论文', reason: '无封面' },
      ],
    }
    const returned = app({ state: 'returned', corrections })
    const p = applicationProgress(input({ archive: archive({ status: 'approved' }), app: returned }))
    expect(p).toMatchObject({ stepKey: 'apply', deadlineKind: 'resubmit', holder: 'applicant' })
    expect(p.deadline?.date).toBe('2024-05-31')
    expect(p.checklist.find((i) => i.key === 'corrections')).toMatchObject({
      params: { n: 2 },
      details: ['学历：缺少学位证', '论文：无封面'],
    })
    expect(p.checklist.at(-1)?.text).toBe('resubmit')
    const en = applicationProgress(input({ archive: archive({ status: 'approved' }), app: returned }), true)
    expect(en.checklist.find((i) => i.key === 'corrections')?.details?.[0]).toBe('学历: 缺少学位证')
  })
})

describe('applicationProgress after the application left the applicant', () => {
  it("waits for the unit's review within the campaign's working days", () => {
    const p = applicationProgress(input({ app: app({ state: 'submitted' }) }))
    expect(p).toMatchObject({ step: 1, stepKey: 'unit', deadlineKind: 'unit', holder: 'unit', applicantLocked: false })
    expect(p.checklist).toEqual([
      { key: 'unit-review', text: 'unitReview', params: { days: 7, date: '2024-05-31' }, actor: 'unit', done: false },
    ])
  })

  it('ticks the unit publicity off on its last day', () => {
    const during = applicationProgress(
      input({
        app: app({ state: 'publicity', publicity: { start: '2024-05-06', end: '2024-05-11', opinion: null, days: 5 } }),
      }),
    )
    expect(during.checklist[0]).toMatchObject({ key: 'unit-publicity', done: false, params: { end: '2024-05-11' } })
    const ended = applicationProgress(
      input({
        app: app({ state: 'publicity', publicity: { start: '2024-05-06', end: '2024-05-10', opinion: null, days: 5 } }),
      }),
    )
    expect(ended.checklist[0].done).toBe(true)
  })

  it('places a result overturned during the result publicity at the publicity step', () => {
    const history = [{ action: 'overturn' }] as Application['history']
    expect(applicationProgress(input({ app: app({ state: 'failed' }) })).stepKey).toBe('review')
    expect(applicationProgress(input({ app: app({ state: 'failed', history }) })).stepKey).toBe('publicity')
  })

  it('has no deadline of its own at the committee', () => {
    const p = applicationProgress(input({ app: app({ state: 'accepted' }) }))
    expect(p).toMatchObject({ step: 4, deadline: null, deadlineKind: null })
    expect(keys(p.checklist)).toEqual(['review'])
  })
})

describe("applicationProgress with the server's lifecycle tables", () => {
  beforeAll(async () => {
    const state = (code: string, holder: string, final = false) => ({
      code,
      holder,
      final,
      name_zh: code,
      name_en: code,
      color: 'info',
    })
    const table = {
      name: 'application',
      states: [
        state('draft', 'applicant'),
        state('submitted', 'unit'),
        state('unit_recommended', 'county'),
        state('county_recommended', 'committee'),
        state('accepted', 'committee'),
        state('not_recommended', 'closed', true),
      ],
      queue_tabs: {},
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ items: [table] }))),
    )
    await loadLifecycles()
  })

  it('names the acceptance point or the competent department that reviews it', () => {
    expect(applicationProgress(input({ app: app({ state: 'unit_recommended' }) })).holder).toBe('acceptance_point')
    const p = applicationProgress(input({ app: app({ state: 'unit_recommended', reviewer: 'competent_department' }) }))
    expect(p).toMatchObject({ holder: 'competent_department', deadlineKind: 'county' })
    expect(p.deadline?.date).toBe('2024-06-15')
  })

  it('tells the committee office from the committee', () => {
    expect(applicationProgress(input({ app: app({ state: 'county_recommended' }) })).holder).toBe('office')
    expect(applicationProgress(input({ app: app({ state: 'accepted' }) })).holder).toBe('committee')
  })

  it('marks a final state as ended', () => {
    expect(applicationProgress(input({ app: app({ state: 'not_recommended' }) }))).toMatchObject({
      ended: true,
      holder: 'closed',
    })
    expect(applicationProgress(input({ app: app({ state: 'submitted' }) })).ended).toBe(false)
  })
})
