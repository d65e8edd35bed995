// The web app's hand-written API types, checked against the types generated from the server's OpenAPI
// document (generated/schema.d.ts, scripts/contract.sh). An answer's type may name only members the server
// sends, at any depth (it may leave out members it does not use, and narrow a string to the codes it takes);
// a request's type must also fit the server's body type member by member. `vue-tsc`, and so the web build
// and the test command, fails on a type here that drifts from the server's, naming the member.
import type { components } from './generated/schema'
import type * as A from '@/api/applicant'
import type * as C from '@/api/committee'
import type * as E from '@/api/expert'
import type * as R from '@/api/review'
import type * as T from './types'

type S = components['schemas']
type DeepPartial<X> = X extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : X extends object
    ? { [K in keyof X]?: DeepPartial<X[K]> }
    : X
type Inner<X> = NonNullable<X> extends readonly (infer U)[] ? Inner<U> : NonNullable<X>
// The members of H, at any depth, that G does not have.
type Phantom<H, G> = [Exclude<keyof H, keyof G>] extends [never]
  ? {
      [K in keyof H & keyof G]: Inner<H[K]> extends object
        ? Inner<G[K]> extends object
          ? Phantom<Inner<H[K]>, Inner<G[K]>>
          : never
        : never
    }[keyof H & keyof G]
  : Exclude<keyof H, keyof G>
// An answer: no member the server does not send.
type Same<H, G> = [Phantom<H, G>] extends [never] ? true : { notOnTheServer: Phantom<H, G> }
// A request: that, and every member fits what the server takes.
type Body<H, G> = Same<H, G> extends true ? ([H] extends [DeepPartial<G>] ? true : { doesNotFit: H }) : Same<H, G>
type Assert<X extends true> = X

