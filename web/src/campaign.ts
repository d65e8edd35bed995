// The current campaign (GET /campaigns/current), fetched once per page load and shared by the pages and the
// label helpers (labels.ts) that need its code names.
import { api } from '@/api'
import type { Campaign } from './types'

let campaignPromise: Promise<Campaign | null> | null = null

/** The current campaign, fetched once per page load (null when there is none). */
export function loadCampaign(): Promise<Campaign | null> {
  if (!campaignPromise) {
    campaignPromise = api.currentCampaign().catch(() => {
      campaignPromise = null
      return null
    })
  }
  return campaignPromise
}
