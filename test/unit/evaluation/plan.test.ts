import { describe, expect, it } from 'vitest'
import { GATE, once, SECOND, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import { evaluateGate, type Measure } from '../../../src/evaluation/gate.js'
import { nextStep, type SampleOutcome } from '../../../src/evaluation/plan.js'

/** Samples of these counts, taken on schedule (every 2 s from T0). */
function samples(...counts: number[]): SampleOutcome[] {
  return counts.map((count, i) => {
    const measure: Measure = { count }
    return { status: 'ok', index: i + 1, at: T0 + i * 2 * SECOND, measure, gate: evaluateGate(measure, GATE) }
  })
}
describe('nextStep', () => {
  it('samples at once first, or when the window starts', () => {
    expect(nextStep(watch, [], T0, T0)).toEqual({ kind: 'sample', at: T0 })
    expect(nextStep(watch, [], T0, T0 + 5)).toEqual({ kind: 'sample', at: T0 + 5 })
  })

  it('stops after one sample when evaluating once, with its verdict', () => {
    expect(nextStep(once, samples(4), T0, T0 + 100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'warn', reasons: ['count 4 > warn-count 3'] }
    })
    expect(nextStep(once, samples(9), T0, T0 + 100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'fail', reasons: ['count 9 > max-count 5'] }
    })
  })

  it('plans watch samples every interval from the start of the window, never in the past', () => {
    expect(nextStep(watch, samples(1), T0, T0 + 300)).toEqual({ kind: 'sample', at: T0 + 2 * SECOND })
    expect(nextStep(watch, samples(1, 1), T0, T0 + 2500)).toEqual({ kind: 'sample', at: T0 + 4 * SECOND })
    // A slow query: the next sample starts as soon as it ends.
    expect(nextStep(watch, samples(1, 1), T0, T0 + 7 * SECOND)).toEqual({ kind: 'sample', at: T0 + 7 * SECOND })
  })

  it('fails a watch at the first breach', () => {
    expect(nextStep(watch, samples(1, 2, 9), T0, T0 + 4100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'fail', reasons: ['count 9 > max-count 5'], story: 'on sample 3, 4 s into the 10 s watch' }
    })
    expect(nextStep(watch, samples(9), T0, T0 + 100)).toMatchObject({
      conclusion: { story: 'on the first sample of the 10 s watch' }
    })
  })

  it('samples a watch up to and including the end of the window, then passes', () => {
    // 0, 2, 4, 6, 8, 10 s: six samples.
    expect(nextStep(watch, samples(1, 1, 1, 1, 1), T0, T0 + 8100)).toEqual({ kind: 'sample', at: T0 + 10 * SECOND })
    expect(nextStep(watch, samples(1, 2, 1, 0, 1, 2), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'pass',
        reasons: ['count 2 ≤ max-count 5', 'count 2 ≤ warn-count 3'],
        story: 'no threshold crossed in the 10 s watch (6 samples, every 2 s)'
      }
    })
  })

  it('warns after a watch in which some samples warned', () => {
    expect(nextStep(watch, samples(1, 4, 1, 5, 1, 2), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'warn',
        reasons: ['count 5 > warn-count 3'],
        story: '2 of 6 samples in the 10 s watch crossed a warning threshold'
      }
    })
  })

  it('passes wait-until at the first sample that holds', () => {
    expect(nextStep(waitUntil, samples(9, 8, 7), T0, T0 + 4100)).toEqual({ kind: 'sample', at: T0 + 6 * SECOND })
    expect(nextStep(waitUntil, samples(9, 8, 7, 2), T0, T0 + 6100)).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'pass',
        reasons: ['count 2 ≤ max-count 5', 'count 2 ≤ warn-count 3'],
        story: 'held on sample 4, 6 s into the 10 s wait'
      }
    })
    expect(nextStep(waitUntil, samples(4), T0, T0 + 100)).toMatchObject({
      conclusion: { verdict: 'warn', story: 'held on the first sample of the 10 s wait' }
    })
  })

  it('fails wait-until still failing when the window is over', () => {
    expect(nextStep(waitUntil, samples(9, 9, 9, 9, 9, 8), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'fail',
        reasons: ['count 8 > max-count 5'],
        story: 'still failing after wait-until 10 s (6 samples, every 2 s)'
      }
    })
  })

  it('stops with error at a sample without a trustworthy answer, even a passing one', () => {
    const [first, second] = samples(1, 1)
    expect(
      nextStep(
        watch,
        [first, { ...second, status: 'error', error: 'the result is incomplete: row limit' }],
        T0,
        T0 + 2100
      )
    ).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'error',
        reasons: ['the result is incomplete: row limit'],
        story: 'on sample 2, 2 s into the 10 s watch'
      }
    })
    expect(nextStep(once, [{ ...first, status: 'error', error: 'row limit' }], T0, T0)).toMatchObject({
      conclusion: { verdict: 'error' }
    })
  })
})
