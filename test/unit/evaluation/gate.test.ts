import { describe, expect, it } from 'vitest'
import {
  evaluateGate,
  gatesOnValue,
  hasFailingThreshold,
  measureResult,
  thresholdsOn,
  type Measure
} from '../../../src/evaluation/gate.js'

const count = (n: number): Measure => ({ count: n })
/** A measure whose first cell arrived as `raw` (raw JSON text). */
const cell = (raw: string, rows = 1): Measure => measureResult(rows, [raw])

describe('evaluateGate on count', () => {
  it('has no verdict without thresholds', () => {
    expect(evaluateGate(count(12), {})).toEqual({ verdict: 'none', failures: [], warnings: [], passes: [] })
    expect(evaluateGate(count(0), { maxCount: undefined, minCount: undefined })).toEqual({
      verdict: 'none',
      failures: [],
      warnings: [],
      passes: []
    })
  })

  it.each([
    [0, '5', 'count 0 ≤ max-count 5'],
    [5, '5', 'count 5 ≤ max-count 5'],
    [0, '0', 'count 0 ≤ max-count 0'],
    [5, '0005', 'count 5 ≤ max-count 0005'],
    [9007199254740991, '9007199254740992', 'count 9007199254740991 ≤ max-count 9007199254740992']
  ])('passes count %d under max-count %s', (n, maxCount, sentence) => {
    expect(evaluateGate(count(n), { maxCount })).toEqual({
      verdict: 'pass',
      failures: [],
      warnings: [],
      passes: [sentence]
    })
  })

  it.each([
    [6, '5', 'count 6 > max-count 5'],
    [1, '0', 'count 1 > max-count 0'],
    [500000, '100', 'count 500000 > max-count 100'],
    [9007199254740991, '9007199254740990', 'count 9007199254740991 > max-count 9007199254740990']
  ])('fails count %d over max-count %s', (n, maxCount, sentence) => {
    expect(evaluateGate(count(n), { maxCount })).toEqual({
      verdict: 'fail',
      failures: [sentence],
      warnings: [],
      passes: []
    })
  })

  it('passes and fails on min-count', () => {
    expect(evaluateGate(count(1), { minCount: '1' })).toMatchObject({
      verdict: 'pass',
      failures: [],
      passes: ['count 1 ≥ min-count 1']
    })
    expect(evaluateGate(count(0), { minCount: '1' })).toMatchObject({
      verdict: 'fail',
      failures: ['count 0 < min-count 1'],
      passes: []
    })
    expect(evaluateGate(count(0), { minCount: '0' })).toMatchObject({
      verdict: 'pass',
      failures: [],
      passes: ['count 0 ≥ min-count 0']
    })
  })

  it('checks both thresholds', () => {
    expect(evaluateGate(count(3), { minCount: '1', maxCount: '5' })).toMatchObject({
      verdict: 'pass',
      passes: ['count 3 ≤ max-count 5', 'count 3 ≥ min-count 1']
    })
    expect(evaluateGate(count(9), { minCount: '1', maxCount: '5' })).toMatchObject({
      verdict: 'fail',
      failures: ['count 9 > max-count 5'],
      passes: ['count 9 ≥ min-count 1']
    })
    expect(evaluateGate(count(0), { minCount: '1', maxCount: '5' })).toMatchObject({
      verdict: 'fail',
      failures: ['count 0 < min-count 1'],
      passes: ['count 0 ≤ max-count 5']
    })
  })
})

