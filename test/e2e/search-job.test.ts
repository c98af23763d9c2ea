import { beforeEach, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import type { LoggedRequest } from '../emulator/emulator.js'
import { records, runAction } from './harness.js'
import { searchJobFile, story } from './search-job-helpers.js'

/** A search job against the emulator's workspace, polled every second. */
const SEARCH = { mode: 'search-job', workspace: WORKSPACE_RESOURCE_ID, 'poll-interval': '1s' }
const API_ERRORS = "AppExceptions\n| where AppRoleName == 'api'"

const file = searchJobFile(SEARCH)
const { run } = file

// One poll (a second) unless a test needs more: how polls are spaced is unit-tested (poll-job.test.ts).
beforeEach(() => {
  file.emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
})

function gaps(requests: LoggedRequest[]): number[] {
  return requests.slice(1).map((request, i) => request.at - requests[i].at)
}

describe('a search job that succeeds', () => {
  it('creates the table, polls until Succeeded, reads the records and deletes the table', async () => {
    file.emulator.searchJobBehaviour = { polls: 4, outcome: 'Succeeded' }
    const result = await run({ query: API_ERRORS, timespan: '1h' })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(story(result.requests)).toEqual([
      'PUT table 202',
      'GET operation 200',
      'GET operation 200',
      'GET operation 200',
      'GET operation 200',
      'POST query 200', // the results table counted first (split: auto) …
      'POST query 200', // … then read
      'DELETE table 202'
    ])

    const table = result.outputs['search-table']
    expect(table).toMatch(/^AppExceptions_[0-9a-f]{6}_SRCH$/)
    const [put] = result.requests.filter(r => r.route === 'table')
    expect(put.path).toBe(
      `/subscriptions/${WORKSPACE_RESOURCE_ID.split('/')[2]}/resourcegroups/rg-shop/providers/Microsoft.OperationalInsights/workspaces/shop-logs/tables/${table}?api-version=2025-02-01`
    )
    const search = (JSON.parse(put.body) as { properties: { searchResults: Record<string, unknown> } }).properties
      .searchResults
    expect(search).toMatchObject({ query: API_ERRORS, limit: 1000 })
    const start = Date.parse(String(search.startSearchTime))
    const end = Date.parse(String(search.endSearchTime))
    expect(end - start).toBe(3_600_000)
    expect(String(search.endSearchTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

    // The spacing of the polls is poll-interval.
    const polls = result.requests.filter(r => r.route === 'operation')
    for (const gap of gaps([put, ...polls])) expect(gap).toBeGreaterThanOrEqual(950)

    // The rows are read through the query API from the results table, over all its time, after a count on the
    // records' own time (_OriginalTimeGenerated) showed one answer holds them.
    const [counting, query] = result.requests.filter(r => r.route === 'query')
    expect(counting.path).toBe(`/v1${WORKSPACE_RESOURCE_ID}/query`)
    const summarize = 'summarize Rows = count(), Bytes = sum(estimate_data_size(*)), '
    const range = 'First = min(_OriginalTimeGenerated), Last = max(_OriginalTimeGenerated)'
    expect(JSON.parse(counting.body)).toEqual({ query: `${table}\n| ${summarize}${range}` })
    expect(query.path).toBe(`/v1${WORKSPACE_RESOURCE_ID}/query`)
    expect(JSON.parse(query.body)).toEqual({ query: table })
    const rows = JSON.parse(records(result)) as Record<string, unknown>[]
    expect(rows).toHaveLength(5)
    expect(rows.every(row => row.AppRoleName === 'api' && row._OriginalType === 'AppExceptions')).toBe(true)
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['_OriginalItemId', '_OriginalTimeGenerated']))
    expect(result.outputs).toMatchObject({ count: '5', 'records-written': '5', verdict: 'none' })

    // Nothing is left behind.
    expect(file.emulator.searchJobs.has(table.toLowerCase())).toBe(false)
    expect(file.emulator.tables.has(table.toLowerCase())).toBe(false)

    expect(result.stdout).toMatch(/Search job Updating \(after 1\.\d s\)/)
    expect(result.stdout).toMatch(/Search job InProgress: 50 %, 2 records, 0\.\d\d GB scanned/)
    expect(result.stdout).toMatch(/Search job Succeeded: 100 %, 5 records, 0\.\d\d GB scanned/)
    expect(result.stdout).toContain(`Deleted table ${table}.`)
    expect(result.summary).toMatch(
      /\| Time range \| <code>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/code> \|/
    )
    expect(result.summary).toMatch(/\| Search job scanned \| 0\.\d\d GB \|/)
    expect(result.summary).toMatch(/^### Log Analytics search job returned \d+ rows/)
    expect(result.summary).toContain('Search jobs are billed by the data they scan')
    expect(result.summary).toContain(`table \`${table}\` deleted after reading`)
  })

  it('signs in for Azure Resource Manager for the job and for the Logs API for its records', async () => {
    const tokensBefore = file.emulator.tokens.length
    const result = await run({ query: 'Heartbeat', timespan: '30m' })
    expect(result.exitCode, result.stdout).toBe(0)
    const audienceOf = (request: LoggedRequest) =>
      file.emulator.tokens.find(t => `Bearer ${t.token}` === request.headers.authorization)?.audience
    const issued = file.emulator.tokens.slice(tokensBefore)
    expect(issued.map(t => t.audience).sort()).toEqual(['https://api.loganalytics.io', 'https://management.azure.com'])
    for (const request of result.requests) {
      if (['table', 'operation', 'cancel-search'].includes(request.route))
        expect(audienceOf(request)).toBe('https://management.azure.com')
      if (request.route === 'query') expect(audienceOf(request)).toBe('https://api.loganalytics.io')
    }
    expect(result.outputs.count).toBe('6')
  })

  it('keeps the table with keep-search-table, under the name given', async () => {
    const result = await run({
      query: 'Heartbeat',
      timespan: '30m',
      'search-table': 'NightlyHeartbeat_SRCH',
      'keep-search-table': 'true'
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(story(result.requests).filter(step => step.startsWith('DELETE'))).toEqual([])
    expect(result.outputs['search-table']).toBe('NightlyHeartbeat_SRCH')
    expect(file.emulator.tables.get('nightlyheartbeat_srch')?.rows).toHaveLength(6)
    expect(result.stdout).toContain('Kept table NightlyHeartbeat_SRCH (keep-search-table)')
    expect(result.summary).toContain('The kept table `NightlyHeartbeat_SRCH` is billed until you delete it.')

    // A kept table answers queries later, like any other table.
    const later = await runAction(file.emulator, { query: 'NightlyHeartbeat_SRCH | count' })
    expect(JSON.parse(records(later))).toEqual([{ Count: 6 }])
    file.emulator.searchJobs.delete('nightlyheartbeat_srch')
    file.emulator.tables.delete('nightlyheartbeat_srch')
  })

  it('searches from start-time to end-time, with max-records as the limit', async () => {
    const startTime = new Date(Date.now() - 3 * 3_600_000).toISOString()
    const endTime = new Date(Date.now() - 10 * 60_000).toISOString()
    const result = await run({
      query: 'AppExceptions | project TimeGenerated, ProblemId',
      'start-time': startTime,
      'end-time': endTime,
      'max-records': '3'
    })
    expect(result.exitCode, result.stdout).toBe(0)
    const [put] = result.requests.filter(r => r.route === 'table')
    expect(JSON.parse(put.body).properties.searchResults).toMatchObject({
      limit: 3,
      startSearchTime: startTime,
      endSearchTime: endTime
    })
    expect(result.outputs).toMatchObject({ count: '3', 'records-written': '3' })
    expect(Object.keys(JSON.parse(records(result))[0])).toEqual([
      'TimeGenerated',
      'ProblemId',
      '_OriginalType',
      '_OriginalItemId',
      '_OriginalTimeGenerated'
    ])
  })

  it('waits as long as Retry-After asks, and retries a throttled poll', async () => {
    file.emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded', retryAfterSeconds: 2 }
    file.emulator.faults.push({
      route: 'operation',
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } }
    })
    const result = await run({ query: 'Heartbeat', timespan: '30m' })
    expect(result.exitCode, result.stdout).toBe(0)
    const steps = result.requests.filter(r => (r.route === 'table' && r.method === 'PUT') || r.route === 'operation')
    expect(steps.map(r => r.status)).toEqual([202, 429, 200])
    // Retry-After: 2 on the PUT is longer than poll-interval (1 s): the first poll waits for it.
    const [afterPut, afterThrottle] = gaps(steps)
    expect(afterPut).toBeGreaterThanOrEqual(1950)
    expect(afterThrottle).toBeGreaterThanOrEqual(950)
    expect(result.stdout).toMatch(
      /asking for the search job's status: attempt 1 failed \(.*The request is being throttled.*\); retrying in 1\.0 s/
    )
  })

  it('gates on the records the job found', async () => {
    const result = await run({ query: API_ERRORS, timespan: '1h', 'max-count': '3' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ count: '5', verdict: 'fail' })
    expect(result.errors).toContain('Gate failed: count 5 > max-count 3')
    expect(story(result.requests).at(-1)).toBe('DELETE table 202')
  })
})
