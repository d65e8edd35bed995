import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError, setCsrfToken } from '@/api'
import type { Role, User } from '@/types'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  /** Whether GET /auth/me has been asked once since the page loaded. */
  const loaded = ref(false)

  const role = computed<Role | null>(() => user.value?.role ?? null)
  const unit = computed(() => user.value?.unit ?? null)
  /** A unit whose authorisation letter is not approved may only see the letter page. */
  const unitGated = computed(() => role.value === 'unit' && unit.value?.status !== 'approved')

  function setSession(u: User | null, token?: string | null): void {
    user.value = u
    setCsrfToken(u ? token : '')
  }

  async function fetchMe(): Promise<User | null> {
    try {
      const ans = await api.me()
      setSession(ans.user, ans.csrf_token)
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setSession(null)
      } else {
        loaded.value = true
        throw e
      }
    }
    loaded.value = true
    return user.value
  }

  async function login(loginName: string, password: string): Promise<User> {
    const ans = await api.login(loginName, password)
    setSession(ans.user, ans.csrf_token)
    loaded.value = true
    return ans.user
  }

  async function logout(): Promise<void> {
    try {
      await api.logout()
    } finally {
      setSession(null)
    }
  }

  /** Forget the session locally (e.g. after a 401). */
  function clear(): void {
    setSession(null)
  }

  return { user, loaded, role, unit, unitGated, fetchMe, login, logout, clear }
})
