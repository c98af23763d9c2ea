import type { Cell, Column } from './tables.js'

/**
 * Tables too large to hold as rows (millions of records): every cell is a pure
 * function of the row index, and the time column never decreases with the
 * index, so a time range is an index range found by binary search, a count is
 * a subtraction and a byte total is a difference of prefix sums. The emulator
 * serves export tables (export-tables.ts) and the results of search jobs over
 * them (lazy-search-results.ts) through this one shape.
 *
 * Times are kept as 100 ns ticks since the table's `baseMs`: ticks since the
 * Unix epoch pass 2^53, ticks since a base near the data are exact integers.
 */

export const TICKS_PER_MS = 10_000
export const TICKS_PER_SECOND = 10_000_000

/** One column of a lazy table. */
export interface LazyColumn extends Column {
  /** The cell as the emulator's tables hold it (a wire value). */
  cell: (i: number) => Cell
  /** The cell's JSON text, as the service writes it. */
  json: (i: number) => string
  /** What Kusto's `estimate_data_size` counts for the cell. */
  size: (i: number) => number
  /** For a datetime column: the time in ticks since the table's `baseMs`. */
  ticks?: (i: number) => number
}

/** Where a row's JSON goes: a fast path writes ASCII text and prebuilt bytes. */
export interface RowSink {
  ascii(text: string): void
  utf8(text: string): void
  bytes(buffer: Buffer): void
}

export interface LazyTable {
  name: string
  rows: number
  columns: LazyColumn[]
  /** The column whose ticks never decrease with the row index. */
  timeColumn: LazyColumn
  baseMs: number
  /** Fast path for a whole row (every column, in order); otherwise each column's `json`. */
  writeRow?: (i: number, sink: RowSink) => void
  /** Fast path for a whole row's `estimate_data_size`. */
  rowSize?: (i: number) => number
}

/** `estimate_data_size` of one cell, as Kusto estimates it. */
export function estimateCell(type: string, cell: Cell): number {
  if (cell === null) return 0
  switch (type) {
    case 'string':
    case 'dynamic':
      return Buffer.byteLength(typeof cell === 'string' ? cell : JSON.stringify(cell))
    case 'int':
      return 4
    case 'bool':
      return 1
    case 'guid':
    case 'decimal':
      return 16
    default:
      return 8
  }
}

/** The ticks of the time column at `i`. */
export function ticksAt(table: LazyTable, i: number): number {
  return (table.timeColumn.ticks as (i: number) => number)(i)
}

/** The first row whose time is at or after `ticks` (`table.rows` when none). */
export function firstAtOrAfter(table: LazyTable, ticks: number, lo = 0, hi = table.rows): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ticksAt(table, mid) < ticks) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The first row whose time is after `ticks`. */
export function firstAfter(table: LazyTable, ticks: number, lo = 0, hi = table.rows): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ticksAt(table, mid) <= ticks) lo = mid + 1
    else hi = mid
  }
  return lo
}

const prefixes = new WeakMap<LazyTable, Float64Array>()

/** `estimate_data_size(*)` of rows [lo, hi) of the whole table, from prefix sums built on first use. */
export function sizeOfRange(table: LazyTable, lo: number, hi: number): number {
  let prefix = prefixes.get(table)
  if (!prefix) {
    prefix = new Float64Array(table.rows + 1)
    const size = table.rowSize ?? ((i: number) => table.columns.reduce((sum, column) => sum + column.size(i), 0))
    for (let i = 0; i < table.rows; i++) prefix[i + 1] = prefix[i] + size(i)
    prefixes.set(table, prefix)
  }
  return prefix[hi] - prefix[lo]
}

/** A datetime literal (`2026-11-30T10:00:00.1234567Z`, up to 7 fraction digits) as whole ms and extra ticks. */
export function parseDatetime(text: string): { ms: number; ticks: number } | undefined {
  const match = /^(\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?)(?:\.(\d{1,7}))?(Z|[+-]00:?00)?$/i.exec(text.trim())
  if (!match) return undefined
  const whole = Date.parse(`${match[1].replace(' ', 'T')}${match[1].length > 10 ? 'Z' : 'T00:00:00Z'}`)
  if (Number.isNaN(whole)) return undefined
  const fraction = (match[2] ?? '').padEnd(7, '0')
  return { ms: whole + Number(fraction.slice(0, 3)), ticks: Number(fraction.slice(3)) }
}

/** A time as ticks since `baseMs`. */
export function relativeTicks(baseMs: number, time: { ms: number; ticks: number }): number {
  return (time.ms - baseMs) * TICKS_PER_MS + time.ticks
}

/**
 * Formats ticks since a base as the service does: UTC, `Z`, the fraction with
 * its trailing zeros dropped (`…:00Z`, `….5Z`, `….1234567Z`). Remembers the last
 * whole second, since consecutive rows mostly share it.
 */
export class TimeFormatter {
  private second = Number.NaN
  private prefix = ''

  constructor(private readonly baseMs: number) {}

  format(ticks: number): string {
    const ms = this.baseMs + Math.floor(ticks / TICKS_PER_MS)
    const second = Math.floor(ms / 1000)
    if (second !== this.second) {
      this.second = second
      this.prefix = new Date(second * 1000).toISOString().slice(0, 19)
    }
    const fraction = (ms - second * 1000) * TICKS_PER_MS + (ticks - Math.floor(ticks / TICKS_PER_MS) * TICKS_PER_MS)
    if (fraction === 0) return `${this.prefix}Z`
    let digits = String(fraction).padStart(7, '0')
    let end = digits.length
    while (digits.charCodeAt(end - 1) === 48) end--
    digits = digits.slice(0, end)
    return `${this.prefix}.${digits}Z`
  }
}

/** A datetime column over a monotone or arbitrary tick function. */
export function datetimeColumn(name: string, baseMs: number, ticks: (i: number) => number): LazyColumn {
  const formatter = new TimeFormatter(baseMs)
  return {
    name,
    type: 'datetime',
    ticks,
    cell: i => formatter.format(ticks(i)),
    json: i => `"${formatter.format(ticks(i))}"`,
    size: () => 8
  }
}
