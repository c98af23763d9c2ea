import { describe, expect, it } from 'vitest'
import { once, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import { describePlan, describeSample } from '../../../src/evaluation/describe.js'
import { evaluateGate } from '../../../src/evaluation/gate.js'

describe('describing', () => {
  it('describes a sample with its value and verdict', () => {
    const measure = { count: 1, value: '0.93', number: '0.93' }
    const sample = {
      status: 'ok' as const,
      index: 3,
      at: T0 + 65_000,
      measure,
      gate: evaluateGate(measure, { maxValue: '0.9' })
    }
    expect(describeSample(sample)).toBe(
      'Sample 3 at 12:01:05 UTC: count 1, value 0.93 → fail: value 0.93 > max-value 0.9'
    )
    expect(describeSample({ ...sample, status: 'error', error: 'the result is incomplete: cut' })).toBe(
      'Sample 3 at 12:01:05 UTC: count 1, value 0.93 → error: the result is incomplete: cut'
    )
    expect(describeSample({ ...sample, gate: evaluateGate(measure, {}) })).toBe(
      'Sample 3 at 12:01:05 UTC: count 1, value 0.93 → none'
    )
  })

  it.each([
    [once, ''],
    [{ ...once, delayMs: 120_000 }, 'once, after a 2 min delay'],
    [
      { ...watch, windowMs: 300_000, intervalMs: 60_000, delayMs: 90_000 },
      'watch 5 min, every 1 min, after a 1 min 30 s delay'
    ],
    [{ ...waitUntil, windowMs: 3_600_000 }, 'wait-until 1 h, every 2 s']
  ])('describes the plan %j as %j', (plan, text) => {
    expect(describePlan(plan)).toBe(text)
  })
})
