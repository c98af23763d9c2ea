/**
 * Whether a query works row by row: a source table, then only operators that
 * look at one row at a time. Such a query means the same over any split of its
 * time range, so it can be cut into time slices (an export past the service's
 * caps) or handed to a search job (contract §4), which accepts the same
 * operators. Read on the query's structure, with strings and comments masked.
 */

/** The operators that may follow the table name in a row-level query (the search job's list). */
export const ROW_LEVEL_OPERATORS: readonly string[] = [
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

/** A row-level query: its source table, and where in the text the table's name ends (bounds go right after it). */
export interface RowLevelQuery {
  table: string
  tableEnd: number
}

/** Why a query is not row-level, for the caller to word. */
export type NotRowLevel =
  | { kind: 'unreadable'; message: string }
  | { kind: 'source'; first: string }
  | { kind: 'statements'; line: number }
  | { kind: 'empty-step'; line: number }
  | { kind: 'operator'; line: number; operator: string }

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const OPERATOR = /^[A-Za-z_][A-Za-z0-9_-]*/
const LET = /^\s*let\b/

/** One step of a pipeline: where it stands in the query and the line it starts on (1-based). */
interface Step {
  from: number
  to: number
  line: number
}

/**
 * Reads `query` as a row-level query. `lets`: `let` statements may come first
 * (the action's own `parameters` are put there); a search job takes none.
 */
export function readRowLevelQuery(query: string, options: { lets: boolean }): RowLevelQuery | NotRowLevel {
  const structure = maskStringsAndComments(query)
  if (typeof structure === 'string') return { kind: 'unreadable', message: structure }
  const { masked } = structure
  const statements = topLevelStatements(masked)
  let pipeline = statements[0]
  if (options.lets) {
    const first = statements.findIndex(statement => !LET.test(masked.slice(statement.from, statement.to)))
    pipeline = statements[first === -1 ? statements.length - 1 : first]
  }
  const [source, ...rest] = pipelineSteps(masked, pipeline)
  const table = masked.slice(source.from, source.to).trim()
  if (!TABLE_NAME.test(table)) {
    // Nothing but white space and comments before the first '|': the query starts with the pipe.
    const at = /\S/.exec(masked.slice(source.from, source.to))?.index
    return { kind: 'source', first: at === undefined ? '|' : query.slice(source.from + at, source.to).split(/\s/)[0] }
  }
  const after = statements[statements.indexOf(pipeline) + 1]
  if (after && masked.slice(after.from).trim() !== '') return { kind: 'statements', line: pipeline.endLine }
  for (const step of rest) {
    const operator = OPERATOR.exec(masked.slice(step.from, step.to).trim())?.[0]
    if (operator === undefined) return { kind: 'empty-step', line: step.line }
    if (!ROW_LEVEL_OPERATORS.includes(operator)) return { kind: 'operator', line: step.line, operator }
  }
  const tableEnd = source.from + masked.slice(source.from).indexOf(table) + table.length
  return { table, tableEnd }
}

/**
 * Where the text of `query` ends before the white space, comments and `;` that close it: an operator put there is
 * the last step of its last statement. Undefined when the query cannot be read (an unclosed string).
 */
export function queryEnd(query: string): number | undefined {
  const structure = maskStringsAndComments(query)
  return typeof structure === 'string' ? undefined : structure.masked.replace(/[\s;]+$/, '').length
}

export function isRowLevel(read: RowLevelQuery | NotRowLevel): read is RowLevelQuery {
  return 'table' in read
}

/** The statements of a query, split at `;` outside brackets: where each starts, ends, and the lines of both. */
function topLevelStatements(masked: string): (Step & { endLine: number })[] {
  return splitOutsideBrackets(masked, { from: 0, to: masked.length, line: 1 }, ';')
}

/** The steps of one statement's pipeline, split at `|` outside brackets. */
function pipelineSteps(masked: string, statement: Step): Step[] {
  return splitOutsideBrackets(masked, statement, '|')
}

/** `masked[part.from, part.to)` cut at every `separator` outside brackets, each piece with its first and last line. */
function splitOutsideBrackets(masked: string, part: Step, separator: string): (Step & { endLine: number })[] {
  const pieces: (Step & { endLine: number })[] = []
  let from = part.from
  let line = part.line
  let fromLine = line
  let depth = 0
  for (let i = part.from; i < part.to; i++) {
    const c = masked[i]
    if (c === '\n') line++
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (depth === 0 && c === separator) {
      pieces.push({ from, to: i, line: fromLine, endLine: line })
      from = i + 1
      fromLine = line
    }
  }
  pieces.push({ from, to: part.to, line: fromLine, endLine: line })
  return pieces
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
