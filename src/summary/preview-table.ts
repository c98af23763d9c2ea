import { cellText } from '../wire/cells.js'
import type { Column } from '../wire/columns.js'
import { baselineLine, baselineMatcher, type BaselineSummary } from './baseline.js'
import { inline, table, tableCell } from './markdown.js'

/** Columns beyond this are left out of the preview (the records file has them all). */
const PREVIEW_COLUMNS = 30

/**
 * The first `maxRows` rows as a Markdown table inside an open `<details>`:
 * column types in the header, cells escaped for Markdown and HTML, long cells
 * shortened, and no more rows than fit in `budget` bytes. Empty when there is nothing to show.
 * With a baseline, each number has a second line: its baseline and the change.
 */
export function previewTable(
  columns: Column[],
  rows: string[][],
  count: number,
  maxRows: number,
  budget: number,
  baseline?: BaselineSummary
): string {
  if (columns.length === 0 || rows.length === 0 || maxRows === 0) return ''
  const shownColumns = columns.slice(0, PREVIEW_COLUMNS)
  const header = shownColumns.map(column => `${tableCell(column.name, 60)} <sub>${inline(column.type)}</sub>`)
  const cells: string[][] = []
  let size = 400 + byteLength(header) + 6 * header.length
  const matchBaseline = baseline && baselineMatcher(columns, rows.length, baseline)
  for (const raw of rows.slice(0, maxRows)) {
    const against = matchBaseline?.(raw)
    const under = (column: Column, i: number) =>
      baseline ? baselineLine(column, raw[i], against, baseline.columns) : ''
    const row = shownColumns.map((column, i) => tableCell(cellText(raw[i] ?? 'null')) + under(column, i))
    size += byteLength(row)
    if (size > budget) break
    cells.push(row)
  }
  if (cells.length === 0) return ''
  const shown =
    cells.length < count
      ? `first ${cells.length} of ${count} rows`
      : `${cells.length} row${cells.length === 1 ? '' : 's'}`
  const hidden = columns.length - shownColumns.length
  const more = hidden > 0 ? `, first ${shownColumns.length} of ${columns.length} columns` : ''
  const compared = baseline ? `; under each number, the baseline's (${inline(baseline.name)}) and the change` : ''
  return `<details open><summary>Records (${shown}${more}${compared})</summary>\n\n${table(header, cells)}\n</details>`
}

/** UTF-8 bytes of a table row, with its separators. */
function byteLength(cells: string[]): number {
  return cells.reduce((sum, cell) => sum + Buffer.byteLength(cell) + 3, 4)
}
