// The review area (docs/review.md) as experts, the public and applicants use it: an expert's assignments,
// the redacted application and its review, withdrawal (回避), the committee meeting's anonymous ballot; the
// public result publicity with objections and the certificate check; the applicant's certificates, integrity
// records and cases (复查与投诉, any signed-in user). The committee office's and the city admin's routes are
// elsewhere. Shapes follow the contract; fields it leaves open are optional.
import { request } from '@/api'
import type { Decision, Page } from '@/types'
import type { ArchiveItem, EvidenceSlot } from './review'
import type { OffersActions } from '@/lifecycles'
import type { Board, MeetingBallot, SheetWithNulls } from '@/ballot/types'

// ---- experts at work -------------------------------------------------------------------------------

/** 重点推荐 / 一般推荐 / 不推荐 */
export type Recommendation = 'key' | 'general' | 'not'
export const RECOMMENDATIONS: Recommendation[] = ['key', 'general', 'not']

/** 符合 / 基本符合 / 不符合 */
export type Conformity = 'conforms' | 'basically' | 'not'
export const CONFORMITIES: Conformity[] = ['conforms', 'basically', 'not']

export interface ExpertReview {
  recommendation: Recommendation
  conformity: Conformity
  comments: string
  at?: string | null
}

export interface ReviewInput {
  recommendation: Recommendation
  conformity: Conformity
  comments: string
}

/** The expert's place in a group. */
export type PlaceStatus = 'invited' | 'confirmed' | 'declined' | 'withdrawn'
export const PLACE_STATUSES: PlaceStatus[] = ['invited', 'confirmed', 'declined', 'withdrawn']

export interface AssignmentApplication {
  id: number
  number: string
  name: string
  level_name: string
  specialty_name: string
  unit_name: string
  my_review: ExpertReview | null
}

export interface AssignmentGroup {
  group_id: number
  name: string
  family_name: string
  /** the expert's place (invited|confirmed|declined|withdrawn); see placeStatus() */
  status: string
  /** listed only once the expert has confirmed */
  applications: AssignmentApplication[]
}

/** tallying: voting closed, the encrypted tally waits for both trustees' decryptions */
export type MeetingStatus = 'planned' | 'voting' | 'tallying' | 'closed'

export interface AssignmentMeeting {
  id: number
  title: string
  held_on: string
  status: MeetingStatus
  voted: boolean
  present: boolean
}

export interface Assignments {
  groups: AssignmentGroup[]
  meetings: AssignmentMeeting[]
}

/**
 * The expert's place in a group of GET /expert/assignments. The contract names one `status`; it is read as
 * the expert's place, and when it is the group's status instead (drawing|reviewing), a group with
 * applications listed is confirmed (they are listed only then) and one without is an invitation.
 */
export function placeStatus(g: AssignmentGroup): PlaceStatus {
  if ((PLACE_STATUSES as string[]).includes(g.status)) return g.status as PlaceStatus
  return g.applications && g.applications.length ? 'confirmed' : 'invited'
}

/** The snapshot's data as submitted (docs/workflow.md), without the applicant's contact details. */
export interface SnapshotData {
  number?: string
  level?: string
  level_name?: string
  specialty?: string
  specialty_name?: string
  applicant?: { name?: string; id_number_masked?: string }
  unit?: { name?: string; credit_code?: string }
  archive?: { items?: ArchiveItem[]; unit?: { name?: string } | null } | null
  slots?: EvidenceSlot[]
  eligibility?: Decision | null
  pledge?: { text?: string; at?: string } | null
  submitted_at?: string | null
}

export interface ExpertApplication {
  id: number
  number: string
  /** the applicant's name (the server adds it) */
  name?: string
  level_name: string
  specialty_name: string
  group_id: number
  /** the submitted snapshot's data, without the applicant's contact details */
  snapshot: SnapshotData
  /** the snapshot's version and digest: the expert reviews exactly this frozen version */
  snapshot_version: number
  snapshot_sha256: string
  my_review: ExpertReview | null
  /** true once a meeting with the application is voting (reviews are then refused) */
  locked: boolean
}

