import type { QueryOutcome } from '../logs/exact-query.js'
import { partialConsequence } from '../logs/partial-result.js'
import type { BaselineSettings, OnPartial } from '../settings.js'
import { cellText } from '../wire/cells.js'
import type { Column } from '../wire/columns.js'

/**
 * The baseline (`baseline`): the same query over an earlier window, run beside
 * the current one at every sample, and the row of it each current row is
 * compared with. Pure functions; main.ts runs the query.
 */

/**
 * Baseline rows kept in memory to match current rows with (none go to the
 * records file). A baseline with more rows is matched on its first ones only,
 * and baselineNote says so; its count stays exact.
 */
export const BASELINE_ROWS = 10_000

/**
 * The baseline window of a sample that started at `at`, as the Logs API takes
 * it: absolute ISO instants `start/end`. A relative timespan is the window
 * [at − duration, at]; a fixed interval stays where it is; either is moved back
 * by the shift.
 */
export function baselineTimespan(baseline: BaselineSettings, at: number): string {
  const { window, shiftMs } = baseline
  const [start, end] = window.kind === 'relative' ? [at - window.durationMs, at] : [window.startMs, window.endMs]
  return `${new Date(start - shiftMs).toISOString()}/${new Date(end - shiftMs).toISOString()}`
}

/**
 * The baseline row a current row is compared with: the first one that holds
 * the same text in every string column (`AppRoleName`, `Region`: what the
 * query groups by), or the first row when there is no string column; undefined
 * when none matches. Rows are cells as raw JSON text (`QueryResult.preview`);
 * columns are matched by name, so `baselineColumns` may differ from `columns`
 * (a baseline without a string column of the current result matches nothing).
 */
export function baselineRowFor(
  currentRow: readonly string[],
  baselineRows: readonly string[][],
  columns: readonly Column[],
  baselineColumns: readonly Column[] = columns
): string[] | undefined {
  const keys = columns.flatMap((column, i) =>
    column.type === 'string' ? [{ i, j: baselineColumns.findIndex(other => other.name === column.name) }] : []
  )
  if (keys.some(key => key.j === -1)) return undefined
  const wanted = keys.map(key => cellText(currentRow[key.i] ?? 'null'))
  return baselineRows.find(row => keys.every((key, k) => cellText(row[key.j] ?? 'null') === wanted[k]))
}

/**
 * What an incomplete baseline does to the step, as `on-partial` says for any
 * answer: `fail` (the default) makes the sample untrusted (`error`, for the
 * sample's reason), `warn` warns, `ignore` says nothing. A complete baseline does nothing.
 */
export function baselineConsequence(
  baseline: QueryOutcome,
  onPartial: OnPartial
): { fail?: string; warn?: string; error?: string } {
  if (baseline.status === 'ok') return {}
  const { fail, warn } = partialConsequence(baseline.partial, baseline.count, baseline.countIsExact, onPartial)
  const ofBaseline = (text: string) => text.replace(/^The result/, "The baseline's result")
  if (fail !== undefined)
    return {
      fail: ofBaseline(fail),
      error: `the result is incomplete: the baseline's answer: ${baseline.partial.message}`
    }
  return warn === undefined ? {} : { warn: ofBaseline(warn) }
}

/** A sentence when the baseline had more rows than were kept to match with; undefined when every row was kept. */
export function baselineNote(baseline: QueryOutcome): string | undefined {
  const kept = baseline.result.preview.length
  if (baseline.count <= kept) return undefined
  return `The baseline has ${baseline.count} rows; only its first ${kept} are matched with current rows, so a row beyond them finds no baseline.`
}
