import { quoted } from '../common/errors.js'
/**
 * Durations and time ranges as users write them: ISO 8601 (`PT30M`, `P1D`,
 * `2026-11-01T00:00:00Z/2026-11-02T00:00:00Z`) or the shorthand `90s`, `30m`, `24h`, `7d`.
 */

const SHORTHAND = /^(\d+)\s*(s|m|h|d)$/i
/** An ISO 8601 duration (`P1D`, `PT30M`, `P1Y2M`): years, months, weeks, days, hours, minutes, seconds. */
export const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const
const ISO_UNIT = { s: 'S', m: 'M', h: 'H', d: 'D' } as const

/** An ISO 8601 duration or a shorthand, in milliseconds; undefined when it is neither (or uses months/years). */
export function parseDurationMs(text: string): number | undefined {
  const value = text.trim()
  const short = SHORTHAND.exec(value)
  if (short) return Number(short[1]) * UNIT_SECONDS[short[2].toLowerCase() as keyof typeof UNIT_SECONDS] * 1000
  const iso = ISO_DURATION.exec(value)
  if (!iso || iso[1] || iso[2]) return undefined
  const [w, d, h, m, s] = [iso[3], iso[4], iso[5], iso[6], iso[7]].map(part => Number(part ?? 0))
  return Math.round((((w * 7 + d) * 24 + h) * 60 + m) * 60000 + s * 1000)
}

/**
 * `timespan` as the service wants it: an ISO 8601 duration or interval, or
 * undefined for `all`. Returns a problem description when it is not valid.
 */
export function parseTimespan(text: string): { iso: string | undefined } | string {
  const value = text.trim()
  if (value.toLowerCase() === 'all') return { iso: undefined }
  const short = SHORTHAND.exec(value)
  if (short) {
    const unit = short[2].toLowerCase() as keyof typeof ISO_UNIT
    if (Number(short[1]) === 0) return 'must be longer than zero.'
    return { iso: unit === 'd' ? `P${Number(short[1])}D` : `PT${Number(short[1])}${ISO_UNIT[unit]}` }
  }
  if (value.includes('/')) return parseInterval(value)
  if (ISO_DURATION.test(value)) {
    if (!/[1-9]/.test(value)) return 'must be longer than zero.'
    return { iso: value.toUpperCase() }
  }
  return `${quoted(value)} is not a time range. ${TIMESPAN_FORMS}`
}

export const TIMESPAN_FORMS =
  'Use an ISO 8601 duration (PT30M, P1D), an interval (2026-11-01T00:00:00Z/2026-11-02T00:00:00Z, or start/duration), a shorthand (30m, 24h, 7d) or all.'

function parseInterval(value: string): { iso: string } | string {
  const parts = value.split('/')
  if (parts.length !== 2) return `${quoted(value)} is not an interval: write start/end, start/duration or duration/end.`
  const [first, second] = parts.map(part => part.trim())
  const firstDate = parseInstant(first)
  const secondDate = parseInstant(second)
  const firstDuration = ISO_DURATION.test(first)
  const secondDuration = ISO_DURATION.test(second)
  if (firstDate !== undefined && secondDate !== undefined) {
    if (secondDate <= firstDate) return `the interval ${quoted(value)} ends before it starts.`
  } else if (!((firstDate !== undefined && secondDuration) || (firstDuration && secondDate !== undefined))) {
    return `${quoted(value)} is not an interval of two ISO 8601 times (or a time and a duration). ${TIMESPAN_FORMS}`
  }
  const duration = firstDuration ? first : secondDuration ? second : undefined
  if (duration !== undefined && !/[1-9]/.test(duration)) return `the interval ${quoted(value)} has a zero duration.`
  const iso = (part: string) => (part === duration ? part.toUpperCase() : part)
  return { iso: `${iso(first)}/${iso(second)}` }
}

/** An ISO 8601 date or date-time (with a time zone when a time is given), as epoch milliseconds. */
export function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(text)) return undefined
  const time = Date.parse(text)
  if (Number.isNaN(time)) return undefined
  // Date.parse rolls 2026-02-30 over into March: reject days that do not exist.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? time : undefined
}
