import { quoted } from '../common/errors.js'

/**
 * The table a search job writes its results to (contract §4): it must end
 * with `_SRCH`; like every Log Analytics table it holds only letters, digits
 * and underscores and starts with a letter.
 */

export const SEARCH_TABLE_SUFFIX = '_SRCH'

/** The longest table name this action creates or accepts. */
export const MAX_TABLE_NAME = 63

const VALID = /^[A-Za-z][A-Za-z0-9_]*$/

/** What is wrong with a results table name given as `search-table`, or undefined when it is valid. */
export function searchTableProblem(name: string): string | undefined {
  if (!name.endsWith(SEARCH_TABLE_SUFFIX)) {
    const hint = name.toUpperCase().endsWith(SEARCH_TABLE_SUFFIX) ? ' (in capitals)' : ''
    return `${quoted(name)} does not end with ${SEARCH_TABLE_SUFFIX}${hint}: a search job's results table must, such as ${suggest(name)}.`
  }
  if (!VALID.test(name)) {
    return `${quoted(name)} is not a table name: use letters, digits and underscores, starting with a letter.`
  }
  if (name.length > MAX_TABLE_NAME)
    return `${quoted(name)} is ${name.length} characters long; use at most ${MAX_TABLE_NAME}.`
  return undefined
}

/**
 * A results table name for this run: the source table, the workflow run and a
 * random part (two steps of one run never collide), `Heartbeat_9876543210_a1b2c3_SRCH`.
 * Only valid characters, at most MAX_TABLE_NAME long.
 */
export function deriveSearchTableName(sourceTable: string, runId: string | undefined, random: string): string {
  const run = (runId ?? '').replace(/[^A-Za-z0-9]/g, '')
  const tail = `${run ? `_${run}` : ''}_${random.replace(/[^A-Za-z0-9]/g, '')}${SEARCH_TABLE_SUFFIX}`
  let base = sourceTable.replace(/[^A-Za-z0-9_]/g, '').replace(/^[^A-Za-z]+/, '')
  if (base === '') base = 'Search'
  return base.slice(0, Math.max(1, MAX_TABLE_NAME - tail.length)) + tail
}

function suggest(name: string): string {
  const base = name
    .replace(/[^A-Za-z0-9_]/g, '')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/_SRCH$/i, '')
  return `${base || 'Results'}${SEARCH_TABLE_SUFFIX}`
}
