import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError, setCsrfToken } from '@/api'
import type { Role, SessionAnswer, User } from '@/types'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  /** Whether GET /auth/me has been asked once since the page loaded. */
  const loaded = ref(false)
  /** Signed in with a one-time code: every page but the new-password one is closed until a password is set. */
  const mustChangePassword = ref(false)
  /** Who issued the one-time code (e.g. "沈慧（用人单位）"), when mustChangePassword. */
  const passwordResetBy = ref<string | null>(null)
  /** The one-time code typed at sign-in, kept in memory only (never stored), as the old password of the
   *  change; empty after a reload, when the page asks for it again. */
  const oneTimeCode = ref('')

  const role = computed<Role | null>(() => user.value?.role ?? null)
  const unit = computed(() => user.value?.unit ?? null)
  /** A unit whose authorisation letter is not approved may only see the letter page. */
  const unitGated = computed(() => role.value === 'unit' && unit.value?.status !== 'approved')

  function setSession(u: User | null, token?: string | null): void {
    user.value = u
    setCsrfToken(u ? token : '')
    if (!u) {
      mustChangePassword.value = false
      passwordResetBy.value = null
      oneTimeCode.value = ''
    }
  }

  function setAnswer(ans: SessionAnswer): void {
    setSession(ans.user, ans.csrf_token)
    mustChangePassword.value = ans.must_change_password === true
    passwordResetBy.value = ans.must_change_password ? (ans.password_reset_by ?? null) : null
    if (!mustChangePassword.value) oneTimeCode.value = ''
  }

  async function fetchMe(): Promise<User | null> {
    try {
      const ans = await api.me()
      setAnswer(ans)
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
    setAnswer(ans)
    oneTimeCode.value = ans.must_change_password ? password : ''
    loaded.value = true
    return ans.user
  }

  /** A request answered 403 password_change_required: the session is one of a one-time code. */
  function requirePasswordChange(): void {
    if (user.value) mustChangePassword.value = true
  }

  /** The new password is set (POST /auth/password answered 204): every page is open again. */
  function passwordChanged(): void {
    mustChangePassword.value = false
    passwordResetBy.value = null
    oneTimeCode.value = ''
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

  return {
    user,
    loaded,
    role,
    unit,
    unitGated,
    mustChangePassword,
    passwordResetBy,
    oneTimeCode,
    fetchMe,
    login,
    logout,
    clear,
    requirePasswordChange,
    passwordChanged,
  }
})
