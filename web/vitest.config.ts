// Vitest (`npm test`, scripts/test.sh): unit specs of the web app's logic, next to the code as
// src/**/*.spec.ts. The app's own Vite config (vite.config.ts: the Vue plugin, Element Plus on demand, the
// `@` alias, the defines) is reused, so that a spec can mount a component as the app builds it. The DOM is
// happy-dom's (i18n/index.ts sets the document's title on import). src/ballot/*.test.ts are not Vitest's:
// they are compiled with tsconfig.ballot.json and run with `node --test` (scripts/test.sh).
import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      environment: 'happy-dom',
      restoreMocks: true,
      unstubGlobals: true,
      // Element Plus's components import their CSS (the resolver's importStyle): Vite handles it, not Node
      server: { deps: { inline: [/element-plus\/(es|lib)\/components\/[^/]+\/style\//] } },
    },
  }),
)
