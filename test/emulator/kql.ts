import { estimateCell, parseDatetime, TICKS_PER_MS } from './lazy-tables.js'
import { Raw, type Cell, type Column, type Table } from './tables.js'

/**
 * Just enough KQL for the emulator to answer like the service: `let name =
 * <literal>;` statements (a string with escapes, `long(…)`, `datetime(…)`, …,
 * `parse_json("…")`), then a table name or `print name = <literal or let name>, …`,
 * then `| where`, `| take`/`limit`, `| project`, `| count`, `| summarize count()
 * [by col | bin(TimeGenerated, 1h), …]`, `| order by`, `| render`. What it does
 * not understand is a syntax error with the line and position, as the service
 * reports it; an unknown table or column is a semantic error.
 */

export class KqlError extends Error {
  constructor(readonly body: object) {
    super('kql error')
  }
}

export interface KqlResult {
  table: Table
  render?: { visualization: string; title: string | null }
}

export interface Token {
  kind: 'word' | 'number' | 'string' | 'typed' | 'op' | 'eof'
  text: string
  value?: string | number
  line: number
  pos: number
}

export function runKql(query: string, tables: Map<string, Table>, range?: { from: number; to: number }): KqlResult {
  const tokens = tokenize(query)
  let i = 0
  const peek = () => tokens[i]
  const next = () => tokens[i++]
  const expect = (kind: Token['kind'], text?: string): Token => {
    const token = next()
    if (token.kind !== kind || (text !== undefined && token.text.toLowerCase() !== text)) syntaxError(token)
    return token
  }

  const names = new Map<string, Value>()
  const value = (): Value => {
    const token = next()
    if (token.kind === 'word' && names.has(token.text)) return names.get(token.text)!
    if (token.kind === 'word' && token.text === 'parse_json') {
      expect('op', '(')
      const json = expect('string')
      expect('op', ')')
      return { type: 'dynamic', cell: JSON.stringify(JSON.parse(String(json.value))) }
    }
    return literalValue(token)
  }
  while (peek().kind === 'word' && peek().text === 'let') {
    next()
    const name = expect('word')
    expect('op', '=')
    names.set(name.text, value())
    expect('op', ';')
  }

  const source = expect('word')
  let found = tables.get(source.text.toLowerCase())
  if (source.text === 'print') {
    const columns: Column[] = []
    const row: Cell[] = []
    do {
      const name = expect('word')
      expect('op', '=')
      const printed = value()
      columns.push({ name: name.text, type: printed.type })
      row.push(printed.cell)
    } while (peek().text === ',' && next())
    found = { name: 'PrintResult', columns, rows: [row] }
  }
  if (!found) semanticError(`'${source.text}': Failed to resolve table or column expression named '${source.text}'`)
  const from = found
  let table: Table = { ...from, rows: from.rows.filter(row => inRange(from, row, range)) }
  let render: KqlResult['render']

  while (peek().kind !== 'eof') {
    if (peek().text === ';') {
      next()
      continue
    }
    expect('op', '|')
    const operator = expect('word')
    switch (operator.text.toLowerCase()) {
      case 'where': {
        // Comparisons joined by `and`; a `datetime(…)` literal compares as a time, to the 100 ns tick.
        const tests: ((row: Cell[]) => boolean)[] = []
        do {
          const column = columnIndex(table, expect('word'), 'where')
          const op = next()
          if (op.kind !== 'op' && !(op.kind === 'word' && ['contains', 'has'].includes(op.text.toLowerCase())))
            syntaxError(op)
          const literal = next()
          const named = literal.kind === 'word' ? names.get(literal.text) : undefined
          const time =
            literal.kind === 'typed' && literal.text.startsWith('datetime(') ? timeOf(literal.value) : undefined
          if (
            !named &&
            time === undefined &&
            literal.kind !== 'string' &&
            literal.kind !== 'number' &&
            !(literal.kind === 'word' && /^(true|false)$/i.test(literal.text))
          )
            syntaxError(literal)
          const expected = named
            ? plain(named.cell)
            : literal.kind === 'word'
              ? literal.text.toLowerCase() === 'true'
              : literal.value
          const operator = op.text.toLowerCase()
          tests.push(
            time === undefined
              ? row => compare(row[column], operator, expected, op)
              : row => compare(timeOf(row[column]) ?? Number.NaN, operator, time, op)
          )
        } while (peek().kind === 'word' && peek().text.toLowerCase() === 'and' && next())
        table = { ...table, rows: table.rows.filter(row => tests.every(test => test(row))) }
        break
      }
      case 'take':
      case 'limit': {
        const count = expect('number')
        table = { ...table, rows: table.rows.slice(0, Number(count.value)) }
        break
      }
      case 'project': {
        const indexes: number[] = []
        do {
          indexes.push(columnIndex(table, expect('word'), 'project'))
        } while (peek().text === ',' && next())
        table = {
          ...table,
          columns: indexes.map(c => table.columns[c]),
          rows: table.rows.map(row => indexes.map(c => row[c]))
        }
        break
      }
      case 'count':
        table = { name: 'PrimaryResult', columns: [{ name: 'Count', type: 'long' }], rows: [[table.rows.length]] }
        break
      case 'summarize':
        table = summarize(table, tokens, i, n => (i = n))
        break
      case 'order':
      case 'sort': {
        expect('word', 'by')
        const column = columnIndex(table, expect('word'), operator.text)
        let descending = true
        if (peek().kind === 'word' && /^(asc|desc)$/i.test(peek().text))
          descending = next().text.toLowerCase() === 'desc'
        const sign = descending ? -1 : 1
        table = { ...table, rows: [...table.rows].sort((a, b) => sign * compareCells(a[column], b[column])) }
        break
      }
      case 'render': {
        const kind = expect('word').text.toLowerCase()
        let title: string | null = null
        if (peek().kind === 'word' && peek().text.toLowerCase() === 'with') {
          next()
          expect('op', '(')
          while (peek().text !== ')' && peek().kind !== 'eof') {
            const key = next()
            expect('op', '=')
            const value = next()
            if (key.text.toLowerCase() === 'title') title = String(value.value ?? value.text)
            if (peek().text === ',') next()
          }
          expect('op', ')')
        }
        render = { visualization: kind, title }
        break
      }
      default:
        syntaxError(operator)
    }
  }
  return { table: { ...table, name: 'PrimaryResult' }, render }
}

