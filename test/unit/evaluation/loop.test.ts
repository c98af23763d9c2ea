import { describe, expect, it } from 'vitest'
import { GATE, once, SECOND, T0, waitUntil, watch } from '../fixtures/evaluation.js'
import type { Clock } from '../../../src/common/clock.js'
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
