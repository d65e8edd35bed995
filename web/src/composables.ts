import { onBeforeUnmount, onMounted, reactive, readonly, ref, watch, type Ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox, type FormInstance, type FormItemRule } from 'element-plus'
import { ApiError, type Query } from '@/api'
import { textLimit } from './generated/limits'
import type { Page } from './types'

/**
 * Server-side field errors of a form, for `<el-form-item :error="errors.x">`.
 * `clear()` before each submission (so that the same message shown again re-triggers the item's watcher),
 * `apply(e)` after a failure: shows per-field messages and a toast with the general message.
 * `apply` returns the messages of fields that the form does not show, for a general alert.
 */
export function useFieldErrors<K extends string>(keys: readonly K[]) {
  const errors = reactive<Record<string, string>>(Object.fromEntries(keys.map((k) => [k, '']))) as Record<K, string>

  function clear(key?: K): void {
    if (key) {
      errors[key] = ''
      return
    }
    for (const k of keys) errors[k] = ''
  }

  /** Shows an error from the server. Field names may be remapped (server field → form key). */
  function apply(e: unknown, remap: Partial<Record<string, K>> = {}): string[] {
    clear()
    if (!(e instanceof ApiError)) {
      ElMessage.error(String(e instanceof Error ? e.message : e))
      return []
    }
    const unplaced: string[] = []
    for (const f of e.fields) {
      const key = (remap[f.field] ?? f.field) as K
      if ((keys as readonly string[]).includes(key)) {
        if (!errors[key]) errors[key] = f.message
      } else {
        unplaced.push(f.message)
      }
    }
    ElMessage.error(e.message)
    return unplaced
  }

  return { errors, clear, apply }
}

/**
 * Submitting an el-form whose request the server may answer with field errors.
 * With `model` (the form's model), a field's message, client-side or the server's, is cleared as soon as the
 * field's value changes.
 * `submit(send)` clears the previous errors, validates the form, then runs `send` with `busy` set;
 * if `send` fails, the server's field errors go to `errors.x` (for `<el-form-item :error>`) and the
 * messages of fields the form does not show to `other` (for a `<FormErrorAlert>`).
 * `clear()` forgets the errors (e.g. when a dialog is opened again).
 */
export function useFormSubmit<K extends string>(
  formRef: Ref<FormInstance | undefined>,
  keys: readonly K[],
  model?: Partial<Record<K, unknown>>,
) {
  const fieldErrors = useFieldErrors(keys)
  const other = ref<string[]>([])
  const busy = ref(false)
  // With the form's model: a message under a field (the server's or a rule's) goes as soon as that field's
  // value changes; the rules check it again on blur and on submit.
  if (model)
    clearOnChange(model, keys, (k) => {
      fieldErrors.clear(k)
      formRef.value?.clearValidate(k)
    })

  function clear(): void {
    fieldErrors.clear()
    other.value = []
  }

  async function submit(send: () => Promise<void>): Promise<void> {
    clear()
    const ok = await formRef.value?.validate().catch(() => false)
    if (!ok) return
    busy.value = true
    try {
      await send()
    } catch (e) {
      other.value = fieldErrors.apply(e)
    } finally {
      busy.value = false
    }
  }

  return reactive({ errors: fieldErrors.errors, other, busy, clear, submit })
}

/** Calls `clear(k)` whenever `model[k]` changes (for each key of `keys` that the model has). */
export function clearOnChange<K extends string>(model: Partial<Record<K, unknown>>, keys: readonly K[], clear: (k: K) => void): void {
  for (const k of keys) {
    if (k in model) watch(() => model[k], () => clear(k), { deep: true })
  }
}

/** The length of a text as the server counts it: in characters (code points), not UTF-16 units. */
export function charCount(s: string): number {
  return [...s].length
}

/**
 * Client-side checks of a text with the server's wording (src/base/error_codes.def): `problem(value, field)`
 * is '' or the message for an empty required text (此项为必填项) or one longer than the server's limit for
 * the request member `field` (textLimit, from components["x-text-limits"]: 内容过长，最多 N 个字).
 */
