import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from './api'

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

/** Shows an API error as a toast. */
export function toastError(e: unknown): void {
  ElMessage.error(e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e))
}
