// What the file preview (components/FilePreviewDialog.vue) can show of a stored file. Kept apart from pdf.ts so
// that knowing a file's kind never loads pdf.js.

/** The part of a stored file (docs/workflow.md "Files") the preview needs. */
export interface PreviewFile {
  id: number
  name: string
  content_type?: string | null
}

export type PreviewKind = 'pdf' | 'image' | 'other'

/** What the file is, from its stored type (the server decides it from the bytes), else from its name. */
export function previewKind(f: PreviewFile): PreviewKind {
  const type = (f.content_type ?? '').toLowerCase()
  if (type === 'application/pdf') return 'pdf'
  if (type === 'image/png' || type === 'image/jpeg') return 'image'
  if (type) return 'other'
  const ext = f.name.toLowerCase().split('.').pop() ?? ''
  if (ext === 'pdf') return 'pdf'
  if (ext === 'png' || ext === 'jpg' || ext === 'jpeg') return 'image'
  return 'other'
}
