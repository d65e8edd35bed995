// The shell of the list pages (ListPage.vue): title, 刷新, 导出 Excel, the page's buttons, the pager, and on a
// phone the rows as cards when the page gives a card slot.
import { describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import type { Pager } from '@/composables'
import ListPage from './ListPage.vue'

// useIsPhone() asks matchMedia once per page load and follows its changes: the stub keeps the listener, so a
// test can turn the window into a phone's.
const listeners: ((e: { matches: boolean }) => void)[] = []
window.matchMedia = ((query: string) => ({
  matches: false,
  media: query,
  addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l),
  removeEventListener: () => {},
})) as unknown as typeof window.matchMedia
const phone = (on: boolean) => listeners.forEach((l) => l({ matches: on }))

const pager: Pager = {
  page: 2,
  pageSize: 20,
  total: 45,
  hasNext: true,
  next: vi.fn(),
  prev: vi.fn(),
  setPageSize: vi.fn(),
}

const rows = [
  { id: 1, name: '张三' },
  { id: 2, name: '李四' },
]

function page(props: Record<string, unknown> = {}, withCard = true) {
  return mount(ListPage, {
    props: { title: '证书管理', test: 'certs', pager, rows, exportPath: '/certificates', exportQuery: { status: 'valid' }, ...props },
    slots: {
      actions: () => h('button', { 'data-test': 'certs-add' }, '新增'),
      filters: () => h('form', { 'data-test': 'certs-filters' }),
      default: () => h('table', { 'data-test': 'certs-table' }),
      ...(withCard ? { card: ({ row }: { row: unknown }) => {
            const r = row as { id: number; name: string }
            return h('b', { 'data-test': `card-${r.id}` }, r.name)
          }, } : {}),
    },
    global: { plugins: [i18n] },
  })
}

describe('ListPage', () => {
  it('shows the title, 刷新, 导出 Excel with the filters on screen, the page’s buttons, the filters, the table and the pager', async () => {
    phone(false)
    const w = page({ intro: '已发证书' })
    expect(w.get('h3').text()).toBe('证书管理')
    expect(w.text()).toContain('已发证书')
    expect(w.find('[data-test="certs-refresh"]').exists()).toBe(true)
    expect(w.get('[data-test="certs-export"]').attributes('href')).toBe('/api/v1/certificates.xlsx?status=valid')
    expect(w.find('[data-test="certs-add"]').exists()).toBe(true)
    expect(w.find('[data-test="certs-filters"]').exists()).toBe(true)
    expect(w.find('[data-test="certs-table"]').exists()).toBe(true)
    expect(w.find('[data-test="certs-cards"]').exists()).toBe(false)
    expect(w.get('[data-test="list-pager"]').attributes('data-page')).toBe('2')
    await w.get('[data-test="certs-refresh"]').trigger('click')
    expect(w.emitted('refresh')).toHaveLength(1)
  })

  it('leaves out 刷新, the export and the pager when the page has none', () => {
    phone(false)
    const w = page({ refresh: false, exportPath: undefined, pager: undefined })
    expect(w.find('[data-test="certs-refresh"]').exists()).toBe(false)
    expect(w.find('[data-test="certs-export"]').exists()).toBe(false)
    expect(w.find('[data-test="list-pager"]').exists()).toBe(false)
  })

  it('shows the rows as cards on a phone, and says so when there is none', async () => {
    const w = page()
    phone(true)
    await w.vm.$nextTick()
    expect(w.find('[data-test="certs-table"]').exists()).toBe(false)
    expect(w.findAll('[data-test="certs-cards"] b').map((b) => b.text())).toEqual(['张三', '李四'])
    await w.setProps({ rows: [] })
    expect(w.get('[data-test="certs-cards"]').text()).toBe('暂无数据')
    phone(false)
  })

  it('keeps the table on a phone when the page gives no card slot', async () => {
    const w = page({}, false)
    phone(true)
    await w.vm.$nextTick()
    expect(w.find('[data-test="certs-table"]').exists()).toBe(true)
    phone(false)
  })
})
