import { countQuery, serverCount } from './count-query.js'
import { describePartial } from './partial-result.js'
import type { QueryOutcome } from './query-outcome.js'
import { runQuery, type LogsClient, type ResultSink } from './query-client.js'
import type { QuerySpec } from './query-request.js'
import type { QueryResult } from './query-result.js'

/**
 * Runs the query into the records file, as one answer. When the service cut it
 * at its row or size cap, asks the service to count the same query (`| count`),
 * so that `count` is still the exact number of rows the query matches.
 * `notSplit` says why the query was not exported in time slices instead.
 */
export async function queryWhole(
  client: LogsClient,
  spec: QuerySpec,
  sink: ResultSink,
  log: (line: string) => void,
  notSplit?: string
): Promise<QueryOutcome> {
  const result = await runQuery(client, spec, sink)
  const cut = outcomeOfAnswer(result, notSplit)
  if (cut.status === 'ok' || !cut.partial.truncated) return cut

  const why = notSplit ? `; it was not split into time slices: ${notSplit}` : ''
  log(
    `The service cut the answer at ${result.count} rows (${cut.partial.message})${why}; counting all the rows on the server.`
  )
  const counted = await runQuery(client, { ...spec, query: countQuery(spec.query) }, { output: null, previewRows: 1 })
  const total = serverCount(counted.preview[0]?.[0])
  if (counted.partialError || total === undefined || total < result.count) return cut
  return { ...cut, count: total, countIsExact: true }
}

/** One answer as an outcome: every row, or (with an error) the rows that arrived, their count not to be trusted. */
export function outcomeOfAnswer(result: QueryResult, notSplit?: string): QueryOutcome {
  if (!result.partialError)
    return { status: 'ok', result, count: result.count, truncated: result.written < result.count }
  const partial = { ...describePartial(result.partialError), ...(notSplit !== undefined && { notSplit }) }
  return { status: 'partial', result, count: result.count, truncated: true, partial, countIsExact: false }
}
