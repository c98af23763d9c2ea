import { describe, expect, it } from 'vitest'
import { parseDurationMs, parseInstant, parseTimespan, TIMESPAN_FORMS } from '../../../src/inputs/durations.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90 * SECOND],
    ['5m', 5 * MINUTE],
    ['1h', HOUR],
    ['7d', 7 * DAY],
    ['0s', 0],
    ['5M', 5 * MINUTE],
    [' 30m ', 30 * MINUTE],
    ['10 s', 10 * SECOND],
    ['PT30M', 30 * MINUTE],
    ['P1DT2H', DAY + 2 * HOUR],
    ['PT0.5S', 500],
    ['PT1.25S', 1250],
    ['P1W', 7 * DAY],
    ['P2D', 2 * DAY],
    ['PT1H30M15S', HOUR + 30 * MINUTE + 15 * SECOND],
    ['pt15m', 15 * MINUTE],
    ['P1W2DT3H4M5S', 9 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND]
  ])('%j is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms)
  })

  it.each([
    'P1M',
    'P1Y',
    'P1Y2D',
    'P1M2DT3H',
    'P',
    'PT',
    'P1DT',
    'PT1.5H',
    '-5m',
    '5',
    '5x',
    '1h30m',
    'garbage',
    '',
    '   ',
    'T1H',
    'P1D/P2D',
    'PT5M extra'
  ])('rejects %j', text => {
    expect(parseDurationMs(text)).toBeUndefined()
  })
})

describe('parseTimespan', () => {
  it.each([
    ['30m', 'PT30M'],
    ['24h', 'PT24H'],
    ['90s', 'PT90S'],
    ['7d', 'P7D'],
    ['07d', 'P7D'],
    ['1H', 'PT1H'],
    [' 15m ', 'PT15M']
  ])('turns the shorthand %j into %s', (text, iso) => {
    expect(parseTimespan(text)).toEqual({ iso })
  })

  it.each(['all', 'ALL', ' All '])('gives no timespan for %j', text => {
    expect(parseTimespan(text)).toEqual({ iso: undefined })
  })

  it.each([
    ['PT1H', 'PT1H'],
    ['pt1h', 'PT1H'],
    ['p1d', 'P1D'],
    ['P1DT2h', 'P1DT2H'],
    ['PT0.5S', 'PT0.5S'],
    ['P2W', 'P2W']
  ])('uppercases the ISO duration %j', (text, iso) => {
    expect(parseTimespan(text)).toEqual({ iso })
  })

  it.each([
    '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z',
    '2026-11-01T00:00:00.123Z/2026-11-01T00:00:00.124Z',
    '2026-11-01T00:00:00+02:00/2026-11-01T00:00:00Z',
    '2026-11-01/2026-11-02',
    '2026-11-01T00:00Z/2026-11-01T06:00Z'
  ])('accepts the start/end interval %s', text => {
    expect(parseTimespan(text)).toEqual({ iso: text })
  })

  it.each([
    '2026-11-01T00:00:00Z/P1D',
    '2026-11-01T00:00:00Z/PT30M',
    'PT1H/2026-11-02T00:00:00Z',
    'P1DT12H/2026-11-02'
  ])('accepts the interval with a duration %s', text => {
    expect(parseTimespan(text)).toEqual({ iso: text })
  })

  it('trims white space around the parts of an interval', () => {
    expect(parseTimespan(' 2026-11-01T00:00:00Z / 2026-11-02T00:00:00Z ')).toEqual({
      iso: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z'
    })
  })

  it.each([
    '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z',
    '2026-11-01T00:00:00Z/2026-11-01T00:00:00Z',
    '2026-11-01T02:00:00+01:00/2026-11-01T00:30:00Z'
  ])('rejects the interval %s that ends before it starts', text => {
    const problem = parseTimespan(text)
    expect(typeof problem).toBe('string')
    expect(problem).toContain('ends before it starts')
    expect(problem).toContain(text)
  })

  it.each(['0m', '0s', '0d', 'PT0S', 'P0D', 'PT0M0S', 'P0DT0H'])('rejects the zero duration %j', text => {
    expect(parseTimespan(text)).toBe('must be longer than zero.')
  })

  it.each([['yesterday'], ['1 day'], ['P1X'], ['-1h'], ['5'], ['2026-11-01'], ['2026-11-01T00:00:00Z'], ['P'], ['PT']])(
    'rejects %j with a message naming the accepted forms',
    text => {
      const problem = parseTimespan(text)
      expect(typeof problem).toBe('string')
      expect(problem).toContain(`"${text}"`)
      expect(problem).toContain(TIMESPAN_FORMS)
      for (const form of ['ISO 8601', 'PT30M', 'P1D', '/', '30m', '24h', '7d', 'all']) expect(problem).toContain(form)
      expect(problem as string).not.toContain('\n')
    }
  )

  it.each([
    ['two durations', 'PT1H/PT2H'],
    ['a time without a zone', '2026-11-01T00:00:00/2026-11-02T00:00:00Z'],
    ['an impossible month', '2026-13-01T00:00:00Z/P1D'],
    ['garbage', 'then/now'],
    ['an empty end', '2026-11-01T00:00:00Z/'],
    ['an empty start', '/P1D']
  ])('rejects an interval with %s, naming the accepted forms', (_, text) => {
    const problem = parseTimespan(text)
    expect(typeof problem).toBe('string')
    expect(problem).toContain(text)
    expect(problem).toContain(TIMESPAN_FORMS)
  })

  it('rejects an interval of three parts', () => {
    const problem = parseTimespan('2026-11-01T00:00:00Z/2026-11-02T00:00:00Z/P1D')
    expect(problem).toMatch(/is not an interval: write start\/end, start\/duration or duration\/end/)
  })

  it.each(['2026-11-01T00:00:00Z/PT0S', 'P0D/2026-11-02T00:00:00Z'])(
    'rejects the interval with a zero duration %s',
    text => {
      expect(typeof parseTimespan(text)).toBe('string')
    }
  )

  it('uppercases the duration of an interval', () => {
    expect(parseTimespan('2026-11-01T00:00:00Z/pt1h')).toEqual({ iso: '2026-11-01T00:00:00Z/PT1H' })
  })
})

describe('parseInstant', () => {
  it.each([
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2026-11-01T12:30:00Z', Date.UTC(2026, 10, 1, 12, 30)],
    ['2026-11-01T12:30Z', Date.UTC(2026, 10, 1, 12, 30)],
    ['2026-11-01T12:30:00.5Z', Date.UTC(2026, 10, 1, 12, 30, 0, 500)],
    ['2026-11-01T12:30:00+02:00', Date.UTC(2026, 10, 1, 10, 30)],
    ['2026-11-01T12:30:00-0130', Date.UTC(2026, 10, 1, 14, 0)]
  ])('%s', (text, ms) => {
    expect(parseInstant(text)).toBe(ms)
  })

  it.each([
    '2026-11-01T12:30:00',
    '2026-11-01 12:30:00Z',
    '11/01/2026',
    'today',
    '2026-1-1',
    '2026-11-01T25:00:00Z',
    ''
  ])('rejects %j', text => {
    expect(parseInstant(text)).toBeUndefined()
  })
})