/** A value of a `let` or `print`: its column type and its cell as the service sends it. */
export interface Value {
  type: string
  cell: Cell
}

/** A typed literal (`long(42)`, `datetime(…)`) or a string, as a value. */
export function literalValue(token: Token): Value {
  if (token.kind === 'string') return { type: 'string', cell: String(token.value) }
  if (token.kind !== 'typed') return syntaxError(token)
  const [type, text] = [token.text.slice(0, token.text.indexOf('(')), String(token.value)]
  switch (type) {
    case 'long':
      return { type, cell: new Raw(text) }
    case 'int':
    case 'real':
      return { type, cell: Number(text) }
    case 'bool':
      return { type, cell: text === 'true' }
    case 'decimal':
    case 'datetime':
    case 'timespan':
    case 'guid':
      return { type, cell: text }
    default:
      return syntaxError(token)
  }
}

/** A cell as a plain value to compare. */
function plain(cell: Cell): unknown {
  return cell instanceof Raw ? Number(cell.text) : cell
}

/**
 * `summarize` with aggregations (`count()`, `sum(estimate_data_size(*))`, `min(col)`, `max(col)`, each optionally
 * named), optionally `by` columns and `[Name =] bin(col, span)`: one row per group, groups in key order.
 */
function summarize(table: Table, tokens: Token[], start: number, advance: (i: number) => void): Table {
  let i = start
  const next = () => tokens[i++]
  const expectText = (text: string) => {
    const token = next()
    if (token.text.toLowerCase() !== text) syntaxError(token)
  }
  const named = (fallback: string): string => {
    if (tokens[i].kind === 'word' && tokens[i + 1]?.text === '=') {
      const name = next().text
      next()
      return name
    }
    return fallback
  }
  const aggregates: { column: Column; of: (rows: Cell[][]) => Cell }[] = []
  do {
    const name = named('')
    const function_ = next()
    expectText('(')
    switch (function_.text.toLowerCase()) {
      case 'count':
        expectText(')')
        aggregates.push({ column: { name: name || 'count_', type: 'long' }, of: rows => new Raw(String(rows.length)) })
        break
      case 'sum': {
        expectText('estimate_data_size')
        for (const text of ['(', '*', ')', ')']) expectText(text)
        const size = (row: Cell[]) =>
          row.reduce<number>((sum, cell, c) => sum + estimateCell(table.columns[c].type, plain(cell) as Cell), 0)
        aggregates.push({
          column: { name: name || 'sum_', type: 'long' },
          of: rows => new Raw(String(rows.reduce((sum, row) => sum + size(row), 0)))
        })
        break
      }
      case 'min':
      case 'max': {
        const column = columnIndex(table, next(), 'summarize')
        expectText(')')
        const sign = function_.text.toLowerCase() === 'min' ? -1 : 1
        aggregates.push({
          column: {
            name: name || `${function_.text.toLowerCase()}_${table.columns[column].name}`,
            type: table.columns[column].type
          },
          of: rows =>
            rows.reduce<Cell>(
              (best, row) => (best === null || sign * compareCells(row[column], best) > 0 ? row[column] : best),
              null
            )
        })
        break
      }
      default:
        syntaxError(function_)
    }
  } while (tokens[i].text === ',' && next())
  const groups: { column: Column; key: (row: Cell[]) => Cell }[] = []
  if (tokens[i].kind === 'word' && tokens[i].text.toLowerCase() === 'by') {
    next()
    do {
      const name = named('')
      const first = next()
      if (first.text.toLowerCase() === 'bin') {
        if (next().text !== '(') syntaxError(tokens[i - 1])
        const column = columnIndex(table, next(), 'summarize')
        if (next().text !== ',') syntaxError(tokens[i - 1])
        const ms = binMs(next())
        if (next().text !== ')') syntaxError(tokens[i - 1])
        groups.push({
          column: { name: name || table.columns[column].name, type: 'datetime' },
          key: row => new Date(Math.floor(Date.parse(String(row[column])) / ms) * ms).toISOString()
        })
      } else {
        const column = columnIndex(table, first, 'summarize')
        groups.push({
          column: { ...table.columns[column], name: name || table.columns[column].name },
          key: row => row[column]
        })
      }
    } while (tokens[i].text === ',' && next())
  }
  advance(i)
  const columns = [...groups.map(group => group.column), ...aggregates.map(aggregate => aggregate.column)]
  if (groups.length === 0)
    return { name: 'PrimaryResult', columns, rows: [aggregates.map(aggregate => aggregate.of(table.rows))] }
  const members = new Map<string, { keys: Cell[]; rows: Cell[][] }>()
  for (const row of table.rows) {
    const keys = groups.map(group => group.key(row))
    const id = JSON.stringify(keys)
    const entry = members.get(id) ?? { keys, rows: [] }
    entry.rows.push(row)
    members.set(id, entry)
  }
  const byKeys = (a: Cell[], b: Cell[]) => a.reduce<number>((order, key, k) => order || compareCells(key, b[k]), 0)
  const rows = [...members.values()]
    .sort((a, b) => byKeys(a.keys, b.keys))
    .map(entry => [...entry.keys, ...aggregates.map(aggregate => aggregate.of(entry.rows))])
  return { name: 'PrimaryResult', columns, rows }
}