export type ContractChecks = [
  // accounts, sign-in, units, audit
  Assert<Same<T.Unit, S['Unit']>>,
  Assert<Same<T.User, S['User']>>,
  Assert<Same<T.SessionAnswer, S['SignedIn']>>,
  Assert<Same<T.ImportedUnitAccount, S['ImportedUnitAccount']>>,
  Assert<Same<T.UnitImport, S['UnitImport']>>,
  Assert<Same<T.Region, S['CodeName']>>,
  Assert<Same<T.Department, S['CompetentDepartment']>>,
  Assert<Same<T.Page<T.Unit>, S['UnitPage']>>,
  Assert<Same<T.Page<T.User>, S['UserPage']>>,
  Assert<Same<T.AuditEntry, S['AuditResponseItem']>>,
  Assert<Same<T.FieldError, S['FieldErrorDetail']>>,
  Assert<Body<T.ApplicantRegistration, S['AuthRegisterApplicantPostRequest']>>,
  Assert<Body<T.UnitRegistration, S['AuthRegisterUnitPostRequest']>>,
  Assert<Body<T.UnitContact, S['UnitsMePatchRequest']>>,
  Assert<Body<T.NewAccount, S['AdminAccountsPostRequest']>>,
  Assert<Same<T.ResetCode, S['ResetCode']>>,
  Assert<Body<T.ResetCodeRequest, S['AccountsResetCodePostRequest']>>,
  // campaigns, eligibility, calendars
  Assert<Same<T.CampaignSummary, S['CampaignSummary']>>,
  Assert<Same<T.Deadline, S['CampaignDeadline']>>,
  Assert<Same<T.CampaignLevel, S['CampaignLevel']>>,
  Assert<Same<T.SpecialtyFamily, S['CampaignFamily']>>,
  Assert<Same<T.PaperMaterials, S['CampaignPaperMaterials']>>,
  Assert<Same<T.Campaign, S['Campaign']>>,
  Assert<Same<T.EligibilityProfile, S['EligibilityCheckProfile']>>,
  Assert<Body<T.EligibilityRequest, S['EligibilityCheck']>>,
  Assert<Same<T.DecisionReason, S['EligibilityReason']>>,
  Assert<Same<T.Decision, S['Eligibility']>>,
  Assert<Same<T.CalendarDay, S['CalendarDay']>>,
  Assert<Same<T.CalendarYearSummary, S['CalendarYear']>>,
  Assert<Same<T.CalendarYear, S['CalendarYearDetail']>>,
  Assert<Body<T.CalendarUpdate, S['CalendarsPutRequest']>>,
  // the applicant
  Assert<Body<A.ArchiveItemInput, S['ArchivePutRequestItem']>>,
  Assert<Body<A.ArchiveUpdate, S['ArchivePutRequest']>>,
  Assert<Same<A.ApplicationSummary, S['MyApplication']>>,
  Assert<Same<A.Preview, S['ApplicationPreview']>>,
  Assert<Same<A.Reminder, S['Reminder']>>,
  Assert<Same<A.AppNotification, S['Notification']>>,
  Assert<Same<A.NotificationPage, S['NotificationPage']>>,
  // the reviewers
  Assert<Same<R.StoredFile, S['ApplicationSlotFile']>>,
  Assert<Same<R.UnitRef, S['ApplicationUnit']>>,
  Assert<Same<R.ArchiveItem, S['ArchiveItem']>>,
  Assert<Same<R.Archive, S['Archive']>>,
  Assert<Same<R.ArchiveWorkingCopy, S['ArchiveWorkingCopy']>>,
  Assert<Same<R.ArchiveSummary, S['UnitArchiveRow']>>,
  Assert<Same<R.EvidenceSlot, S['ApplicationSlot']>>,
  Assert<Same<R.Objection, S['ApplicationObjection']>>,
  Assert<Same<R.CorrectionItem, S['ApplicationCorrectionsItem']>>,
  Assert<Same<R.Corrections, S['ApplicationCorrections']>>,
  Assert<Same<R.HistoryEntry, S['ApplicationHistory']>>,
  Assert<Same<R.Application, S['Application']>>,
  Assert<Same<R.QueueItem, S['QueueRow']>>,
  Assert<Body<R.ActionBody, S['ApplicationsActionsPostRequest']>>,
  Assert<Same<R.BatchItemError, S['BatchItemError']>>,
  Assert<Same<R.QuotaRow, S['UnitQuota']>>,
  Assert<Same<R.DeadlinesAnswer, S['Deadlines']>>,
  Assert<Same<R.DeadlineExtension, S['DeadlineExtension']>>,
  Assert<Body<R.NewExtension, S['DeadlineExtensionsPostRequest']>>,
  Assert<Same<R.StatsCount, S['StatsByRegion']>>,
  Assert<Same<R.StatsRate, S['StatsPassRateByLevel']>>,
  Assert<Same<R.Stats, S['Stats']>>,
  // the committee office
  Assert<Same<C.PaperCheck, S['ApplicationPaper']>>,
  Assert<Same<C.ExpertRelation, S['ExpertRelation']>>,
  Assert<Same<C.Expert, S['Expert']>>,
  Assert<Body<C.NewRelation, S['ExpertsPostRequestRelation']>>,
  Assert<Body<C.ExpertBody, S['ExpertsPostRequest']>>,
  Assert<Same<C.CommitteeMember, S['CommitteeMember']>>,
  Assert<Same<C.Committee, S['Committee']>>,
  Assert<Body<C.MemberBody, S['CommitteesMembersPutRequestMember']>>,
  Assert<Same<C.GroupExpert, S['ReviewGroupExpert']>>,
  Assert<Same<C.GroupReview, S['ReviewGroupApplicationReview']>>,
  Assert<Same<C.GroupApplication, S['ReviewGroupApplication']>>,
  Assert<Same<C.Draw, S['Draw']>>,
  Assert<Same<C.Group, S['ReviewGroup']>>,
  Assert<Same<C.Replay, S['DrawReplay']>>,
  Assert<Same<C.MeetingMember, S['MeetingMember']>>,
  Assert<Same<C.CandidateResult, S['MeetingCandidateResult']>>,
  Assert<Same<C.MeetingCandidate, S['MeetingCandidate']>>,
  Assert<Same<C.Meeting, S['Meeting'] & S['MeetingRow']>>,
  Assert<Same<C.Minutes, S['MeetingMinutes']>>,
  Assert<Same<C.PublicityEntry, S['ResultPublicityEntry']>>,
  Assert<Same<C.Publicity, S['ResultPublicity']>>,
  Assert<Same<C.PreReviewCandidate, S['PreReviewPublicityCandidate']>>,
  Assert<Same<C.PreReviewObjection, S['PreReviewPublicityObjection']>>,
  Assert<Same<C.PreReviewPublicity, S['PreReviewPublicity']>>,
  Assert<Same<C.PreReviewList, S['PreReviewPublicityList']>>,
  Assert<Body<{ committee_code: string; start_date: string }, S['PreReviewPublicityPostRequest']>>,
  Assert<Same<C.Certificate, S['Certificate']>>,
  Assert<Same<C.IntegrityRecord, S['IntegrityRecord']>>,
  Assert<Same<C.ReviewCase, S['Case']>>,
  // experts, the public, applicants' own records
  Assert<Same<E.ExpertReview, S['ExpertApplicationMyReview']>>,
  Assert<Body<E.ReviewInput, S['ExpertReviewRequest']>>,
  Assert<Same<E.AssignmentApplication, S['ExpertAssignmentGroupApplication']>>,
  Assert<Same<E.AssignmentGroup, S['ExpertAssignmentGroup']>>,
  Assert<Same<E.AssignmentMeeting, S['ExpertAssignmentMeeting']>>,
  Assert<Same<E.Assignments, S['ExpertAssignments']>>,
  Assert<Same<E.SnapshotData, S['ExpertSnapshot']>>,
  Assert<Same<E.ExpertApplication, S['ExpertApplication']>>,
  Assert<Same<E.GroupSummary, S['MeetingCandidateGroupSummary']>>,
  Assert<Same<E.MeetingCandidate, S['MeetingCandidate']>>,
  Assert<Same<E.MeetingMember, S['MeetingMember']>>,
  Assert<Same<E.Meeting, S['Meeting']>>,
  Assert<Body<E.Vote, S['MeetingsBallotPostRequestVote']>>,
  Assert<Same<E.PublicEntry, S['PublicPreReviewEntry']>>,
  Assert<Same<E.PublicPublicity, S['PublicPreReview']>>,
  Assert<Body<E.ObjectionInput, S['PublicPreReviewObjectionsPostRequest']>>,
  Assert<Same<E.VerifiedCertificate, S['CertificateVerification']>>,
  Assert<Same<E.VerifiedForm, S['FormVerification']>>,
  Assert<Same<E.CertificateCheck, S['CertificateCheck']>>,
  Assert<Same<E.MyCertificate, S['Certificate']>>,
  Assert<Same<E.IntegrityRecord, S['IntegrityRecord']>>,
  Assert<Same<E.Case, S['Case']>>,
  Assert<Body<E.CaseInput, S['CasesPostRequest']>>,
  Assert<Same<E.TodoItem, S['TodoItem']>>,
]
