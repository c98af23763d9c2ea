import { describe, expect, it } from 'vitest'
import type { ConditionTally } from '../../../src/evaluation/condition-tally.js'
import {
  evaluateGate,
  hasFailingThreshold,
  measureResult,
  NO_DATA,
  type Measure
} from '../../../src/evaluation/gate.js'

const rows = (n: number, first = '7'): Measure => (n === 0 ? { count: 0 } : measureResult(n, [first]))
const matched = (fail: number, rowsJudged = 5): ConditionTally => ({
  rows: rowsJudged,
  fail: { matched: fail, examples: fail > 0 ? ['AppRoleName=api (p95 912.4)'] : [] }
})

describe('evaluateGate with conditions over rows', () => {
  it('fails on a fail-if that matched, beside the thresholds', () => {
    expect(evaluateGate(rows(5), { maxCount: '10', failIf: 'p95 > 800', onNoData: 'fail' }, matched(1))).toEqual({
      verdict: 'fail',
      failures: ['fail-if matched 1 of 5 rows: AppRoleName=api (p95 912.4)'],
      warnings: [],
      passes: ['count 5 ≤ max-count 10']
    })
  })

  it('passes a fail-if that matched nothing', () => {
    expect(evaluateGate(rows(5), { failIf: 'p95 > 800', onNoData: 'fail' }, matched(0))).toEqual({
      verdict: 'pass',
      failures: [],
      warnings: [],
      passes: ['fail-if matched none of 5 rows']
    })
  })

  it('warns on a warn-if that matched', () => {
    const tally: ConditionTally = { rows: 2, warn: { matched: 2, examples: ['row 1', 'row 2'] } }
    expect(evaluateGate(rows(2), { warnIf: 'x', onNoData: 'warn' }, tally)).toMatchObject({
      verdict: 'warn',
      warnings: ['warn-if matched 2 of 2 rows: row 1; row 2']
    })
  })

  it('fail-if is a failing threshold (watch and wait-until need one)', () => {
    expect(hasFailingThreshold({ failIf: 'p95 > 800' })).toBe(true)
    expect(hasFailingThreshold({ warnIf: 'p95 > 800' })).toBe(false)
  })
})

describe('evaluateGate on no data (on-no-data)', () => {
  it.each([
    ['fail', { verdict: 'fail', failures: [NO_DATA], warnings: [], passes: [] }],
    ['warn', { verdict: 'warn', failures: [], warnings: [NO_DATA], passes: [] }],
    ['pass', { verdict: 'pass', failures: [], warnings: [], passes: [NO_DATA] }]
  ] as const)('%s: one "no data" sentence in place of the conditions', (onNoData, outcome) => {
    expect(
      evaluateGate(rows(0), { failIf: 'p95 > 800', onNoData }, { rows: 0, fail: { matched: 0, examples: [] } })
    ).toEqual(outcome)
  })

  it('stands for the value thresholds too, while count thresholds still count zero rows', () => {
    expect(evaluateGate(rows(0), { maxValue: '5', warnValue: '3', minCount: '1', onNoData: 'warn' })).toEqual({
      verdict: 'fail',
      failures: ['count 0 < min-count 1'],
      warnings: [NO_DATA],
      passes: []
    })
  })

  it('leaves a row whose value is not a number to the value thresholds', () => {
    expect(evaluateGate(measureResult(1, ['"high"']), { maxValue: '5', onNoData: 'pass' })).toMatchObject({
      verdict: 'fail',
      failures: ['the value "high" is not a number, so max-value 5 cannot be checked']
    })
  })
})
