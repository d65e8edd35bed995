import type { Component } from 'vue'
import { Calendar, Checked, Document, House, Stamp, Tickets, User as UserIcon } from '@element-plus/icons-vue'
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

export const MENU: MenuItem[] = [
  { path: '/', label: 'menu.home', icon: House, roles: 'all', test: 'menu-home' },
  { path: '/self-check', label: 'menu.selfCheck', icon: Checked, roles: 'all', test: 'menu-self-check' },
  { path: '/unit/letter', label: 'menu.unitLetter', icon: Stamp, roles: ['unit'], test: 'menu-unit-letter' },
  {
    path: '/units/review',
    label: 'menu.unitReview',
    icon: Document,
    roles: ['acceptance_point', 'competent_department', 'city_admin'],
    test: 'menu-unit-review',
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
