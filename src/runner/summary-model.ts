import { searchJobSummary } from '../summary/search-job.js'
import type { ActionSettings } from '../settings.js'
import type { Evaluation } from '../evaluation/loop.js'
import type { QuerySample } from '../evaluation/query-sample.js'
import type { SummaryModel } from '../summary/render.js'

/** The summary's model of a finished evaluation: the conclusion, every sample, and the last sample's result. */
export function summaryOf(settings: ActionSettings, evaluation: Evaluation<QuerySample>, elapsedMs: number): SummaryModel {
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
    parameters: settings.parameters.map(({ name, type, value }) => ({ name, type, value })),
    ...searchJobSummary(outcome)
  }
}
