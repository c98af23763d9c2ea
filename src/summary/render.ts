import { formatBytes, formatDuration, formatSpan, plural } from '../common/format.js'
import { gatesOnValue } from '../evaluation/gate.js'
import type { ExportReport } from '../logs/query-outcome.js'
import type { Column } from '../wire/columns.js'
import { baselineDetail, beside, type BaselineSummary } from './baseline.js'
import { codeBlock, codeCell, inline, tableCell } from './markdown.js'
import type { EvaluationSettings, GateSettings, QueryParameter } from '../settings.js'
import { describePlan } from '../evaluation/describe.js'
import type { Conclusion, SampleOutcome } from '../evaluation/plan.js'
import { mermaidChart } from './chart.js'
import { parametersTable } from './parameters.js'
import { previewTable } from './preview-table.js'
import { CHART_ROWS, resultChart } from './result-chart.js'
import { samplesSection } from './samples.js'
import { statisticsRows } from './statistics.js'

/** What the job summary shows about one run. Nothing in it depends on the clock: the same model gives the same text. */
export interface SummaryModel {
  /** The verdict and the sentences behind it. */
  conclusion: Conclusion
  gate: GateSettings
  evaluation: EvaluationSettings
  /** Every sample (one for a single evaluation); the rest of the model describes the last. */
  samples: SampleOutcome[]
  count: number
  written: number
  /** The first cell of the first row, as text. */
  value?: string
  recordsFile: string
  format: string
  workspace: string
  timespan: string | undefined
  query: string
  columns: Column[]
  /** First rows, cells as raw JSON text. */
  preview: string[][]
  /** Rows of the preview table (`summary-rows`). */
  previewRows: number
  /** Show records (preview table, chart of the result); false for sensitive data (`summary: false`). */
  records: boolean
  /** The query's `render` member. */
  render?: unknown
  /** The query's statistics. */
  statistics?: unknown
  elapsedMs: number
  /** Query requests the last sample made (retries included). */
  attempts: number
  /** The service's partial-error message, when the result is incomplete. */
  partialError?: string
  /** Why the query was not exported in time slices, when the result is incomplete and it was not. */
  notSplit?: string
  /** How an export in time slices ran. */
  export?: ExportReport
  /** More rows for the details table (a search job's): a label and Markdown-safe text. */
  details?: [string, string][]
  /** Notes shown under the details (Markdown-safe). */
  notes?: string[]
  /** What ran, for the headline: `Log Analytics query` unless said otherwise. */
  subject?: string
  /** The query's parameters (`parameters`), shown under the query as written. */
  parameters?: Pick<QueryParameter, 'name' | 'type' | 'value'>[]
  /** The baseline of the last sample (`baseline`): shown beside the current numbers. */
  baseline?: BaselineSummary
}

/** GitHub refuses a step summary over 1 MiB; the records stay far below whatever the result. */
export const SUMMARY_BUDGET = 256 * 1024
const QUERY_BUDGET = 16 * 1024
/** A message from the service is cut here in the summary (the log keeps a longer one). */
const SERVICE_MESSAGE_MAX = 2000

/** How many first rows the summary needs the query to keep: the preview table's, or more for a chart. */
export function rowsForSummary(previewRows: number, records: boolean): number {
  return records ? Math.max(previewRows, CHART_ROWS) : 1
}

/** The job summary as Markdown. Pure: the same model gives the same text. */
export function renderSummary(model: SummaryModel): string {
  const blocks = [verdictLine(model)]
  if (model.conclusion.story) blocks.push(`${capitalize(inline(model.conclusion.story))}.`)
  const notes = [...(model.notes ?? []), ...(model.baseline?.note ? [model.baseline.note] : [])]
  blocks.push(
    details(model),
    ...notes.map(note => `> [!NOTE]\n> ${note}`),
    codeBlock(shorten(model.query, QUERY_BUDGET), 'kusto')
  )
  if (model.parameters?.length) blocks.push(parametersTable(model.parameters))
  if (model.partialError)
    blocks.push(
      `> [!WARNING]\n> The result is incomplete: ${inline(model.partialError, SERVICE_MESSAGE_MAX)}` +
        (model.notSplit ? `\n>\n> It was not split into time slices: ${inline(model.notSplit)}` : '')
    )
  if (model.evaluation.mode !== 'once') blocks.push(samplesSection(model.samples, model.gate))
  const chart = model.records
    ? resultChart(model.columns, model.preview, model.count, model.render, model.baseline)
    : undefined
  if (chart) blocks.push(mermaidChart(chart))
  const text = join(fitting(blocks, SUMMARY_BUDGET))
  if (!model.records) return text
  return join([
    text,
    previewTable(
      model.columns,
      model.preview,
      model.count,
      model.previewRows,
      SUMMARY_BUDGET - Buffer.byteLength(text),
      model.baseline
    )
  ])
}

