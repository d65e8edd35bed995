// The committee office's and the city admin's side of the review area (docs/review.md): paper forms,
// the expert pool, committees, specialty review groups and the draw, meetings, result publicity,
// certificates, the integrity archive and cases. Shapes follow the contract; fields the contract leaves open
// are optional.
import { request } from '@/api'
import type { Application, QueueItem } from './review'
import type { Campaign, Named, Page } from '@/types'
// A record's allowed_actions / unavailable_actions: what the reader may do now, by its lifecycle table and
// guards, and the steps a guard blocks with the reason the server would answer.
import type { OffersActions } from '@/lifecycles'
import type { PublicShare } from '@/ballot/crypto'
import type { MeetingBallot, TrusteePartials } from '@/ballot/types'

/** Lists of the review area answered whole: `{items, total}` (the growing ones are a `Page`). */
export interface ItemList<T> {
  items: T[]
  total?: number
}

// ---- campaign data ---------------------------------------------------------------------------------

export interface ExpertTitle {
  code: string
  name: string
  name_en?: string
}

/** `[review]` of the campaign file, as far as the pages use it. */
export interface ReviewSettings {
  clause?: string
  max_term_years?: number
  quorum?: [number, number]
  pass?: [number, number]
  result_publicity_working_days?: number
  group_size?: number
  certificate_prefix?: string
  expert_titles?: ExpertTitle[]
}

/** The current campaign with the review settings (GET /campaigns/current). */
export type ReviewCampaign = Campaign & {
  review?: ReviewSettings
  committees: (Campaign['committees'][number] & { expert_titles?: string[] })[]
}

/** The titles experts may hold: the campaign's, else 高级工程师 / 正高级工程师. */
export const DEFAULT_EXPERT_TITLES = ['senior', 'full_senior']

// ---- paper forms -----------------------------------------------------------------------------------

export interface PaperCheck {
  copies: number
  watermark: boolean
  form_number: string
  checked_at: string
  checked_by: string
}

/** An application as the committee office sees it: with the form number and the paper check-in. */
export type OfficeApplication = Application & {
  form_number?: string | null
  paper?: PaperCheck | null
}

// ---- experts and committees ------------------------------------------------------------------------

export interface ExpertRelation {
  name: string
  id_number_masked: string
  relation: string
}

export interface Expert {
  id: number
  login: string | null
  name: string
  id_number_masked: string
  families: string[]
  family_names: string[]
  title: string
  title_name: string
  unit_name: string
  unit_credit_code: string
  term_start: string
  term_end: string
  in_term: boolean
  active: boolean
  relations: ExpertRelation[]
}

export interface NewRelation {
  name: string
  id_number: string
  relation: string
}

export interface ExpertBody {
  name: string
  login?: string
  id_number?: string
  families: string[]
  title: string
  unit_name: string
  unit_credit_code: string
  term_start: string
  term_end: string
  relations?: NewRelation[]
  /** PUT only */
  active?: boolean
}

export type Position = 'chair' | 'vice_chair' | 'member'
export const POSITIONS: Position[] = ['chair', 'vice_chair', 'member']

export interface CommitteeMember {
  expert_id: number
  name: string
  position: Position
  unit_name: string
  term_start: string
  term_end: string
}

export interface Committee {
  code: string
  name: string
  levels: string[]
  regions: string[]
  expert_titles: string[]
  members: CommitteeMember[]
  member_count: number
}

export interface MemberBody {
  expert_id: number
  position: Position
  term_start: string
  term_end: string
}

// ---- groups and draws ------------------------------------------------------------------------------

export type GroupStatus = 'drawing' | 'reviewing'
export type GroupExpertStatus = 'invited' | 'confirmed' | 'declined' | 'withdrawn'
export type Recommendation = 'key' | 'general' | 'not'
export type Conformity = 'conforms' | 'basically' | 'not'
export const RECOMMENDATIONS: Recommendation[] = ['key', 'general', 'not']
export const CONFORMITIES: Conformity[] = ['conforms', 'basically', 'not']

export type ExclusionReason =
  | 'same_unit'
  | 'declared_relation'
  | 'own_application'
  | 'family'
  | 'title'
  | 'term'
  | 'inactive'
  | 'in_group'