export function useTextCheck() {
  const { t } = useI18n()
  function problem(value: string | null | undefined, field: string, opts: { required?: boolean } = {}): string {
    const v = value ?? ''
    if (opts.required && !v.trim()) return t('common.required')
    const n = textLimit(field)
    if (charCount(v) > n) return t('common.tooLong', { n })
    return ''
  }
  return { problem, limit: textLimit }
}

/** Element Plus rules with translated messages: a required field, a repeated password, a text within the
 *  server's limit. */
export function useFormRules() {
  const { t } = useI18n()
  const { problem } = useTextCheck()

  /**
   * The rule of a text sent as the request member `field` (its name or path; the limit is that of its last
   * name): required unless `opts.required` is false, at most the server's number of characters. Checked on
   * blur and on submit; with `useFormSubmit(…, model)` the message goes as soon as the text changes.
   */
  function text(field: string, opts: { required?: boolean } = {}): FormItemRule {
    const required = opts.required ?? true
    return {
      required,
      trigger: 'blur',
      validator: (_rule, value: unknown, cb) => {
        const msg = problem(typeof value === 'string' ? value : value == null ? '' : String(value), field, { required })
        if (msg) cb(new Error(msg))
        else cb()
      },
    }
  }

  function required(trigger: 'blur' | 'change' = 'blur'): FormItemRule {
    return { required: true, message: () => t('common.required'), trigger }
  }

  /** The confirmation field must equal `getPassword()`. */
  function confirmPassword(getPassword: () => string): FormItemRule {
    return {
      required: true,
      trigger: 'blur',
      validator: (_rule, value: string, cb) => {
        if (!value) cb(new Error(t('common.required')))
        else if (value !== getPassword()) cb(new Error(t('register.passwordMismatch')))
        else cb()
      },
    }
  }

  return { required, confirmPassword, text }
}

/** What a list request adds to its query: the page size and, after page 1, the cursor of the page. */
export interface Paging {
  page_size: number
  after?: string
}

/** The state of a `<ListPager>`: the page shown, whether there is a next one, and the moves. */
export interface Pager {
  /** the page shown, from 1 */
  readonly page: number
  readonly pageSize: number
  readonly total: number
  /** whether the server named a next page (`next_cursor` not null) */
  readonly hasNext: boolean
  next(): void
  prev(): void
  setPageSize(size: number): void
}

/**
 * A list from the server paged by cursor (docs/api.md, "Lists: keyset pagination"), for an el-table with a
 * `<ListPager :pager="pager" />`. Page k is asked for with the `next_cursor` page k − 1 answered, so only
 * sequential moves are possible: `cursors[0]` is '' (page 1) and `cursors[k]` the `next_cursor` of page k.
 * `load()` fetches the current page again (errors as a toast, the rows stay; a page left empty, e.g. after
 * its last row was approved away, falls back to the previous one); `search()` goes back to page 1 and
 * forgets the cursors (also done when the page size changes).
 *
 * `options.filters` reads the page's filters when a request is sent; they are passed to `fetchPage` with the
 * paging, and `filters` (returned) holds those of the rows on screen, set together with them — what an
 * export of the list (`<ExportButton>`) must select, whatever has been typed but not searched since.
 */
