import { describe, expect, it } from 'vitest'
import { loadConditions, readEvaluation, readGate } from '../../../src/inputs/gate-inputs.js'
import { readCount, readDecimal, readDuration } from '../../../src/inputs/values.js'
import { inputError, inputRejection, reader } from '../fixtures/inputs.js'

describe('readDecimal', () => {
  it.each([
    '5',
    '0.9',
    '-2.5',
    '+3',
    '.5',
    '1e3',
    '9007199254740993',
    '123456789012345678901234567890',
    '1e-400',
    '1e999',
    '-0'
  ])('keeps %j as written', text => {
    expect(readDecimal(reader({ 'max-value': text }), 'max-value')).toBe(text)
  })

  it('trims white space and is undefined when empty', () => {
    expect(readDecimal(reader({ 'max-value': ' 42 ' }), 'max-value')).toBe('42')
    expect(readDecimal(reader({}), 'max-value')).toBeUndefined()
  })

  it.each(['five', 'abc', '0x10', 'Infinity', 'NaN', '1,5', '--1', '5%', '1_000', '1e'])('rejects %j', text => {
    expect(inputError(() => readDecimal(reader({ 'max-value': text }), 'max-value')).message).toBe(
      `Input 'max-value': ${JSON.stringify(text)} is not a number: write it like 5, 0.9 or -2.5.`
    )
  })
})

describe('readCount', () => {
  it.each(['0', '5', '+5', '007', '9007199254740993', '123456789012345678901234567890'])(
    'keeps %j as written',
    text => {
      expect(readCount(reader({ 'max-count': text }), 'max-count')).toBe(text)
    }
  )

  it.each([
    ['-1', 'it cannot be negative'],
    ['1.5', 'it must be a whole number'],
    ['1e3', 'it must be a whole number'],
    ['ten', 'it must be a whole number']
  ])('rejects %j: %s', (text, hint) => {
    expect(inputError(() => readCount(reader({ 'max-count': text }), 'max-count')).message).toBe(
      `Input 'max-count': ${JSON.stringify(text)} is not valid: ${hint}.`
    )
  })
})

describe('readDuration', () => {
  const range = { min: 1000, max: 24 * 3600_000 }
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['PT5M', 300_000],
    ['pt1h30m', 5_400_000],
    ['PT1.5S', 1500],
    ['P1D', 86_400_000]
  ])('reads %j as %d ms', (text, ms) => {
    expect(readDuration(reader({ watch: text }), 'watch', range)).toBe(ms)
  })

  it('falls back when empty, and takes 0 for none where allowed', () => {
    expect(readDuration(reader({}), 'delay', { min: 0, max: 1000, fallback: 0 })).toBe(0)
    expect(readDuration(reader({ delay: '0' }), 'delay', { min: 0, max: 1000 })).toBe(0)
    expect(readDuration(reader({ delay: '0s' }), 'delay', { min: 0, max: 1000 })).toBe(0)
  })

  it.each([
    ['5 minutes', 'is not a duration: write 90s, 5m, 1h or ISO 8601 (PT5M).'],
    ['P1M', 'is not a duration'],
    ['-5m', 'is not a duration'],
    ['1.5m', 'is not a duration']
  ])('rejects %j', (text, says) => {
    expect(inputError(() => readDuration(reader({ watch: text }), 'watch', range)).message).toContain(says)
  })

  it('says when it is zero, too short or too long', () => {
    expect(inputError(() => readDuration(reader({ interval: '0s' }), 'interval', range)).message).toBe(
      "Input 'interval': must be longer than zero."
    )
    expect(inputError(() => readDuration(reader({ interval: 'PT0.5S' }), 'interval', range)).message).toBe(
      'Input \'interval\': "PT0.5S" is too short: use 1 s or more.'
    )
    expect(inputError(() => readDuration(reader({ watch: '2d' }), 'watch', range)).message).toBe(
      'Input \'watch\': "2d" is too long: at most 24 h.'
    )
  })
})

