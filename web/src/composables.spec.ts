// The helpers of composables.ts that need no page: counting characters as the server does, clearing a
// field's message when it changes, and the cursor-paged list behind every <ListPager>.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api'
import { charCount, clearOnChange, usePagedList, type Paging } from './composables'
import type { Page } from './types'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('charCount', () => {
  it('counts code points, as the server does, not UTF-16 units', () => {
    expect(charCount('职称')).toBe(2)
    expect(charCount('𠀀a😀')).toBe(3)
    expect(charCount('')).toBe(0)
  })
})

describe('clearOnChange', () => {
  it("clears a field's message when that field changes, and only then", async () => {
    const model = reactive({ name: '', tags: ['a'] })
    const clear = vi.fn()
    clearOnChange(model, ['name', 'tags', 'absent'] as const, clear)
    model.name = '张三'
    await nextTick()
    expect(clear.mock.calls).toEqual([['name']])
    model.tags.push('b')
    await nextTick()
    expect(clear.mock.calls).toEqual([['name'], ['tags']])
  })
})

describe('usePagedList', () => {
  /** Three pages of two rows by cursor ('' → c2 → c3); `answers` can be changed between requests. */
  function server() {
    const answers: Record<string, Page<number>> = {
      '': { items: [1, 2], total: 5, page_size: 2, next_cursor: 'c2' },
      c2: { items: [3, 4], total: 5, page_size: 2, next_cursor: 'c3' },
      c3: { items: [5], total: 5, page_size: 2, next_cursor: null },
    }
    const fetchPage = vi.fn(async (paging: Paging, _filters: { q?: string }) => answers[paging.after ?? ''])
    return { answers, fetchPage }
  }

  it('pages with the filters of the rows shown, not a filter typed and not searched yet', async () => {
    const { fetchPage } = server()
    const typed = reactive({ q: '张' })
    const list = usePagedList(fetchPage, { pageSize: 2, filters: () => ({ ...typed }) })
    await list.search()
    typed.q = '李'
    list.pager.next()
    await flushPromises()
    expect(fetchPage.mock.calls.map((c) => [c[0].after ?? '', c[1].q])).toEqual([
      ['', '张'],
      ['c2', '张'],
    ])
    await list.search()
    expect(fetchPage.mock.calls.at(-1)?.[1].q).toBe('李')
  })

  it('moves page by page with the cursors the server named', async () => {
    const { fetchPage } = server()
    const list = usePagedList(fetchPage, { pageSize: 2 })
    await list.search()
    expect([list.rows.value, list.pager.page, list.pager.hasNext]).toEqual([[1, 2], 1, true])
    list.pager.next()
    await flushPromises()
    list.pager.next()
    await flushPromises()
    expect([list.rows.value, list.pager.page, list.pager.hasNext]).toEqual([[5], 3, false])
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([
      { page_size: 2 },
      { page_size: 2, after: 'c2' },
      { page_size: 2, after: 'c3' },
    ])
    list.pager.next()
    await flushPromises()
    expect(fetchPage).toHaveBeenCalledTimes(3)
    list.pager.prev()
    await flushPromises()
    expect([list.rows.value, list.pager.page]).toEqual([[3, 4], 2])
    expect(fetchPage.mock.calls[3][0]).toEqual({ page_size: 2, after: 'c2' })
  })

  it('shows the page before when the page shown emptied meanwhile', async () => {
    const { answers, fetchPage } = server()
    const list = usePagedList(fetchPage, { pageSize: 2 })
    await list.search()
    list.pager.next()
    await flushPromises()
    list.pager.next()
    await flushPromises()
    answers.c3 = { items: [], total: 4, page_size: 2, next_cursor: null }
    await list.load()
    expect([list.rows.value, list.pager.page, list.total.value]).toEqual([[3, 4], 2, 5])
  })

  it('goes back to page 1 when the page size changes', async () => {
    const { fetchPage } = server()
    const list = usePagedList(fetchPage, { pageSize: 2 })
    await list.search()
    list.pager.next()
    await flushPromises()
    list.pager.setPageSize(50)
    await flushPromises()
    expect(list.pager.page).toBe(1)
    expect(fetchPage.mock.calls.at(-1)?.[0]).toEqual({ page_size: 50 })
  })

  it('keeps the rows and the page when a request fails, and says why', async () => {
    const { fetchPage } = server()
    const toast = vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close() {} }) as never)
    const list = usePagedList(fetchPage, { pageSize: 2 })
    await list.search()
    fetchPage.mockRejectedValueOnce(new ApiError(503, 'overloaded', '服务器繁忙'))
    list.pager.next()
    await flushPromises()
    expect([list.rows.value, list.pager.page, list.loading.value]).toEqual([[1, 2], 1, false])
    expect(toast).toHaveBeenCalledWith('服务器繁忙')
  })

  it('shows only the answer of the latest request, with the filters it was sent with', async () => {
    let typed = 'first'
    const slow: { resolve?: (p: Page<number>) => void } = {}
    const fetchPage = vi.fn((_paging: Paging, f: { q: string }) =>
      f.q === 'first'
        ? new Promise<Page<number>>((r) => (slow.resolve = r))
        : Promise.resolve({ items: [2], total: 1, page_size: 20, next_cursor: null }),
    )
    const list = usePagedList(fetchPage, { filters: () => ({ q: typed }) })
    const first = list.search()
    typed = 'second'
    await list.search()
    slow.resolve?.({ items: [1], total: 1, page_size: 20, next_cursor: null })
    await first
    expect(list.rows.value).toEqual([2])
    expect(list.filters.value).toEqual({ q: 'second' })
  })
})
