import { quoted } from '../common/errors.js'

/**
 * What a search job's query may be (contract §4): a table name, then only
 * row-by-row operators the service can run in parallel over years of data.
 * Checked before submitting, so a query the service would refuse costs no
 * table, no job and no request.
 */

/** The operators a search job accepts after the table name. */
export const SEARCH_JOB_OPERATORS: readonly string[] = [
  'where',
  'extend',
  'project',
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'parse',
  'parse-where'
]

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const OPERATOR = /^[A-Za-z_][A-Za-z0-9_-]*/

/** One step of a pipeline: where it stands in the query and the line it starts on (1-based). */
interface Step {
  from: number
  to: number
  line: number
}

/**
 * The source table of a query a search job would accept, or a problem
 * description (one line) naming the first thing the service would reject.
 */
export function checkSearchJobQuery(query: string): { table: string } | string {
  const structure = maskStringsAndComments(query)
  if (typeof structure === 'string') return structure
  const { masked } = structure
  const { steps, nextStatementLine } = pipelineSteps(masked)
  const [source, ...rest] = steps
  const table = masked.slice(source.from, source.to).trim()
  if (!TABLE_NAME.test(table)) {
    const at = source.from + (/\S/.exec(masked.slice(source.from, source.to))?.index ?? 0)
    const first = query.slice(at, source.to).split(/\s/)[0]
    return `a search job's query must start with a table name, such as Heartbeat | where …; it starts with ${quoted(first || '|')}.`
  }
  if (nextStatementLine !== undefined) {
    return `a search job runs one tabular expression; line ${nextStatementLine} has a ';' with more after it (let statements and several queries are not accepted).`
  }
  for (const step of rest) {
    const operator = OPERATOR.exec(masked.slice(step.from, step.to).trim())?.[0]
    if (operator === undefined) return `line ${step.line} has a '|' with no operator after it.`
    if (!SEARCH_JOB_OPERATORS.includes(operator)) {
      return (
        `a search job accepts only ${SEARCH_JOB_OPERATORS.join(', ')} after the table name; line ${step.line} uses ${quoted(operator)}. ` +
        'Run it as a query (mode: query), or over the kept results table.'
      )
    }
  }
  return { table }
}

/**
 * The top-level steps of a pipeline, split at `|` outside brackets, up to a
 * top-level `;`; `nextStatementLine` is the line of a `;` that more text follows.
 */
function pipelineSteps(masked: string): { steps: Step[]; nextStatementLine?: number } {
  const steps: Step[] = []
  let from = 0
  let fromLine = 1
  let line = 1
  let depth = 0
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i]
    if (c === '\n') line++
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (depth === 0 && c === ';') {
      steps.push({ from, to: i, line: fromLine })
      return masked.slice(i + 1).trim() === '' ? { steps } : { steps, nextStatementLine: line }
    } else if (depth === 0 && c === '|') {
      steps.push({ from, to: i, line: fromLine })
      from = i + 1
      fromLine = line
    }
  }
  steps.push({ from, to: masked.length, line: fromLine })
  return { steps }
}

/**
 * The query with comments blanked and string literals (`'…'`, `"…"`, `@'…'`,
 * multi-line ```…```) filled with `#`, line breaks kept: what is left is the
 * structure of the query, the same length as the text.
 */
function maskStringsAndComments(query: string): { masked: string } | string {
  let out = ''
  let line = 1
  for (let i = 0; i < query.length; i++) {
    const c = query[i]
    let end: number
    if (c === '/' && query[i + 1] === '/') {
      end = query.indexOf('\n', i)
      if (end === -1) end = query.length
      out += ' '.repeat(end - i)
      i = end - 1
      continue
    }
    if (c === '`' && query.startsWith('```', i)) {
      end = query.indexOf('```', i + 3)
      if (end === -1) return `the multi-line string that opens on line ${line} is not closed.`
      end += 2
    } else if (c === "'" || c === '"') {
      end = stringEnd(query, i, query[i - 1] === '@')
      if (end === -1) return `the string that opens on line ${line} is not closed.`
    } else {
      if (c === '\n') line++
      out += c
      continue
    }
    const literal = query.slice(i, end + 1)
    out += literal.replace(/[^\n]/g, '#')
    line += literal.split('\n').length - 1
    i = end
  }
  return { masked: out }
}

/** Index of the quote that closes the string opening at `i` (`@'…'` strings have no escapes; `''` is a quote). */
function stringEnd(text: string, i: number, verbatim: boolean): number {
  const quote = text[i]
  for (let j = i + 1; j < text.length; j++) {
    if (!verbatim && text[j] === '\\') {
      j++
    } else if (text[j] === quote) {
      if (verbatim && text[j + 1] === quote) j++
      else return j
    } else if (text[j] === '\n') {
      return -1
    }
  }
  return -1
}
