import { baselineConsequence } from './baseline.js'
import type { ConditionTally } from './condition-tally.js'
import { evaluateGate, measureResult } from './gate.js'
import type { QueryOutcome } from '../logs/exact-query.js'
import { partialConsequence } from '../logs/partial-result.js'
import type { GateSettings, OnPartial } from '../settings.js'
import type { SampleOutcome } from './plan.js'

/** One evaluation of the gate: what the query returned, measured and judged. */
export type QuerySample = SampleOutcome & {
  outcome: QueryOutcome
  /** Query requests this sample made (retries included). */
  attempts: number
  /** What a partial answer does to the step (`on-partial`): the failure, or the warning. */
  consequence: { fail?: string; warn?: string }
  /** Rows `fail-if` matched (`matched-rows`); undefined without `fail-if`, or when it could not be judged. */
  matchedRows?: number
  /** The same query over the baseline window (`baseline`), when there is one: its rows are kept, not written. */
  baseline?: QueryOutcome
}

/**
 * Measures a query's answer (its exact count, its first cell) and judges it
 * against the thresholds and the conditions over its rows (`conditions`, when
 * `fail-if` or `warn-if` is set). A partial answer the step fails on
 * (`on-partial: fail`), or a condition that could not be judged, makes the
 * sample untrusted: it ends the evaluation with `error`. A baseline
 * (`baseline`) rides along on the sample (see withBaseline).
 */
export function toSample(
  index: number,
  at: number,
  outcome: QueryOutcome,
  attempts: number,
  judge: { gate: GateSettings; onPartial: OnPartial },
  conditions?: ConditionTally,
  baseline?: QueryOutcome
): QuerySample {
  if (baseline)
    return withBaseline(toSample(index, at, outcome, attempts, judge, conditions), baseline, judge.onPartial)
  const measure = measureResult(outcome.count, outcome.result.preview[0])
  const matchedRows = conditions?.error === undefined ? conditions?.fail?.matched : undefined
  const gate = evaluateGate(measure, judge.gate, conditions)
  const taken = { index, at, measure, gate, outcome, attempts, ...(matchedRows !== undefined && { matchedRows }) }
  const consequence =
    outcome.status === 'ok'
      ? {}
      : partialConsequence(outcome.partial, outcome.count, outcome.countIsExact, judge.onPartial)
  if (outcome.status === 'partial' && consequence.fail !== undefined)
    return { ...taken, status: 'error', error: `the result is incomplete: ${outcome.partial.message}`, consequence }
  if (conditions?.error !== undefined) return { ...taken, status: 'error', error: conditions.error, consequence }
  return { ...taken, status: 'ok', consequence }
}

/**
 * A sample with its baseline. The thresholds judge the current window only; a
 * baseline the step cannot trust (partial under `on-partial: fail`) makes the
 * sample untrusted all the same: it never passes.
 */
function withBaseline(sample: QuerySample, baseline: QueryOutcome, onPartial: OnPartial): QuerySample {
  const { fail, warn, error } = baselineConsequence(baseline, onPartial)
  const warnings = [sample.consequence.warn, warn].filter(text => text !== undefined)
  const consequence = { ...sample.consequence, ...(warnings.length > 0 && { warn: warnings.join(' ') }) }
  if (sample.status === 'ok' && fail !== undefined && error !== undefined)
    return { ...sample, status: 'error', error, consequence: { ...consequence, fail }, baseline }
  return { ...sample, consequence, baseline }
}