describe('readGate', () => {
  it('reads every threshold', () => {
    const gate = readGate(
      reader({
        'max-count': '10',
        'min-count': '1',
        'warn-count': '5',
        'max-value': '0.9',
        'min-value': '-1',
        'warn-value': '0.8'
      })
    )
    expect(gate).toEqual({
      maxCount: '10',
      minCount: '1',
      warnCount: '5',
      maxValue: '0.9',
      minValue: '-1',
      warnValue: '0.8',
      onNoData: 'fail'
    })
  })

  it('keeps thresholds as written, of any size', () => {
    const gate = readGate(
      reader({
        'max-count': '123456789012345678901234567890',
        'max-value': '9007199254740993',
        'warn-value': '9007199254740992',
        'min-value': '-1e999'
      })
    )
    expect(gate).toEqual({
      maxCount: '123456789012345678901234567890',
      maxValue: '9007199254740993',
      warnValue: '9007199254740992',
      minValue: '-1e999',
      onNoData: 'fail'
    })
  })

  it('reads fail-if and warn-if as written, and on-no-data', () => {
    expect(
      readGate(
        reader({
          'fail-if': ' errorRate > 0.02 || p95 > 800 ',
          'warn-if': "row['odd name'] == 'x'",
          'on-no-data': 'PASS'
        })
      )
    ).toEqual({
      failIf: 'errorRate > 0.02 || p95 > 800',
      warnIf: "row['odd name'] == 'x'",
      onNoData: 'pass'
    })
  })

  it('fails on no data by default, but only warns when only warning thresholds need a row', () => {
    expect(readGate(reader({ 'fail-if': 'p95 > 800' })).onNoData).toBe('fail')
    expect(readGate(reader({ 'min-value': '1' })).onNoData).toBe('fail')
    expect(readGate(reader({ 'warn-if': 'p95 > 800' })).onNoData).toBe('warn')
    expect(readGate(reader({ 'warn-value': '1', 'max-count': '3' })).onNoData).toBe('warn')
    expect(readGate(reader({ 'warn-if': 'p95 > 800', 'on-no-data': 'fail' })).onNoData).toBe('fail')
    expect(readGate(reader({ 'max-count': '3' })).onNoData).toBeUndefined()
  })

  it.each([
    [{ 'min-value': '1', 'max-value': '0.5' }, "Input 'min-value': 1 is above max-value 0.5: no value could pass."],
    [
      { 'warn-count': '5', 'max-count': '5' },
      "Input 'warn-count': 5 is not below max-count 5: the gate would fail before the warning could show."
    ],
    [
      { 'warn-count': '2', 'min-count': '3' },
      "Input 'warn-count': 2 is below min-count 3: every passing result would warn."
    ],
    [
      { 'warn-value': '1', 'max-value': '0.9' },
      "Input 'warn-value': 1 is not below max-value 0.9: the gate would fail before the warning could show."
    ],
    [{ 'warn-count': '-1' }, 'Input \'warn-count\': "-1" is not valid: it cannot be negative.'],
    [
      { 'min-value': '9007199254740993', 'max-value': '9007199254740992' },
      "Input 'min-value': 9007199254740993 is above max-value 9007199254740992: no value could pass."
    ],
    [
      { 'min-count': '9007199254740993', 'max-count': '9007199254740992' },
      "Input 'min-count': 9007199254740993 is above max-count 9007199254740992: no count could pass."
    ],
    [
      { 'warn-value': '1e-400', 'max-value': '0' },
      "Input 'warn-value': 1e-400 is not below max-value 0: the gate would fail before the warning could show."
    ],
    [
      { 'warn-value': '-1e-400', 'min-value': '0' },
      "Input 'warn-value': -1e-400 is below min-value 0: every passing result would warn."
    ]
  ])('rejects %j', (inputs, message) => {
    expect(inputError(() => readGate(reader(inputs))).message).toBe(message)
  })
})