export interface GroupExpert {
  expert_id: number
  name: string
  unit_name: string
  status: GroupExpertStatus
  reason: string | null
  draw_id: number | null
}

export interface GroupReview {
  expert_id: number
  expert_name: string
  recommendation: Recommendation
  conformity: Conformity
  comments: string
  at: string
}

export interface GroupApplication {
  id: number
  number: string
  name: string
  unit_name: string
  level: string
  level_name: string
  specialty_name: string
  reviews: GroupReview[]
  review_complete: boolean
}

export interface Draw {
  id: number
  group_id: number
  seed: string
  places: number
  candidates: number[]
  excluded: { expert_id: number; reasons: ExclusionReason[] }[]
  picked: number[]
  reason: 'initial' | 'declined' | 'withdrawn'
  by: string
  at: string
}

export interface Group {
  id: number
  name: string
  family: string
  family_name: string
  size: number
  status: GroupStatus
  experts: GroupExpert[]
  applications: GroupApplication[]
  draws: Draw[]
}

export interface Replay {
  draw_id: number
  picked: number[]
  replayed: number[]
  matches: boolean
}

// ---- meetings --------------------------------------------------------------------------------------

/** tallying: voting closed, the encrypted tally waits for both trustees' decryptions */
export type MeetingStatus = 'planned' | 'voting' | 'tallying' | 'closed'

export interface MeetingMember {
  expert_id: number
  name: string
  position: Position
  present: boolean
}

export interface CandidateResult {
  yes: number
  no: number
  abstain: number
  passed: boolean
}

export interface MeetingCandidate {
  application_id: number
  number: string
  name: string
  unit_name: string
  level_name: string
  specialty_name: string
  group_summary: { key: number; general: number; not: number; conforms: number; basically: number; not_conform: number }
  /** Members who withdraw from this candidate (回避) and why (the draw's conflict codes). */
  recusals?: { expert_id: number; name: string; reasons: string[] }[]
  /** Yes votes this candidate needs: 2/3 of those present who do not withdraw; null before voting. */
  pass_needed?: number | null
  result: CandidateResult | null
}

export interface Meeting extends OffersActions {
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
  voted?: boolean
  /** the list (GET /meetings) has the count, not the candidates */
  candidate_count?: number
  candidates: MeetingCandidate[]
  seal_sha256: string | null
  closed_at: string | null
  /** the secret ballot: election, trustees, sheets received, the encrypted tally (GET /meetings/{id}) */
  ballot?: MeetingBallot | null
}

export interface Minutes {
  text: string
  sha256: string
  verified: boolean
}

// ---- result publicity ------------------------------------------------------------------------------

export type PublicityStatus = 'scheduled' | 'open' | 'ended' | 'confirmed'
export type ObjectionStatus = 'open' | 'dismissed' | 'upheld'

export interface PublicityEntry {
  application_id: number
  name: string
  unit_name: string
  level_name: string
  specialty_name: string
  state: string
}

export interface ResultObjection extends OffersActions {
  id: number
  application_id: number
  name: string
  contact: string
  content: string
  status: ObjectionStatus
  resolution: string | null
  created_at: string
  resolved_at: string | null
}

export interface Publicity extends OffersActions {
  id: number
  meeting_id: number
  committee_name: string
  start_date: string
  end_date: string
  status: PublicityStatus
  entries: PublicityEntry[]
  objections: ResultObjection[]
  confirmed_at: string | null
}

// ---- pre-review publicity (评前公示, a campaign option) ------------------------------------------

export type PreReviewStatus = 'scheduled' | 'open' | 'ended'
export type PreReviewOutcome = 'dismissed' | 'upheld' | 'not_eligible'

export interface PreReviewCandidate {
  application_id: number
  number: string
  name: string
  unit_name: string
  level_name: string
  specialty_name: string
  state: string
  state_name: string
  /** listed | objection_open | cleared | returned | not_accepted */
  status: string
}

export interface PreReviewObjection extends OffersActions {
  id: number
  application_id: number
  application_number?: string | null
  candidate_name?: string | null
  /** the objector and their contact: shown to the committee office only */
  name: string
  contact: string
  content: string
  /** open | dismissed | upheld | not_eligible */
  status: string
  resolution: string
  created_at: string
  resolved_at?: string | null
}

