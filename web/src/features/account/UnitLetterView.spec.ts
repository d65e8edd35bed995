// 单位信息 on the unit's letter page (UnitLetterView.vue): the refresh of the session on opening the page may
// answer after the clerk started typing; it must not put back the stored contact over what was typed.
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n/index'
import { useAuthStore } from '@/stores/auth'
import type { SessionAnswer, Unit, User } from '@/types'
import UnitLetterView from './UnitLetterView.vue'

const unit = (over: Partial<Unit> = {}): Unit => ({
  id: 7,
  credit_code: '91330402MA2B3C4D5E',
  name: '嘉兴某某科技有限公司',
  region_code: '330402',
  region_name: '南湖区',
  unit_type: 'enterprise',
  city_level: false,
  competent_department_id: null,
  competent_department_name: null,
  contact_name: '王联系',
  mobile: '13900000001',
  status: 'approved',
  reject_reason: null,
  letter_uploaded_at: '2022-08-01T09:00:00+08:00',
  ...over,
})

const user = (u: Unit): User => ({
  id: 3,
  login: u.credit_code,
  name: u.name,
  role: 'unit',
  region_code: u.region_code,
  region_name: u.region_name,
  mobile: null,
  unit: u,
})

/** Opens the page signed in as the unit; GET /auth/me answers only when `answer` is called. */
async function openPage(stored: Unit) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(stored)
  let release: (u: Unit) => void = () => {}
  const me = new Promise<Unit>((resolve) => (release = resolve))
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      const answer: SessionAnswer = { user: user(await me), csrf_token: 'csrf' } as SessionAnswer
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }),
  )
  const page = mount(UnitLetterView, { global: { plugins: [pinia, i18n] } })
  await flushPromises()
  return { page, answer: async (u: Unit) => (release(u), await flushPromises()) }
}

const value = (page: ReturnType<typeof mount>, test: string) =>
  (page.get(`[data-test="${test}"]`).element as HTMLInputElement).value

describe('UnitLetterView 单位信息', () => {
  it('keeps what the clerk typed when the refresh brings the same stored values', async () => {
    const { page, answer } = await openPage(unit())
    expect(value(page, 'unit-edit-mobile')).toBe('13900000001')
    await page.get('[data-test="unit-edit-mobile"]').setValue('23456789012')
    await answer(unit())
    expect(value(page, 'unit-edit-mobile')).toBe('23456789012')
    expect(value(page, 'unit-edit-contact-name')).toBe('王联系')
  })

  it('shows a stored value that changed elsewhere, and leaves the other field as typed', async () => {
    const { page, answer } = await openPage(unit())
    await page.get('[data-test="unit-edit-contact-name"]').setValue('李联系')
    await answer(unit({ mobile: '13900000002' }))
    expect(value(page, 'unit-edit-mobile')).toBe('13900000002')
    expect(value(page, 'unit-edit-contact-name')).toBe('李联系')
  })
})
