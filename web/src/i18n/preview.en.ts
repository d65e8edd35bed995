// English: the file preview (`fp` in en.ts); the keys must match preview.zh-CN.ts.
import type { PreviewMessages } from './preview.zh-CN'

const previewEn: PreviewMessages = {
  open: 'Preview',
  openHint: 'View “{name}” here, without downloading it',
  title: 'File preview',
  loading: 'Loading the file…',
  page: 'Page {n} of {total}',
  prev: 'Previous page',
  next: 'Next page',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fitWidth: 'Fit width',
  zoom: 'Zoom {percent}%',
  download: 'Download',
  close: 'Close',
  imageAlt: 'The image “{name}”',
  cannot: {
    title: 'This file cannot be previewed',
    unsupported: 'Only PDF files and images (PNG, JPEG) can be previewed. Download the file to open it on your device.',
    broken:
      'This PDF file is damaged or not a valid PDF and cannot be shown. Download it to open it on your device; if it is really damaged, ask whoever uploaded it to upload it again.',
    password: 'This PDF file is protected by a password and cannot be shown here. Download it to open it on your device.',
    image: 'This image cannot be shown; it may be damaged. Download it to open it on your device.',
    load: 'The file could not be fetched: {message}',
    hint: 'Use “Download” below to save the file.',
  },
}

export default previewEn
