import { describe, expect, it } from 'vitest'
import { T0 } from '../fixtures/evaluation.js'
import { toSample } from '../../../src/evaluation/query-sample.js'

describe('toSample', () => {
  const result = {
    columns: [{ name: 'Count', type: 'long' }],
    count: 2,
    written: 2,
    preview: [['7'], ['8']],
    tables: 1
  }
  const partial = { message: 'Query result set has exceeded the internal record count limit 500000', truncated: true }

  it('measures the exact count and the first cell, and judges them', () => {
    const sample = toSample(2, T0, { status: 'ok', result, count: 2, truncated: false }, 1, {
      gate: { maxValue: '5' },
      onPartial: 'fail'
    })
    expect(sample).toMatchObject({
      index: 2,
      at: T0,
      measure: { count: 2, value: '7', number: '7' },
      attempts: 1,
      consequence: {}
    })
    expect(sample.gate.failures).toEqual(['value 7 > max-value 5'])
    expect(sample.status).toBe('ok')
  })

  it('does not trust a partial answer the step fails on', () => {
    const sample = toSample(
      1,
      T0,
      { status: 'partial', result, count: 900000, truncated: true, partial, countIsExact: true },
      1,
      { gate: { maxCount: '5' }, onPartial: 'fail' }
    )
    expect(sample).toMatchObject({ status: 'error', error: `the result is incomplete: ${partial.message}` })
    expect(sample.measure.count).toBe(900000)
    expect(sample.consequence.fail).toMatch(/^The result is incomplete, so the step fails \(on-partial: fail\)/)
  })

  it('gates on the exact count of a partial answer under on-partial: warn', () => {
    const sample = toSample(
      1,
      T0,
      { status: 'partial', result, count: 900000, truncated: true, partial, countIsExact: true },
      1,
      { gate: { maxCount: '5' }, onPartial: 'warn' }
    )
    expect(sample.status).toBe('ok')
    expect(sample.consequence.warn).toMatch(/^The result is incomplete/)
    expect(sample.gate.failures).toEqual(['count 900000 > max-count 5'])
  })

  it('judges the conditions over rows with the thresholds, and counts the rows fail-if matched', () => {
    const gate = { maxCount: '5', failIf: 'Count > 7', onNoData: 'fail' } as const
    const tally = { rows: 2, fail: { matched: 1, examples: ['row 2 (Count 8)'] } }
    const sample = toSample(
      1,
      T0,
      { status: 'ok', result, count: 2, truncated: false },
      1,
      { gate, onPartial: 'fail' },
      tally
    )
    expect(sample).toMatchObject({ status: 'ok', matchedRows: 1 })
    expect(sample.gate).toEqual({
      verdict: 'fail',
      failures: ['fail-if matched 1 of 2 rows: row 2 (Count 8)'],
      warnings: [],
      passes: ['count 2 ≤ max-count 5']
    })
  })

  it('has no verdict when a condition could not be judged on a row', () => {
    const tally = { rows: 2, fail: { matched: 0, examples: [] }, error: 'fail-if could not be judged on row 1: boom' }
    const sample = toSample(
      1,
      T0,
      { status: 'ok', result, count: 2, truncated: false },
      1,
      { gate: { failIf: 'x', onNoData: 'fail' }, onPartial: 'fail' },
      tally
    )
    expect(sample).toMatchObject({ status: 'error', error: 'fail-if could not be judged on row 1: boom' })
    expect(sample.matchedRows).toBeUndefined()
  })

  describe('with a baseline', () => {
    const before = { columns: result.columns, count: 1, written: 0, preview: [['3']], tables: 1 }
    const ok = { status: 'ok', result, count: 2, truncated: false } as const
    const baselineOk = { status: 'ok', result: before, count: 1, truncated: false } as const
    const baselinePartial = {
      status: 'partial',
      result: before,
      count: 1,
      truncated: true,
      partial,
      countIsExact: false
    } as const

    it('keeps the baseline on the sample and judges the current window only', () => {
      const sample = toSample(1, T0, ok, 1, { gate: { maxValue: '5' }, onPartial: 'fail' }, undefined, baselineOk)
      expect(sample.baseline).toBe(baselineOk)
      expect(sample).toMatchObject({ status: 'ok', measure: { count: 2, value: '7' }, consequence: {} })
      expect(sample.gate.failures).toEqual(['value 7 > max-value 5'])
    })

    it('does not trust a sample whose baseline is incomplete under on-partial: fail, even when the current window passes', () => {
      const sample = toSample(1, T0, ok, 1, { gate: { maxValue: '50' }, onPartial: 'fail' }, undefined, baselinePartial)
      expect(sample).toMatchObject({
        status: 'error',
        error: `the result is incomplete: the baseline's answer: ${partial.message}`
      })
      expect(sample.gate.verdict).toBe('pass')
      expect(sample.consequence.fail).toMatch(/^The baseline's result is incomplete, so the step fails/)
      expect(sample.baseline).toBe(baselinePartial)
    })

    /** A sample whose current and baseline answers are both partial, under `onPartial`. */
    const partialBoth = (onPartial: 'fail' | 'warn') =>
      toSample(
        1,
        T0,
        { status: 'partial', result, count: 900000, truncated: true, partial, countIsExact: true },
        1,
        { gate: { maxCount: '5' }, onPartial },
        undefined,
        baselinePartial
      )

    it("keeps the current window's own error first", () => {
      const sample = partialBoth('fail')
      expect(sample).toMatchObject({ status: 'error', error: `the result is incomplete: ${partial.message}` })
      expect(sample.consequence.fail).toMatch(/^The result is incomplete/)
    })

    it("adds the baseline's warning to the current one under on-partial: warn", () => {
      const sample = partialBoth('warn')
      expect(sample.status).toBe('ok')
      expect(sample.consequence.warn).toMatch(/^The result is incomplete: .* The baseline's result is incomplete: /)
    })
  })
})
