import { evaluateGate, measureResult } from './gate.js'
import type { QueryOutcome } from '../logs/exact-query.js'
import { partialConsequence } from '../logs/partial-result.js'
import type { ActionSettings } from '../settings.js'
import type { SampleOutcome } from './plan.js'

/** One evaluation of the gate: what the query returned, measured and judged. */
export interface QuerySample extends SampleOutcome {
  outcome: QueryOutcome
  /** Query requests this sample made (retries included). */
  attempts: number
  /** What a partial answer does to the step (`on-partial`): the failure, or the warning. */
  consequence: { fail?: string; warn?: string }
}

/**
 * Measures a query's answer (its exact count, its first cell) and judges it
 * against the thresholds. A partial answer the step fails on (`on-partial: fail`)
 * makes the sample untrusted: it ends the evaluation with `error`.
 */
export function toSample(index: number, at: number, outcome: QueryOutcome, attempts: number, settings: Pick<ActionSettings, 'gate' | 'onPartial'>): QuerySample {
  const measure = measureResult(outcome.count, outcome.result.preview[0])
  const consequence = outcome.partial ? partialConsequence(outcome.partial, outcome.count, outcome.countIsExact, settings.onPartial) : {}
  const sample: QuerySample = { index, at, measure, gate: evaluateGate(measure, settings.gate), outcome, attempts, consequence }
  if (consequence.fail !== undefined && outcome.partial) sample.untrusted = outcome.partial.message
  return sample
}
