// Reviewers and the applicant read an evidence file in place (issue 18, item 4; web/src/components/
// FilePreviewDialog.vue): 预览 beside each file opens it in a dialog, a PDF drawn page by page by pdf.js into a
// <canvas>, an image as an <img>, anything that cannot be shown as a message with 下载 as the way on.
// - The applicant's application (1440×900 and 390×844): a two-page PDF with Latin text and Chinese text in a
//   non-embedded font (so pdf.js needs its CMaps, served from web/dist) shows page 1 with ink on it, then page
//   2; zoom in, back to 适合宽度; no sideways scrolling of the page on the phone; a PNG shows; a damaged PDF
//   says why it cannot be shown and offers the download.
// - The unit reviewing the submitted application opens the same PDF from its page (and reads why the damaged
//   one cannot be shown in English).
// - An expert of the drawn group opens an evidence file of the application under review (docs/review.md: the
//   files the snapshot names); the identity card (a personal slot) is listed without files to open.
// - Throughout: the pdf.js worker and the CMap come from the server itself (the network is closed in
//   production), and no Content Security Policy violation or page error is reported.
// Screenshots in $PREVIEW_SHOTS (default /tmp/zc-preview-shots).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { startServer } from '../lib/server.mjs'
import {
  UNITS,
  act,
  approvedArchive,
  createApplication,
  login as apiLogin,
  newApplicant,
  pledge,
  setClock,
  show,
  upload,
  uploadRequired,
} from '../lib/workflow.mjs'
import { acceptedApplication, activeExperts, reviewContext, reviewedGroup } from '../lib/review.mjs'
import { DEMO_PASSWORD, TIMEOUT, finishBrowserTest, launchBrowser, sel } from './helpers.mjs'

const APPLICANT_PASSWORD = 'Passw0rd2022' // tests/lib/workflow.mjs newApplicant
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const SHOTS = process.env.PREVIEW_SHOTS || '/tmp/zc-preview-shots'
const at = (day, time = '09:00:00') => `${day}T${time}+08:00`

// ---- files -------------------------------------------------------------------------------------------

/** UTF-16BE hex of a string, for a PDF hex string shown through the UniGB-UCS2-H CMap. */
const ucs2 = (s) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')

/**
 * A PDF of `pages.length` A4 pages, each with a line of Helvetica (a standard font) and a line of Chinese in
 * STSong-Light, not embedded, through the predefined CMap UniGB-UCS2-H (pdf.js fetches the CMap's .bcmap).
 */
function textPdf(pages) {
  const objects = []
  const add = (body) => objects.push(body) // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>')
  add(null) // the page tree, once the pages are known
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>') // 3
  add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>',
  ) // 4
  add(
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>',
  ) // 5
  add(
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ) // 6
  const kids = []
  for (const p of pages) {
    const content =
      `BT /F1 40 Tf 60 740 Td (${p.latin}) Tj ET\n` +
      `BT /F2 40 Tf 60 660 Td <${ucs2(p.chinese)}> Tj ET\n` +
      `BT /F1 14 Tf 60 600 Td (Zhicheng file preview, evidence page) Tj ET`
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`)
    const contentRef = objects.length
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contentRef} 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>`,
    )
    kids.push(`${objects.length} 0 R`)
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`
  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n'
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** A 480×320 RGB PNG: blue and orange stripes on white. */
function stripesPng(width = 480, height = 320) {
  const rows = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const band = Math.floor(x / 40) % 3
      const rgb = band === 0 ? [37, 99, 235] : band === 1 ? [249, 115, 22] : [255, 255, 255]
      rgb.forEach((v, i) => (row[1 + x * 3 + i] = v))
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const PDF = textPdf([
  { latin: 'Evidence page one', chinese: '嘉兴市职称评审' },
  { latin: 'Evidence page two', chinese: '专业技术资格' },
])
// starts like a PDF (the server accepts it by its magic bytes), but is not one
const BROKEN = Buffer.from('%PDF-1.7\n% this is not really a PDF: no objects, no cross-reference table\n%%EOF\n', 'latin1')

// ---- the server, an applicant, an application ------------------------------------------------------------

let server
let browser
let applicantLogin
let appId
const fileOf = {}

async function put(c, slot, body, name) {
  const r = await upload(c, appId, slot, body, name)
  assert.equal(r.status, 201, `upload ${name} to ${slot}: ${show(r)}`)
  return r.json
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await startServer({ demo: true, args: ['--test-clock'] })
  browser = await launchBrowser()
  await setClock(server, at('2022-08-20'))
  const unit = await apiLogin(server, UNITS.county)
  const applicant = await newApplicant(server, '钱思远')
  await approvedArchive(applicant, unit)
  appId = (await createApplication(applicant)).id
  fileOf.pdf = await put(applicant, 'education_certificate', PDF, '学位证书.pdf')
  fileOf.png = await put(applicant, 'education_certificate', stripesPng(), '毕业证书.png')
  fileOf.broken = await put(applicant, 'education_certificate', BROKEN, '损坏的文件.pdf')
  assert.equal(fileOf.pdf.content_type, 'application/pdf')
  assert.equal(fileOf.png.content_type, 'image/png')
  applicantLogin = applicant.user.login
  // the other required slots, the pledge and the submission: the unit can then review it
  await uploadRequired(applicant, appId)
  await pledge(applicant, appId)
  await setClock(server, at('2022-08-21'))
  await act(applicant, appId, 'submit', {}, 'submitted')
})

after(() => finishBrowserTest({ browser, server }))

// ---- the browser ------------------------------------------------------------------------------------------

/**
 * A page at `size`; console errors, CSP violations (of the page and of its workers) and page errors are
 * collected in `page.problems`, the same-origin responses in `page.responses` ({url, status, type}).
 */
async function pageAt(size) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: size, hasTouch: size.width < 800 })
  context.setDefaultTimeout(TIMEOUT)
  const page = await context.newPage()
  page.problems = []
  page.responses = []
  const onConsole = (where) => (msg) => {
    const text = msg.text()
    if (/Content Security Policy|Refused to/i.test(text)) page.problems.push(`${where} csp: ${text}`)
    else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) page.problems.push(`${where} console: ${text}`)
  }
  page.on('console', onConsole('page'))
  page.on('worker', (w) => w.on?.('console', onConsole('worker')))
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`))
  context.on('response', (r) => page.responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' }))
  return page
}