/** The snapshot's data of an expert's view. */
export function snapshotData(a: ExpertApplication | null | undefined): SnapshotData {
  return a?.snapshot ?? {}
}

export type Choice = 'yes' | 'no' | 'abstain'
export const CHOICES: Choice[] = ['yes', 'no', 'abstain']

export interface GroupSummary {
  key: number
  general: number
  not: number
  conforms: number
  basically: number
  not_conform: number
}

export interface MeetingCandidate {
  application_id: number
  number: string
  name: string
  unit_name: string
  level_name: string
  specialty_name: string
  group_summary: GroupSummary | null
  /** Members who withdraw from this candidate (回避): the office's view. */
  recusals?: { expert_id: number; name: string; reasons: string[] }[]
  /** Whether the calling member withdraws from this candidate (a member's view). */
  recuse?: boolean
  /** Yes votes this candidate needs (2/3 of those present who do not withdraw); null before voting. */
  pass_needed?: number | null
  result: { yes: number; no: number; abstain: number; passed: boolean } | null
}

export interface MeetingMember {
  expert_id: number
  name: string
  position: 'chair' | 'vice_chair' | 'member' | string
  present: boolean
}

export interface Meeting extends Partial<OffersActions> {
  id: number
  committee_code: string
  committee_name: string
  title: string
  held_on: string
  status: MeetingStatus
  members: MeetingMember[]
  member_count: number
  present_count: number
  quorum_needed: number
  pass_needed: number | null
  ballots_cast: number
  /** whether the calling expert has voted */
  voted: boolean
  /** not in the contract: whether the calling expert is registered as present */
  present?: boolean | null
  candidates: MeetingCandidate[]
  seal_sha256: string | null
  closed_at: string | null
  /** the secret ballot: election, trustees (my_trustee_role: the reader's seat), the encrypted tally */
  ballot?: MeetingBallot | null
}

export interface Vote {
  application_id: number
  choice: Choice
}

// ---- the public ------------------------------------------------------------------------------------

export interface PublicEntry {
  entry_id: number
  name: string
  unit_name: string
  level_name: string
  specialty_name: string
}

export interface PublicPublicity {
  id: number
  committee_name: string
  start_date: string
  end_date: string
  entries: PublicEntry[]
}

export interface ObjectionInput {
  entry_id: number
  name: string
  contact: string
  content: string
}

export type CertificateStatus = 'valid' | 'revoked'

export interface VerifiedCertificate {
  number: string
  name: string
  level_name: string
  specialty_name: string
  committee_name: string
  issued_on: string
  status: CertificateStatus
  revoked_on: string | null
}

export type VerifyQuery = { number: string; name: string; checker?: string } | { code: string; checker?: string }

/**
 * What a printed review form's verification code was issued for (GET /public/forms/verify, docs/documents.md):
 * the facts of the snapshot the print was made from. `current` is false when the applicant has resubmitted
 * since (the print is of an earlier submission).
 */
export interface VerifiedForm {
  kind: 'review_form'
  form_name: string
  /** the application's number (申报编号) */
  number: string
  /** the form's number (表号), `{number}-v{snapshot}` */
  form_number: string
  applicant_name: string
  id_number_masked: string
  unit_name: string
  level_name: string
  specialty_name: string
  submitted_at: string
  snapshot_version: number
  snapshot_sha256: string
  current: boolean
  pages: number
  printed_at: string
}

// ---- the applicant ---------------------------------------------------------------------------------

export interface CertificateCheck {
  at: string
  checker: string | null
  via: string | null
}

export interface MyCertificate {
  id: number
  number: string
  name: string
  level_name: string
  specialty_name: string
  committee_name: string
  issued_on: string
  status: CertificateStatus
  revoked_on: string | null
  revoke_reason: string | null
  application_id: number
  verify_code: string
  checks: CertificateCheck[]
}

export interface IntegrityRecord {
  id: number
  name?: string
  id_number_masked?: string
  kind: string
  reason: string
  evidence?: string | null
  certificate_number: string | null
  application_number: string | null
  start_date: string
  end_date: string
  in_force: boolean
}

export type CaseKind = 're_examination' | 'complaint'
export const CASE_KINDS: CaseKind[] = ['re_examination', 'complaint']

