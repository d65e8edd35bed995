// English: the dashboard (`db` in en.ts); the keys must match dashboard.zh-CN.ts.
import type { DashboardMessages } from './dashboard.zh-CN'

const dashboardEn: DashboardMessages = {
  menu: 'Dashboard',
  scope: "Figures within your account's scope",
  loadFailed: 'The figures cannot be read right now',
  retry: 'Try again',
  aria: '{title}: {entries}',
  ariaSep: '; ',
  cards: {
    total: 'Applications',
    totalHint: 'Every stage, drafts included',
    pending: 'Waiting for the unit',
    pendingHint: 'Awaiting unit review, in unit publicity or returned to the unit',
    passRate: 'Pass rate',
    passRateValue: '{rate}%',
    passRateHint: '{passed} passed of {decided} decided',
    noDecision: 'No decisions yet',
    deadline: 'Unit recommendation deadline',
    deadlineDate: 'by the end of {date}',
  },
  charts: {
    byState: 'Applications by stage',
    byRegion: 'By region',
    byLevel: 'By title level',
    bySpecialty: 'By specialty (top {n})',
    byUnit: 'Units with the most applications (top {n})',
    passRate: 'Pass rate',
    passRateBy: 'Pass rate ({dim})',
  },
  dims: {
    level: 'Level',
    specialty: 'Specialty',
    region: 'Region',
  },
  series: {
    count: 'Applications',
    passRate: 'Pass rate',
  },
  tooltip: {
    count: '{n} applications',
    share: '{n} applications, {pct}%',
    rate: 'Pass rate {rate}%',
    passed: '{passed} passed of {decided} decided',
  },
  pending: {
    title: 'Units with work waiting',
    hint: 'Units with applications awaiting their review, in their publicity or returned to them (up to 20), and the days left to the unit recommendation deadline; 3 days or less is shown in red.',
    index: 'No.',
    unit: 'Unit',
    count: 'Waiting',
    deadline: 'Unit deadline',
    daysLeft: 'Time left',
  },
  empty: {
    data: 'No applications yet',
    rate: 'No review results yet',
    pending: 'No applications are waiting for a unit',
  },
}

export default dashboardEn
