// The countdown of a deadline (DeadlineTag.vue), mounted with the app's i18n and Element Plus (vitest.config.ts
// reuses vite.config.ts).
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import type { StageDeadline } from '@/progress'
import DeadlineTag from './DeadlineTag.vue'

const deadline = (over: Partial<StageDeadline>): StageDeadline => ({
  stage: 'applicant',
  date: '2024-05-20',
  daysLeft: 10,
  overdue: false,
  minutesLeft: null,
  extended: false,
  ...over,
})

const tag = (d: Partial<StageDeadline>, open = true) =>
  mount(DeadlineTag, { props: { deadline: deadline(d), test: 'dl', open }, global: { plugins: [i18n] } }).get(
    '[data-test="dl"]',
  )

describe('DeadlineTag', () => {
  it('counts the days left, orange within two weeks, green beyond', () => {
    const t = tag({ daysLeft: 10 })
    expect(t.text()).toBe('剩余 10 天')
    expect(t.classes()).toContain('el-tag--warning')
    expect(t.attributes('data-days')).toBe('10')
    expect(tag({ daysLeft: 30 }).classes()).toContain('el-tag--success')
  })

  it('shows the hours, then the minutes, left on the day', () => {
    expect(tag({ daysLeft: 0, minutesLeft: 150 }).text()).toBe('今日截止 · 还剩 2 小时')
    expect(tag({ daysLeft: 0, minutesLeft: 45 }).text()).toBe('今日截止 · 还剩 45 分钟')
    expect(tag({ daysLeft: 0, minutesLeft: null }).text()).toBe('今日截止')
  })

  it('says overdue in red while work is open, closed in grey otherwise', () => {
    const open = tag({ daysLeft: -2, overdue: true })
    expect([open.text(), open.attributes('data-overdue')]).toEqual(['已逾期', 'true'])
    expect(open.classes()).toContain('el-tag--danger')
    const done = tag({ daysLeft: -2, overdue: true }, false)
    expect([done.text(), done.attributes('data-overdue')]).toEqual(['已截止', 'false'])
    expect(done.classes()).toContain('el-tag--info')
  })
})
