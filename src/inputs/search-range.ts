import { InputError, quoted } from '../common/errors.js'
import { ISO_DURATION, parseInstant, parseTimespan } from './durations.js'
import type { InputReader } from './input-reader.js'

/** The time range a search job searches: two instants, as the service wants them (`2026-11-01T00:00:00Z`). */
export interface SearchRange {
  start: string
  end: string
}

/**
 * The range a search job searches, from `start-time` (and `end-time`, else now)
 * or from `timespan` (default P1D, ending now), never both. Unlike a query's
 * timespan it must be concrete: the service takes a start and an end.
 */
export function readSearchRange(read: InputReader, clock: number): SearchRange {
  const now = Math.floor(clock / 1000) * 1000
  const startText = read('start-time').trim()
  const endText = read('end-time').trim()
  const timespanText = read('timespan').trim()
  if (startText === '' && endText === '') return rangeOfTimespan(timespanText || 'P1D', now)
  if (timespanText !== '') throw new InputError('timespan', 'give either timespan or start-time/end-time, not both.')
  if (startText === '')
    throw new InputError(
      'end-time',
      'needs start-time too: the search runs from start-time to end-time (now when end-time is empty).'
    )
  const start = instant(startText, 'start-time')
  const end = endText === '' ? now : instant(endText, 'end-time')
  if (start >= end) {
    const until = endText === '' ? `now (${isoInstant(now)})` : `end-time ${endText}`
    throw new InputError('start-time', `${startText} is not before ${until}.`)
  }
  return { start: isoInstant(start), end: isoInstant(end) }
}

/** The range a `timespan` selects when it ends `now` (a duration) or names its ends (an interval). */
function rangeOfTimespan(text: string, now: number): SearchRange {
  const parsed = parseTimespan(text)
  if (typeof parsed === 'string') throw new InputError('timespan', parsed)
  if (parsed.iso === undefined) {
    throw new InputError(
      'timespan',
      'a search job needs a time range, not all: give a duration (P30D, P1Y) or start-time and end-time.'
    )
  }
  const [first, second] = parsed.iso.split('/')
  let start: number
  let end: number
  if (second === undefined) {
    end = now
    start = shift(now, first, -1)
  } else if (first.startsWith('P')) {
    end = Date.parse(second)
    start = shift(end, first, -1)
  } else {
    start = Date.parse(first)
    end = second.startsWith('P') ? shift(start, second, +1) : Date.parse(second)
  }
  return { start: isoInstant(start), end: isoInstant(end) }
}

/**
 * `time` moved by an ISO 8601 duration; years and months are calendar ones (a day the month lacks rolls over, as in
 * Date).
 */
export function shift(time: number, duration: string, sign: 1 | -1): number {
  const parts = ISO_DURATION.exec(duration)
  if (!parts) throw new TypeError(`not an ISO 8601 duration: ${duration}`)
  const [years, months, weeks, days, hours, minutes, seconds] = parts.slice(1).map(part => Number(part ?? 0))
  const date = new Date(time)
  date.setUTCFullYear(date.getUTCFullYear() + sign * years, date.getUTCMonth() + sign * months)
  const ms = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000
  return date.getTime() + sign * Math.round(ms)
}

/** An instant as the service writes it: UTC, whole seconds without a fraction. */
export function isoInstant(time: number): string {
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z')
}

function instant(text: string, input: string): number {
  const time = parseInstant(text)
  if (time === undefined) {
    throw new InputError(
      input,
      `${quoted(text)} is not an ISO 8601 date or time: write 2026-11-01 or 2026-11-01T06:00:00Z (a time needs its zone, Z or +01:00).`
    )
  }
  return time
}
