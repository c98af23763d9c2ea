import { approximate, compareDecimal, isDecimal } from '../common/exact-decimal.js'
import { baselineRowFor } from '../evaluation/baseline.js'
import { cellText } from '../wire/cells.js'
import { NUMERIC_TYPES, type Column } from '../wire/columns.js'
import { codeCell, inline, tableCell } from './markdown.js'

/** What the summary shows of the baseline (`baseline`) of the last sample. */
export interface BaselineSummary {
  /** `previous`, or the shift as written (`1d`). */
  name: string
  /** The baseline window the last sample queried: absolute ISO instants `start/end`. */
  timespan: string
  /** How far back the baseline window lies: what moves its times onto the current window's. */
  shiftMs: number
  count: number
  /** The first cell of the first row, as text. */
  value?: string
  columns: Column[]
  /** The rows kept to match with, cells as raw JSON text. */
  rows: string[][]
  /** Said under the details when the baseline was matched on its first rows only (Markdown-safe). */
  note?: string
}

/** A number beside its baseline, as the summary writes it: `12 (baseline 8, +50 %)`. Markdown-safe. */
export function beside(current: string, baseline: string | undefined, max = 60): string {
  const now = tableCell(current, max)
  if (baseline === undefined) return `${now} (no baseline)`
  const change = changeOf(current, baseline)
  return `${now} (baseline ${tableCell(baseline, max)}${change === undefined ? '' : `, ${change}`})`
}

/**
 * The change from `baseline` to `current` in per cent (`+50 %`, `-2.5 %`,
 * `no change`); undefined when either is not a number, or the baseline is 0
 * and the current number is not.
 */
export function changeOf(current: string, baseline: string): string | undefined {
  const [now, before] = [current.trim(), baseline.trim()]
  if (!isDecimal(now) || !isDecimal(before)) return undefined
  const order = compareDecimal(now, before)
  if (order === 0) return 'no change'
  const [a, b] = [approximate(now), approximate(before)]
  if (b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return undefined
  const percent = ((a - b) / Math.abs(b)) * 100
  const rounded = Math.abs(percent) < 10 ? Number(percent.toFixed(1)) : Math.round(percent)
  return `${order === 1 ? '+' : '-'}${Math.abs(rounded)} %`
}

/** The details row of the baseline window: `previous: 2026-11-05T10:00:00.000Z/…`. */
export function baselineDetail(baseline: BaselineSummary): [string, string] {
  return ['Baseline', `${inline(baseline.name)} ${codeCell(baseline.timespan)}`]
}

/**
 * How the preview finds the baseline row of each of its rows: baselineRowFor's
 * match on the string columns, and for a time series (several rows with a
 * datetime column) at the same offset into the window too: each bin beside the
 * bin `shift` earlier, not beside the baseline's first row.
 */
export function baselineMatcher(
  columns: readonly Column[],
  rowCount: number,
  baseline: BaselineSummary
): (row: readonly string[]) => string[] | undefined {
  const times =
    rowCount > 1
      ? columns.flatMap((column, i) =>
          column.type === 'datetime' ? [{ i, j: baseline.columns.findIndex(other => other.name === column.name) }] : []
        )
      : []
  if (times.length === 0) return row => baselineRowFor(row, baseline.rows, columns, baseline.columns)
  if (times.some(time => time.j === -1)) return () => undefined
  const instant = (raw: string | undefined, shiftMs: number) => String(Date.parse(cellText(raw ?? 'null')) + shiftMs)
  const byTime = new Map<string, string[][]>()
  for (const row of baseline.rows) {
    const key = times.map(time => instant(row[time.j], baseline.shiftMs)).join('/')
    const same = byTime.get(key)
    if (same) same.push(row)
    else byTime.set(key, [row])
  }
  return row =>
    baselineRowFor(
      row,
      byTime.get(times.map(time => instant(row[time.i], 0)).join('/')) ?? [],
      columns,
      baseline.columns
    )
}

/**
 * The second line of a preview cell: its baseline (the matching baseline row's
 * cell of the same column) and the change, for numeric columns only; '' for the others.
 */
export function baselineLine(
  column: Column,
  raw: string | undefined,
  baselineRow: readonly string[] | undefined,
  baselineColumns: readonly Column[]
): string {
  if (!NUMERIC_TYPES.has(column.type)) return ''
  const j = baselineColumns.findIndex(other => other.name === column.name)
  const before = baselineRow && j !== -1 ? baselineRow[j] : undefined
  if (before === undefined) return '<br><sub>no baseline</sub>'
  const change = changeOf(cellText(raw ?? 'null'), cellText(before))
  return `<br><sub>baseline ${tableCell(cellText(before), 40)}${change === undefined ? '' : `, ${change}`}</sub>`
}
