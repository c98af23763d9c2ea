import { describe, expect, it } from 'vitest'
import { evaluateGate } from '../../src/gate.js'

describe('evaluateGate', () => {
  it('has no verdict without thresholds', () => {
    expect(evaluateGate(12, {})).toEqual({ verdict: 'none', failures: [], passes: [] })
    expect(evaluateGate(0, { maxCount: undefined, minCount: undefined })).toEqual({ verdict: 'none', failures: [], passes: [] })
  })

  it.each([
    [0, 5, 'count 0 ≤ max-count 5'],
    [5, 5, 'count 5 ≤ max-count 5'],
    [0, 0, 'count 0 ≤ max-count 0']
  ])('passes count %d under max-count %d', (count, maxCount, sentence) => {
    expect(evaluateGate(count, { maxCount })).toEqual({ verdict: 'pass', failures: [], passes: [sentence] })
  })

  it.each([
    [6, 5, 'count 6 > max-count 5'],
    [1, 0, 'count 1 > max-count 0'],
    [500000, 100, 'count 500000 > max-count 100']
  ])('fails count %d over max-count %d', (count, maxCount, sentence) => {
    expect(evaluateGate(count, { maxCount })).toEqual({ verdict: 'fail', failures: [sentence], passes: [] })
  })

  it('passes and fails on min-count', () => {
    expect(evaluateGate(1, { minCount: 1 })).toEqual({ verdict: 'pass', failures: [], passes: ['count 1 ≥ min-count 1'] })
    expect(evaluateGate(0, { minCount: 1 })).toEqual({ verdict: 'fail', failures: ['count 0 < min-count 1'], passes: [] })
    expect(evaluateGate(0, { minCount: 0 })).toEqual({ verdict: 'pass', failures: [], passes: ['count 0 ≥ min-count 0'] })
  })

  it('checks both thresholds', () => {
    expect(evaluateGate(3, { minCount: 1, maxCount: 5 })).toEqual({
      verdict: 'pass',
      failures: [],
      passes: ['count 3 ≤ max-count 5', 'count 3 ≥ min-count 1']
    })
    expect(evaluateGate(9, { minCount: 1, maxCount: 5 })).toEqual({
      verdict: 'fail',
      failures: ['count 9 > max-count 5'],
      passes: ['count 9 ≥ min-count 1']
    })
    expect(evaluateGate(0, { minCount: 1, maxCount: 5 })).toEqual({
      verdict: 'fail',
      failures: ['count 0 < min-count 1'],
      passes: ['count 0 ≤ max-count 5']
    })
  })
})
