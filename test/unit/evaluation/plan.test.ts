import { describe, expect, it } from 'vitest'
import { GATE, once, SECOND, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import type { EvaluationSettings } from '../../../src/settings.js'
import { evaluateGate, type Measure } from '../../../src/evaluation/gate.js'
import { failedSample, nextStep, tallyOf, type SampleOutcome, type Step } from '../../../src/evaluation/plan.js'

/** Samples of these counts (`error`: the query failed after its retries), taken on schedule (every 2 s from T0). */
function samples(...counts: (number | 'error')[]): SampleOutcome[] {
  return counts.map((count, i) => {
    if (count === 'error') return failedSample(i + 1, T0 + i * 2 * SECOND, `The query failed: busy ${i + 1}`)
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
    expect(
      nextStep(once, [{ ...first, status: 'error', error: 'the result is incomplete: row limit' }], T0, T0)
    ).toMatchObject({
      conclusion: { verdict: 'error' }
    })
  })
})

/** The step after each of `counts` in turn, each judged just after it was taken: where the run stops, and how. */
function runTo(plan: EvaluationSettings, ...counts: (number | 'error')[]): { after: number; step: Step } {
  const all = samples(...counts)
  for (let n = 1; n <= all.length; n++) {
    const step = nextStep(plan, all.slice(0, n), T0, all[n - 1].at + 100)
    if (step.kind === 'stop') return { after: n, step }
  }
  throw new Error(`the run of ${counts.join(', ')} goes on`)
}

describe('nextStep with failure-limit', () => {
  const tolerant = { ...watch, failureLimit: 1 }

  it('tolerates failed samples up to the limit and fails on the next', () => {
    expect(runTo(tolerant, 1, 9, 1, 7, 1)).toEqual({
      after: 4,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'fail',
          reasons: ['count 7 > max-count 5'],
          story: '2 samples failed (failure-limit 1), the last on sample 4, 6 s into the 10 s watch'
        }
      }
    })
    expect(runTo({ ...watch, failureLimit: 2 }, 9, 9, 9)).toMatchObject({
      after: 3,
      step: { conclusion: { verdict: 'fail' } }
    })
  })

  it('counts failures over the whole watch, not in a row', () => {
    expect(runTo(tolerant, 9, 1, 1, 1, 8)).toMatchObject({
      after: 5,
      step: { conclusion: { verdict: 'fail', reasons: ['count 8 > max-count 5'] } }
    })
  })

  it('warns after a watch that ended within the limit, with the failure as the reason', () => {
    expect(runTo(tolerant, 1, 9, 1, 1, 1, 2)).toEqual({
      after: 6,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'warn',
          reasons: ['count 9 > max-count 5'],
          story: '1 of 6 samples in the 10 s watch failed (failure-limit 1)'
        }
      }
    })
  })

  it('keeps the failure first and adds the warnings when samples also warned', () => {
    expect(runTo(tolerant, 4, 9, 1, 1, 1, 2).step).toMatchObject({
      conclusion: {
        verdict: 'warn',
        reasons: ['count 9 > max-count 5', 'count 4 > warn-count 3'],
        story: '1 of 6 samples in the 10 s watch failed (failure-limit 1), 1 crossed a warning threshold'
      }
    })
  })
})

describe('nextStep with consecutive-successes', () => {
  const three = { ...waitUntil, consecutiveSuccesses: 3 }

  it('passes once that many samples in a row hold', () => {
    expect(runTo(three, 9, 1, 2, 1)).toEqual({
      after: 4,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'pass',
          reasons: ['count 1 ≤ max-count 5', 'count 1 ≤ warn-count 3'],
          story: 'held 3 samples in a row (consecutive-successes 3), the last on sample 4, 6 s into the 10 s wait'
        }
      }
    })
  })

  it('starts the row again after a failure', () => {
    expect(runTo(three, 1, 1, 9, 1, 1, 1)).toMatchObject({ after: 6, step: { conclusion: { verdict: 'pass' } } })
  })

  it('warns when a sample of the row warned', () => {
    expect(runTo(three, 1, 4, 1).step).toMatchObject({
      conclusion: { verdict: 'warn', reasons: ['count 4 > warn-count 3'] }
    })
  })

  it('fails when the window ends before the row is long enough, saying how far it got', () => {
    expect(runTo(three, 9, 9, 9, 9, 1, 1)).toEqual({
      after: 6,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'fail',
          reasons: ['count 9 > max-count 5'],
          story:
            'held only 2 of the 3 samples in a row needed (consecutive-successes 3) when wait-until 10 s ended (6 samples, every 2 s)'
        }
      }
    })
    expect(runTo(three, 1, 1, 9, 1, 1, 9).step).toMatchObject({
      conclusion: { verdict: 'fail', story: 'still failing after wait-until 10 s (6 samples, every 2 s)' }
    })
  })
})

