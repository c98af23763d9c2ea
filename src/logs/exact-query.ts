import { ActionError, quoted } from '../common/errors.js'
import { countQuery } from './count-query.js'
import { describePartial, type PartialResult } from './partial-result.js'
import { runQuery, type LogsClient, type ResultSink } from './query-client.js'
import type { QuerySpec } from './query-request.js'
import type { QueryResult } from './query-result.js'

/**
 * A query's answer with a count that can be trusted, or the reason it cannot:
 * `ok`, every row the query matches came back (the file holds them, or the
 * first `max-records`); `partial`, the service sent part of the rows and an
 * error.
 */
export type QueryOutcome =
  | {
      status: 'ok'
      result: QueryResult
      /** Rows the query matches: the rows that arrived. */
      count: number
      /** Fewer records in the file than the query matches (max-records). */
      truncated: boolean
    }
  | {
      status: 'partial'
      result: QueryResult
      /** Rows the query matches: the server's count when the answer was cut at a cap, else the rows that arrived. */
      count: number
      /** Fewer records in the file than the query matches (true whenever the service cut the answer). */
      truncated: boolean
      /** The error that came with the rows. */
      partial: PartialResult
      /** False when even the server-side count could not be had in full: `count` may be low. */
      countIsExact: boolean
    }

/**
 * Runs the query into the records file. When the service cut the answer at its
 * row or size cap, asks the service to count the same query (`| count`), so that
 * `count` is still the exact number of rows the query matches.
 */
export async function queryExactly(
  client: LogsClient,
  spec: QuerySpec,
  sink: ResultSink,
  log: (line: string) => void
): Promise<QueryOutcome> {
  const result = await runQuery(client, spec, sink)
  if (!result.partialError)
    return { status: 'ok', result, count: result.count, truncated: result.written < result.count }
  const partial = describePartial(result.partialError)
  const cut = { status: 'partial', result, count: result.count, truncated: true, partial, countIsExact: false } as const
  if (!partial.truncated) return cut

  log(`The service cut the answer at ${result.count} rows (${partial.message}); counting all the rows on the server.`)
  const counted = await runQuery(client, { ...spec, query: countQuery(spec.query) }, { output: null, previewRows: 1 })
  const total = serverCount(counted.preview[0]?.[0])
  if (counted.partialError || total === undefined || total < result.count) return cut
  return { ...cut, count: total, countIsExact: true }
}

/**
 * The service's `| count` answer: a whole number of rows written as digits.
 * Anything else (a fraction, a sign, text, a number beyond what a count of rows
 * can exactly be) is a malformed answer, never a count to gate on.
 */
export function serverCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(count))
    throw new ActionError(
      `The service's answer was malformed: it counted ${quoted(raw)} rows, which is not a whole number of rows from 0 to ${Number.MAX_SAFE_INTEGER}.`
    )
  return count
}
