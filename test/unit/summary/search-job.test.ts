import { describe, expect, it } from 'vitest'
import type { QueryOutcome } from '../../../src/logs/exact-query.js'
import type { SearchJobReport } from '../../../src/search-job/run-search-job.js'
import { searchJobSummary } from '../../../src/summary/search-job.js'

const QUERIED: QueryOutcome = {
  status: 'ok',
  result: { columns: [], count: 3, written: 3, preview: [], tables: 1 },
  count: 3,
  truncated: false
}
const JOB: SearchJobReport = {
  table: 'SigninLogs_1_abcdef_SRCH',
  startTime: '2025-11-25T00:00:00Z',
  endTime: '2026-11-25T00:00:00Z',
  scannedGb: 12.345,
  records: 3,
  polls: 7,
  elapsedMs: 125_000,
  kept: false,
  deleted: true
}

describe('searchJobSummary', () => {
  it('adds nothing for a query', () => {
    expect(searchJobSummary(QUERIED)).toEqual({})
  })

  it('shows the table, the polls, the data scanned and the billing', () => {
    expect(searchJobSummary({ ...QUERIED, searchJob: JOB })).toEqual({
      details: [
        ['Search job', '2 min 5 s, 7 polls; table `SigninLogs_1_abcdef_SRCH` deleted after reading'],
        ['Search job scanned', '12.3 GB']
      ],
      notes: ['Search jobs are billed by the data they scan (12.3 GB here).'],
      subject: 'Log Analytics search job'
    })
  })

  it('says when the table is kept, and that it is billed', () => {
    const { details, notes } = searchJobSummary({
      ...QUERIED,
      searchJob: { ...JOB, kept: true, deleted: false, scannedGb: undefined, polls: 1 }
    })
    expect(details).toEqual([
      ['Search job', '2 min 5 s, 1 poll; table `SigninLogs_1_abcdef_SRCH` kept'],
      ['Search job scanned', 'not reported']
    ])
    expect(notes).toEqual([
      'Search jobs are billed by the data they scan. The kept table `SigninLogs_1_abcdef_SRCH` is billed until you delete it.'
    ])
  })

  it('says when the table could not be deleted', () => {
    const { details } = searchJobSummary({ ...QUERIED, searchJob: { ...JOB, deleted: false } })
    expect(details?.[0][1]).toMatch(/could not be deleted: delete it yourself$/)
  })
})
