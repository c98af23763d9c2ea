import { searchJobSummary } from '../summary/search-job.js'
import type { ActionSettings } from '../settings.js'
import type { Evaluation } from '../evaluation/loop.js'
import type { QuerySample } from '../evaluation/query-sample.js'
import type { SummaryModel } from '../summary/render.js'
import { baselineNote, baselineTimespan } from '../evaluation/baseline.js'
import { measureResult } from '../evaluation/gate.js'
import type { BaselineSummary } from '../summary/baseline.js'
import { inline } from '../summary/markdown.js'

/** The summary's model of a finished evaluation: the conclusion, every sample, and the last sample's result. */
export function summaryOf(
  settings: ActionSettings,
  evaluation: Evaluation<QuerySample>,
  elapsedMs: number
): SummaryModel {
  const { outcome, measure, attempts } = evaluation.last
  const { result } = outcome
  return {
    conclusion: evaluation.conclusion,
    gate: settings.gate,
    evaluation: settings.evaluation,
    samples: evaluation.samples,
    count: outcome.count,
    written: result.written,
    value: measure.value,
    recordsFile: settings.output.file,
    format: settings.output.format,
    workspace: settings.target.id,
    timespan: settings.timespan,
    query: settings.query,
    columns: result.columns,
    preview: result.preview,
    previewRows: settings.summaryRows,
    records: settings.summary,
    render: result.render,
    statistics: result.statistics,
    elapsedMs,
    attempts,
    partialError: outcome.status === 'partial' ? outcome.partial.message : undefined,
    notSplit: outcome.status === 'partial' ? outcome.partial.notSplit : undefined,
    export: outcome.export,
    parameters: settings.parameters.map(({ name, type, value }) => ({ name, type, value })),
    ...searchJobSummary(outcome),
    baseline: baselineSummary(settings, evaluation.last)
  }
}

/** The baseline of the last sample, as the summary shows it; undefined without `baseline`. */
function baselineSummary({ baseline }: ActionSettings, last: QuerySample): BaselineSummary | undefined {
  if (!baseline || !last.baseline) return undefined
  const { count, result } = last.baseline
  const note = baselineNote(last.baseline)
  return {
    name: baseline.name,
    timespan: baselineTimespan(baseline, last.at),
    shiftMs: baseline.shiftMs,
    count,
    value: measureResult(count, result.preview[0]).value,
    columns: result.columns,
    rows: result.preview,
    ...(note && { note: inline(note) })
  }
}