async function signIn(page, account, password) {
  await page.goto(`${server.baseUrl}/login`)
  await page.fill(sel('login-account'), account)
  await page.fill(sel('login-password'), password)
  await page.click(sel('login-submit'))
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

async function assertNoSideways(page, what) {
  const r = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(r.scroll <= r.width + 1, `${what}: the page scrolls sideways (${r.scroll} > ${r.width})`)
}

const dialog = (page) => page.locator(`${sel('file-preview')}:visible`)

/** Waits for the open preview to settle (ready or error) and returns its state. */
async function settled(page) {
  await page.waitForFunction(() => {
    const d = [...document.querySelectorAll('[data-test="file-preview"]')].find((x) => x.getClientRects().length)
    return d && d.getAttribute('data-state') !== 'loading'
  })
  return dialog(page).getAttribute('data-state')
}

/** Waits until the canvas shows page `n`, then returns its ink: pixels clearly darker than the paper. */
async function inkOnPage(page, n) {
  await page.locator(`${sel('file-preview-canvas')}[data-page="${n}"]:visible`).waitFor()
  return page.evaluate(() => {
    const c = [...document.querySelectorAll('[data-test="file-preview-canvas"]')].find((x) => x.getClientRects().length)
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let ink = 0
    let paper = 0
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && d[i] + d[i + 1] + d[i + 2] < 300) ink++
      else if (d[i + 3] > 200 && d[i] > 250 && d[i + 1] > 250 && d[i + 2] > 250) paper++
    }
    const box = c.getBoundingClientRect()
    return { ink, paper, pixels: c.width * c.height, cssWidth: box.width, left: box.left, right: box.right }
  })
}

async function closePreview(page) {
  await page.locator(`${sel('file-preview-close')}:visible`).click()
  await dialog(page).waitFor({ state: 'hidden' })
}

