// The applicant side of the workflow API (docs/workflow.md): the performance archive (业绩档案), the
// application (职称申报) with its evidence, and what every signed-in role sees: deadlines, reminders and
// notifications. The shapes shared with the reviewer side live in reviewApi.ts.
import { API_BASE, request, uploadRaw } from '@/api'
import type { Decision, Page } from '@/types'
import type { components } from '@/generated/schema'
import { reviewFormUrl } from './review'
import type { AppAction, Application, Archive, ArchiveKind, ArchiveWorkingCopy, DeadlinesAnswer, EvidenceSlot, StoredFile } from './review'

export interface ArchiveItemInput {
  id?: number
  kind: ArchiveKind | string
  data: Record<string, unknown>
  file_ids: number[]
}

export interface ArchiveUpdate {
  version: number
  unit_credit_code: string
  items: ArchiveItemInput[]
}

export interface ApplicationSummary {
  id: number
  number?: string
  campaign_id?: string
  level?: string
  level_name?: string
  specialty_name?: string
  state?: string
  version?: number
}

export interface Preview {
  /** null when the archive gives no decision */
  eligibility: Decision | null
  slots: EvidenceSlot[]
}

export interface Reminder {
  stage: string
  deadline: string
  days_left: number
  count: number
  text: string
}

export interface AppNotification {
  id: number
  kind: string
  text: string
  application_id: number | null
  at: string
  read: boolean
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number
}

/** The content type sent with an upload; the server decides the real type by the file's magic bytes. */
function typeOf(file: File): string {
  return file.type || 'application/octet-stream'
}

/** What an applicant sees of a unit when naming their own (GET /unit-directory). */
export type UnitDirectory = components['schemas']['UnitDirectory']

export const applicantApi = {
  fileUrl: (id: number | string) => `${API_BASE}/files/${encodeURIComponent(String(id))}`,

  archive: () => request<Archive>('GET', '/archive'),
  /** Approved units by part of the name or credit code (≥ 2 characters), within a region when given. */
  unitDirectory: (q: string, regionCode = '') =>
    request<UnitDirectory>('GET', `/unit-directory?q=${encodeURIComponent(q)}${regionCode ? `&region_code=${encodeURIComponent(regionCode)}` : ''}`),
  saveArchive: (body: ArchiveUpdate) => request<Archive>('PUT', '/archive', { body }),
  /** The unsent edits, saved without touching the archive (an approved one stays in force). */
  saveArchiveWorkingCopy: (body: ArchiveUpdate) => request<ArchiveWorkingCopy>('PUT', '/archive/working-copy', { body }),
  discardArchiveWorkingCopy: () => request<void>('DELETE', '/archive/working-copy'),
  submitArchive: (version: number) => request<Archive>('POST', '/archive/submit', { body: { version } }),
  uploadArchiveFile: (file: File, onProgress?: (p: number) => void) =>
    uploadRaw<StoredFile>(`/archive/files?name=${encodeURIComponent(file.name)}`, file, typeOf(file), onProgress, 'POST'),

  myApplications: () => request<{ items: ApplicationSummary[] }>('GET', '/applications/mine'),
  createApplication: (level: string, specialty: string) =>
    request<Application>('POST', '/applications', { body: { level, specialty } }),
  preview: (level: string, specialty: string) =>
    request<Preview>('POST', '/applications/preview', { body: { level, specialty } }),
  application: (id: number | string) => request<Application>('GET', `/applications/${id}`),
  updateApplication: (
    id: number | string,
    body: { version: number; level: string; specialty: string; pledged: boolean },
  ) => request<Application>('PUT', `/applications/${id}`, { body }),
  uploadEvidence: (id: number | string, slot: string, file: File, onProgress?: (p: number) => void) =>
    uploadRaw<StoredFile>(
      `/applications/${id}/evidence/${encodeURIComponent(slot)}?name=${encodeURIComponent(file.name)}`,
      file,
      typeOf(file),
      onProgress,
      'POST',
    ),
  /** Puts a file uploaded before (to the archive) into a slot, without a second upload. */
  attachEvidence: (id: number | string, slot: string, fileId: number) =>
    request<StoredFile>('POST', `/applications/${id}/evidence/${encodeURIComponent(slot)}/attach`, { body: { file_id: fileId } }),
  deleteEvidence: (id: number | string, slot: string, fileId: number | string) =>
    request<void>('DELETE', `/applications/${id}/evidence/${encodeURIComponent(slot)}/${encodeURIComponent(String(fileId))}`),
  act: (id: number | string, action: AppAction, version: number) =>
    request<Application>('POST', `/applications/${id}/actions/${action}`, { body: { version } }),
  /** The review form (评审表) of the submitted application, a watermarked PDF to download. */
  reviewFormUrl,

  deadlines: () => request<DeadlinesAnswer>('GET', '/deadlines'),
  reminders: () => request<{ items: Reminder[] }>('GET', '/reminders'),

  notifications: (q: { after?: string; page_size?: number } = {}) =>
    request<NotificationPage>('GET', '/notifications', { query: q }),
  markRead: (id: number) => request<void>('POST', `/notifications/${id}/read`),
  markAllRead: () => request<void>('POST', '/notifications/read-all'),
}
