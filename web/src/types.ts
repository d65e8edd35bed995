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

/** One unit of a unit import (POST /imports/units): its account, with the initial password given only once. */
export interface ImportedUnitAccount {
  unit_id: number
  credit_code: string
  name: string
  login: string
  initial_password: string
}

/** The answer of POST /imports/units (201). */
export interface UnitImport {
  imported: number
  accounts: ImportedUnitAccount[]
}

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

/** A list paged by cursor (docs/api.md, "Lists: keyset pagination"): ask for the next page with
 *  `after=<next_cursor>`; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  total: number
  page_size: number
  next_cursor: string | null
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
  /** the class: required, wrong_type, too_long, too_short, out_of_range, invalid_format, unknown_code, unknown_field */
  code?: string
  message: string
  /** the precise code (e.g. id_number_checksum) */
  reason?: string
  /** the broken limit (too_long: the most characters) */
  limit?: number
  detail?: unknown
}

export interface SessionAnswer {
  user: User
  csrf_token: string
  /** signed in with a one-time code (POST /accounts/reset-code): nothing but a new password until it is set */
  must_change_password: boolean
  /** who issued the code, e.g. "沈慧（用人单位）"; null unless must_change_password */
  password_reset_by: string | null
}

/** A one-time sign-in code (POST /accounts/reset-code); `code` is given this once. */
export interface ResetCode {
  user_id: number
  login: string
  name: string
  code: string
  expires_at: string
  reset_by: string
}

export interface ResetCodeRequest {
  /** a login or an 18-digit identity number */
  account: string
  reason: string
  /** acceptance point and city admin only: the mobile the account is reassigned to */
  mobile?: string
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

// ---- campaigns and eligibility (docs/eligibility.md) ------------------------------------------

export interface Named {
  code: string
  name: string
}

export interface CampaignSummary {
  id: string
  name: string
  year: number
  current: boolean
}

export type DeadlineStage = 'applicant' | 'unit' | 'county'

export interface Deadline {
  stage: DeadlineStage
  date: string
  ends_at: string
  label: string
  label_en: string
}

export interface CampaignLevel {
  code: string
  name: string
  name_en: string
  tier: string
}

export interface SpecialtyFamily {
  code: string
  name: string
  excluded: boolean
  excluded_reason: string
  specialties: Named[]
}

export interface TechnicianSchoolClass extends Named {
  counts_as: string
  counts_as_name: string
}

export interface CampaignAward extends Named {
  level: string
  max_rank: number | null
}

export interface Sanction extends Named {
  blocks: boolean
}

export interface PaperMaterials {
  body: string
  address: string
  form: string
  copies: number
  duplex: boolean
  watermark: boolean
  contacts: string[]
  phones: string[]
}

export interface Campaign {
  id: string
  name: string
  name_en: string
  year: number
  city: string
  series: Named
  notice: { title: string; issuer: string; date: string; short: string; basis: string }
  cut_off: string
  timezone: string
  /** The server's day in Asia/Shanghai ("YYYY-MM-DD"): countdowns count from it, not from the browser's clock. */
  today?: string
  deadlines: Deadline[]
  /** `pre_review_working_days`: 0 when the campaign has no pre-review publicity */
  publicity: { unit_working_days: number; result_working_days: number; pre_review_working_days: number }
  levels: CampaignLevel[]
  families: SpecialtyFamily[]
  education_levels: Named[]
  technician_school_classes: TechnicianSchoolClass[]
  skill_grades: Named[]
  awards: CampaignAward[]
  direct: { clause: string; requires_frontline_post: boolean }
  exceptional: { levels: string[]; form: string; attachment: string; clause: string }
  continuing_education: {
    levels: string[]
    years: number[]
    annual_hours: number
    relief_years: number[]
    relief_total_hours: number
    clause: string
  }
  social_security: { city: string; substitutes: Named[]; clause: string }
  sanctions: Sanction[]
  integrity: { record_years: number; clause: string }
  committees: { code: string; name: string; levels: string[]; regions: string[] }[]
  paper_materials: PaperMaterials
}

/** The facts of POST /eligibility/check (docs/eligibility.md, "Profile format"). */
export interface EligibilityProfile {
  level: string
  specialty: string
  employment?: {
    in_service?: boolean
    full_time?: boolean
    unit_type?: 'enterprise' | 'public_institution'
    retired_on?: string
    sanction?: { kind: string; until: string }
  }
  education?: ({ level: string; graduated: string } | { technician_school_class: string; graduated: string })[]
  titles?: { level: string; obtained: string }[]
  skills?: { grade: string; obtained: string }[]
  frontline_skill_post?: boolean
  awards?: { code: string; rank?: number; obtained?: string }[]
  continuing_education?: { year: number; hours: number }[]
  social_security?: {
    paid_in_city?: boolean
    labour_contract?: boolean
    bank_salary_records?: boolean
    tax_certificate?: boolean
  }
}

export interface EligibilityRequest {
  campaign?: string
  as_of?: string
  profile: EligibilityProfile
}

export interface Bilingual {
  zh: string
  en: string
}

export type Verdict = 'eligible' | 'exceptional' | 'ineligible'
export type PathCode = 'regular' | 'skill' | 'direct' | 'exceptional'
export type PathOutcome = 'met' | 'unmet' | 'not_applicable'
export type ReasonStatus = 'met' | 'unmet' | 'info'

export interface DecisionReason {
  code: string
  group: string
  status: ReasonStatus
  clause: string
  params?: Record<string, unknown>
  message: Bilingual
  earliest_date?: string | null
  earliest_in?: 'this_campaign' | 'later_campaign' | null
  overridable?: boolean
}

export interface Decision {
  campaign: { id: string; name: string }
  level: Named
  as_of: string
  cut_off: string
  verdict: Verdict
  path: PathCode | null
  summary: Bilingual
  paths: { path: PathCode; name: string; name_en: string; outcome: PathOutcome }[]
  reasons: DecisionReason[]
  lacking: { code: string; message: Bilingual }[]
  required_forms: { name: string; attachment: string }[]
  committee: Named | null
}

// ---- working-day calendar ----------------------------------------------------------------------

export interface CalendarDay {
  date: string
  name: string
}

export interface CalendarYearSummary {
  year: number
  source: string
  holidays: number
  makeup_workdays: number
  working_days: number
  updated_at: string | null
  updated_by: string | null
}

export interface CalendarYear {
  year: number
  source: string
  holidays: CalendarDay[]
  makeup_workdays: CalendarDay[]
  working_days: number
  updated_at: string | null
  updated_by: string | null
}

export interface CalendarUpdate {
  source: string
  holidays: CalendarDay[]
  makeup_workdays: CalendarDay[]
  reason: string
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday'