/** Room kept for the preview table's own headline and for the note that replaces a block left out. */
const BLOCK_RESERVE = 2 * 1024

/**
 * The blocks that fit in `budget` bytes, in order; a block that does not fit
 * is replaced by a one-line note. Whole blocks only, so no cut can leave a code
 * fence, a table or a `<details>` open.
 */
function fitting(blocks: string[], budget: number): string[] {
  const kept: string[] = []
  let used = 0
  for (const block of blocks) {
    const size = Buffer.byteLength(block) + 2
    if (used + size <= budget - BLOCK_RESERVE) {
      kept.push(block)
      used += size
    } else {
      kept.push(`> [!NOTE]\n> A part of this summary was left out to keep it under ${Math.round(budget / 1024)} KiB.`)
      used += 100
    }
  }
  return kept
}

/** Markdown blocks, a blank line between each, ending with a line break. */
function join(blocks: string[]): string {
  return (
    blocks
      .map(block => block.trim())
      .filter(block => block !== '')
      .join('\n\n') + '\n'
  )
}

function verdictLine({ conclusion, count, subject = 'Log Analytics query' }: SummaryModel): string {
  const reasons = inline(conclusion.reasons.join(', '))
  switch (conclusion.verdict) {
    case 'fail':
      return `### ❌ ${subject} failed the gate: ${reasons}`
    case 'warn':
      return `### ⚠️ ${subject} passed with a warning: ${reasons}`
    case 'pass':
      return `### ✅ ${subject} passed: ${reasons}`
    case 'error':
      return `### ❌ ${subject} has no verdict: ${reasons}`
    default:
      return `### ${subject} returned ${count} row${count === 1 ? '' : 's'}`
  }
}

function details(model: SummaryModel): string {
  const { baseline } = model
  const plan = describePlan(model.evaluation)
  const samples = model.samples.length
  const rows: [string, string][] = [
    [
      'Rows',
      `${baseline ? beside(String(model.count), String(baseline.count)) : model.count}${model.written < model.count ? ` (${model.written} written)` : ''}`
    ],
    ...(gatesOnValue(model.gate) || baseline ? [['Value', valueCell(model.value, baseline)] as [string, string]] : []),
    ['Workspace', codeCell(model.workspace)],
    ['Time range', model.timespan ? codeCell(model.timespan) : 'all retained data'],
    ...(baseline ? [baselineDetail(baseline)] : []),
    ...(plan
      ? [['Evaluation', `${inline(plan)}: ${samples} sample${samples === 1 ? '' : 's'}`] as [string, string]]
      : []),
    [
      'Took',
      `${model.elapsedMs < 60_000 ? formatDuration(model.elapsedMs) : formatSpan(model.elapsedMs)}${model.attempts > 1 ? ` (${model.attempts} attempts)` : ''}`
    ],
    ...statisticsRows(model.statistics),
    ['Records', `${inline(model.format)} file ${codeCell(model.recordsFile)}`],
    ...(model.export ? [['Export', exportCell(model.export)] as [string, string]] : []),
    ...(model.details ?? [])
  ]
  return ['| | |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n') + '\n'
}

/** How an export in time slices ran, in one cell. */
function exportCell(report: ExportReport): string {
  const retries =
    report.retries === 0
      ? 'no retries'
      : `${plural(report.retries, 'retry', 'retries')} (${report.throttled} throttled, ${formatDuration(report.waitedMs)} waiting)`
  const again = report.splitAgain > 0 ? `, ${report.splitAgain} cut by the service and split again` : ''
  const skipped = report.skipped > 0 ? `, ${report.skipped} past max-records counted on the server, not read` : ''
  return (
    `${plural(report.slices, 'time slice')} up to ${report.concurrency} at a time${again}${skipped}, ` +
    `${plural(report.planningQueries, 'counting query', 'counting queries')}; ` +
    `${formatBytes(report.bytes)} in ${formatDuration(report.elapsedMs)}; ${retries}`
  )
}

/** `value`, beside the baseline's when there is one. */
function valueCell(value: string | undefined, baseline: BaselineSummary | undefined): string {
  if (value === undefined)
    return `no data${baseline?.value === undefined ? '' : `; baseline ${tableCell(baseline.value, 60)}`}`
  return baseline ? beside(value, baseline.value) : tableCell(value, 60)
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n// … (${text.length - max} more characters)` : text
}
