// The reviewer side of the workflow API (docs/workflow.md): units reviewing performance archives and
// applications, acceptance points / competent departments, the committee office, and the city admin's
// quotas and deadline extensions. Shapes follow the contract; fields the contract leaves open are optional.
import { API_BASE, ApiError, request } from '@/api'
import type { Decision, Page } from '@/types'
import type { OffersActions } from '@/lifecycles'

// ---- shared shapes -----------------------------------------------------------------------------

export type AppState =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'publicity'
  | 'unit_recommended'
  | 'county_returned'
  | 'county_recommended'
  | 'received'
  | 'not_recommended'
  | 'accepted'
  | 'office_returned'
  | 'passed'
  | 'failed'
  | 'certified'
  | 'revoked'
  | 'not_accepted'
  | 'withdrawn'

export const APP_STATES: AppState[] = [
  'draft',
  'submitted',
  'returned',
  'publicity',
  'unit_recommended',
  'county_returned',
  'county_recommended',
  'received',
  'not_recommended',
  'accepted',
  'office_returned',
  'passed',
  'failed',
  'certified',
  'revoked',
  'not_accepted',
  'withdrawn',
]

export type AppAction =
  | 'submit'
  | 'withdraw'
  | 'resubmit'
  | 'return'
  | 'start_publicity'
  | 'recommend'
  | 'reject'
  | 'county_return'
  | 'county_recommend'
  | 'receive'
  | 'accept'
  | 'office_return'
  | 'correct'

export interface StoredFile {
  id: number
  name: string
  size: number
  content_type: string
  sha256: string
  uploaded_at: string
}

export interface PersonRef {
  id: number
  name: string
  id_number_masked: string
}

export interface UnitRef {
  id: number
  name: string
  credit_code: string
}

/** A list with counts per status / state (GET /unit/archives, GET /queue). */
export type CountedPage<T> = Page<T> & { counts?: Record<string, number> }

// ---- performance archives ----------------------------------------------------------------------

export type ArchiveStatus = 'draft' | 'pending' | 'approved' | 'returned'
/** The statuses a unit filters its archives by (a draft is not the unit's business). */
export const ARCHIVE_STATUSES: ArchiveStatus[] = ['pending', 'approved', 'returned']

export type ArchiveKind =
  | 'education'
  | 'work'
  | 'title'
  | 'skill'
  | 'award'
  | 'continuing_education'
  | 'social_security'
  | 'employment'
  | 'achievement'

export const ARCHIVE_KINDS: ArchiveKind[] = [
  'education',
  'work',
  'title',
  'skill',
  'award',
  'continuing_education',
  'social_security',
  'employment',
  'achievement',
]

export interface ArchiveItem {
  id: number
  kind: ArchiveKind | string
  data: Record<string, unknown>
  files: StoredFile[]
  return_reason: string | null
}

export interface Archive {
  status: ArchiveStatus
  unit: UnitRef | null
  items: ArchiveItem[]
  return_reason: string | null
  version: number
  submitted_at: string | null
  reviewed_at: string | null
  applicant?: PersonRef
  /** the applicant's unsent edits (only in their own view, when there are any) */
  working_copy?: ArchiveWorkingCopy
}

/** An item of the working copy: as the page sent it, with its files read back. */
export interface ArchiveWorkingItem {
  id?: number
  kind: string
  data: Record<string, unknown>
  files: StoredFile[]
}

/** The applicant's unsent edits of the archive, saved on every change of an item (PUT /archive/working-copy). */
export interface ArchiveWorkingCopy {
  base_version: number
  unit_credit_code: string
  items: ArchiveWorkingItem[]
  saved_at: string
}

export interface ArchiveSummary {
  user_id: number
  name: string
  id_number_masked: string
  status: ArchiveStatus
  submitted_at: string | null
  items_count: number
  version: number
}

// ---- applications ------------------------------------------------------------------------------

export interface EvidenceSlot {
  code: string
  name: string
  required: boolean
  max_count: number
  max_mb: number
  files: StoredFile[]
}

