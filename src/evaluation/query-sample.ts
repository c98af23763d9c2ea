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
}

/**
 * Measures a query's answer (its exact count, its first cell) and judges it
 * against the thresholds. A partial answer the step fails on (`on-partial: fail`)
 * makes the sample untrusted: it ends the evaluation with `error`.
 */
export function toSample(index: number, at: number, outcome: QueryOutcome, attempts: number, judge: { gate: GateSettings; onPartial: OnPartial }): QuerySample {
  const measure = measureResult(outcome.count, outcome.result.preview[0])
  const taken = { index, at, measure, gate: evaluateGate(measure, judge.gate), outcome, attempts }
  if (outcome.status === 'ok') return { ...taken, status: 'ok', consequence: {} }
  const consequence = partialConsequence(outcome.partial, outcome.count, outcome.countIsExact, judge.onPartial)
  if (consequence.fail !== undefined) return { ...taken, status: 'error', error: outcome.partial.message, consequence }
  return { ...taken, status: 'ok', consequence }
}
