import { LARGE_COLUMNS, largeRow } from './large-table.js'
import {
  datetimeColumn,
  estimateCell,
  firstAtOrAfter,
  parseDatetime,
  relativeTicks,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  TimeFormatter,
  type LazyColumn,
  type LazyTable,
  type RowSink
} from './lazy-tables.js'
import { serializeCell, type Cell } from './tables.js'

/**
 * Export tables: generated, timestamped tables of up to millions of rows, for
 * tests of exports split into time slices (issue 13). Nothing is stored per
 * row: row `i` is computed from `i` (lazy-tables.ts).
 *
 * A test defines one with
 *
 *     const table = addExportTable(emulator, { name: 'Exported', rows: 1_200_000,
 *       start: '2026-11-30T10:00:00Z', spanMs: 3_600_000, shape: 'narrow',
 *       burst: { atMs: 600_000, widthMs: 60_000, fraction: 0.9 } })
 *
 * and reads it back with `table.timeOf(seq)` (the `TimeGenerated` text of row
 * `seq`), `table.indexAt(datetime)` (the first Seq at or after a time).
 *
 * Times: the rows not in the burst are spread evenly over `[start, start +
 * spanMs)`, the burst's rows evenly over `[start + atMs, start + atMs +
 * widthMs)` (`widthMs: 0`: every one of them in the same instant — a slice no
 * time boundary can split), each moved by less than the spacing so that times
 * carry 7 fraction digits. Then, to put records exactly on the boundaries a
 * splitter picks, every time within a short window after a whole second is
 * moved back onto that second (several rows share it), and every fourth
 * millisecond loses its sub-millisecond ticks; the other rows keep all 7
 * fraction digits. Both moves keep times non-decreasing.
 */

export interface ExportTableSpec {
  name: string
  rows: number
  /** The first row's time: ISO text or ms since the epoch (whole ms). Default 2026-11-30T10:00:00Z. */
  start?: string | number
  /** The rows span `[start, start + spanMs)`. Default one hour. */
  spanMs?: number
  /**
   * `narrow`: TimeGenerated, Seq (long, = the row index), Level, Message (~90 bytes of JSON a row).
   * `wide`: TimeGenerated, Seq, then the max-answer schema of large-table.ts (~950 bytes a row).
   */
  shape?: 'narrow' | 'wide'
  /** `fraction` of the rows inside `[start + atMs, start + atMs + widthMs)`. */
  burst?: { atMs: number; widthMs: number; fraction: number }
}

export interface ExportTable extends LazyTable {
  spec: Required<Omit<ExportTableSpec, 'burst'>> & Pick<ExportTableSpec, 'burst'>
  /** The `TimeGenerated` of row (Seq) `i`, as the service writes it. */
  timeOf: (i: number) => string
  /** Ticks (100 ns) of row `i` since the table's `baseMs`. */
  ticksOf: (i: number) => number
  /** The first row (Seq) at or after `datetime` (ISO text, up to 7 fraction digits); `rows` when none. */
  indexAt: (datetime: string) => number
}

export const DEFAULT_START = '2026-11-30T10:00:00Z'

/** Registers an export table in the emulator (replacing one of the same name) and returns it. */
export function addExportTable(emulator: { exportTables: Map<string, LazyTable> }, spec: ExportTableSpec): ExportTable {
  const table = createExportTable(spec)
  emulator.exportTables.set(table.name.toLowerCase(), table)
  return table
}

export function createExportTable(spec: ExportTableSpec): ExportTable {
  const full = {
    name: spec.name,
    rows: spec.rows,
    start: spec.start ?? DEFAULT_START,
    spanMs: spec.spanMs ?? 3_600_000,
    shape: spec.shape ?? 'narrow',
    burst: spec.burst
  }
  const baseMs = typeof full.start === 'number' ? full.start : Date.parse(full.start)
  if (!Number.isInteger(baseMs)) throw new Error(`export table ${spec.name}: bad start ${String(full.start)}`)
  const ticks = timeline(full.rows, full.spanMs, full.burst)
  const time = datetimeColumn('TimeGenerated', baseMs, ticks)
  const shape = full.shape === 'wide' ? wideShape(baseMs, ticks) : narrowShape(baseMs, ticks)
  const table: ExportTable = {
    name: full.name,
    rows: full.rows,
    columns: [time, seqColumn, ...shape.columns],
    timeColumn: time,
    baseMs,
    writeRow: shape.writeRow,
    rowSize: shape.rowSize,
    spec: full,
    timeOf: i => time.cell(i) as string,
    ticksOf: ticks,
    indexAt: datetime => {
      const parsed = parseDatetime(datetime)
      if (!parsed) throw new Error(`not a datetime: ${datetime}`)
      return firstAtOrAfter(table, relativeTicks(baseMs, parsed))
    }
  }
  return table
}

