import { fileURLToPath, URL } from 'node:url'
import { cpSync, createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { join, normalize, resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// pdf.js's data files for the file preview (src/preview/pdf.ts): the CMaps, the standard fonts and the JPEG 2000
// decoder's JavaScript fallback, copied into dist/assets/pdfjs-<version>/ (the version in the path, since the
// server caches assets/ for good). The network is closed in production: nothing is fetched from a CDN. The
// .wasm files are left out: the CSP has no 'wasm-unsafe-eval' and pdf.ts turns WebAssembly off.
const pdfjsRoot = fileURLToPath(new URL('./node_modules/pdfjs-dist/', import.meta.url))
const pdfjsVersion = (JSON.parse(readFileSync(join(pdfjsRoot, 'package.json'), 'utf8')) as { version: string }).version
const pdfjsData: Record<string, (file: string) => boolean> = {
  cmaps: () => true,
  standard_fonts: () => true,
  wasm: (file) => !file.endsWith('.wasm'),
}

function pdfjsAssets(): Plugin {
  let outDir = ''
  const prefix = `/assets/pdfjs-${pdfjsVersion}/`
  return {
    name: 'zhicheng-pdfjs-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    // `vite` (development): the same URLs, straight from node_modules
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]
        if (!path.startsWith(prefix)) return next()
        const rel = normalize(decodeURIComponent(path.slice(prefix.length)))
        const [dir] = rel.split('/')
        const file = join(pdfjsRoot, rel)
        if (rel.startsWith('..') || !pdfjsData[dir]?.(rel) || !existsSync(file) || !statSync(file).isFile()) return next()
        res.setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream')
        createReadStream(file).pipe(res)
      })
    },
    writeBundle() {
      for (const [dir, keep] of Object.entries(pdfjsData)) {
        cpSync(join(pdfjsRoot, dir), join(outDir, 'assets', `pdfjs-${pdfjsVersion}`, dir), {
          recursive: true,
          filter: (src) => statSync(src).isDirectory() || keep(src),
        })
      }
    },
  }
}

// The server (src/http) serves web/dist and answers /api; in development Vite proxies /api to it.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> tag and v-loading in a template becomes an import of that component
    // (or directive) and of its CSS, so a page's chunk carries only the components it uses. Our own components
    // are imported by hand (dirs: []); their types come from element-plus/global (tsconfig.json), so no
    // components.d.ts is written. Functions called from scripts (ElMessage, ElMessageBox) are imported by
    // name from 'element-plus'; their CSS is imported in main.ts.
    components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dirs: [], dts: false }),
    pdfjsAssets(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  // the pdf.js worker (src/preview/pdf.ts, `?worker`): a module worker file of its own in dist/assets
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // No inline scripts or data: modules: the server's CSP allows script-src 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vue, its router, store and i18n: every page needs them
            { name: 'vendor', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ },
            // only the dashboard imports ECharts: its own chunk, loaded with that page (not with vendor)
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            // only the file preview imports pdf.js: its own chunk, loaded when a PDF is previewed
            { name: 'pdfjs', test: /node_modules[\\/]pdfjs-dist[\\/]/ },
          ],
        },
      },
    },
  },
})
