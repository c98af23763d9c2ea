import { describe, expect, it } from 'vitest'
import {
  cancelSearchRequest,
  createSearchRequest,
  deleteTableRequest,
  isArmUrl,
  parseWorkspaceResourceId,
  TABLES_API_VERSION
} from '../../../src/search-job/arm-paths.js'
import type { SearchJobSettings } from '../../../src/settings.js'

const JOB: SearchJobSettings = {
  workspace: { subscriptionId: '57947cb5-aadd-4b6c-9e8e-27f545bb7bf5', resourceGroup: 'rg-logs', name: 'shop-logs' },
  sourceTable: 'Heartbeat',
  table: 'Heartbeat_1_abcdef_SRCH',
  startTime: '2022-05-27T12:26:36Z',
  endTime: '2022-05-28T12:26:36Z',
  limit: 1000,
  keepTable: false,
  pollIntervalMs: 30_000,
  timeoutMs: 3_600_000,
  description: 'Search job of the log-analytics-query action.'
}
const ARM = 'https://management.azure.com'
const TABLE_URL = `${ARM}/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourcegroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/shop-logs/tables/Heartbeat_1_abcdef_SRCH`

describe('parseWorkspaceResourceId', () => {
  it('reads the subscription, resource group and name in any case', () => {
    expect(
      parseWorkspaceResourceId(
        '/subscriptions/s/resourceGroups/My.Group(1)/providers/microsoft.operationalinsights/Workspaces/ws-1/'
      )
    ).toEqual({
      subscriptionId: 's',
      resourceGroup: 'My.Group(1)',
      name: 'ws-1'
    })
  })

  it.each([
    '2b2c1f5e-0000-4c5c-9d3a-0123456789ab',
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/api',
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/tables/T',
    '/subscriptions/s/resourceGroups/rg'
  ])('finds no workspace in %s', id => {
    expect(parseWorkspaceResourceId(id)).toBeUndefined()
  })
})

describe('search job requests', () => {
  it('creates the table with the job in its body (contract §4, searchjob-put.request.json)', () => {
    const request = createSearchRequest(ARM, JOB, 'Heartbeat')
    expect(request.method).toBe('PUT')
    expect(request.url).toBe(`${TABLE_URL}?api-version=2025-02-01`)
    expect(JSON.parse(request.body ?? '')).toEqual({
      properties: {
        searchResults: {
          query: 'Heartbeat',
          limit: 1000,
          startSearchTime: '2022-05-27T12:26:36Z',
          endSearchTime: '2022-05-28T12:26:36Z',
          description: 'Search job of the log-analytics-query action.'
        }
      }
    })
    expect(TABLES_API_VERSION).toBe('2025-02-01')
  })

  it('cancels and deletes the same table', () => {
    expect(cancelSearchRequest(ARM, JOB)).toEqual({
      method: 'POST',
      url: `${TABLE_URL}/cancelSearch?api-version=2025-02-01`
    })
    expect(deleteTableRequest(ARM, JOB)).toEqual({ method: 'DELETE', url: `${TABLE_URL}?api-version=2025-02-01` })
  })

  it('encodes what a resource group name may hold', () => {
    const job = { ...JOB, workspace: { ...JOB.workspace, resourceGroup: 'rg (eu)' } }
    expect(deleteTableRequest('https://127.0.0.1:8443/', job).url).toContain(
      'https://127.0.0.1:8443/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/resourcegroups/rg%20(eu)/'
    )
  })
})

describe('isArmUrl', () => {
  it('accepts the operation URL ARM hands back (searchjob-put-202.response.json)', () => {
    const url =
      'https://management.azure.com/subscriptions/57947cb5-aadd-4b6c-9e8e-27f545bb7bf5/providers/Microsoft.OperationalInsights/locations/eastus/operationStatuses/7108ec7a-3bce-4261-a323-3b8ddc07b9a6?api-version=2015-11-01-preview'
    expect(isArmUrl(url, ARM)).toBe(true)
  })

  it.each([
    'http://management.azure.com/operationStatuses/1',
    'https://management.azure.com.attacker.example/operationStatuses/1',
    'https://user:pass@management.azure.com/operationStatuses/1',
    'https://management.azure.com:444/operationStatuses/1',
    '/operationStatuses/1',
    'not a url'
  ])('refuses %s', url => {
    expect(isArmUrl(url, ARM)).toBe(false)
  })
})