/** Times are compared as 100 ns ticks since this instant (2023-11-14): a number exact to the tick for centuries. */
const TICKS_BASE_MS = 1_700_000_000_000

/** A datetime cell or literal as ticks since TICKS_BASE_MS. */
function timeOf(value: unknown): number | undefined {
  const time = typeof value === 'string' ? parseDatetime(value) : undefined
  return time && (time.ms - TICKS_BASE_MS) * TICKS_PER_MS + time.ticks
}

export function binMs(token: Token): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(token.text)
  if (!match) syntaxError(token)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd']
  return Number(match[1]) * unit
}

function inRange(table: Table, row: Cell[], range?: { from: number; to: number }): boolean {
  if (!range) return true
  const column = table.columns.findIndex(c => c.name === 'TimeGenerated')
  if (column === -1) return true
  const time = Date.parse(String(row[column]))
  return time >= range.from && time <= range.to
}

function columnIndex(table: Table, token: Token, operator: string): number {
  const index = table.columns.findIndex(column => column.name === token.text)
  if (index === -1) semanticError(`'${operator}' operator: Failed to resolve scalar expression named '${token.text}'`)
  return index
}

function compare(cell: Cell, op: string, expected: unknown, token: Token): boolean {
  const value = cell instanceof Raw ? Number(cell.text) : cell
  switch (op) {
    case '==':
      return value === expected
    case '!=':
      return value !== expected
    case '>':
      return Number(value) > Number(expected)
    case '<':
      return Number(value) < Number(expected)
    case '>=':
      return Number(value) >= Number(expected)
    case '<=':
      return Number(value) <= Number(expected)
    case 'contains':
    case 'has':
      return String(value ?? '')
        .toLowerCase()
        .includes(String(expected).toLowerCase())
    default:
      return syntaxError(token)
  }
}