describe('evaluateGate warning tier', () => {
  it('warns above warn-count and still passes', () => {
    expect(evaluateGate(count(7), { maxCount: '10', warnCount: '5' })).toEqual({
      verdict: 'warn',
      failures: [],
      warnings: ['count 7 > warn-count 5'],
      passes: ['count 7 ≤ max-count 10']
    })
  })

  it('passes at warn-count itself', () => {
    expect(evaluateGate(count(5), { warnCount: '5' })).toMatchObject({
      verdict: 'pass',
      warnings: [],
      passes: ['count 5 ≤ warn-count 5']
    })
  })

  it('fails rather than warns when a failing threshold is crossed too', () => {
    expect(evaluateGate(count(12), { maxCount: '10', warnCount: '5' })).toMatchObject({
      verdict: 'fail',
      failures: ['count 12 > max-count 10'],
      warnings: ['count 12 > warn-count 5']
    })
  })

  it('warns above warn-value', () => {
    expect(evaluateGate(cell('0.85'), { maxValue: '0.9', warnValue: '0.8' })).toMatchObject({
      verdict: 'warn',
      warnings: ['value 0.85 > warn-value 0.8'],
      passes: ['value 0.85 ≤ max-value 0.9']
    })
  })

  it('warns when warn-value cannot be checked', () => {
    expect(evaluateGate(cell('"n/a"'), { warnValue: '0.8' })).toMatchObject({
      verdict: 'warn',
      warnings: ['the value "n/a" is not a number, so warn-value 0.8 cannot be checked']
    })
  })
})

describe('evaluateGate on value', () => {
  it.each([
    ['0.93', { maxValue: '0.9' }, 'fail', 'value 0.93 > max-value 0.9'],
    ['0.9', { maxValue: '0.9' }, 'pass', 'value 0.9 ≤ max-value 0.9'],
    ['-3', { minValue: '-2.5' }, 'fail', 'value -3 < min-value -2.5'],
    ['12', { minValue: '10' }, 'pass', 'value 12 ≥ min-value 10'],
    ['"0.10101"', { maxValue: '1' }, 'pass', 'value 0.10101 ≤ max-value 1'],
    ['9007199254740993', { maxValue: '1e15' }, 'fail', 'value 9007199254740993 > max-value 1e15'],
    ['1e3', { maxValue: '999' }, 'fail', 'value 1e3 > max-value 999'],
    [
      '9007199254740993',
      { maxValue: '9007199254740992' },
      'fail',
      'value 9007199254740993 > max-value 9007199254740992'
    ],
    [
      '9007199254740992',
      { maxValue: '9007199254740992' },
      'pass',
      'value 9007199254740992 ≤ max-value 9007199254740992'
    ],
    [
      '9223372036854775807',
      { maxValue: '9223372036854775806' },
      'fail',
      'value 9223372036854775807 > max-value 9223372036854775806'
    ],
    [
      '9223372036854775808',
      { warnValue: '9223372036854775807' },
      'warn',
      'value 9223372036854775808 > warn-value 9223372036854775807'
    ],
    [
      '"123456789012345678901234567890"',
      { maxValue: '12345678901234567890123456789' },
      'fail',
      'value 123456789012345678901234567890 > max-value 12345678901234567890123456789'
    ],
    [
      '"0.100000000000000000000000000001"',
      { maxValue: '0.1' },
      'fail',
      'value 0.100000000000000000000000000001 > max-value 0.1'
    ],
    ['1e-400', { maxValue: '0' }, 'fail', 'value 1e-400 > max-value 0'],
    ['-1e-400', { minValue: '0' }, 'fail', 'value -1e-400 < min-value 0'],
    ['1e309', { maxValue: '1.5e308' }, 'fail', 'value 1e309 > max-value 1.5e308'],
    ['-0', { maxValue: '0' }, 'pass', 'value -0 ≤ max-value 0'],
    ['0e5', { minValue: '-0.0' }, 'pass', 'value 0e5 ≥ min-value -0.0'],
    ['"1.0"', { minValue: '+1' }, 'pass', 'value 1.0 ≥ min-value +1']
  ] as const)('value %s with %j: %s', (raw, gate, verdict, sentence) => {
    const outcome = evaluateGate(cell(raw), gate)
    expect(outcome.verdict).toBe(verdict)
    expect({ fail: outcome.failures, warn: outcome.warnings, pass: outcome.passes }[verdict]).toEqual([sentence])
  })

  it.each([
    ['"hello"', 'the value "hello" is not a number, so max-value 5 cannot be checked'],
    ['"0x10"', 'the value "0x10" is not a number, so max-value 5 cannot be checked'],
    ['"Infinity"', 'the value "Infinity" is not a number, so max-value 5 cannot be checked'],
    ['"-Infinity"', 'the value "-Infinity" is not a number, so max-value 5 cannot be checked'],
    ['"NaN"', 'the value "NaN" is not a number, so max-value 5 cannot be checked'],
    ['true', 'the value "true" is not a number, so max-value 5 cannot be checked'],
    ['null', 'the value is empty, so max-value 5 cannot be checked'],
    ['"2026-11-01T00:00:00Z"', 'the value "2026-11-01T00:00:00Z" is not a number, so max-value 5 cannot be checked']
  ])('never passes a value that is not a number: %s', (raw, sentence) => {
    expect(evaluateGate(cell(raw), { maxValue: '5' })).toMatchObject({
      verdict: 'fail',
      failures: [sentence],
      passes: []
    })
  })

  it('fails a value threshold when there is no row at all', () => {
    expect(evaluateGate(measureResult(0, undefined), { minValue: '1' })).toMatchObject({
      verdict: 'fail',
      failures: ['no value (the query returned no rows), so min-value 1 cannot be checked']
    })
  })

  it('shortens a long value in the sentence', () => {
    const outcome = evaluateGate(cell(JSON.stringify(`1${'0'.repeat(60)}`)), { maxValue: '5' })
    expect(outcome.failures[0]).toBe(`value 1${'0'.repeat(38)}… > max-value 5`)
  })

  it('judges count and value together', () => {
    expect(evaluateGate(cell('0.5', 12), { maxCount: '5', maxValue: '0.9' })).toMatchObject({
      verdict: 'fail',
      failures: ['count 12 > max-count 5'],
      passes: ['value 0.5 ≤ max-value 0.9']
    })
  })
})

