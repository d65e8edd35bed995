// The sign-in dialog's promise (session.ts): every 401 while the dialog is open waits for the same answer.
import { afterEach, describe, expect, it } from 'vitest'
import { askToSignInAgain, reauth, reauthDone } from './session'

afterEach(() => reauthDone(false))

describe('askToSignInAgain', () => {
  it('opens the dialog for the person whose session expired', () => {
    void askToSignInAgain('li.si', '李四')
    expect(reauth).toEqual({ open: true, login: 'li.si', name: '李四' })
  })

  it('joins the dialog already open: the same promise, the first person kept', () => {
    const first = askToSignInAgain('li.si', '李四')
    const second = askToSignInAgain('wang.wu', '王五')
    expect(second).toBe(first)
    expect(reauth.login).toBe('li.si')
  })

  it('resolves every waiting request with true once signed in again, and closes the dialog', async () => {
    const a = askToSignInAgain('li.si', '李四')
    const b = askToSignInAgain('li.si', '李四')
    reauthDone(true)
    expect(reauth.open).toBe(false)
    await expect(a).resolves.toBe(true)
    await expect(b).resolves.toBe(true)
  })

  it('resolves with false when the person chose to leave, and asks anew next time', async () => {
    const left = askToSignInAgain('li.si', '李四')
    reauthDone(false)
    await expect(left).resolves.toBe(false)
    const next = askToSignInAgain('li.si', '李四')
    expect(next).not.toBe(left)
    expect(reauth.open).toBe(true)
    reauthDone(true)
    await expect(next).resolves.toBe(true)
  })

  it('does nothing when the dialog closes with nothing waiting', () => {
    expect(() => reauthDone(true)).not.toThrow()
    expect(reauth.open).toBe(false)
  })
})
