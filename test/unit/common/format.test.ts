import { describe, expect, it } from 'vitest'
import { formatDuration } from '../../../src/common/format.js'

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