for (const [size, tag] of [
  [DESKTOP, 'desktop'],
  [PHONE, 'phone'],
]) {
  test(`the applicant reads a PDF page by page, an image and a damaged file in place at ${size.width}×${size.height}`, async () => {
    const page = await pageAt(size)
    try {
      await signIn(page, applicantLogin, APPLICANT_PASSWORD)
      await page.goto(`${server.baseUrl}/application`)
      const slot = 'app-slot-file-education_certificate'
      await page.locator(`${sel(`${slot}-name-0`)}:visible`).waitFor()
      // the download link stays, 预览 beside it
      const link = page.locator(`${sel(`${slot}-0`)}:visible`)
      assert.match((await link.getAttribute('href')) ?? '', new RegExp(`/api/v1/files/${fileOf.pdf.id}$`))
      await assertNoSideways(page, `/application at ${tag}`)
      await link.scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, `list-${tag}.png`) })

      // ---- the PDF: page 1, page 2, zoom ----
      await page.locator(`${sel(`${slot}-preview-0`)}:visible`).click()
      await dialog(page).waitFor()
      assert.equal(await settled(page), 'ready', 'the PDF is shown')
      assert.equal(await dialog(page).getAttribute('data-kind'), 'pdf')
      assert.equal(await page.locator(`${sel('file-preview-name')}:visible`).innerText(), '学位证书.pdf')
      const pageBar = page.locator(`${sel('file-preview-page')}:visible`)
      assert.equal((await pageBar.innerText()).replace(/\s+/g, ' '), '第 1 / 2 页')
      assert.equal(await page.locator(`${sel('file-preview-prev')}:visible`).isDisabled(), true)
      const one = await inkOnPage(page, 1)
      assert.ok(one.ink > 800, `page 1 has text on it: ${JSON.stringify(one)}`)
      assert.ok(one.paper > one.pixels / 2, `page 1 is mostly white paper: ${JSON.stringify(one)}`)
      // fits the width: the whole page is on the screen from left to right
      assert.ok(one.left >= 0 && one.right <= size.width + 0.5, `page 1 fits the window's width: ${JSON.stringify(one)}`)
      if (tag === 'phone') assert.ok(one.cssWidth > 330, `page 1 uses the phone's width: ${JSON.stringify(one)}`)
      await page.waitForTimeout(300) // the dialog's opening animation
      await assertNoSideways(page, `the PDF preview at ${tag}`)
      await page.screenshot({ path: join(SHOTS, `pdf-page1-${tag}.png`) })

      await page.locator(`${sel('file-preview-next')}:visible`).click()
      const two = await inkOnPage(page, 2)
      assert.ok(two.ink > 800, `page 2 has text on it: ${JSON.stringify(two)}`)
      assert.equal((await pageBar.innerText()).replace(/\s+/g, ' '), '第 2 / 2 页')
      assert.equal(await page.locator(`${sel('file-preview-next')}:visible`).isDisabled(), true)

      // zoom in: the page grows inside the viewer, the window does not scroll sideways; 适合宽度 brings it back
      await page.locator(`${sel('file-preview-zoom-in')}:visible`).click()
      await page.waitForFunction(
        (w) => document.querySelector('[data-test="file-preview-canvas"]').getBoundingClientRect().width > w * 1.2,
        two.cssWidth,
      )
      assert.equal(await page.locator(`${sel('file-preview-zoom')}:visible`).getAttribute('data-zoom'), '125')
      await assertNoSideways(page, `the zoomed PDF at ${tag}`)
      await page.locator(`${sel('file-preview-fit')}:visible`).click()
      await page.waitForFunction(
        (w) => Math.abs(document.querySelector('[data-test="file-preview-canvas"]').getBoundingClientRect().width - w) < 2,
        two.cssWidth,
      )
      await page.locator(`${sel('file-preview-prev')}:visible`).click()
      assert.ok((await inkOnPage(page, 1)).ink > 800, 'back on page 1')
      // the download is offered in the preview too
      const download = page.locator(`${sel('file-preview-download')}:visible`)
      assert.match((await download.getAttribute('data-href')) ?? '', new RegExp(`/api/v1/files/${fileOf.pdf.id}$`))
      await closePreview(page)

      // pdf.js came from the server: the worker as a module script, the Chinese text's CMap
      const worker = page.responses.find((r) => /\/assets\/pdf\.worker[^/]*\.js$/.test(r.url))
      assert.ok(worker, `the pdf.js worker was loaded from /assets: ${JSON.stringify(page.responses.map((r) => r.url))}`)
      assert.equal(worker.status, 200)
      assert.match(worker.type, /javascript/)
      const cmap = page.responses.find((r) => /\/assets\/pdfjs-[\d.]+\/cmaps\/UniGB-UCS2-H\.bcmap$/.test(r.url))
      assert.ok(cmap, 'the CMap UniGB-UCS2-H was fetched from /assets')
      assert.equal(cmap.status, 200)
      assert.deepEqual(
        page.responses.filter((r) => !r.url.startsWith(server.baseUrl)).map((r) => r.url),
        [],
        'nothing is fetched from another origin',
      )

      // ---- the image ----
      await page.locator(`${sel(`${slot}-preview-1`)}:visible`).click()
      await dialog(page).waitFor()
      assert.equal(await settled(page), 'ready', 'the image is shown')
      assert.equal(await dialog(page).getAttribute('data-kind'), 'image')
      const img = await page.evaluate(() => {
        const i = [...document.querySelectorAll('[data-test="file-preview-image"]')].find((x) => x.getClientRects().length)
        const box = i.getBoundingClientRect()
        return { natural: i.naturalWidth, width: box.width, left: box.left, right: box.right, src: i.getAttribute('src') }
      })
      assert.equal(img.natural, 480, `the PNG decoded: ${JSON.stringify(img)}`)
      assert.equal(img.src, `/api/v1/files/${fileOf.png.id}`)
      assert.ok(img.width > 200 && img.left >= 0 && img.right <= size.width + 0.5, `the image fits: ${JSON.stringify(img)}`)
      await page.waitForTimeout(300)
      await assertNoSideways(page, `the image preview at ${tag}`)
      await page.screenshot({ path: join(SHOTS, `image-${tag}.png`) })
      await closePreview(page)

      // ---- a damaged PDF: why, and the download ----
      await page.locator(`${sel(`${slot}-preview-2`)}:visible`).click()
      await dialog(page).waitFor()
      assert.equal(await settled(page), 'error')
      const error = page.locator(`${sel('file-preview-error')}:visible`)
      assert.equal(await error.getAttribute('data-reason'), 'broken')
      const message = await error.innerText()
      assert.match(message, /无法在线预览此文件/)
      assert.match(message, /已损坏/)
      assert.match(message, /下载/)
      assert.doesNotMatch(message, /[a-z]+_[a-z_]+|Exception|undefined/, 'no internal code is shown')
      await page.locator(`${sel('file-preview-download')}:visible`).waitFor()
      await page.waitForTimeout(300)
      await assertNoSideways(page, `the damaged file at ${tag}`)
      await page.screenshot({ path: join(SHOTS, `broken-${tag}.png`) })
      await closePreview(page)

      assert.deepEqual(page.problems, [], `${tag}: no CSP violation, console error or page error`)
    } finally {
      await page.context().close()
    }
  })
}

