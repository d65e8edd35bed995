// What the home page shows (homeWork.ts): the applicant's own application, and the work waiting for a unit
// or an acceptance point, counted from the API's answers (stubbed here).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { ApiError, api } from '@/api'
import { applicantApi } from '@/api/applicant'
import { reviewApi, type Application, type Archive, type DeadlinesAnswer, type QueueItem } from '@/api/review'
import type { Campaign } from '@/types'
import { loadApplicantData, useHomeWork } from './homeWork'

const campaign = {
  id: '2024',
  deadlines: [
    { stage: 'unit', date: '2024-05-31' },
    { stage: 'county', date: '2024-06-15' },
  ],
} as unknown as Campaign
const deadlines = { today: '2024-05-10', stages: [], next: null } as DeadlinesAnswer

const queueItem = (id: number, publicity_end: string | null = null) =>
  ({
    id,
    number: `N${id}`,
    applicant_name: `申请人${id}`,
    submitted_at: '2024-05-01T00:00:00Z',
    publicity_end,
  }) as QueueItem
const page = <T>(items: T[], total = items.length) => ({ items, total, page_size: 100, next_cursor: null })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('loadApplicantData', () => {
  const mine = {
    items: [
      { id: 1, campaign_id: '2023' },
      { id: 2, campaign_id: '2024' },
    ],
  }

  it('loads the application of the current campaign, with the archive', async () => {
    vi.spyOn(applicantApi, 'myApplications').mockResolvedValue(mine as never)
    vi.spyOn(applicantApi, 'archive').mockResolvedValue({ status: 'approved' } as Archive)
    const one = vi.spyOn(applicantApi, 'application').mockImplementation(async (id) => ({ id }) as Application)
    const got = await loadApplicantData(campaign)
    expect(one).toHaveBeenCalledWith(2)
    expect(got.app?.id).toBe(2)
    expect(got.archive?.status).toBe('approved')
  })

  it('takes the first application without a current campaign, and nothing when there is none', async () => {
    vi.spyOn(applicantApi, 'myApplications')
      .mockResolvedValueOnce(mine as never)
      .mockRejectedValueOnce(new ApiError(500, 'x', 'x'))
    vi.spyOn(applicantApi, 'archive').mockRejectedValue(new ApiError(404, 'not_found', 'x'))
    vi.spyOn(applicantApi, 'application').mockImplementation(async (id) => ({ id }) as Application)
    expect((await loadApplicantData(null)).app?.id).toBe(1)
    expect(await loadApplicantData(campaign)).toEqual({ app: null, archive: null })
  })
})

/** Mounts a component that runs useHomeWork for `role` and returns its state once loaded. */
async function homeOf(role: string) {
  let state!: ReturnType<typeof useHomeWork>
  mount(
    defineComponent({
      setup() {
        state = useHomeWork(ref(role))
        return () => h('div')
      },
    }),
  )
  await flushPromises()
  return state
}

describe('useHomeWork', () => {
  function stubServer() {
    vi.spyOn(api, 'currentCampaign').mockResolvedValue(campaign)
    vi.spyOn(applicantApi, 'deadlines').mockResolvedValue(deadlines)
    vi.spyOn(reviewApi, 'unitArchives').mockResolvedValue(
      page(
        [
          {
            user_id: 7,
            name: '甲',
            id_number_masked: '',
            status: 'pending',
            submitted_at: null,
            items_count: 1,
            version: 1,
          },
        ],
        3,
      ),
    )
    return vi.spyOn(reviewApi, 'queue').mockImplementation(async (q) => {
      switch (q.state) {
        case 'submitted':
          return page([queueItem(1), queueItem(2)])
        case 'publicity':
          // ended yesterday, ends today (ready to recommend), ends in two days (still running)
          return page([queueItem(3, '2024-05-09'), queueItem(4, '2024-05-10'), queueItem(5, '2024-05-12')])
        case 'unit_recommended':
          return page([queueItem(6)], 4)
        default:
          return page([])
      }
    })
  }

  it("lists a unit's waiting applicants and counts its work by kind", async () => {
    const queue = stubServer()
    const home = await homeOf('unit')
    expect(queue).toHaveBeenCalledWith({ state: 'publicity', page_size: 100 })
    expect(home.rows.value.map((r) => `${r.key}:${r.kind}`)).toEqual([
      'archive-7:archive',
      'app-1:submitted',
      'app-2:submitted',
      'app-3:ready',
      'app-4:ready',
      'app-5:publicity',
    ])
    expect(home.items.value.map((i) => [i.key, i.count])).toEqual([
      ['archives', 3],
      ['submitted', 2],
      ['ready', 2],
      ['publicity', 1],
    ])
    expect(home.pendingCount.value).toBe(8)
    expect(home.focus.value).toMatchObject({ stage: 'unit', date: '2024-05-31', daysLeft: 21 })
    expect(home.failed.value).toBe(false)
  })

  it('counts the applications waiting for an acceptance point, with the county deadline', async () => {
    stubServer()
    const home = await homeOf('acceptance_point')
    expect(home.items.value).toEqual([{ key: 'county', text: 'countyPending', count: 4, link: '/queue' }])
    expect(home.focus.value?.date).toBe('2024-06-15')
  })

  it('gives the committee office no deadline and no counted work, and says when loading failed', async () => {
    stubServer()
    vi.spyOn(applicantApi, 'deadlines').mockRejectedValue(new ApiError(0, 'network_error', 'x'))
    const home = await homeOf('committee_office')
    expect(home.focus.value).toBeNull()
    expect(home.pendingCount.value).toBe(0)
    expect(home.failed.value).toBe(true)
    expect(home.loading.value).toBe(false)
  })
})
