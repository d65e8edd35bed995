// The server's lifecycle tables (GET /api/v1/lifecycles; docs/lifecycles.md): every state's labels in both
// languages, its colour key and attributes, and each role's queue tabs. The web app takes its state labels,
// tag colours and queue tabs from here, so that the server and the pages cannot disagree. Loaded once,
// before the app mounts (main.ts).
import { ref } from 'vue'
import { API_BASE } from '@/api'
import type { TagType } from '@/labels'

export interface LifecycleState {
  code: string
  name_zh: string
  name_en: string
  color: string
  holder: string
  final: boolean
  flags: string[]
  visible_to: string[]
}

export interface Lifecycle {
  name: string
  name_zh: string
  name_en: string
  states: LifecycleState[]
  queue_tabs: Record<string, string[]>
}

const tables = ref<Map<string, Lifecycle>>(new Map())
let loading: Promise<void> | null = null

/** Fetches the tables once per page load; a failure is retried on the next call. */
export function loadLifecycles(): Promise<void> {
  if (!loading) {
    loading = fetch(`${API_BASE}/lifecycles`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`lifecycles: HTTP ${r.status}`))))
      .then((body: { items: Lifecycle[] }) => {
        tables.value = new Map(body.items.map((l) => [l.name, l]))
      })
      .catch((e) => {
        loading = null
        console.warn(e)
      })
  }
  return loading
}

export function lifecycle(name: string): Lifecycle | undefined {
  return tables.value.get(name)
}

export function lifecycleState(name: string, code: string | null | undefined): LifecycleState | undefined {
  if (!code) return undefined
  return tables.value.get(name)?.states.find((s) => s.code === code)
}

/** The state's label in the UI language, or undefined when the tables are not loaded or do not know it. */
export function stateLabel(name: string, code: string | null | undefined, en: boolean): string | undefined {
  const s = lifecycleState(name, code)
  return s ? (en ? s.name_en : s.name_zh) : undefined
}

const TAG_TYPES: TagType[] = ['primary', 'success', 'info', 'warning', 'danger']

/** The Element Plus tag type of a state, from the table's colour key ('info' when unknown). */
export function stateTagType(name: string, code: string | null | undefined): TagType {
  const color = lifecycleState(name, code)?.color as TagType | undefined
  return color && TAG_TYPES.includes(color) ? color : 'info'
}

/** Every state code of a lifecycle, in the table's order. */
export function stateCodes(name: string): string[] {
  return tables.value.get(name)?.states.map((s) => s.code) ?? []
}

/** A role's queue tabs (state codes, in order), or [] when the table has none for it. */
export function queueTabs(name: string, role: string | null | undefined): string[] {
  return (role && tables.value.get(name)?.queue_tabs?.[role]) || []
}

/** A record that says what its reader may do now (the server's lifecycle table and guards). */
export interface OffersActions {
  allowed_actions: string[]
  unavailable_actions: { action: string; code: string; message: string }[]
}

/** Does the record offer the reader this step now: allowed, or blocked by a guard the server names (then the
 *  button stays and the attempt answers with that reason)? The pages follow the server's table, not a copy. */
export function offers(record: OffersActions | null | undefined, action: string): boolean {
  return (
    !!record &&
    (record.allowed_actions.includes(action) || record.unavailable_actions.some((u) => u.action === action))
  )
}

/** The reason the server gives why the step is not possible now, if it names one. */
export function blockedBecause(record: OffersActions | null | undefined, action: string): string | undefined {
  return record?.unavailable_actions.find((u) => u.action === action)?.message
}
