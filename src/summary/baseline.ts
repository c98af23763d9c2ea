import { approximate, compareDecimal, isDecimal } from '../common/exact-decimal.js'
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
 * The second line of a preview cell: its baseline (the matching baseline row's
 * cell of the same column) and the change, for numeric columns only; '' for the others.
 */
export function baselineLine(column: Column, raw: string | undefined, baselineRow: readonly string[] | undefined, baselineColumns: readonly Column[]): string {
  if (!NUMERIC_TYPES.has(column.type)) return ''
  const j = baselineColumns.findIndex(other => other.name === column.name)
  const before = baselineRow && j !== -1 ? baselineRow[j] : undefined
  if (before === undefined) return '<br><sub>no baseline</sub>'
  const change = changeOf(cellText(raw ?? 'null'), cellText(before))
  return `<br><sub>baseline ${tableCell(cellText(before), 40)}${change === undefined ? '' : `, ${change}`}</sub>`
}
