import type { Component } from 'vue'
import {
  AlarmClock,
  Avatar,
  Calendar,
  ChatDotSquare,
  ChatLineSquare,
  Checked,
  Connection,
  DataAnalysis,
  Document,
  EditPen,
  Files,
  Finished,
  Histogram,
  House,
  Key,
  List,
  Management,
  Medal,
  OfficeBuilding,
  Promotion,
  QuestionFilled,
  Stamp,
  Tickets,
  Trophy,
  User as UserIcon,
  Warning,
  WarningFilled,
} from '@element-plus/icons-vue'
import { roleAllowed } from './access'
import { router } from './router'
import type { Role } from './types'

export interface MenuItem {
  path: string
  /** i18n key of the label, or the key for the signed-in role */
  label: string | ((role: Role | null) => string)
  icon: Component
  /** data-test value of the menu entry */
  test: string
}

// Whom an entry is shown to is whom its page is for (router.ts: the roles of the operations the page needs).
export const MENU: MenuItem[] = [
  { path: '/', label: 'menu.home', icon: House, test: 'menu-home' },
  { path: '/self-check', label: 'menu.selfCheck', icon: Checked, test: 'menu-self-check' },
  { path: '/archive', label: 'apMenu.archive', icon: Files, test: 'menu-archive' },
  { path: '/application', label: 'apMenu.application', icon: EditPen, test: 'menu-application' },
  { path: '/my/certificates', label: 'pn.menu.certificates', icon: Medal, test: 'menu-my-certificates' },
  { path: '/my/integrity', label: 'pn.menu.integrity', icon: WarningFilled, test: 'menu-my-integrity' },
  { path: '/expert', label: 'pn.menu.expert', icon: Finished, test: 'menu-expert' },
  { path: '/unit/letter', label: 'menu.unitLetter', icon: Stamp, test: 'menu-unit-letter' },
  { path: '/units/review', label: 'menu.unitReview', icon: Document, test: 'menu-unit-review' },
  { path: '/unit/archives', label: 'rv.menu.unitArchives', icon: Files, test: 'menu-unit-archives' },
  {
    path: '/queue',
    // the committee office receives what the counties recommend; the others review
    label: (role) => (role === 'committee_office' ? 'rv.menu.receive' : 'rv.menu.queue'),
    icon: List,
    test: 'menu-queue',
  },
  { path: '/dashboard', label: 'db.menu', icon: DataAnalysis, test: 'menu-dashboard' },
  // the review area (docs/review.md)
  { path: '/review/experts', label: 'cm.menu.experts', icon: Avatar, test: 'menu-review-experts' },
  { path: '/review/committees', label: 'cm.menu.committees', icon: OfficeBuilding, test: 'menu-review-committees' },
  { path: '/review/groups', label: 'cm.menu.groups', icon: Connection, test: 'menu-review-groups' },
  { path: '/review/meetings', label: 'cm.menu.meetings', icon: Management, test: 'menu-review-meetings' },
  { path: '/review/publicity', label: 'cm.menu.publicity', icon: Promotion, test: 'menu-review-publicity' },
  { path: '/review/certificates', label: 'cm.menu.certificates', icon: Trophy, test: 'menu-review-certificates' },
  { path: '/review/integrity', label: 'cm.menu.integrity', icon: Warning, test: 'menu-review-integrity' },
  { path: '/review/cases', label: 'cm.menu.cases', icon: ChatDotSquare, test: 'menu-review-cases' },
  { path: '/admin/deadlines', label: 'rv.menu.deadlines', icon: AlarmClock, test: 'menu-deadlines' },
  { path: '/admin/quotas', label: 'rv.menu.quotas', icon: Histogram, test: 'menu-quotas' },
  // re-examination requests and complaints of applicants, units and experts
  { path: '/cases', label: 'pn.menu.cases', icon: ChatLineSquare, test: 'menu-cases' },
  // one-time sign-in codes for a forgotten password (units for their applicants, acceptance points, the city admin)
  { path: '/accounts/reset-code', label: 'resetCode.menu', icon: Key, test: 'menu-reset-code' },
  { path: '/help/applicant', label: 'apMenu.help', icon: QuestionFilled, test: 'menu-help-applicant' },
  { path: '/help/reviewer', label: 'rv.menu.help', icon: QuestionFilled, test: 'menu-help-reviewer' },
  { path: '/admin/accounts', label: 'menu.accounts', icon: UserIcon, test: 'menu-accounts' },
  { path: '/admin/calendar', label: 'menu.calendar', icon: Calendar, test: 'menu-calendar' },
  { path: '/admin/audit', label: 'menu.audit', icon: Tickets, test: 'menu-audit' },
]

export function menuLabel(item: MenuItem, role: Role | null): string {
  return typeof item.label === 'function' ? item.label(role) : item.label
}

/** The menu of a role; a unit that is not yet authorised sees the letter page only. */
export function menuFor(role: Role | null, unitGated: boolean): MenuItem[] {
  if (unitGated) return MENU.filter((m) => m.path === '/unit/letter')
  return MENU.filter((m) => roleAllowed(router.resolve(m.path).meta.roles, role))
}