export interface Objection extends OffersActions {
  id: number
  content: string
  raised_by: string | null
  raised_at: string
  status: 'open' | 'dismissed' | 'upheld'
  resolution: string | null
  resolved_at: string | null
}

export interface CorrectionItem {
  item: string
  reason: string
}

export interface Corrections {
  round: number
  reason: string
  items: CorrectionItem[]
  at: string
}

export interface HistoryEntry {
  from: AppState | null
  to: AppState
  action: string
  actor: string
  role: string
  reason: string | null
  at: string
}

export interface Application {
  id: number
  number: string
  campaign_id: string
  level: string
  level_name: string
  specialty: string
  specialty_name: string
  state: AppState
  version: number
  resubmissions: number
  reviewer: 'acceptance_point' | 'competent_department' | string
  city_level: boolean
  pledged: boolean
  pledge_text: string
  applicant: PersonRef
  unit: UnitRef
  region_code: string
  eligibility: Decision | null
  slots: EvidenceSlot[]
  snapshot: { version: number; sha256: string; created_at: string; data?: unknown } | null
  submitted_at: string | null
  publicity: { start: string; end: string; opinion: string | null; days: number } | null
  objections: Objection[]
  corrections: Corrections | null
  history: HistoryEntry[]
  deadlines: { applicant: string; unit: string; county: string }
  allowed_actions: AppAction[]
  /** Actions of the caller's role in this state that are not possible now, with the reason (server message). */
  unavailable_actions?: { action: AppAction; code: string; message: string }[]
  opinion_template: string
}

export interface QueueItem {
  id: number
  number: string
  applicant_name: string
  unit_name: string
  level: string
  level_name: string
  specialty_name: string
  state: AppState
  submitted_at: string | null
  publicity_end: string | null
  updated_at: string | null
  version: number
}

export interface ActionBody {
  version: number
  reason?: string
  items?: CorrectionItem[]
  start_date?: string
  opinion?: string
}

export type BatchAction = 'recommend' | 'county_recommend' | 'county_return' | 'receive' | 'return' | 'reject'

export interface BatchItemError {
  id: number
  code: string
  message: string
}

/** The per-application errors of a `422 batch_rejected`, or null for any other error. */
export function batchErrors(e: unknown): BatchItemError[] | null {
  if (!(e instanceof ApiError) || e.code !== 'batch_rejected') return null
  const items = e.detail?.items
  return Array.isArray(items) ? (items as BatchItemError[]) : []
}

// ---- quotas and deadlines ----------------------------------------------------------------------

export interface QuotaRow {
  level: string
  level_name: string
  quota: number | null
  used: number
  left: number | null
}

export type Stage = 'applicant' | 'unit' | 'county'
export const STAGES: Stage[] = ['applicant', 'unit', 'county']

export interface DeadlinesAnswer {
  stages: { stage: Stage; date: string; extended: boolean }[]
  next: { stage: Stage; date: string; days_left: number; pending: number } | null
}

export interface DeadlineExtension {
  id?: number
  stage: Stage
  unit_id?: number | null
  unit_name?: string | null
  region_code?: string | null
  region_name?: string | null
  until: string
  reason: string
  created_at?: string
  created_by?: string | null
}

export interface NewExtension {
  stage: Stage
  unit_id?: number
  region_code?: string
  until: string
  reason: string
  /** Also move the later stages to `until` (asked for after extension_out_of_order). */
  extend_later?: boolean
}

// ---- dashboard (GET /stats) --------------------------------------------------------------------

/** A count of applications per region, level or specialty (largest first). */
export interface StatsCount {
  code: string
  name: string
  count: number
}

/** Committee decisions of a group: voted through (passed, certified, later revoked) of those decided. */
export interface StatsRate {
  code: string
  name: string
  passed: number
  decided: number
}

/**
 * The dashboard's figures in the caller's scope (docs/workflow.md "Counts for dashboards"): counts by state,
 * region, level, specialty and unit (top 20), pass rates, the unit deadline and the units with applications
 * waiting for them (submitted, in publicity, returned by the county; top 20).
 */
