// ESLint for web/src (`npm run lint`, no warning allowed): ESLint's and typescript-eslint's recommended rules
// for .ts and .vue, and eslint-plugin-vue's recommended rules for the templates. Types are vue-tsc's job
// (`npm run build`), so the rules here are the ones that need no type information.
import { defineConfig } from 'eslint/config'
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

export default defineConfig(
  { ignores: ['dist/**', '.ballot-test/**', 'src/generated/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      // TypeScript (vue-tsc) reports undefined names, and knows the DOM's and Vite's globals
      'no-undef': 'off',
      // a parameter a signature needs but the body does not read is named _x
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.vue'],
    rules: {
      // the templates' layout (line breaks, attributes per line, indentation, <input />): the sources keep
      // Prettier's style at 120 columns, which these rules contradict; layout is no lint's business
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/html-self-closing': 'off',
    },
  },
)
