import { evaluateGate, measureResult } from '../gate.js'
import type { QueryResult } from '../logs/query-result.js'
import { unwrap } from '../logs/service-error.js'
import type { GateSettings } from '../settings.js'
import type { SampleOutcome } from './plan.js'

/** One evaluation of the gate: what the query returned, measured and judged. */
export interface QuerySample extends SampleOutcome {
  result: QueryResult
}

/** Measures a query result (count, first cell) and judges it against the thresholds. */
export function toSample(index: number, at: number, result: QueryResult, gate: GateSettings): QuerySample {
  const measure = measureResult(result.count, result.preview[0])
  const sample: QuerySample = { index, at, measure, gate: evaluateGate(measure, gate), result }
  if (result.partialError) sample.partialError = unwrap(result.partialError).message
  return sample
}
