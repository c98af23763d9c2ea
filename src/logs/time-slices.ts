import { openEnded } from './count-query.js'
import type { RowLevelQuery } from './row-level-query.js'

/**
 * Time slices of a row-level query, as KQL: the half-open interval `[from, to)`
 * written into the query (`>=` start, `<` end) right after the table, so every
 * record falls in exactly one slice whatever the API's `timespan` does at its
 * ends (not documented); and the server-side counts an export is planned from.
 * Times are Kusto's: 100 ns ticks since the Unix epoch, as bigints (a JS number
 * cannot hold them exactly).
 */

export type Ticks = bigint

export const TICKS_PER_MS = 10_000n
const TICKS_PER_SECOND = 10_000_000n

/** A half-open time interval `[from, to)`. */
export interface TimeRange {
  from: Ticks
  to: Ticks
}

/**
 * The column slices are cut on: `TimeGenerated`; in a search job's results table (`…_SRCH`) `TimeGenerated` is when
 * the job wrote the record (nearly one instant), and the record's own time is `_OriginalTimeGenerated`.
 */
export function timeColumnOf(table: string): string {
  return /_SRCH$/i.test(table) ? '_OriginalTimeGenerated' : 'TimeGenerated'
}

/** A datetime as the service writes it (`2026-11-30T10:00:00.1234567Z`, up to 7 fraction digits), or undefined. */
export function parseDatetime(text: string): Ticks | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(text)
  if (!match) return undefined
  const seconds = Date.parse(`${match[1]}Z`)
  // Date.parse rolls an impossible day or hour over (2026-02-30 is March 2): a date must read back the same.
  if (Number.isNaN(seconds) || new Date(seconds).toISOString().slice(0, 19) !== match[1]) return undefined
  return (BigInt(seconds) / 1000n) * TICKS_PER_SECOND + BigInt((match[2] ?? '').padEnd(7, '0'))
}

/** A time as a KQL datetime and ISO 8601 text with all 7 fraction digits. */
export function formatDatetime(ticks: Ticks): string {
  const seconds = floorDiv(ticks, TICKS_PER_SECOND)
  const fraction = ticks - seconds * TICKS_PER_SECOND
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19)
  return `${whole}.${fraction.toString().padStart(7, '0')}Z`
}

/** The query restricted to `range` on `column`: the bounds go right after the table, before the query's own steps. */
export function boundedQuery(query: string, read: RowLevelQuery, column: string, range: TimeRange): string {
  const bounds = `| where ${column} >= datetime(${formatDatetime(range.from)}) and ${column} < datetime(${formatDatetime(range.to)})`
  return `${query.slice(0, read.tableEnd)}\n${bounds}\n${query.slice(read.tableEnd)}`
}

/**
 * The `timespan` sent with a slice: a millisecond wider than the slice on both sides, so the API keeps every record
 * the bounds in the query select whether or not it includes its ends (the bounds decide; this only must not cut).
 */
export function sliceTimespan(range: TimeRange): string {
  const from = floorDiv(range.from, TICKS_PER_MS) - 1n
  const to = floorDiv(range.to - 1n, TICKS_PER_MS) + 2n
  return `${new Date(Number(from)).toISOString()}/${new Date(Number(to)).toISOString()}`
}

/** Counts the whole query on the server: rows, their size by the service's estimate, the first and last time. */
export function profileQuery(query: string, column: string): string {
  return (
    `${openEnded(query)}\n` +
    `| summarize Rows = count(), Bytes = sum(estimate_data_size(*)), First = min(${column}), Last = max(${column})`
  )
}

/** Counts a (bounded) query on the server per `binMs` of time: rows and estimated bytes of each non-empty bin. */
export function histogramQuery(query: string, column: string, binMs: number): string {
  return `${openEnded(query)}\n| summarize Rows = count(), Bytes = sum(estimate_data_size(*)) by Start = bin(${column}, ${binMs}ms)`
}

/** `a / b` rounded down (bigint division rounds toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}
