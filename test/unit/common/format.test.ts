import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatElapsed, formatGb, plural } from '../../../src/common/format.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [1500, '1.5 s'],
    [9949, '9.9 s'],
    [10_000, '10 s'],
    [300_000, '300 s']
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('counts, gigabytes, waits and plurals', () => {
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

  it.each([
    [1, '1 attempt'],
    [0, '0 attempts'],
    [3, '3 attempts']
  ])('writes %d attempts as %s', (count, text) => {
    expect(plural(count, 'attempt')).toBe(text)
  })
})