function compareCells(a: Cell, b: Cell): number {
  const x = a instanceof Raw ? Number(a.text) : a
  const y = b instanceof Raw ? Number(b.text) : b
  if (x === y) return 0
  if (x === null) return -1
  if (y === null) return 1
  return x < y ? -1 : 1
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let line = 1
  let lineStart = 0
  let i = 0
  while (i < query.length) {
    const c = query[i]
    if (c === '\n') {
      line++
      lineStart = i + 1
      i++
      continue
    }
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (query.startsWith('//', i)) {
      while (i < query.length && query[i] !== '\n') i++
      continue
    }
    const at = { line, pos: i - lineStart }
    let match: RegExpExecArray | null
    const rest = query.slice(i)
    if ((match = /^(long|int|real|decimal|bool|datetime|timespan|guid)\(([-+:.A-Za-z0-9]*)\)/.exec(rest))) {
      tokens.push({ kind: 'typed', text: match[0], value: match[2], ...at })
    } else if ((match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) {
      tokens.push({ kind: 'word', text: match[0], ...at })
    } else if ((match = /^\d+(ms|s|m|h|d)\b/.exec(rest))) {
      tokens.push({ kind: 'word', text: match[0], ...at })
    } else if ((match = /^-?\d+(\.\d+)?/.exec(rest))) {
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), ...at })
    } else if ((match = /^'([^'\\\r\n]*)'|^"((?:[^"\\\r\n]|\\.)*)"/.exec(rest))) {
      tokens.push({ kind: 'string', text: match[0], value: match[1] ?? unescape(match[2], at), ...at })
    } else if ((match = /^(==|!=|>=|<=|[|(),=<>;*])/.exec(rest))) {
      tokens.push({ kind: 'op', text: match[0], ...at })
    } else {
      return syntaxError({ kind: 'op', text: c, ...at })
    }
    i += match[0].length
  }
  tokens.push({ kind: 'eof', text: '<EOF>', line, pos: i - lineStart })
  return tokens
}

/**
 * The text of a `"…"` literal: `\\`, `\"`, `\'`, `\n`, `\r`, `\t` and `\uXXXX` escapes (Kusto.Language's), any other a
 * syntax error.
 */
function unescape(body: string, at: { line: number; pos: number }): string {
  return body.replace(/\\(u[0-9A-Fa-f]{4}|.)/g, (escape, code: string) => {
    if (code.length === 5) return String.fromCharCode(parseInt(code.slice(1), 16))
    const decoded = ({ '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t' } as Record<string, string>)[code]
    return decoded ?? syntaxError({ kind: 'string', text: escape, ...at })
  })
}

export function syntaxError(token: Token): never {
  throw new KqlError({
    error: {
      message: 'The request had some invalid properties',
      code: 'BadArgumentError',
      correlationId: crypto.randomUUID(),
      innererror: {
        code: 'SyntaxError',
        message: 'A recognition error occurred in the query.',
        innererror: {
          code: 'SYN0002',
          message: `Query could not be parsed at '${token.text}' on line [${token.line},${token.pos}]`,
          line: token.line,
          pos: token.pos,
          token: token.text
        }
      }
    }
  })
}

export function semanticError(message: string): never {
  throw new KqlError({
    error: {
      message: 'The request had some invalid properties',
      code: 'BadArgumentError',
      correlationId: crypto.randomUUID(),
      innererror: {
        code: 'SemanticError',
        message: 'A semantic error occurred.',
        innererror: { code: 'SEM0100', message }
      }
    }
  })
}