export function usePagedList<T, F extends Query = Query>(
  fetchPage: (paging: Paging, filters: F) => Promise<Page<T>>,
  options: { pageSize?: number; filters?: () => F } = {},
) {
  const readFilters = options.filters ?? (() => ({}) as F)
  const rows = ref<T[]>([]) as Ref<T[]>
  /** the filters of the request whose answer `rows` shows */
  const filters = ref(readFilters()) as Ref<F>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? 20)
  const loading = ref(false)
  /** cursors[k]: the `after` of page k + 1 */
  let cursors: string[] = ['']
  const hasNext = ref(false)
  /** only the answer of the latest request is shown */
  let seq = 0

  /** Shows page `target`, asked for with the cursors `stack` (the current ones, or [''] for a new search);
   *  the state changes only when the answer comes, so a failed request leaves the pager as it was. */
  async function show(target: number, stack: string[] = cursors, query: F = readFilters()): Promise<void> {
    const after = stack[target - 1]
    if (after === undefined) return
    const mine = ++seq
    loading.value = true
    try {
      const ans = await fetchPage(after ? { page_size: pageSize.value, after } : { page_size: pageSize.value }, query)
      if (mine !== seq) return
      if (!ans.items.length && target > 1) {
        // the page emptied meanwhile (its rows were decided away): show the one before
        await show(target - 1, stack, query)
        return
      }
      rows.value = ans.items
      filters.value = query
      total.value = ans.total
      page.value = target
      cursors = stack.slice(0, target)
      if (ans.next_cursor) cursors.push(ans.next_cursor)
      hasNext.value = !!ans.next_cursor
    } catch (e) {
      if (mine === seq) toastError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  const load = (): Promise<void> => show(page.value)
  const search = (): Promise<void> => show(1, [''])

  const pager: Pager = reactive({
    page,
    pageSize,
    total,
    hasNext,
    // Paging keeps the filters of the rows shown: a filter typed but not searched yet is not sent with the
    // shown list's cursor.
    next: () => {
      if (hasNext.value) void show(page.value + 1, cursors, filters.value)
    },
    prev: () => {
      if (page.value > 1) void show(page.value - 1, cursors, filters.value)
    },
    setPageSize: (size: number) => {
      pageSize.value = size
      void search()
    },
  })

  return { rows, total, loading, load, search, pager, filters }
}

/** Shows an API error as a toast. */
export function toastError(e: unknown): void {
  ElMessage.error(e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e))
}

/**
 * Asks before a step that cannot be undone (the expert draw, opening the vote, …): the message says what
 * happens and that it cannot be undone. Resolves true when the user confirms, false when they cancel or close
 * the box. The box has the class confirm-box, its buttons confirm-ok and confirm-cancel (for the tests).
 */
export async function confirmIrreversible(message: string, title: string, confirmText: string, cancelText: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText: confirmText,
      cancelButtonText: cancelText,
      customClass: 'confirm-box',
      confirmButtonClass: 'confirm-ok',
      cancelButtonClass: 'confirm-cancel',
      distinguishCancelAndClose: false,
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}

/** Below this width the app is laid out for a phone (styles.css uses the same breakpoint). */
export const PHONE_QUERY = '(max-width: 767.98px)'
let phone: Ref<boolean> | undefined

/**
 * Whether the window is phone-sized (narrower than 768 px), kept up to date as it is resized or turned:
 * for what CSS cannot switch (the layout's menu drawer, `el-descriptions`' columns).
 */
export function useIsPhone(): Readonly<Ref<boolean>> {
  if (!phone) {
    const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null
    const state = ref(query?.matches ?? false)
    query?.addEventListener('change', (e) => {
      state.value = e.matches
    })
    phone = state
  }
  return readonly(phone)
}

/**
 * Asks before leaving a page that holds something not yet on the server (issue 18): a route change asks
 * with `message`; closing or reloading the tab gets the browser's own question. `flush` runs first (e.g.
 * an autosave waiting for a pause in typing), so that only what is really unsaved makes it ask.
 */
export function useLeaveGuard(
  unsafe: () => boolean,
  message: () => { text: string; title: string; leave: string; stay: string },
  flush?: () => Promise<void>,
): void {
  function onBeforeUnload(e: BeforeUnloadEvent): void {
    if (!unsafe()) return
    e.preventDefault()
    e.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
  onBeforeRouteLeave(async () => {
    if (flush) await flush()
    if (!unsafe()) return true
    const m = message()
    return ElMessageBox.confirm(m.text, m.title, { type: 'warning', confirmButtonText: m.leave, cancelButtonText: m.stay })
      .then(() => true)
      .catch(() => false)
  })
}

/** The browser's clock, ticking every 30 s (the hours left on a deadline day). */
export function useNow(): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), 30_000)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