describe('measureResult', () => {
  it('takes the first cell of the first row as text and as a number', () => {
    expect(measureResult(3, ['42', '"x"'])).toEqual({ count: 3, value: '42', number: '42' })
    expect(measureResult(1, ['"12.50"'])).toEqual({ count: 1, value: '12.50', number: '12.50' })
    expect(measureResult(1, ['9007199254740993'])).toEqual({
      count: 1,
      value: '9007199254740993',
      number: '9007199254740993'
    })
    expect(measureResult(1, ['1e-400'])).toEqual({ count: 1, value: '1e-400', number: '1e-400' })
  })

  it('keeps text that is not a number as text only', () => {
    expect(measureResult(1, ['"api"'])).toEqual({ count: 1, value: 'api' })
    expect(measureResult(1, ['"{\\"a\\":1}"'])).toEqual({ count: 1, value: '{"a":1}' })
    expect(measureResult(1, ['null'])).toEqual({ count: 1, value: '' })
  })

  it('has no value without rows', () => {
    expect(measureResult(0, undefined)).toEqual({ count: 0 })
  })
})

describe('threshold helpers', () => {
  it('tells failing thresholds from warning ones', () => {
    expect(hasFailingThreshold({})).toBe(false)
    expect(hasFailingThreshold({ warnCount: '1', warnValue: '2' })).toBe(false)
    expect(hasFailingThreshold({ minValue: '0' })).toBe(true)
    expect(hasFailingThreshold({ maxCount: '0' })).toBe(true)
  })

  it('lists the thresholds on count or value', () => {
    const gate = { maxCount: '10', warnCount: '5', minValue: '0.5' }
    expect(thresholdsOn(gate, 'count')).toEqual([
      { name: 'max-count', limit: 10, tier: 'fail' },
      { name: 'warn-count', limit: 5, tier: 'warn' }
    ])
    expect(thresholdsOn(gate, 'value')).toEqual([{ name: 'min-value', limit: 0.5, tier: 'fail' }])
    expect(gatesOnValue(gate)).toBe(true)
    expect(gatesOnValue({ maxCount: '1' })).toBe(false)
  })
})