export interface Case {
  id: number
  kind: CaseKind
  application_id: number | null
  application_number: string | null
  filed_by_name: string
  subject: string
  content: string
  status: 'open' | 'closed'
  outcome: 'upheld' | 'dismissed' | null
  outcome_text: string | null
  created_at: string
  closed_at: string | null
}

export interface CaseInput {
  kind: CaseKind
  application_id?: number
  subject: string
  content: string
}

/** A list answer; `total` may be absent on some. */
export interface Items<T> {
  items: T[]
  total?: number
}

/** A verification code as printed: four groups of four (ABCD-EFGH-JKLM-NPQR, as the server shows it). */
export function groupCode(code: string | null | undefined): string {
  if (!code) return '—'
  const c = normalizeCode(code)
  return c.length === 16 ? (c.match(/.{4}/g) ?? [c]).join('-') : code
}

/** A verification code as typed (spaces, dashes, lower case) reduced to its 16 characters. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s\-–—]/g, '').toUpperCase()
}

// ---- endpoints ---------------------------------------------------------------------------------------

export const expertApi = {
  assignments: () => request<Assignments>('GET', '/expert/assignments'),
  respond: (groupId: number, accept: boolean, reason?: string) =>
    request<unknown>('POST', `/review-groups/${groupId}/respond`, {
      body: accept ? { accept: true } : { accept: false, reason },
    }),
  application: (id: number | string) => request<ExpertApplication>('GET', `/expert/applications/${id}`),
  /** answers the review, or (as the server does) the whole expert's view of the application with it */
  review: (id: number | string, body: ReviewInput) =>
    request<ExpertReview | ExpertApplication>('PUT', `/expert/applications/${id}/review`, { body }),
  withdraw: (id: number | string, reason: string) =>
    request<unknown>('POST', `/expert/applications/${id}/withdraw`, { body: { reason } }),

  meeting: (id: number | string) => request<Meeting>('GET', `/meetings/${id}`),
  /** The member's encrypted sheet (an entry per candidate_ids index, null where they withdraw): the receipt. */
  castSheet: (id: number | string, sheet: SheetWithNulls) =>
    request<{ fingerprint: string }>('POST', `/meetings/${id}/ballot`, { body: { sheet } }),
}

export const publicApi = {
  results: (q: { after?: string; page_size?: number } = {}) =>
    request<Page<PublicPublicity>>('GET', '/public/results', { query: q }),
  object: (publicityId: number, body: ObjectionInput) =>
    request<{ id: number }>('POST', `/public/results/${publicityId}/objections`, { body }),
  /** 评前公示: the committee's pre-review publicities open today (a campaign option) */
  preReview: () => request<{ items: PublicPublicity[] }>('GET', '/public/pre-review'),
  objectPreReview: (publicityId: number, body: ObjectionInput) =>
    request<{ id: number }>('POST', `/public/pre-review/${publicityId}/objections`, { body }),
  /** The secret ballot's public board: everything needed to re-check a meeting's count (no sign-in). */
  board: (meetingId: number | string) => request<Board>('GET', `/public/meetings/${meetingId}/board`),
  verify: (q: VerifyQuery) => request<VerifiedCertificate>('GET', '/public/certificates/verify', { query: q }),
  /** A printed form's verification code (dashes and spaces ignored); 404 form_not_found when unknown. */
  verifyForm: (code: string) => request<VerifiedForm>('GET', '/public/forms/verify', { query: { code } }),
}

export const myApi = {
  certificates: () => request<Items<MyCertificate>>('GET', '/my/certificates'),
  integrity: () => request<Items<IntegrityRecord>>('GET', '/my/integrity'),
  /** one's own cases: few, so one page of the largest size */
  cases: () => request<Page<Case>>('GET', '/cases', { query: { page_size: 100 } }),
  fileCase: (body: CaseInput) => request<Case>('POST', '/cases', { body }),
}

/** One item of the review work waiting for the caller (GET /review/todo). */
export interface TodoItem {
  kind: string
  count: number
  text: string
  /** the page that does the work */
  link: string
}

export const todoApi = {
  todo: () => request<{ items: TodoItem[] }>('GET', '/review/todo'),
}
