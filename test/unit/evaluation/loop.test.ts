import { describe, expect, it } from 'vitest'
import { evaluateGate, type Measure } from '../../../src/evaluation/gate.js'
import type { EvaluationSettings, GateSettings } from '../../../src/settings.js'
import { describePlan, describeSample } from '../../../src/evaluation/describe.js'
import { evaluateOverTime, type Clock, type EvaluationLog } from '../../../src/evaluation/loop.js'
import { nextStep, type SampleOutcome } from '../../../src/evaluation/plan.js'
import { toSample } from '../../../src/evaluation/query-sample.js'

const GATE: GateSettings = { maxCount: '5', warnCount: '3' }
const T0 = Date.parse('2026-11-01T12:00:00Z')
const SECOND = 1000

const once: EvaluationSettings = { mode: 'once', delayMs: 0, windowMs: 0, intervalMs: 60_000 }
const watch: EvaluationSettings = { mode: 'watch', delayMs: 0, windowMs: 10 * SECOND, intervalMs: 2 * SECOND }
const waitUntil: EvaluationSettings = { mode: 'wait-until', delayMs: 0, windowMs: 10 * SECOND, intervalMs: 2 * SECOND }

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
    expect(nextStep(once, samples(9), T0, T0 + 100)).toEqual({ kind: 'stop', conclusion: { verdict: 'fail', reasons: ['count 9 > max-count 5'] } })
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
    expect(nextStep(watch, samples(9), T0, T0 + 100)).toMatchObject({ conclusion: { story: 'on the first sample of the 10 s watch' } })
  })

  it('samples a watch up to and including the end of the window, then passes', () => {
    // 0, 2, 4, 6, 8, 10 s: six samples.
    expect(nextStep(watch, samples(1, 1, 1, 1, 1), T0, T0 + 8100)).toEqual({ kind: 'sample', at: T0 + 10 * SECOND })
    expect(nextStep(watch, samples(1, 2, 1, 0, 1, 2), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'pass', reasons: ['count 2 ≤ max-count 5', 'count 2 ≤ warn-count 3'], story: 'no threshold crossed in the 10 s watch (6 samples, every 2 s)' }
    })
  })

  it('warns after a watch in which some samples warned', () => {
    expect(nextStep(watch, samples(1, 4, 1, 5, 1, 2), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'warn', reasons: ['count 5 > warn-count 3'], story: '2 of 6 samples in the 10 s watch crossed a warning threshold' }
    })
  })

  it('passes wait-until at the first sample that holds', () => {
    expect(nextStep(waitUntil, samples(9, 8, 7), T0, T0 + 4100)).toEqual({ kind: 'sample', at: T0 + 6 * SECOND })
    expect(nextStep(waitUntil, samples(9, 8, 7, 2), T0, T0 + 6100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'pass', reasons: ['count 2 ≤ max-count 5', 'count 2 ≤ warn-count 3'], story: 'held on sample 4, 6 s into the 10 s wait' }
    })
    expect(nextStep(waitUntil, samples(4), T0, T0 + 100)).toMatchObject({ conclusion: { verdict: 'warn', story: 'held on the first sample of the 10 s wait' } })
  })

  it('fails wait-until still failing when the window is over', () => {
    expect(nextStep(waitUntil, samples(9, 9, 9, 9, 9, 8), T0, T0 + 10100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'fail', reasons: ['count 8 > max-count 5'], story: 'still failing after wait-until 10 s (6 samples, every 2 s)' }
    })
  })

  it('stops with error at a sample without a trustworthy answer, even a passing one', () => {
    const [first, second] = samples(1, 1)
    expect(nextStep(watch, [first, { ...second, status: 'error', error: 'row limit' }], T0, T0 + 2100)).toEqual({
      kind: 'stop',
      conclusion: { verdict: 'error', reasons: ['the result is incomplete: row limit'], story: 'on sample 2, 2 s into the 10 s watch' }
    })
    expect(nextStep(once, [{ ...first, status: 'error', error: 'row limit' }], T0, T0)).toMatchObject({ conclusion: { verdict: 'error' } })
  })
})

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

describe('describing', () => {
  it('describes a sample with its value and verdict', () => {
    const measure = { count: 1, value: '0.93', number: '0.93' }
    const sample = { status: 'ok' as const, index: 3, at: T0 + 65_000, measure, gate: evaluateGate(measure, { maxValue: '0.9' }) }
    expect(describeSample(sample)).toBe('Sample 3 at 12:01:05 UTC: count 1, value 0.93 → fail: value 0.93 > max-value 0.9')
    expect(describeSample({ ...sample, status: 'error', error: 'cut' })).toBe('Sample 3 at 12:01:05 UTC: count 1, value 0.93 → error: the result is incomplete')
    expect(describeSample({ ...sample, gate: evaluateGate(measure, {}) })).toBe('Sample 3 at 12:01:05 UTC: count 1, value 0.93 → none')
  })

  it.each([
    [once, ''],
    [{ ...once, delayMs: 120_000 }, 'once, after a 2 min delay'],
    [{ ...watch, windowMs: 300_000, intervalMs: 60_000, delayMs: 90_000 }, 'watch 5 min, every 1 min, after a 1 min 30 s delay'],
    [{ ...waitUntil, windowMs: 3_600_000 }, 'wait-until 1 h, every 2 s']
  ])('describes the plan %j as %j', (plan, text) => {
    expect(describePlan(plan)).toBe(text)
  })
})

describe('toSample', () => {
  const result = { columns: [{ name: 'Count', type: 'long' }], count: 2, written: 2, preview: [['7'], ['8']], tables: 1 }
  const partial = { message: 'Query result set has exceeded the internal record count limit 500000', truncated: true }

  it('measures the exact count and the first cell, and judges them', () => {
    const sample = toSample(2, T0, { status: 'ok', result, count: 2, truncated: false }, 1, { gate: { maxValue: '5' }, onPartial: 'fail' })
    expect(sample).toMatchObject({ index: 2, at: T0, measure: { count: 2, value: '7', number: '7' }, attempts: 1, consequence: {} })
    expect(sample.gate.failures).toEqual(['value 7 > max-value 5'])
    expect(sample.status).toBe('ok')
  })

  it('does not trust a partial answer the step fails on', () => {
    const sample = toSample(1, T0, { status: 'partial', result, count: 900000, truncated: true, partial, countIsExact: true }, 1, { gate: { maxCount: '5' }, onPartial: 'fail' })
    expect(sample).toMatchObject({ status: 'error', error: partial.message })
    expect(sample.measure.count).toBe(900000)
    expect(sample.consequence.fail).toMatch(/^The result is incomplete, so the step fails \(on-partial: fail\)/)
  })

  it('gates on the exact count of a partial answer under on-partial: warn', () => {
    const sample = toSample(1, T0, { status: 'partial', result, count: 900000, truncated: true, partial, countIsExact: true }, 1, { gate: { maxCount: '5' }, onPartial: 'warn' })
    expect(sample.status).toBe('ok')
    expect(sample.consequence.warn).toMatch(/^The result is incomplete/)
    expect(sample.gate.failures).toEqual(['count 900000 > max-count 5'])
  })
})