describe('nextStep with error-limit', () => {
  it('stops with error at the first failed query when none is tolerated, with its message', () => {
    expect(runTo(watch, 1, 'error')).toEqual({
      after: 2,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'error',
          reasons: ['The query failed: busy 2'],
          story: 'on sample 2, 2 s into the 10 s watch'
        }
      }
    })
    expect(runTo(once, 'error')).toMatchObject({ after: 1, step: { conclusion: { verdict: 'error' } } })
    expect(runTo({ ...once, errorLimit: 3 }, 'error')).toMatchObject({
      after: 1,
      step: { conclusion: { verdict: 'error' } }
    })
  })

  it('tolerates that many failed queries in a row, and stops with error at one more', () => {
    const tolerant = { ...watch, errorLimit: 1 }
    expect(runTo(tolerant, 1, 'error', 1, 'error', 'error')).toEqual({
      after: 5,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'error',
          reasons: ['The query failed: busy 5'],
          story: '2 errors in a row (error-limit 1), the last on sample 5, 8 s into the 10 s watch'
        }
      }
    })
    expect(runTo({ ...waitUntil, errorLimit: 1 }, 'error', 'error').step).toMatchObject({
      conclusion: { verdict: 'error' }
    })
  })

  it('warns after a watch that ended within the limit, whatever sample came last', () => {
    const tolerant = { ...watch, errorLimit: 1 }
    expect(runTo(tolerant, 1, 'error', 1, 1, 1, 2).step).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'warn',
        reasons: ['sample 2 errored: The query failed: busy 2'],
        story: '1 of 6 samples in the 10 s watch errored (error-limit 1)'
      }
    })
    expect(runTo(tolerant, 1, 2, 1, 1, 1, 'error').step).toMatchObject({
      conclusion: { verdict: 'warn', reasons: ['sample 6 errored: The query failed: busy 6'] }
    })
  })

  it('never passes a window in which no query answered', () => {
    expect(runTo({ ...watch, errorLimit: 10 }, 'error', 'error', 'error', 'error', 'error', 'error')).toEqual({
      after: 6,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'error',
          reasons: ['sample 6 errored: The query failed: busy 6'],
          story: 'no sample answered in the 10 s watch (6 samples, every 2 s)'
        }
      }
    })
  })

  it('never counts a failed query as holding in a wait-until: it breaks the row, and a pass after one is a warning', () => {
    const wait = { ...waitUntil, errorLimit: 1, consecutiveSuccesses: 2 }
    expect(runTo(wait, 1, 'error', 1, 1)).toEqual({
      after: 4,
      step: {
        kind: 'stop',
        conclusion: {
          verdict: 'warn',
          reasons: ['sample 2 errored: The query failed: busy 2'],
          story:
            'held 2 samples in a row (consecutive-successes 2), the last on sample 4, 6 s into the 10 s wait; 1 of 4 samples errored (error-limit 1)'
        }
      }
    })
    expect(runTo({ ...waitUntil, errorLimit: 1 }, 9, 9, 9, 9, 9, 'error').step).toEqual({
      kind: 'stop',
      conclusion: {
        verdict: 'fail',
        reasons: ['count 9 > max-count 5', 'sample 6 errored: The query failed: busy 6'],
        story: 'the last sample errored when wait-until 10 s ended (6 samples, every 2 s)'
      }
    })
  })

  it('still stops at once on a partial answer it cannot trust, whatever error-limit says', () => {
    const [first, second] = samples(1, 1)
    expect(
      nextStep(
        { ...watch, errorLimit: 5 },
        [first, { ...second, status: 'error', error: 'the result is incomplete: row limit' }],
        T0,
        T0 + 2100
      )
    ).toMatchObject({
      conclusion: { verdict: 'error', reasons: ['the result is incomplete: row limit'] }
    })
  })
})

describe('tallyOf', () => {
  it('counts failures, failed queries, and the rows at the end', () => {
    const tally = tallyOf(samples(9, 'error', 1, 'error', 'error'))
    expect({ ...tally, failed: tally.failed.map(s => s.index), errored: tally.errored.map(s => s.index) }).toEqual({
      failed: [1],
      errored: [2, 4, 5],
      errorsInARow: 2,
      heldInARow: 0
    })
    expect(tallyOf(samples(9, 1, 4)).heldInARow).toBe(2)
    expect(tallyOf([])).toMatchObject({ errorsInARow: 0, heldInARow: 0 })
  })
})