test('the unit reviewing the application reads the PDF in place, in English too', async () => {
  const page = await pageAt(DESKTOP)
  try {
    await signIn(page, UNITS.county, DEMO_PASSWORD)
    await page.goto(`${server.baseUrl}/applications/${appId}`)
    const link = page.locator(`${sel(`app-file-${fileOf.pdf.id}`)}:visible`)
    await link.waitFor()
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`/api/v1/files/${fileOf.pdf.id}$`))
    await link.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'unit-list-desktop.png') })
    await page.locator(`${sel(`app-file-preview-${fileOf.pdf.id}`)}:visible`).click()
    assert.equal(await settled(page), 'ready')
    assert.ok((await inkOnPage(page, 1)).ink > 800, 'page 1 has text on it')
    await page.screenshot({ path: join(SHOTS, 'unit-pdf-desktop.png') })
    await closePreview(page)

    // in English: the texts of the preview follow the language
    await page.evaluate(() => localStorage.setItem('zc_lang', 'en'))
    await page.reload()
    await page.locator(`${sel(`app-file-preview-${fileOf.broken.id}`)}:visible`).click()
    assert.equal(await settled(page), 'error')
    const message = await page.locator(`${sel('file-preview-error')}:visible`).innerText()
    assert.match(message, /cannot be previewed/)
    assert.match(message, /Download/)
    assert.doesNotMatch(message, /[\u4e00-\u9fff]/, 'no Chinese left in the English message')
    await closePreview(page)
    assert.deepEqual(page.problems, [], 'no CSP violation, console error or page error')
  } finally {
    await page.context().close()
  }
})

test('an expert of the group reads an evidence file of the application under review in place', async () => {
  // moves the clock on to the committee's review: the last test of the file
  const { app } = await acceptedApplication(server, { unit: 'county', specialty: 'environmental_engineering', name: '龚文博' })
  const { group } = await reviewedGroup(server, [app.id], { reviews: false })
  const ctx = await reviewContext(server)
  const expert = ctx.loginOf[activeExperts(group)[0].expert_id]
  for (const [size, tag] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ]) {
    const page = await pageAt(size)
    try {
      await signIn(page, expert, DEMO_PASSWORD)
      await page.goto(`${server.baseUrl}/expert/applications/${app.id}`)
      await page.locator(`${sel('expert-app-slot-file-education_certificate-0')}:visible`).waitFor()
      // the personal slot: listed, no file to open
      assert.equal(await page.locator(`${sel('expert-app-slot-file-preview-id_card-0')}`).count(), 0)
      const download = page.locator(`${sel('expert-app-slot-file-download-education_certificate-0')}:visible`)
      await download.waitFor()
      await download.scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, `expert-list-${tag}.png`) })
      await page.locator(`${sel('expert-app-slot-file-preview-education_certificate-0')}:visible`).click()
      assert.equal(await settled(page), 'ready', `${tag}: the PDF is shown`)
      // tests/lib's tiny PDF: one empty page, drawn as white paper
      const blank = await inkOnPage(page, 1)
      assert.ok(blank.paper > blank.pixels / 2, `${tag}: the page is drawn: ${JSON.stringify(blank)}`)
      await page.waitForTimeout(300)
      await assertNoSideways(page, `the expert's preview at ${tag}`)
      await page.screenshot({ path: join(SHOTS, `expert-${tag}.png`) })
      await closePreview(page)
      assert.deepEqual(page.problems, [], `${tag}: no CSP violation, console error or page error`)
    } finally {
      await page.context().close()
    }
  }
})
