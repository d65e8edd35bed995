// 简体中文: the file preview 在线预览 (`fp` in zh-CN.ts; FilePreviewButton.vue, FilePreviewDialog.vue).
// preview.en.ts is typed against this file.
// Note: vue-i18n treats | @ { } as syntax; keep them out of the texts (except the placeholders).

const previewZh = {
  open: '预览',
  openHint: '在线查看「{name}」，无需下载',
  title: '文件预览',
  loading: '正在加载文件…',
  page: '第 {n} / {total} 页',
  prev: '上一页',
  next: '下一页',
  zoomIn: '放大',
  zoomOut: '缩小',
  fitWidth: '适合宽度',
  zoom: '缩放 {percent}%',
  download: '下载',
  close: '关闭',
  imageAlt: '文件「{name}」的图片',
  cannot: {
    title: '无法在线预览此文件',
    unsupported: '在线预览只支持 PDF 和图片（PNG、JPEG）。请下载后用本机软件查看。',
    broken: '此 PDF 文件已损坏或格式不正确，无法显示。请下载后用本机软件查看；如确有问题，请联系上传人重新上传。',
    password: '此 PDF 文件设有打开密码，无法在线显示。请下载后用本机软件查看。',
    image: '此图片无法显示，可能已损坏。请下载后用本机软件查看。',
    load: '文件未能取得：{message}',
    hint: '可点击下方「下载」保存文件。',
  },
}

export default previewZh
export type PreviewMessages = typeof previewZh
