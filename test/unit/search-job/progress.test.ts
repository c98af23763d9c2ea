import { describe, expect, it } from 'vitest'
import { formatProgress } from '../../../src/search-job/progress.js'

describe('progress', () => {
  it('logs what the service reports, and how long it has been', () => {
    expect(
      formatProgress(
        { status: 'InProgress', state: 'running', progress: 42.4, records: 12345, scannedGb: 0.5234 },
        95_000
      )
    ).toBe('Search job InProgress: 42 %, 12,345 records, 0.52 GB scanned (after 1 min 35 s)')
    expect(formatProgress({ status: 'Updating', state: 'running' }, 1200)).toBe('Search job Updating (after 1.2 s)')
    expect(formatProgress({ status: 'Succeeded', state: 'succeeded', records: 1 }, 3_600_000)).toBe(
      'Search job Succeeded: 1 record (after 1 h)'
    )
  })
})
