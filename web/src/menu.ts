import type { Component } from 'vue'
import {
  AlarmClock,
  Avatar,
  Box,
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
import type { Role } from './types'

export interface MenuItem {
  path: string
  /** i18n key of the label */
  label: string
  icon: Component
  roles: Role[] | 'all'
  /** data-test value of the menu entry */
  test: string
}

/** Roles of the review area's office pages. */
const REVIEW_OFFICE: Role[] = ['committee_office', 'city_admin']

export const MENU: MenuItem[] = [
  { path: '/', label: 'menu.home', icon: House, roles: 'all', test: 'menu-home' },
  { path: '/self-check', label: 'menu.selfCheck', icon: Checked, roles: 'all', test: 'menu-self-check' },
  { path: '/archive', label: 'apMenu.archive', icon: Files, roles: ['applicant'], test: 'menu-archive' },
  { path: '/application', label: 'apMenu.application', icon: EditPen, roles: ['applicant'], test: 'menu-application' },
  { path: '/my/certificates', label: 'pn.menu.certificates', icon: Medal, roles: ['applicant'], test: 'menu-my-certificates' },
  { path: '/my/integrity', label: 'pn.menu.integrity', icon: WarningFilled, roles: ['applicant'], test: 'menu-my-integrity' },
  { path: '/expert', label: 'pn.menu.expert', icon: Finished, roles: ['expert'], test: 'menu-expert' },
  { path: '/cases', label: 'pn.menu.cases', icon: ChatLineSquare, roles: ['applicant'], test: 'menu-cases' },
  { path: '/help/applicant', label: 'apMenu.help', icon: QuestionFilled, roles: ['applicant'], test: 'menu-help-applicant' },
  { path: '/unit/letter', label: 'menu.unitLetter', icon: Stamp, roles: ['unit'], test: 'menu-unit-letter' },
  {
    path: '/units/review',
    label: 'menu.unitReview',
    icon: Document,
    roles: ['acceptance_point', 'competent_department', 'city_admin'],
    test: 'menu-unit-review',
  },
  { path: '/unit/archives', label: 'rv.menu.unitArchives', icon: Files, roles: ['unit'], test: 'menu-unit-archives' },
  {
    path: '/queue',
    label: 'rv.menu.queue',
    icon: List,
    roles: ['unit', 'acceptance_point', 'competent_department', 'city_admin'],
    test: 'menu-queue',
  },
  { path: '/queue', label: 'rv.menu.receive', icon: Box, roles: ['committee_office'], test: 'menu-queue' },
  {
    path: '/dashboard',
    label: 'db.menu',
    icon: DataAnalysis,
    roles: ['unit', 'acceptance_point', 'competent_department', 'committee_office', 'city_admin'],
    test: 'menu-dashboard',
  },
  // the review area (docs/review.md)
  { path: '/review/experts', label: 'cm.menu.experts', icon: Avatar, roles: REVIEW_OFFICE, test: 'menu-review-experts' },
  { path: '/review/committees', label: 'cm.menu.committees', icon: OfficeBuilding, roles: REVIEW_OFFICE, test: 'menu-review-committees' },
  { path: '/review/groups', label: 'cm.menu.groups', icon: Connection, roles: REVIEW_OFFICE, test: 'menu-review-groups' },
  { path: '/review/meetings', label: 'cm.menu.meetings', icon: Management, roles: REVIEW_OFFICE, test: 'menu-review-meetings' },
  { path: '/review/publicity', label: 'cm.menu.publicity', icon: Promotion, roles: REVIEW_OFFICE, test: 'menu-review-publicity' },
  { path: '/review/certificates', label: 'cm.menu.certificates', icon: Trophy, roles: REVIEW_OFFICE, test: 'menu-review-certificates' },
  { path: '/review/integrity', label: 'cm.menu.integrity', icon: Warning, roles: REVIEW_OFFICE, test: 'menu-review-integrity' },
  { path: '/review/cases', label: 'cm.menu.cases', icon: ChatDotSquare, roles: REVIEW_OFFICE, test: 'menu-review-cases' },
  { path: '/admin/deadlines', label: 'rv.menu.deadlines', icon: AlarmClock, roles: ['city_admin'], test: 'menu-deadlines' },
  { path: '/admin/quotas', label: 'rv.menu.quotas', icon: Histogram, roles: ['city_admin'], test: 'menu-quotas' },
  // re-examination and complaints for units and experts (the applicant's entry is above)
  { path: '/cases', label: 'pn.menu.cases', icon: ChatLineSquare, roles: ['unit', 'expert'], test: 'menu-cases' },
  {
    path: '/help/reviewer',
    label: 'rv.menu.help',
    icon: QuestionFilled,
    roles: ['unit', 'acceptance_point', 'competent_department', 'committee_office', 'city_admin', 'expert'],
    test: 'menu-help-reviewer',
  },
  { path: '/admin/accounts', label: 'menu.accounts', icon: UserIcon, roles: ['city_admin'], test: 'menu-accounts' },
  { path: '/admin/calendar', label: 'menu.calendar', icon: Calendar, roles: ['city_admin'], test: 'menu-calendar' },
  { path: '/admin/audit', label: 'menu.audit', icon: Tickets, roles: ['city_admin'], test: 'menu-audit' },
]

export function roleAllowed(roles: Role[] | 'all' | undefined, role: Role | null): boolean {
  if (!role) return false
  if (!roles || roles === 'all') return true
  return roles.includes(role)
}

/** The menu of a role; a unit that is not yet authorised sees the letter page only. */
export function menuFor(role: Role | null, unitGated: boolean): MenuItem[] {
  if (unitGated) return MENU.filter((m) => m.path === '/unit/letter')
  return MENU.filter((m) => roleAllowed(m.roles, role))
}