export interface PreReviewPublicity {
  id: number
  committee_code: string
  committee_name: string
  start_date: string
  end_date: string
  working_days: number
  status: PreReviewStatus
  candidates: PreReviewCandidate[]
  objections: PreReviewObjection[]
}

/** GET /pre-review-publicity: `enabled` says whether the campaign has the stage at all. */
export interface PreReviewList {
  items: PreReviewPublicity[]
  enabled: boolean
  total: number
}

// ---- certificates, integrity, cases ----------------------------------------------------------------

export type CertificateStatus = 'valid' | 'revoked'

export interface Certificate extends OffersActions {
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
}

export interface IntegrityRecord {
  id: number
  name: string
  id_number_masked: string
  kind: string
  reason: string
  evidence: string
  certificate_number: string | null
  application_number: string | null
  start_date: string
  end_date: string
  in_force: boolean
}

export type CaseKind = 're_examination' | 'complaint'
export type CaseStatus = 'open' | 'closed'
export type CaseOutcome = 'upheld' | 'dismissed'

export interface ReviewCase extends OffersActions {
  id: number
  kind: CaseKind
  application_id: number | null
  application_number: string | null
  filed_by_name: string
  subject: string
  content: string
  status: CaseStatus
  outcome: CaseOutcome | null
  outcome_text: string | null
  created_at: string
  closed_at: string | null
}

// ---- endpoints -------------------------------------------------------------------------------------

/** A page of a growing list: `page_size` and, after page 1, the `next_cursor` of the page before. */
type Paging = { after?: string; page_size?: number }