/** Row index → ticks since the start: evenly spread segments, then snapped onto whole seconds and milliseconds. */
function timeline(rows: number, spanMs: number, burst: ExportTableSpec['burst']): (i: number) => number {
  const span = spanMs * TICKS_PER_MS
  const segments: { first: number; rows: number; from: number; length: number }[] = []
  if (burst && burst.fraction > 0) {
    const inBurst = Math.round(rows * burst.fraction)
    const from = burst.atMs * TICKS_PER_MS
    const length = burst.widthMs * TICKS_PER_MS
    const before = from
    const after = span - from - length
    const spread = rows - inBurst
    const early = before + after > 0 ? Math.round((spread * before) / (before + after)) : 0
    segments.push({ first: 0, rows: early, from: 0, length: before })
    segments.push({ first: early, rows: inBurst, from, length })
    segments.push({ first: early + inBurst, rows: spread - early, from: from + length, length: after })
  } else {
    segments.push({ first: 0, rows, from: 0, length: span })
  }
  const live = segments
    .filter(segment => segment.rows > 0)
    .map(segment => {
      const spacing = Math.floor(segment.length / segment.rows)
      return { ...segment, spacing, rest: segment.length - spacing * segment.rows }
    })
  // The window after each whole second whose rows share it: wide enough for several rows at the usual spacing.
  const spaced = live.filter(segment => segment.length > 0 && segment.rows > 0)
  const step = spaced.length ? Math.max(...spaced.map(segment => segment.length / segment.rows)) : TICKS_PER_MS
  const window = Math.min(TICKS_PER_SECOND / 2, Math.max(20 * TICKS_PER_MS, Math.ceil(5 * step)))
  return i => {
    let s = live.length - 1
    while (s > 0 && i < live[s].first) s--
    const segment = live[s]
    const k = i - segment.first
    // Evenly spread, each row moved by less than the spacing: times keep 7 fraction digits and their order.
    // (Exact integer arithmetic: k × length passes 2^53 for long spans.)
    const { spacing, rest } = segment
    const raw =
      segment.from + k * spacing + Math.floor((k * rest) / segment.rows) + (spacing > 1 ? (k * 7919) % spacing : 0)
    const inSecond = raw % TICKS_PER_SECOND
    if (inSecond < window) return raw - inSecond
    const millisecond = Math.floor(raw / TICKS_PER_MS)
    return millisecond % 4 === 0 ? millisecond * TICKS_PER_MS : raw
  }
}

const seqColumn: LazyColumn = {
  name: 'Seq',
  type: 'long',
  cell: i => i,
  json: i => String(i),
  size: () => 8
}

interface Shape {
  columns: LazyColumn[]
  writeRow: (i: number, sink: RowSink) => void
  rowSize: (i: number) => number
}

const LEVELS = ['Error', 'Warning', 'Warning', 'Information', 'Information']
const VERBS = ['GET', 'POST', 'PUT', 'DELETE']

const level = (i: number) => (i % 20 === 0 ? 'Error' : LEVELS[1 + (i % 4)])
const message = (i: number) => `${VERBS[i % 4]} /api/orders/${i % 997} in ${i % 300} ms`

/** Level and a short message: about 90 bytes of JSON a row, ASCII only. */
function narrowShape(baseMs: number, ticks: (i: number) => number): Shape {
  const formatter = new TimeFormatter(baseMs)
  const text = (name: string, value: (i: number) => string): LazyColumn => ({
    name,
    type: 'string',
    cell: value,
    json: i => `"${value(i)}"`,
    size: i => value(i).length
  })
  return {
    columns: [text('Level', level), text('Message', message)],
    writeRow: (i, sink) => sink.ascii(`["${formatter.format(ticks(i))}",${i},"${level(i)}","${message(i)}"]`),
    rowSize: i => 16 + level(i).length + message(i).length
  }
}

/** How many distinct rows of the max-answer schema the wide shape cycles through. */
const WIDE_VARIANTS = 1000

/**
 * The max-answer schema (large-table.ts) after TimeGenerated and Seq: the cells
 * of `WIDE_VARIANTS` rows serialised once, so a row is a short prefix (its time
 * and index) and a copy of prebuilt bytes.
 */
function wideShape(baseMs: number, ticks: (i: number) => number): Shape {
  const formatter = new TimeFormatter(baseMs)
  const columns = LARGE_COLUMNS.slice(1)
  const cells: Cell[][] = Array.from({ length: WIDE_VARIANTS }, (_, j) => largeRow(j, baseMs).slice(1))
  const tails = cells.map(row => Buffer.from(`,${row.map(serializeCell).join(',')}]`))
  const sizes = cells.map(
    row => 16 + row.reduce<number>((sum, cell, c) => sum + estimateCell(columns[c].type, cell), 0)
  )
  return {
    columns: columns.map((column, c) => ({
      ...column,
      cell: i => cells[i % WIDE_VARIANTS][c],
      json: i => serializeCell(cells[i % WIDE_VARIANTS][c]),
      size: i => estimateCell(column.type, cells[i % WIDE_VARIANTS][c])
    })),
    writeRow: (i, sink) => {
      sink.ascii(`["${formatter.format(ticks(i))}",${i}`)
      sink.bytes(tails[i % WIDE_VARIANTS])
    },
    rowSize: i => sizes[i % WIDE_VARIANTS]
  }
}
