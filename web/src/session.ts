// Signing back in over the page when the session has expired (issue 18, "nothing is lost"): a request that
// answers 401 opens the sign-in dialog (SessionExpiredDialog, mounted once in App.vue) instead of leaving
// the page, so that what was typed stays; once the same person has signed in again the request is sent once
// more. Every 401 while the dialog is open waits for the same answer.
import { reactive } from 'vue'

export const reauth = reactive({
  open: false,
  /** the login of the person whose session expired (the dialog signs in only as them) */
  login: '',
  name: '',
})

let pending: Promise<boolean> | null = null
let settle: ((signedIn: boolean) => void) | null = null

/** Opens the dialog for `login` (or joins the one open) and resolves when it closes. */
export function askToSignInAgain(login: string, name: string): Promise<boolean> {
  if (pending) return pending
  reauth.login = login
  reauth.name = name
  reauth.open = true
  pending = new Promise<boolean>((resolve) => {
    settle = resolve
  })
  return pending
}

/** The dialog closed: signed in again (true) or the person chose to leave (false). */
export function reauthDone(signedIn: boolean): void {
  reauth.open = false
  const s = settle
  pending = null
  settle = null
  s?.(signedIn)
}
