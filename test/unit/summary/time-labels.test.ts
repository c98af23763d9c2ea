import { describe, expect, it } from 'vitest'
import { timeAxisTitle, timeLabels } from '../../../src/summary/time-labels.js'

describe('timeLabels', () => {
  it('shows the time of day when that tells the times apart, and gives the dates to the axis title', () => {
    const labels = timeLabels(['2026-11-01T10:00:00Z', '2026-11-01T11:00:00.0000000Z'])
    expect(labels).toEqual({ labels: ['10:00', '11:00'], dates: '2026-11-01' })
    expect(timeAxisTitle('TimeGenerated', labels)).toBe('TimeGenerated (UTC, 2026-11-01)')
    expect(timeLabels(['2026-10-31T23:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z'])).toEqual({
      labels: ['23:00', '00:00', '01:00'],
      dates: '2026-10-31 to 2026-11-01'
    })
  })

  it('adds seconds when some times have them', () => {
    expect(timeLabels(['2026-11-01T10:00:00Z', '2026-11-01T10:00:01Z']).labels).toEqual(['10:00:00', '10:00:01'])
  })

  it('adds the day when the time of day repeats', () => {
    expect(timeLabels(['2026-11-01T23:00:00Z', '2026-11-02T23:00:00Z', '2026-11-03T12:00:00Z'])).toEqual({
      labels: ['11-01 23:00', '11-02 23:00', '11-03 12:00']
    })
  })

  it('shows only days for whole days, with the year across years', () => {
    expect(timeLabels(['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z']).labels).toEqual(['11-01', '11-02'])
    expect(timeLabels(['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z']).labels).toEqual(['2026-12-31', '2027-01-01'])
    expect(timeAxisTitle('day', timeLabels(['2026-11-01T00:00:00Z']))).toBe('day (UTC)')
  })

  it('leaves text that is not a time alone', () => {
    expect(timeLabels(['2026-11-01T10:00:00Z', 'soon'])).toEqual({ labels: ['2026-11-01T10:00:00Z', 'soon'] })
  })
})