export const committeeApi = {
  // paper forms
  checkInPaper: (id: number | string, body: { copies: number; watermark: boolean; form_number: string }) =>
    request<OfficeApplication | undefined>('PUT', `/applications/${id}/paper`, { body }),

  // accepted applications (the pick lists of groups and meetings)
  accepted: (q: { q?: string } = {}) =>
    request<Page<QueueItem>>('GET', '/queue', { query: { state: 'accepted', page_size: 100, ...q } }),
  searchApplications: (q: string) => request<Page<QueueItem>>('GET', '/queue', { query: { q, page_size: 20 } }),

  // experts
  experts: (q: { q?: string; family?: string } & Paging = {}) => request<Page<Expert>>('GET', '/experts', { query: q }),
  createExpert: (body: ExpertBody) => request<Expert>('POST', '/experts', { body }),
  updateExpert: (id: number, body: ExpertBody) => request<Expert>('PUT', `/experts/${id}`, { body }),
  /** The Excel template of the expert import (a path under /api/v1, for a download button). */
  expertTemplatePath: '/import-templates/experts.xlsx',
  /** The import of the filled template (the .xlsx as the body, components/XlsxImport.vue): every row or none
   *  (422 import_rows_invalid with a field error rows[N].<field> per wrong cell, N the spreadsheet's row);
   *  answers `{imported}`. */
  expertImportPath: '/imports/experts',

  // committees
  committees: () => request<ItemList<Committee>>('GET', '/committees'),
  setMembers: (code: string, members: MemberBody[]) =>
    request<Committee>('PUT', `/committees/${encodeURIComponent(code)}/members`, { body: { members } }),

  // groups and draws
  groups: (q: Paging = {}) => request<Page<Group>>('GET', '/review-groups', { query: q }),
  group: (id: number | string) => request<Group>('GET', `/review-groups/${id}`),
  createGroup: (body: { name: string; family: string; size?: number; application_ids: number[] }) =>
    request<Group>('POST', '/review-groups', { body }),
  draw: (id: number | string, seed?: string) =>
    request<{ draw: Draw; group: Group }>('POST', `/review-groups/${id}/draw`, { body: seed ? { seed } : {} }),
  drawById: (id: number) => request<Draw>('GET', `/draws/${id}`),
  replay: (id: number) => request<Replay>('GET', `/draws/${id}/replay`),

  // meetings
  meetings: (q: Paging = {}) => request<Page<Meeting>>('GET', '/meetings', { query: q }),
  meeting: (id: number | string) => request<Meeting>('GET', `/meetings/${id}`),
  createMeeting: (body: { committee_code: string; title: string; held_on: string; application_ids: number[] }) =>
    request<Meeting>('POST', '/meetings', { body }),
  setAttendance: (id: number | string, present: number[]) =>
    request<Meeting | undefined>('PUT', `/meetings/${id}/attendance`, { body: { present } }),
  openVoting: (id: number | string) => request<Meeting | undefined>('POST', `/meetings/${id}/open-voting`),
  closeMeeting: (id: number | string) => request<Meeting | undefined>('POST', `/meetings/${id}/close`),
  minutes: (id: number | string) => request<Minutes>('GET', `/meetings/${id}/minutes`),
  // the secret ballot's trustees (the office's seat; the chair's through the same routes) and the void vote
  /** A trustee's public key share, made in the browser (the secret stays in the trustee's key file). */
  registerTrusteeKey: (id: number | string, share: PublicShare) =>
    request<Meeting>('PUT', `/meetings/${id}/trustee-key`, { body: share }),
  /** A trustee's partial decryptions of the tally, per candidate [yes, no, abstain]. */
  decryptTally: (id: number | string, partials: TrusteePartials) =>
    request<Meeting>('POST', `/meetings/${id}/decrypt`, { body: { partials } }),
  /** Voids the vote (voting or tallying → planned): a new round with new keys, everyone votes again. */
  voidVote: (id: number | string, reason: string) => request<Meeting>('POST', `/meetings/${id}/void-vote`, { body: { reason } }),

  // result publicity
  publicities: (q: Paging = {}) => request<Page<Publicity>>('GET', '/result-publicity', { query: q }),
  publicity: (id: number | string) => request<Publicity>('GET', `/result-publicity/${id}`),
  createPublicity: (body: { meeting_id: number; start_date: string }) =>
    request<Publicity>('POST', '/result-publicity', { body }),
  resolveResultObjection: (id: number, body: { outcome: 'dismissed' | 'upheld'; resolution: string }) =>
    request<unknown>('POST', `/result-objections/${id}/resolve`, { body }),
  confirmPublicity: (id: number | string) => request<Publicity | undefined>('POST', `/result-publicity/${id}/confirm`),

  // pre-review publicity (评前公示)
  preReviews: () => request<PreReviewList>('GET', '/pre-review-publicity'),
  preReview: (id: number | string) => request<PreReviewPublicity>('GET', `/pre-review-publicity/${id}`),
  createPreReview: (body: { committee_code: string; start_date: string }) =>
    request<PreReviewPublicity>('POST', '/pre-review-publicity', { body }),
  resolvePreReviewObjection: (id: number, body: { outcome: PreReviewOutcome; resolution: string }) =>
    request<PreReviewPublicity>('POST', `/pre-review-objections/${id}/resolve`, { body }),

  // certificates
  /** `status`: valid or revoked ('' every one) */
  certificates: (q: { q?: string; status?: CertificateStatus | '' } & Paging = {}) =>
    request<Page<Certificate>>('GET', '/certificates', { query: q }),
  revokeCertificate: (id: number, body: { reason: string; evidence: string }) =>
    request<Certificate>('POST', `/certificates/${id}/revoke`, { body }),

  // integrity archive
  /** `in_force`: 'true' the records in force today, 'false' the others ('' every one) */
  integrityRecords: (q: { in_force?: 'true' | 'false' | '' } & Paging = {}) =>
    request<Page<IntegrityRecord>>('GET', '/integrity/records', { query: q }),
  addIntegrityRecord: (body: { application_id: number; reason: string; evidence: string }) =>
    request<IntegrityRecord | undefined>('POST', '/integrity/records', { body }),

  // re-examinations and complaints
  cases: (q: { status?: CaseStatus | ''; kind?: CaseKind | '' } & Paging = {}) =>
    request<Page<ReviewCase>>('GET', '/cases', { query: q }),
  closeCase: (id: number, body: { outcome: CaseOutcome; outcome_text: string }) =>
    request<ReviewCase | undefined>('POST', `/cases/${id}/close`, { body }),
}

/** The family of a campaign by code (name for the pickers). */
export function familyName(c: Campaign | null | undefined, code: string): string {
  return c?.families.find((f) => f.code === code)?.name ?? code
}

/** The specialties (code and name) of a family. */
export function familySpecialties(c: Campaign | null | undefined, code: string): Named[] {
  return c?.families.find((f) => f.code === code)?.specialties ?? []
}
