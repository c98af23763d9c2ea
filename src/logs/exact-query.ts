import { cellNumber } from './cells.js'
import { countQuery } from './count-query.js'
import { describePartial, type PartialResult } from './partial-result.js'
import { runQuery, type QueryOptions } from './query-client.js'
import type { QueryResult } from './query-result.js'

/** A query's answer with a count that can be trusted, or the reason it cannot. */
export interface QueryOutcome {
  result: QueryResult
  /** Rows the query matches: the rows that arrived, or the server's count when the answer was cut. */
  count: number
  /** Fewer records in the file than the query matches (max-records, or the service's caps). */
  truncated: boolean
  /** The error that came with the rows, when the answer was partial. */
  partial?: PartialResult
  /** False when even the server-side count could not be had in full: `count` may be low. */
  countIsExact: boolean
}

/**
 * Runs the query into the records file. When the service cut the answer at its
 * row or size cap, asks the service to count the same query (`| count`), so that
 * `count` is still the exact number of rows the query matches.
 */
export async function queryExactly(options: QueryOptions, log: (line: string) => void): Promise<QueryOutcome> {
  const result = await runQuery(options)
  const partial = result.partialError ? describePartial(result.partialError) : undefined
  if (!partial) return { result, count: result.count, truncated: result.written < result.count, countIsExact: true }
  if (!partial.truncated) return { result, count: result.count, truncated: true, partial, countIsExact: false }

  log(`The service cut the answer at ${result.count} rows (${partial.message}); counting all the rows on the server.`)
  const counted = await runQuery({
    ...options,
    settings: { ...options.settings, query: countQuery(options.settings.query) },
    output: null,
    previewRows: 1
  })
  const total = counted.preview[0]?.[0] === undefined ? undefined : cellNumber(counted.preview[0][0])
  if (counted.partialError || total === undefined || total < result.count) {
    return { result, count: result.count, truncated: true, partial, countIsExact: false }
  }
  return { result, count: total, truncated: true, partial, countIsExact: true }
}