export interface Stats {
  total: number
  by_state: Partial<Record<AppState, number>>
  by_region: StatsCount[]
  by_level: StatsCount[]
  by_specialty: StatsCount[]
  by_unit: { unit_id: number; name: string; count: number }[]
  pass_rate: {
    passed: number
    decided: number
    by_level: StatsRate[]
    by_specialty: StatsRate[]
    by_region: StatsRate[]
  }
  unit_deadline: { date: string; days_left: number } | null
  pending_units: { unit_id: number; name: string; pending: number }[]
}
// ---- endpoints ---------------------------------------------------------------------------------

type Paging = { after?: string; page_size?: number }

/**
 * GET /applications/{id}/review-form.pdf: the 《专业技术职务任职资格评审表》 of the application's snapshot, a
 * watermarked A4 PDF (docs/documents.md). A plain link downloads it (the session cookie goes along; a GET needs
 * no CSRF header); 409 form_requires_submission before the first submission.
 */
export function reviewFormUrl(id: number | string): string {
  return `${API_BASE}/applications/${encodeURIComponent(String(id))}/review-form.pdf`
}

export const reviewApi = {
  fileUrl: (id: number | string) => `${API_BASE}/files/${encodeURIComponent(String(id))}`,
  /** The review form (评审表) of a submitted application as a watermarked PDF (docs/documents.md). */
  reviewFormUrl,

  unitArchives: (q: { status?: string; q?: string } & Paging) =>
    request<CountedPage<ArchiveSummary>>('GET', '/unit/archives', { query: q }),
  unitArchive: (userId: number) => request<Archive>('GET', `/unit/archives/${userId}`),
  approveArchive: (userId: number, version: number) =>
    request<Archive>('POST', `/unit/archives/${userId}/approve`, { body: { version } }),
  returnArchive: (
    userId: number,
    body: { version: number; reason: string; items: { item_id: number | string; reason: string }[] },
  ) => request<Archive>('POST', `/unit/archives/${userId}/return`, { body }),

  queue: (q: { state?: string; q?: string; level?: string; specialty?: string; unit_id?: number } & Paging) =>
    request<CountedPage<QueueItem>>('GET', '/queue', { query: q }),
  application: (id: number | string) => request<Application>('GET', `/applications/${id}`),
  act: (id: number | string, action: AppAction, body: ActionBody) =>
    request<Application>('POST', `/applications/${id}/actions/${action}`, { body }),
  addObjection: (id: number | string, body: { content: string; raised_by: string }) =>
    request<unknown>('POST', `/applications/${id}/objections`, { body }),
  resolveObjection: (
    id: number | string,
    oid: number,
    body: { outcome: 'dismissed' | 'upheld'; resolution: string },
  ) => request<unknown>('POST', `/applications/${id}/objections/${oid}/resolve`, { body }),
  batch: (action: BatchAction, body: { items: { id: number; version: number }[] } & Omit<ActionBody, 'version' | 'items'>) =>
    request<{ applied: number }>('POST', `/applications/batch/${action}`, { body }),

  myQuotas: () => request<{ items: QuotaRow[] }>('GET', '/units/me/quotas'),
  unitQuotas: (unitId: number) => request<{ items: QuotaRow[] }>('GET', `/units/${unitId}/quotas`),
  setUnitQuotas: (unitId: number, body: { items: { level: string; quota: number | null }[]; reason: string }) =>
    request<{ items: QuotaRow[] }>('PUT', `/units/${unitId}/quotas`, { body }),

  deadlines: () => request<DeadlinesAnswer>('GET', '/deadlines'),
  extensions: (q: Paging = {}) => request<Page<DeadlineExtension>>('GET', '/deadline-extensions', { query: q }),
  addExtension: (body: NewExtension) => request<DeadlineExtension>('POST', '/deadline-extensions', { body }),

  stats: () => request<Stats>('GET', '/stats'),
}
