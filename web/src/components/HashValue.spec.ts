// A checksum behind its 校验值 link (HashValue.vue), mounted with the app's i18n and Element Plus.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import HashValue from './HashValue.vue'

describe('HashValue', () => {
  const hash = 'ab'.repeat(32)

  it('reveals the checksum on a click and hides it again', async () => {
    const w = mount(HashValue, { props: { value: hash, test: 'h' }, global: { plugins: [i18n] } })
    expect(w.find('[data-test="h"]').exists()).toBe(false)
    const toggle = w.get('[data-test="h-toggle"]')
    expect(toggle.text()).toBe('校验值')
    await toggle.trigger('click')
    expect(w.get('[data-test="h"]').text()).toBe(hash)
    expect(toggle.attributes('aria-expanded')).toBe('true')
    await toggle.trigger('click')
    expect(w.find('[data-test="h"]').exists()).toBe(false)
  })

  it('shows — without a checksum', () => {
    const w = mount(HashValue, { props: { value: null, test: 'h' }, global: { plugins: [i18n] } })
    expect(w.text()).toBe('—')
    expect(w.find('[data-test="h-toggle"]').exists()).toBe(false)
  })
})