describe('readEvaluation', () => {
  const gate = { maxCount: '5' }

  it('evaluates once by default, every minute if asked to repeat', () => {
    expect(readEvaluation(reader({}), gate)).toEqual({ mode: 'once', delayMs: 0, windowMs: 0, intervalMs: 60_000 })
    expect(readEvaluation(reader({ delay: '5m' }), {})).toEqual({
      mode: 'once',
      delayMs: 300_000,
      windowMs: 0,
      intervalMs: 60_000
    })
  })

  it('reads watch and wait-until with their interval', () => {
    expect(readEvaluation(reader({ watch: '10m', delay: '2m' }), gate)).toEqual({
      mode: 'watch',
      delayMs: 120_000,
      windowMs: 600_000,
      intervalMs: 60_000
    })
    expect(readEvaluation(reader({ 'wait-until': '30m', interval: '90s' }), gate)).toEqual({
      mode: 'wait-until',
      delayMs: 0,
      windowMs: 1_800_000,
      intervalMs: 90_000
    })
  })

  it('takes watch or wait-until, not both', () => {
    expect(inputError(() => readEvaluation(reader({ watch: '5m', 'wait-until': '5m' }), gate)).message).toBe(
      "Input 'watch': give either watch or wait-until, not both: watch fails at the first breach, wait-until waits for the thresholds to hold."
    )
  })

  it('needs a threshold that can fail', () => {
    expect(inputError(() => readEvaluation(reader({ watch: '5m' }), {})).message).toBe(
      "Input 'watch': needs a threshold to evaluate: set max-count, min-count, max-value, min-value or fail-if."
    )
    expect(inputError(() => readEvaluation(reader({ 'wait-until': '5m' }), { warnCount: '3' })).input).toBe(
      'wait-until'
    )
  })

  it('wants an interval no longer than the window', () => {
    expect(inputError(() => readEvaluation(reader({ watch: '30s' }), gate)).message).toBe(
      "Input 'interval': 1 min is longer than watch 30 s: set a shorter interval."
    )
    expect(readEvaluation(reader({ watch: '30s', interval: '30s' }), gate).intervalMs).toBe(30_000)
  })

  it('reads failure-limit, consecutive-successes and error-limit only when given', () => {
    expect(readEvaluation(reader({ watch: '10m', 'failure-limit': '2', 'error-limit': '1' }), gate)).toEqual({
      mode: 'watch',
      delayMs: 0,
      windowMs: 600_000,
      intervalMs: 60_000,
      failureLimit: 2,
      errorLimit: 1
    })
    expect(
      readEvaluation(reader({ 'wait-until': '10m', 'consecutive-successes': '3', 'error-limit': '0' }), gate)
    ).toMatchObject({ consecutiveSuccesses: 3, errorLimit: 0 })
    expect(readEvaluation(reader({ watch: '10m' }), gate)).not.toHaveProperty('failureLimit')
  })

  it('lets a watch fail and the successes in a row fit in the wait', () => {
    // watch 10 min every 1 min: 11 samples, so at most 10 tolerated failures.
    expect(readEvaluation(reader({ watch: '10m', 'failure-limit': '10' }), gate).failureLimit).toBe(10)
    expect(inputError(() => readEvaluation(reader({ watch: '10m', 'failure-limit': '11' }), gate)).message).toBe(
      "Input 'failure-limit': 11 would tolerate every sample (watch 10 min every 1 min takes at most 11 samples), so the watch could never fail: use at most 10."
    )
    expect(
      readEvaluation(reader({ 'wait-until': '10m', 'consecutive-successes': '11' }), gate).consecutiveSuccesses
    ).toBe(11)
    expect(
      inputError(() => readEvaluation(reader({ 'wait-until': '10m', 'consecutive-successes': '12' }), gate)).message
    ).toBe(
      "Input 'consecutive-successes': 12 samples in a row cannot happen (wait-until 10 min every 1 min takes at most 11 samples): use at most 11, or a longer wait-until."
    )
  })
})

describe('loadConditions', () => {
  it('loads nothing without fail-if or warn-if', async () => {
    expect(await loadConditions({})).toBeUndefined()
  })

  it('gives the CEL side when a condition is set and compiles', async () => {
    const cel = await loadConditions({ warnIf: "AppRoleName == 'api' && p95 > 800.0" })
    expect(cel?.conditionProblem('count > 2')).toBeUndefined()
    expect(cel?.readsBaseline({ failIf: 'errorRate > baseline.errorRate' })).toBe(true)
  })

  it.each([
    [{ failIf: 'errorRate >' }, 'fail-if', 'Unexpected token: EOF at column 12 of "errorRate >"'],
    [{ failIf: 'p95 > 800', warnIf: 'p95 + 1' }, 'warn-if', 'gives int, not true or false'],
    [{ warnIf: 'errorRate > 0.1', failIf: "AppRoleName == 'api" }, 'fail-if', '']
  ])('refuses %j, naming the input, in one line', async (conditions, input, detail) => {
    const error = await inputRejection(() => loadConditions(conditions))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(new RegExp(`^Input '${input}': is not a CEL expression that can be true or false: `))
    expect(error.message).toContain(detail)
    expect(error.message).not.toMatch(/[\r\n]/)
  })
})
