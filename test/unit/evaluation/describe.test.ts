import { describe, expect, it } from 'vitest'
import { once, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import { describePlan, describeSample } from '../../../src/evaluation/describe.js'
import { evaluateGate } from '../../../src/evaluation/gate.js'
import { failedSample } from '../../../src/evaluation/plan.js'

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

  it('says where a sample stands against the limits that are set', () => {
    const at = T0 + 2000
    const judged = (index: number, count: number) => ({
      status: 'ok' as const,
      index,
      at,
      measure: { count },
      gate: evaluateGate({ count }, { maxCount: '5' })
    })
    const failures = [judged(1, 9), judged(2, 1), judged(3, 8)]
    expect(describeSample(failures[0], { ...watch, failureLimit: 1 }, failures.slice(0, 1))).toBe(
      'Sample 1 at 12:00:02 UTC: count 9 → fail: count 9 > max-count 5 (failure 1, within failure-limit 1)'
    )
    expect(describeSample(failures[2], { ...watch, failureLimit: 1 }, failures)).toBe(
      'Sample 3 at 12:00:02 UTC: count 8 → fail: count 8 > max-count 5 (failure 2, over failure-limit 1)'
    )
    expect(describeSample(failures[2], watch, failures)).toBe(
      'Sample 3 at 12:00:02 UTC: count 8 → fail: count 8 > max-count 5'
    )
    const errors = [failedSample(1, at, 'The query failed: busy'), failedSample(2, at, 'The query failed: still busy')]
    expect(describeSample(errors[1], { ...watch, errorLimit: 1 }, errors)).toBe(
      'Sample 2 at 12:00:02 UTC → error: The query failed: still busy (error 2 in a row, over error-limit 1)'
    )
    expect(describeSample(errors[0], watch, errors.slice(0, 1))).toBe(
      'Sample 1 at 12:00:02 UTC → error: The query failed: busy'
    )
    const held = [judged(1, 9), judged(2, 1), judged(3, 2)]
    expect(describeSample(held[2], { ...waitUntil, consecutiveSuccesses: 3 }, held)).toBe(
      'Sample 3 at 12:00:02 UTC: count 2 → pass: count 2 ≤ max-count 5 (2 in a row of consecutive-successes 3)'
    )
    expect(describeSample(held[0], { ...waitUntil, consecutiveSuccesses: 3 }, held.slice(0, 1))).toBe(
      'Sample 1 at 12:00:02 UTC: count 9 → fail: count 9 > max-count 5'
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
