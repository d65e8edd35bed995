// Shapes of the HTTP API v1 (docs/api.md).

export type Role =
  | 'applicant'
  | 'unit'
  | 'acceptance_point'
  | 'competent_department'
  | 'committee_office'
  | 'expert'
  | 'city_admin'

export const ALL_ROLES: Role[] = [
  'applicant',
  'unit',
  'acceptance_point',
  'competent_department',
  'committee_office',
  'expert',
  'city_admin',
]

/** Roles the city admin may create accounts for. */
export const STAFF_ROLES: Role[] = [
  'acceptance_point',
  'competent_department',
  'committee_office',
  'expert',
  'city_admin',
]

export type UnitStatus = 'letter_required' | 'letter_pending' | 'letter_rejected' | 'approved'
export const UNIT_STATUSES: UnitStatus[] = ['letter_required', 'letter_pending', 'letter_rejected', 'approved']

export type UnitType = 'enterprise' | 'public_institution' | 'other'
export const UNIT_TYPES: UnitType[] = ['enterprise', 'public_institution', 'other']

export interface Unit {
  id: number
  credit_code: string
  name: string
  region_code: string
  region_name: string
  unit_type: UnitType
  city_level: boolean
  competent_department_id: number | null
  competent_department_name: string | null
  contact_name: string
  mobile: string
  status: UnitStatus
  reject_reason: string | null
  letter_uploaded_at: string | null
}

export interface User {
  id: number
  login: string
  name: string
  role: Role
  region_code: string | null
  region_name: string | null
  mobile: string | null
  unit: Unit | null
}

export interface Region {
  code: string
  name: string
}

export interface Department {
  id: number
  name: string
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor_login: string | null
  role: Role | string | null
  action: string
  object_type: string | null
  object_id: string | number | null
  summary: string | null
  client_ip: string | null
}

export interface FieldError {
  field: string
  code?: string
  message: string
}

export interface SessionAnswer {
  user: User
  csrf_token: string
}

export interface ApplicantRegistration {
  name: string
  id_number: string
  mobile: string
  password: string
}

export interface UnitRegistration {
  credit_code: string
  name: string
  region_code: string
  unit_type: UnitType
  city_level: boolean
  competent_department_id?: number
  contact_name: string
  mobile: string
  password: string
}

export interface UnitContact {
  contact_name: string
  mobile: string
}

export interface NewAccount {
  role: Role
  login: string
  name: string
  password: string
  region_code?: string
  department_name?: string
}
