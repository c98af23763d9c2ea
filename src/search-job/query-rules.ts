import { quoted } from '../common/errors.js'
import { isRowLevel, readRowLevelQuery, ROW_LEVEL_OPERATORS } from '../logs/row-level-query.js'

/**
 * What a search job's query may be (contract §4): a table name, then only
 * row-by-row operators the service can run in parallel over years of data
 * (`logs/row-level-query.ts`). Checked before submitting, so a query the
 * service would refuse costs no table, no job and no request.
 */

/** The operators a search job accepts after the table name. */
export const SEARCH_JOB_OPERATORS = ROW_LEVEL_OPERATORS

/**
 * The source table of a query a search job would accept, or a problem
 * description (one line) naming the first thing the service would reject.
 */
export function checkSearchJobQuery(query: string): { table: string } | string {
  const read = readRowLevelQuery(query, { lets: false })
  if (isRowLevel(read)) return { table: read.table }
  switch (read.kind) {
    case 'unreadable':
      return read.message
    case 'source':
      return `a search job's query must start with a table name, such as Heartbeat | where …; it starts with ${quoted(read.first)}.`
    case 'statements':
      return `a search job runs one tabular expression; line ${read.line} has a ';' with more after it (let statements and several queries are not accepted).`
    case 'empty-step':
      return `line ${read.line} has a '|' with no operator after it.`
    case 'operator':
      return (
        `a search job accepts only ${SEARCH_JOB_OPERATORS.join(', ')} after the table name; line ${read.line} uses ${quoted(read.operator)}. ` +
        'Run it as a query (mode: query), or over the kept results table.'
      )
  }
}
