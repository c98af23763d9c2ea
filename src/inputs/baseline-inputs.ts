import { InputError, quoted } from '../common/errors.js'
import type { BaselineSettings } from '../settings.js'
import { parseDurationMs, parseInstant } from './durations.js'
import type { InputReader } from './input-reader.js'

/** The farthest back a baseline may lie: Log Analytics keeps data for interactive queries at most 2 years. */
export const LONGEST_SHIFT_MS = 730 * 86_400_000

/**
 * `baseline`: `previous` (the window of the same length just before the current
 * one) or a duration (`1d`, `7d`, `P7D`: the current window shifted back that far).
 * `timespan` is the checked ISO timespan (undefined for `all`); a baseline needs
 * a window of fixed length, in `mode: query`, that it does not overlap.
 */
export function readBaseline(
  read: InputReader,
  timespan: string | undefined,
  searchJob: boolean
): BaselineSettings | undefined {
  const text = read('baseline').trim()
  if (text === '') return undefined
  if (searchJob) {
    throw new InputError(
      'baseline',
      'works with mode: query only: a search job runs once over a fixed range (and creates a billable table each time).'
    )
  }
  const previous = text.toLowerCase() === 'previous'
  const shift = previous ? undefined : parseDurationMs(text)
  if (!previous && shift === undefined) {
    throw new InputError(
      'baseline',
      `${quoted(text)} is neither previous nor a duration: write previous, 1d, 7d or ISO 8601 (P1D, P7D).`
    )
  }
  if (shift === 0)
    throw new InputError(
      'baseline',
      'must be longer than zero: write previous, or how far back the baseline lies (1d, 7d).'
    )
  if (shift !== undefined && shift > LONGEST_SHIFT_MS) {
    throw new InputError(
      'baseline',
      `${quoted(text)} is too long: at most 730 days back (the longest Log Analytics keeps data for queries).`
    )
  }
  if (timespan === undefined) {
    throw new InputError(
      'baseline',
      'needs a window to compare with, and timespan: all has none: set timespan to a duration (PT1H, 1h) or an interval (start/end).'
    )
  }
  const window = windowOf(timespan)
  if (window === undefined) {
    throw new InputError(
      'baseline',
      `needs a timespan of fixed length, and ${timespan} counts months or years: write it in weeks, days or hours (P30D).`
    )
  }
  const length = window.kind === 'relative' ? window.durationMs : window.endMs - window.startMs
  if (shift !== undefined && shift < length) {
    throw new InputError(
      'baseline',
      `${quoted(text)} is shorter than timespan ${timespan}: the two windows would overlap; go back at least the timespan, or write previous.`
    )
  }
  return { name: previous ? 'previous' : text, shiftMs: shift ?? length, window }
}

/**
 * The current window of a checked ISO timespan: a duration ending now, or a
 * fixed interval; undefined when it counts months or years.
 */
export function windowOf(timespan: string): BaselineSettings['window'] | undefined {
  const [first, second] = timespan.split('/')
  if (second === undefined) {
    const durationMs = parseDurationMs(first)
    return durationMs === undefined ? undefined : { kind: 'relative', durationMs }
  }
  const [start, end] = [parseInstant(first), parseInstant(second)]
  const [before, after] = [parseDurationMs(first), parseDurationMs(second)]
  const startMs = start ?? (end !== undefined && before !== undefined ? end - before : undefined)
  const endMs = end ?? (start !== undefined && after !== undefined ? start + after : undefined)
  if (startMs === undefined || endMs === undefined) return undefined
  return { kind: 'fixed', startMs, endMs }
}
