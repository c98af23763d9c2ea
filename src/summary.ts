import { cellText } from './logs/cells.js'
import type { Column } from './logs/columns.js'
import type { GateOutcome } from './gate.js'
import { formatDuration } from './format.js'
import { codeBlock, inline, table, tableCell } from './markdown.js'

/** What the job summary shows about one run. */
export interface SummaryModel {
  gate: GateOutcome
  count: number
  written: number
  recordsFile: string
  format: string
  workspace: string
  timespan: string | undefined
  query: string
  columns: Column[]
  /** First rows, cells as raw JSON text. */
  preview: string[][]
  elapsedMs: number
  /** Query requests made (retries included). */
  attempts: number
  /** The service's partial-error message, when the result is incomplete. */
  partialError?: string
  /** More rows for the details table: a label and Markdown-safe text. */
  details?: [string, string][]
  /** Notes shown under the details (Markdown-safe). */
  notes?: string[]
}

/** GitHub refuses a step summary over 1 MiB; stay far below whatever the result. */
export const SUMMARY_BUDGET = 256 * 1024
const QUERY_BUDGET = 16 * 1024

/** The job summary as Markdown. Pure: the same model gives the same text. */
export function renderSummary(model: SummaryModel): string {
  const parts = [verdictLine(model), '', details(model), ...(model.notes ?? []).map(note => `> [!NOTE]\n> ${note}\n`), '', codeBlock(shorten(model.query, QUERY_BUDGET), 'kusto')]
  if (model.partialError) parts.push(`> [!WARNING]\n> The result is incomplete: ${inline(model.partialError)}\n`)
  let text = parts.join('\n')
  text += preview(model, SUMMARY_BUDGET - text.length)
  return text
}

function verdictLine({ gate, count }: SummaryModel): string {
  const rows = `${count} row${count === 1 ? '' : 's'}`
  if (gate.verdict === 'fail') return `### ❌ Log Analytics query failed the gate: ${gate.failures.join(', ')}`
  if (gate.verdict === 'pass') return `### ✅ Log Analytics query passed: ${gate.passes.join(', ')}`
  return `### Log Analytics query returned ${rows}`
}

function details(model: SummaryModel): string {
  const lines = [
    `| | |`,
    `| --- | --- |`,
    `| Rows | ${model.count}${model.written < model.count ? ` (${model.written} written)` : ''} |`,
    `| Workspace | \`${model.workspace.replace(/`/g, '')}\` |`,
    `| Time range | ${model.timespan ? `\`${model.timespan}\`` : 'all retained data'} |`,
    `| Took | ${formatDuration(model.elapsedMs)}${model.attempts > 1 ? ` (${model.attempts} attempts)` : ''} |`,
    `| Records | ${inline(model.format)} file \`${model.recordsFile.replace(/`/g, '')}\` |`,
    ...(model.details ?? []).map(([label, text]) => `| ${label} | ${text} |`)
  ]
  return lines.join('\n') + '\n'
}

/** Columns beyond this are left out of the preview (the records file has them all). */
const PREVIEW_COLUMNS = 30

function preview(model: SummaryModel, budget: number): string {
  if (model.columns.length === 0 || model.preview.length === 0) return ''
  const columns = model.columns.slice(0, PREVIEW_COLUMNS)
  const header = columns.map(column => `${tableCell(column.name, 60)} <sub>${inline(column.type)}</sub>`)
  const rows: string[][] = []
  let size = 400 + header.reduce((sum, cell) => sum + cell.length + 3 + 6, 4)
  for (const cells of model.preview) {
    const row = columns.map((_, i) => tableCell(cellText(cells[i] ?? 'null')))
    size += row.reduce((sum, cell) => sum + cell.length + 3, 4)
    if (size > budget) break
    rows.push(row)
  }
  if (rows.length === 0) return ''
  const shown = rows.length < model.count ? `first ${rows.length} of ${model.count} rows` : `${rows.length} row${rows.length === 1 ? '' : 's'}`
  const hidden = model.columns.length - columns.length
  const more = hidden > 0 ? `, first ${columns.length} of ${model.columns.length} columns` : ''
  return `\n<details open><summary>Records (${shown}${more})</summary>\n\n${table(header, rows)}\n</details>\n`
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n// … (${text.length - max} more characters)` : text
}
