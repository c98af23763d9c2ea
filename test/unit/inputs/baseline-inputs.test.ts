import { describe, expect, it } from 'vitest'
import { readBaseline, windowOf } from '../../../src/inputs/baseline-inputs.js'
import { inputError, reader } from '../fixtures/inputs.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** `baseline` read against the checked timespan `timespan`, in mode: query. */
const baseline = (text: string, timespan: string | undefined = 'PT1H') =>
  readBaseline(reader({ baseline: text }), timespan, false)

describe('readBaseline', () => {
  it('is undefined without a baseline, whatever the timespan or mode', () => {
    expect(baseline('')).toBeUndefined()
    expect(baseline('  ', undefined)).toBeUndefined()
    expect(readBaseline(reader({}), undefined, true)).toBeUndefined()
  })

  it('takes previous as the window of the same length just before the current one', () => {
    expect(baseline('previous')).toEqual({
      name: 'previous',
      shiftMs: HOUR,
      window: { kind: 'relative', durationMs: HOUR }
    })
    expect(baseline('Previous', 'P7D')).toEqual({
      name: 'previous',
      shiftMs: 7 * DAY,
      window: { kind: 'relative', durationMs: 7 * DAY }
    })
  })

  it('takes a duration, shorthand or ISO 8601, as how far back the current window is moved', () => {
    expect(baseline('1d')).toMatchObject({ name: '1d', shiftMs: DAY })
    expect(baseline('7d', 'P1D')).toMatchObject({ name: '7d', shiftMs: 7 * DAY })
    expect(baseline('P1W', 'P7D')).toMatchObject({ name: 'P1W', shiftMs: 7 * DAY })
    expect(baseline('PT1H')).toMatchObject({ shiftMs: HOUR })
    expect(baseline('730d')).toMatchObject({ shiftMs: 730 * DAY })
  })

  it('takes an interval in each of its forms, previous being its length back', () => {
    const start = Date.parse('2026-11-01T00:00:00Z')
    const end = Date.parse('2026-11-02T00:00:00Z')
    const fixed = { kind: 'fixed', startMs: start, endMs: end }
    expect(baseline('previous', '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z')).toEqual({
      name: 'previous',
      shiftMs: DAY,
      window: fixed
    })
    expect(baseline('7d', '2026-11-01T00:00:00Z/P1D')).toEqual({ name: '7d', shiftMs: 7 * DAY, window: fixed })
    expect(baseline('previous', 'PT24H/2026-11-02T00:00:00Z')).toEqual({
      name: 'previous',
      shiftMs: DAY,
      window: fixed
    })
  })

  it('refuses a search job before anything else about the baseline', () => {
    expect(inputError(() => readBaseline(reader({ baseline: 'soon' }), 'P1D', true)).message).toMatch(
      /^Input 'baseline': works with mode: query only/
    )
  })
})

describe('windowOf', () => {
  it('reads a duration as relative and an interval as fixed', () => {
    expect(windowOf('PT30M')).toEqual({ kind: 'relative', durationMs: 30 * 60_000 })
    expect(windowOf('2026-11-01/2026-11-03')).toEqual({
      kind: 'fixed',
      startMs: Date.parse('2026-11-01'),
      endMs: Date.parse('2026-11-03')
    })
  })

  it('has no window of fixed length for months or years', () => {
    expect(windowOf('P1M')).toBeUndefined()
    expect(windowOf('P1Y')).toBeUndefined()
    expect(windowOf('2026-11-01T00:00:00Z/P1M')).toBeUndefined()
  })
})
