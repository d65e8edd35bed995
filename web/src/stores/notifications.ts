import { defineStore } from 'pinia'
import { ref } from 'vue'
import { applicantApi } from '@/api/applicant'

/** The unread count of the header bell (GET /notifications), refreshed by the layout and the list page. */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0)
  let inFlight: Promise<void> | null = null

  function refresh(): Promise<void> {
    if (inFlight) return inFlight
    inFlight = applicantApi
      .notifications({ page_size: 1 })
      .then((ans) => {
        unread.value = typeof ans.unread === 'number' ? ans.unread : ans.items.filter((n) => !n.read).length
      })
      .catch(() => {
        // the bell keeps its count; a failure here is not worth a toast every minute
      })
      .finally(() => {
        inFlight = null
      })
    return inFlight
  }

  function set(n: number): void {
    unread.value = n
  }

  return { unread, refresh, set }
})
