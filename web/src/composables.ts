import { reactive, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus'
import { ApiError } from './api'
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
 * `submit(send)` clears the previous errors, validates the form, then runs `send` with `busy` set;
 * if `send` fails, the server's field errors go to `errors.x` (for `<el-form-item :error>`) and the
 * messages of fields the form does not show to `other` (for a `<FormErrorAlert>`).
 * `clear()` forgets the errors (e.g. when a dialog is opened again).
 */
export function useFormSubmit<K extends string>(formRef: Ref<FormInstance | undefined>, keys: readonly K[]) {
  const fieldErrors = useFieldErrors(keys)
  const other = ref<string[]>([])
  const busy = ref(false)

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

/** Element Plus rules with translated messages: a required field, a repeated password. */
export function useFormRules() {
  const { t } = useI18n()

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

  return { required, confirmPassword }
}

/**
 * A paged list from the server, for an el-table with a `<ListPager>`.
 * `load()` fetches the current page (errors as a toast, the rows stay), `search()` goes back to page 1.
 */
export function usePagedList<T>(fetchPage: (paging: { page: number; page_size: number }) => Promise<Page<T>>) {
  const rows = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const ans = await fetchPage({ page: page.value, page_size: pageSize.value })
      rows.value = ans.items
      total.value = ans.total
    } catch (e) {
      toastError(e)
    } finally {
      loading.value = false
    }
  }

  function search(): void {
    page.value = 1
    void load()
  }

  return { rows, total, page, pageSize, loading, load, search }
}

/** Shows an API error as a toast. */
export function toastError(e: unknown): void {
  ElMessage.error(e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e))
}
