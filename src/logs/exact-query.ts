import { quoted } from '../common/errors.js'
import type { Split } from '../settings.js'
import type { ResultSink, LogsClient } from './query-client.js'
import type { QueryOutcome } from './query-outcome.js'
import type { QuerySpec } from './query-request.js'
import { isRowLevel, readRowLevelQuery, ROW_LEVEL_OPERATORS, type NotRowLevel } from './row-level-query.js'
import { exportInSlices } from './split-export.js'
import { queryWhole } from './whole-query.js'

export type { QueryOutcome } from './query-outcome.js'

/**
 * Runs the query into the records file with a count that can be trusted. With
 * `split: auto` a row-level query is exported in time slices when one answer
 * would not hold it (`split-export.ts`), so the file holds every record; any
 * other query runs as one answer, and when the service cuts it the count is
 * still exact (counted on the server) and the outcome says why it was not split.
 */
export async function queryExactly(
  client: LogsClient,
  spec: QuerySpec,
  sink: ResultSink,
  log: (line: string) => void,
  split: Split = 'off'
): Promise<QueryOutcome> {
  if (split === 'off' || !sink.output) return queryWhole(client, spec, sink, log)
  if (sink.rows) {
    const why = 'fail-if and warn-if judge the rows of one answer, so a query with them is not split'
    return queryWhole(client, spec, sink, log, why)
  }
  const read = readRowLevelQuery(spec.query, { lets: true })
  if (!isRowLevel(read)) return queryWhole(client, spec, sink, log, whyNotRowLevel(read))
  return exportInSlices(client, spec, read, { ...sink, output: sink.output }, log)
}

/** Why a query that is not row-level cannot be cut into time slices, in one line. */
function whyNotRowLevel(read: NotRowLevel): string {
  const only = `only a table followed by ${ROW_LEVEL_OPERATORS.join(', ')} means the same slice by slice`
  switch (read.kind) {
    case 'unreadable':
      return read.message
    case 'source':
      return `it starts with ${quoted(read.first)}, not a table name (${only})`
    case 'statements':
      return `line ${read.line} starts another statement (${only})`
    case 'empty-step':
      return `line ${read.line} has a '|' with no operator after it`
    case 'operator':
      return `line ${read.line} uses ${quoted(read.operator)} (${only})`
  }
}
