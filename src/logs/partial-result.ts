import type { OnPartial } from '../settings.js'
import { unwrap, type ServiceError } from './service-error.js'

export interface PartialResult {
  /** The service's innermost message, for people. */
  message: string
  /** The service cut the rows at its row or size cap: a server-side count can still give the exact total. */
  truncated: boolean
  /** Why the query was not exported in time slices, which would have brought every row (`split`). */
  notSplit?: string
}

/** Reads the `error` that came with an HTTP 200 answer (contract §3). */
export function describePartial(error: ServiceError): PartialResult {
  const { message, codes } = unwrap(error)
  const truncated =
    /E_QUERY_RESULT_SET_TOO_LARGE|exceeded the (internal )?(record count|data size) limit|result set.*(limit|truncat)/i.test(
      message
    ) || codes.some(code => /TooLarge|Truncat/i.test(code))
  return { message, truncated }
}

/**
 * What a partial answer does to the step under `on-partial`: `fail` (the
 * default) fails it, `warn` warns and gates on the count anyway, `ignore` says
 * nothing. `truncated` is set in every case.
 */
export function partialConsequence(
  partial: PartialResult,
  count: number,
  countIsExact: boolean,
  onPartial: OnPartial
): { fail?: string; warn?: string } {
  const counted =
    (countIsExact
      ? `the query matches ${count} rows (counted on the server)`
      : `count (${count}) is only the rows that arrived and may be too low`) +
    (partial.notSplit ? `; it was not split into time slices: ${partial.notSplit}` : '')
  if (onPartial === 'fail') {
    return { fail: `The result is incomplete, so the step fails (on-partial: fail): ${partial.message} — ${counted}.` }
  }
  if (onPartial === 'warn') return { warn: `The result is incomplete: ${partial.message} — ${counted}.` }
  return {}
}
