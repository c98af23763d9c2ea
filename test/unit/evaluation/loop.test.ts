import { describe, expect, it } from 'vitest'
import { GATE, once, SECOND, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import type { Clock } from '../../../src/common/clock.js'
import { ActionError } from '../../../src/common/errors.js'
import { describeSample } from '../../../src/evaluation/describe.js'
import { evaluateGate } from '../../../src/evaluation/gate.js'
import { evaluateOverTime, type EvaluationLog } from '../../../src/evaluation/loop.js'

/** A clock that moves only when slept on, or when a query "takes" time. */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = T0
  const clock = {
    sleeps: [] as number[],
    now: () => now,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      now += ms
    },
    advance: (ms: number) => {
      now += ms
    }
  }
  return clock
}

const silent: EvaluationLog = { starting: () => {}, delaying: () => {}, sampled: () => {} }

describe('evaluateOverTime', () => {
  function sampler(counts: number[], clock: ReturnType<typeof fakeClock>, tookMs = 300) {
    const starts: number[] = []
    const take = async (index: number, at: number) => {
      starts.push(at)
      clock.advance(tookMs)
      const measure = { count: counts[Math.min(index - 1, counts.length - 1)] }
      return { status: 'ok' as const, index, at, measure, gate: evaluateGate(measure, GATE), extra: `result ${index}` }
    }
    return { take, starts }
  }

  it('waits out the delay, then samples every interval until the watch fails', async () => {
    const clock = fakeClock()
    const { take, starts } = sampler([1, 2, 9, 1], clock)
    const evaluation = await evaluateOverTime({ ...watch, delayMs: 5 * SECOND }, take, silent, clock)
    expect(starts.map(at => at - T0)).toEqual([5000, 7000, 9000])
    expect(clock.sleeps).toEqual([5000, 1700, 1700])
    expect(evaluation.conclusion.verdict).toBe('fail')
    expect(evaluation.samples.map(sample => sample.measure.count)).toEqual([1, 2, 9])
    expect(evaluation.last).toMatchObject({ index: 3, extra: 'result 3' })
    expect(evaluation.samples[0]).not.toHaveProperty('extra')
  })

  it('passes wait-until on the fourth sample', async () => {
    const clock = fakeClock()
    const { take, starts } = sampler([9, 8, 7, 2], clock)
    const evaluation = await evaluateOverTime(waitUntil, take, silent, clock)
    expect(starts.map(at => at - T0)).toEqual([0, 2000, 4000, 6000])
    expect(evaluation.conclusion).toMatchObject({ verdict: 'pass', story: 'held on sample 4, 6 s into the 10 s wait' })
  })

  it('samples once without sleeping', async () => {
    const clock = fakeClock()
    const { take, starts } = sampler([3], clock)
    const evaluation = await evaluateOverTime(once, take, silent, clock)
    expect(starts).toEqual([T0])
    expect(clock.sleeps).toEqual([])
    expect(evaluation.samples).toHaveLength(1)
  })

  it('lets a failed query end the evaluation', async () => {
    const clock = fakeClock()
    let taken = 0
    const failing = async (index: number, at: number) => {
      if (++taken === 2) throw new Error('query failed after retries')
      const measure = { count: 0 }
      return { status: 'ok' as const, index, at, measure, gate: evaluateGate(measure, GATE) }
    }
    await expect(evaluateOverTime(watch, failing, silent, clock)).rejects.toThrow('query failed after retries')
  })

  /** A sampler over these counts in which `error` is a query that failed after its retries (an ActionError). */
  function flaky(counts: (number | 'error')[], clock: ReturnType<typeof fakeClock>) {
    return async (index: number, at: number) => {
      clock.advance(300)
      const count = counts[Math.min(index - 1, counts.length - 1)]
      if (count === 'error') throw new ActionError(`The query failed: busy (sample ${index})`)
      const measure = { count }
      return { status: 'ok' as const, index, at, measure, gate: evaluateGate(measure, GATE), extra: `result ${index}` }
    }
  }

  it('keeps a failed query as a sample when error-limit tolerates it, and goes on', async () => {
    const clock = fakeClock()
    const lines: string[] = []
    const log: EvaluationLog = {
      ...silent,
      sampled: (sample, plan, samples) => lines.push(describeSample(sample, plan, samples))
    }
    const plan = { ...watch, windowMs: 4 * SECOND, errorLimit: 1 }
    const evaluation = await evaluateOverTime(plan, flaky([1, 'error', 2], clock), log, clock)
    expect(evaluation.conclusion).toMatchObject({
      verdict: 'warn',
      reasons: ['sample 2 errored: The query failed: busy (sample 2)']
    })
    expect(evaluation.samples.map(sample => sample.status)).toEqual(['ok', 'error', 'ok'])
    expect(evaluation.samples[1]).toEqual({
      status: 'error',
      error: 'The query failed: busy (sample 2)',
      queryFailed: true,
      index: 2,
      at: T0 + 2 * SECOND,
      measure: { count: 0 },
      gate: expect.objectContaining({ verdict: 'none' })
    })
    expect(evaluation.last).toMatchObject({ index: 3, extra: 'result 3' })
    expect(lines[1]).toBe(
      'Sample 2 at 12:00:02 UTC → error: The query failed: busy (sample 2) (error 1 in a row, within error-limit 1)'
    )
  })

  it('keeps the last sample that answered when a tolerated failed query came last', async () => {
    const clock = fakeClock()
    const evaluation = await evaluateOverTime(
      { ...watch, windowMs: 4 * SECOND, errorLimit: 1 },
      flaky([1, 2, 'error'], clock),
      silent,
      clock
    )
    expect(evaluation.conclusion.verdict).toBe('warn')
    expect(evaluation.samples).toHaveLength(3)
    expect(evaluation.last).toMatchObject({ index: 2, extra: 'result 2' })
  })

  it('ends with the query error itself at one failed query more than error-limit', async () => {
    const clock = fakeClock()
    const evaluation = evaluateOverTime(
      { ...watch, errorLimit: 1 },
      flaky([1, 'error', 1, 'error', 'error', 1], clock),
      silent,
      clock
    )
    await expect(evaluation).rejects.toThrow(new ActionError('The query failed: busy (sample 5)'))
  })

  it('ends with the last query error when no sample of the window answered', async () => {
    const clock = fakeClock()
    await expect(
      evaluateOverTime({ ...watch, windowMs: 2 * SECOND, errorLimit: 5 }, flaky(['error'], clock), silent, clock)
    ).rejects.toThrow('busy (sample 2)')
  })

  it('never keeps going after an error that is not an ActionError (a bug)', async () => {
    const clock = fakeClock()
    const broken = async () => {
      throw new TypeError('undefined is not a function')
    }
    await expect(evaluateOverTime({ ...watch, errorLimit: 5 }, broken, silent, clock)).rejects.toThrow(TypeError)
  })

  it('tells the log what it does', async () => {
    const clock = fakeClock()
    const { take } = sampler([1, 1], clock)
    const lines: string[] = []
    const log: EvaluationLog = {
      starting: plan => lines.push(`starting ${plan.mode}`),
      delaying: ms => lines.push(`delaying ${ms}`),
      sampled: sample => lines.push(describeSample(sample))
    }
    await evaluateOverTime({ ...watch, windowMs: 2 * SECOND, delayMs: 1000 }, take, log, clock)
    expect(lines).toEqual([
      'starting watch',
      'delaying 1000',
      'Sample 1 at 12:00:01 UTC: count 1 → pass: count 1 ≤ max-count 5, count 1 ≤ warn-count 3',
      'Sample 2 at 12:00:03 UTC: count 1 → pass: count 1 ≤ max-count 5, count 1 ≤ warn-count 3'
    ])
  })
})
