import { describe, expect, it } from 'vitest'
import { formatCount, formatElapsed, formatGb } from '../../../src/common/format.js'
import { formatProgress } from '../../../src/search-job/progress.js'

describe('progress', () => {
  it('logs what the service reports, and how long it has been', () => {
    expect(formatProgress({ status: 'InProgress', state: 'running', progress: 42.4, records: 12345, scannedGb: 0.5234 }, 95_000)).toBe(
      'Search job InProgress: 42 %, 12,345 records, 0.52 GB scanned (after 1 min 35 s)'
    )
    expect(formatProgress({ status: 'Updating', state: 'running' }, 1200)).toBe('Search job Updating (after 1.2 s)')
    expect(formatProgress({ status: 'Succeeded', state: 'succeeded', records: 1 }, 3_600_000)).toBe('Search job Succeeded: 1 record (after 1 h)')
  })

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [100_000_000, '100,000,000']
  ])('counts %d as %s', (count, text) => {
    expect(formatCount(count)).toBe(text)
  })

  it.each([
    [0, '0.00 GB'],
    [0.005, '0.01 GB'],
    [12.34, '12.3 GB'],
    [2048.4, '2,048 GB']
  ])('writes %d GB as %s', (gb, text) => {
    expect(formatGb(gb)).toBe(text)
  })

  it.each([
    [850, '850 ms'],
    [42_000, '42 s'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [3_600_000, '1 h'],
    [7_380_000, '2 h 3 min'],
    [86_400_000, '24 h']
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
