import { describe, expect, it } from 'vitest'
import { type InputError } from '../../../src/common/errors.js'
import { isoInstant, readSearchRange, shift } from '../../../src/inputs/search-range.js'
import { inputError, reader } from '../fixtures/inputs.js'

const NOW = Date.parse('2026-11-25T20:15:42.678Z')
const range = (inputs: Record<string, string>) => readSearchRange(reader(inputs), NOW)

describe('readSearchRange', () => {
  it('searches the last day by default, in whole seconds', () => {
    expect(range({})).toEqual({ start: '2026-11-24T20:15:42Z', end: '2026-11-25T20:15:42Z' })
  })

  it.each([
    ['PT30M', '2026-11-25T19:45:42Z', '2026-11-25T20:15:42Z'],
    ['7d', '2026-11-18T20:15:42Z', '2026-11-25T20:15:42Z'],
    ['P1Y', '2025-11-25T20:15:42Z', '2026-11-25T20:15:42Z'],
    ['P2M', '2026-09-25T20:15:42Z', '2026-11-25T20:15:42Z'],
    ['2026-11-01T00:00:00Z/2026-11-08T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z'],
    ['2026-11-01T00:00:00Z/P7D', '2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z'],
    ['P1D/2026-11-08T00:00:00Z', '2026-11-07T00:00:00Z', '2026-11-08T00:00:00Z']
  ])('takes timespan %s', (timespan, start, end) => {
    expect(range({ timespan })).toEqual({ start, end })
  })

  it('takes start-time and end-time, in UTC', () => {
    expect(range({ 'start-time': '2026-01-01', 'end-time': '2026-02-01T01:30:00+01:00' })).toEqual({
      start: '2026-01-01T00:00:00Z',
      end: '2026-02-01T00:30:00Z'
    })
  })

  it('ends now when end-time is empty', () => {
    expect(range({ 'start-time': '2026-11-25T00:00:00Z' })).toEqual({
      start: '2026-11-25T00:00:00Z',
      end: '2026-11-25T20:15:42Z'
    })
  })

  it('keeps the fraction of a time given with one', () => {
    expect(range({ 'start-time': '2026-11-25T00:00:00.250Z' }).start).toBe('2026-11-25T00:00:00.250Z')
  })

  it.each([
    [{ timespan: 'P1D', 'start-time': '2026-11-01' }, 'timespan', /either timespan or start-time\/end-time, not both/],
    [{ timespan: 'P1D', 'end-time': '2026-11-01' }, 'timespan', /not both/],
    [{ 'end-time': '2026-11-01' }, 'end-time', /needs start-time too/],
    [
      { 'start-time': '2026-11-02', 'end-time': '2026-11-01' },
      'start-time',
      /2026-11-02 is not before end-time 2026-11-01\./
    ],
    [{ 'start-time': '2026-11-01', 'end-time': '2026-11-01' }, 'start-time', /is not before end-time/],
    [{ 'start-time': '2026-11-26' }, 'start-time', /2026-11-26 is not before now \(2026-11-25T20:15:42Z\)\./],
    [{ 'start-time': '2026-02-30' }, 'start-time', /not an ISO 8601 date or time/],
    [{ 'start-time': '2026-11-01', 'end-time': 'tomorrow' }, 'end-time', /"tomorrow" is not an ISO 8601 date or time/],
    [{ timespan: 'all' }, 'timespan', /needs a time range, not all/],
    [{ timespan: 'forever' }, 'timespan', /not a time range/]
  ])('refuses %j', (inputs, input, problem) => {
    const error: InputError = inputError(() => range(inputs))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(problem)
  })
})

describe('shift', () => {
  it('moves by calendar years and months, and by exact days and times', () => {
    const time = Date.parse('2024-02-29T12:00:00Z')
    expect(isoInstant(shift(time, 'P1Y', +1))).toBe('2025-03-01T12:00:00Z')
    expect(isoInstant(shift(time, 'P1M', -1))).toBe('2024-01-29T12:00:00Z')
    expect(isoInstant(shift(time, 'P1W2DT3H4M5.5S', +1))).toBe('2024-03-09T15:04:05.500Z')
  })

  it('refuses what is not a duration', () => {
    expect(() => shift(0, '1 day', +1)).toThrow(TypeError)
  })
})
