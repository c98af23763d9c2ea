import { binMs, literalValue, semanticError, syntaxError, tokenize, type Token, type Value } from './kql.js'
import {
  estimateCell,
  firstAfter,
  firstAtOrAfter,
  parseDatetime,
  relativeTicks,
  sizeOfRange,
  TICKS_PER_MS,
  TimeFormatter,
  type LazyColumn,
  type LazyTable
} from './lazy-tables.js'
import { Raw, serializeCell, type Cell, type Column, type Table } from './tables.js'

/**
 * KQL over lazy tables (export tables and their search results), for the
 * queries a split export sends: answered from index ranges and arithmetic,
 * never from row objects. Understood, after `let name = <literal>;` statements
 * and the table name:
 *
 * - `| where <cond> [and <cond>]…`: `<col> ==|!=|<|<=|>|>= <literal>` (a string,
 *   number, `datetime(…)`, `long(…)`…, `true`/`false`, a `let` name, `ago(1h)`,
 *   `now()`), `<col> has|contains|startswith "<text>"`. A time condition on the
 *   table's time column (TimeGenerated; `_OriginalTimeGenerated` in a search
 *   job's table) narrows the index range by binary search, exact to the tick;
 * - `| project a, b = c`, `| extend x = <literal or column>`, `| take N`, `| limit N`;
 * - `| count`;
 * - `| summarize` of `count()`, `sum(estimate_data_size(*))`, `min(col)`,
 *   `max(col)`, each optionally `Name = …`, optionally `by Name = bin(col, <span>)`.
 *
 * Anything else is a syntax error at the token not understood (the service's
 * SYN0002 shape), so a test sees at once what the emulator cannot answer.
 */

export type Stage = { kind: 'filter'; test: (i: number) => boolean } | { kind: 'take'; count: number }

/** The rows a query selects: an index range, then filters and takes in order, shown as `columns`. */
export interface RowSet {
  table: LazyTable
  columns: LazyColumn[]
  lo: number
  hi: number
  stages: Stage[]
}

export type ExportAnswer = { kind: 'table'; table: Table } | { kind: 'rows'; rows: RowSet }

/** The lazy table a query reads (its first word after the `let` statements), if it reads one. */
export function lazySourceOf(query: string, tables: Map<string, LazyTable>): LazyTable | undefined {
  let tokens: Token[]
  try {
    tokens = tokenize(query)
  } catch {
    return undefined
  }
  let i = 0
  while (tokens[i].kind === 'word' && tokens[i].text === 'let') {
    while (tokens[i].kind !== 'eof' && tokens[i].text !== ';') i++
    if (tokens[i].kind === 'eof') return undefined
    i++
  }
  return tokens[i].kind === 'word' ? tables.get(tokens[i].text.toLowerCase()) : undefined
}

/** Runs `query` over the lazy table it names; `range` (ms, inclusive) is the request's timespan. */
export function runLazyQuery(
  query: string,
  tables: Map<string, LazyTable>,
  range?: { from: number; to: number }
): ExportAnswer {
  return new Parser(tokenize(query), tables).run(range)
}

/** Walks the rows of a set in order; `next()` gives -1 at the end. */
export class RowCursor {
  private i: number
  private readonly taken: number[]

  constructor(private readonly rows: RowSet) {
    this.i = rows.lo
    this.taken = rows.stages.map(() => 0)
  }

  next(): number {
    const { stages, hi } = this.rows
    rows: while (this.i < hi) {
      const i = this.i++
      for (let s = 0; s < stages.length; s++) {
        const stage = stages[s]
        if (stage.kind === 'filter') {
          if (!stage.test(i)) continue rows
        } else if (this.taken[s]++ >= stage.count) {
          this.i = hi
          return -1
        }
      }
      return i
    }
    return -1
  }
}

/** How many rows a set holds. */
export function countRows(rows: RowSet): number {
  if (rows.stages.length === 0) return rows.hi - rows.lo
  const cursor = new RowCursor(rows)
  let count = 0
  while (cursor.next() !== -1) count++
  return count
}

type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>='

class Parser {
  private i = 0
  private readonly names = new Map<string, Value>()
  private took = false

  constructor(
    private readonly tokens: Token[],
    private readonly tables: Map<string, LazyTable>
  ) {}

  private peek(): Token {
    return this.tokens[this.i]
  }

  private next(): Token {
    return this.tokens[this.i++]
  }

  private expect(kind: Token['kind'], text?: string): Token {
    const token = this.next()
    if (token.kind !== kind || (text !== undefined && token.text.toLowerCase() !== text)) syntaxError(token)
    return token
  }

  private isOp(text: string): boolean {
    return this.peek().kind === 'op' && this.peek().text === text
  }

  private isWord(text: string): boolean {
    return this.peek().kind === 'word' && this.peek().text.toLowerCase() === text
  }

  run(range?: { from: number; to: number }): ExportAnswer {
    while (this.isWord('let')) {
      this.next()
      const name = this.expect('word')
      this.expect('op', '=')
      this.names.set(name.text, this.literal())
      this.expect('op', ';')
    }
    const source = this.expect('word')
    const table = this.tables.get(source.text.toLowerCase())
    if (!table)
      return semanticError(`'${source.text}': Failed to resolve table or column expression named '${source.text}'`)
    const rows: RowSet = { table, columns: [...table.columns], lo: 0, hi: table.rows, stages: [] }
    if (range) {
      rows.lo = firstAtOrAfter(table, (range.from - table.baseMs) * TICKS_PER_MS)
      rows.hi = Math.max(rows.lo, firstAfter(table, (range.to - table.baseMs) * TICKS_PER_MS))
    }
    while (this.peek().kind !== 'eof') {
      if (this.isOp(';')) {
        this.next()
        continue
      }
      this.expect('op', '|')
      const operator = this.expect('word')
      switch (operator.text) {
        case 'where':
          do this.condition(rows)
          while (this.isWord('and') && this.next())
          break
        case 'take':
        case 'limit':
          this.take(rows, Number(this.expect('number').value))
          break
        case 'project':
          this.project(rows)
          break
        case 'extend':
          this.extend(rows)
          break
        case 'count':
          this.expect('eof')
          return { kind: 'table', table: single([{ name: 'Count', type: 'long' }], [countRows(rows)]) }
        case 'summarize': {
          const table = this.summarize(rows)
          this.expect('eof')
          return { kind: 'table', table }
        }
        default:
          return syntaxError(operator)
      }
    }
    return { kind: 'rows', rows }
  }

  /** A literal, a `let` name, `ago(span)` or `now()`. */
  private literal(): Value {
    const token = this.next()
    if (token.kind === 'word' && this.names.has(token.text)) return this.names.get(token.text) as Value
    if (token.kind === 'number') return { type: Number.isInteger(token.value) ? 'long' : 'real', cell: token.value! }
    if (token.kind === 'word' && /^(true|false)$/.test(token.text)) return { type: 'bool', cell: token.text === 'true' }
    if (token.kind === 'word' && (token.text === 'ago' || token.text === 'now')) {
      this.expect('op', '(')
      const back = token.text === 'ago' ? binMs(this.next()) : 0
      this.expect('op', ')')
      return { type: 'datetime', cell: new Date(Date.now() - back).toISOString() }
    }
    return literalValue(token)
  }

  private column(rows: RowSet, token: Token, operator: string): LazyColumn {
    const column = rows.columns.find(candidate => candidate.name === token.text)
    if (!column) semanticError(`'${operator}' operator: Failed to resolve scalar expression named '${token.text}'`)
    return column
  }

  private take(rows: RowSet, count: number): void {
    if (rows.stages.length === 0) rows.hi = Math.min(rows.hi, rows.lo + count)
    else rows.stages.push({ kind: 'take', count })
    // A time condition after a take filters what the take kept: it no longer narrows the range.
    this.took = true
  }

  private condition(rows: RowSet): void {
    const column = this.column(rows, this.expect('word'), 'where')
    const op = this.next()
    const text = op.text.toLowerCase()
    if (op.kind === 'word' && ['has', 'contains', 'startswith'].includes(text)) {
      const needle = String(this.expect('string').value).toLowerCase()
      const test =
        text === 'startswith' ? (value: string) => value.startsWith(needle) : (value: string) => value.includes(needle)
      rows.stages.push({ kind: 'filter', test: i => test(String(plain(column.cell(i)) ?? '').toLowerCase()) })
      return
    }
    if (op.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(op.text)) syntaxError(op)
    const comparison = op.text as Comparison
    const literalToken = this.peek()
    const value = this.literal()
    if (column.type === 'datetime') {
      const time = value.type === 'datetime' || value.type === 'string' ? parseDatetime(String(value.cell)) : undefined
      if (!time) syntaxError(literalToken)
      this.timeCondition(rows, column, comparison, relativeTicks(rows.table.baseMs, time))
      return
    }
    const expected = plain(value.cell)
    rows.stages.push({ kind: 'filter', test: i => compare(plain(column.cell(i)), comparison, expected) })
  }

  /** On the time column and before any take: a narrower index range. Otherwise a filter on ticks. */
  private timeCondition(rows: RowSet, column: LazyColumn, comparison: Comparison, ticks: number): void {
    const { table } = rows
    if (column === table.timeColumn && !this.took && comparison !== '!=') {
      const lo = rows.lo
      const hi = rows.hi
      if (comparison === '>=' || comparison === '==') rows.lo = firstAtOrAfter(table, ticks, lo, hi)
      if (comparison === '>') rows.lo = firstAfter(table, ticks, lo, hi)
      if (comparison === '<') rows.hi = firstAtOrAfter(table, ticks, lo, hi)
      if (comparison === '<=' || comparison === '==') rows.hi = firstAfter(table, ticks, lo, hi)
      rows.hi = Math.max(rows.lo, rows.hi)
      return
    }
    const baseMs = table.baseMs
    const of =
      column.ticks ??
      ((i: number) => {
        const parsed = parseDatetime(String(column.cell(i) ?? ''))
        return parsed ? relativeTicks(baseMs, parsed) : Number.NaN
      })
    rows.stages.push({ kind: 'filter', test: i => compare(of(i), comparison, ticks) })
  }

  private project(rows: RowSet): void {
    const columns: LazyColumn[] = []
    do {
      const first = this.expect('word')
      if (this.isOp('=')) {
        this.next()
        columns.push({ ...this.column(rows, this.expect('word'), 'project'), name: first.text })
      } else {
        columns.push(this.column(rows, first, 'project'))
      }
    } while (this.isOp(',') && this.next())
    rows.columns = columns
  }

  private extend(rows: RowSet): void {
    do {
      const name = this.expect('word').text
      this.expect('op', '=')
      const token = this.peek()
      const existing = token.kind === 'word' ? rows.columns.find(column => column.name === token.text) : undefined
      let column: LazyColumn
      if (existing) {
        this.next()
        column = { ...existing, name }
      } else {
        const value = this.literal()
        const json = serializeCell(value.cell)
        const size = estimateCell(value.type, value.cell)
        column = { name, type: value.type, cell: () => value.cell, json: () => json, size: () => size }
      }
      const at = rows.columns.findIndex(candidate => candidate.name === name)
      if (at === -1) rows.columns = [...rows.columns, column]
      else rows.columns = rows.columns.map((candidate, c) => (c === at ? column : candidate))
    } while (this.isOp(',') && this.next())
  }

  private summarize(rows: RowSet): Table {
    const aggregates: Aggregate[] = []
    do aggregates.push(this.aggregate(rows))
    while (this.isOp(',') && this.next())
    if (!this.isWord('by')) return single(columnsOf(aggregates), wholeRow(rows, aggregates))
    this.next()
    let name: string | undefined
    if (this.tokens[this.i + 1]?.text === '=') {
      name = this.expect('word').text
      this.next()
    }
    this.expect('word', 'bin')
    this.expect('op', '(')
    const token = this.expect('word')
    const column = this.column(rows, token, 'summarize')
    if (!column.ticks) syntaxError(token)
    this.expect('op', ',')
    const width = binMs(this.next())
    this.expect('op', ')')
    return histogram(rows, column, width, name ?? column.name, aggregates)
  }

  private aggregate(rows: RowSet): Aggregate {
    let name: string | undefined
    if (this.peek().kind === 'word' && this.tokens[this.i + 1]?.text === '=') {
      name = this.next().text
      this.next()
    }
    const fn = this.expect('word')
    this.expect('op', '(')
    let aggregate: Aggregate
    switch (fn.text) {
      case 'count':
        aggregate = counter(name ?? 'count_')
        break
      case 'sum':
        this.expect('word', 'estimate_data_size')
        this.expect('op', '(')
        this.expect('op', '*')
        this.expect('op', ')')
        aggregate = sizer(rows, name ?? 'sum_')
        break
      case 'min':
      case 'max': {
        const column = this.column(rows, this.expect('word'), 'summarize')
        aggregate = extreme(rows, column, fn.text === 'min' ? -1 : 1, name ?? `${fn.text}_${column.name}`)
        break
      }
      default:
        return syntaxError(fn)
    }
    this.expect('op', ')')
    return aggregate
  }
}

/** One aggregate: by arithmetic over an unfiltered index range, or accumulated row by row. */
interface Aggregate {
  column: Column
  /** Over rows [lo, hi) of the table, as they are (no filter). */
  range(lo: number, hi: number): Cell
  start(): Accumulator
}

interface Accumulator {
  add(i: number): void
  result(): Cell
}

function counter(name: string): Aggregate {
  return {
    column: { name, type: 'long' },
    range: (lo, hi) => hi - lo,
    start: () => {
      let count = 0
      return { add: () => count++, result: () => count }
    }
  }
}

/** `sum(estimate_data_size(*))` over the columns the rows have at this point of the query. */
function sizer(rows: RowSet, name: string): Aggregate {
  const { table } = rows
  const all = rows.columns.length === table.columns.length && rows.columns.every((c, k) => c === table.columns[k])
  const columns = rows.columns
  const size =
    all && table.rowSize ? table.rowSize : (i: number) => columns.reduce((sum, column) => sum + column.size(i), 0)
  return {
    column: { name, type: 'long' },
    range: (lo, hi) => {
      if (all) return sizeOfRange(table, lo, hi)
      let total = 0
      for (let i = lo; i < hi; i++) total += size(i)
      return total
    },
    start: () => {
      let total = 0
      return { add: i => (total += size(i)), result: () => total }
    }
  }
}

function extreme(rows: RowSet, column: LazyColumn, sign: number, name: string): Aggregate {
  const key = column.ticks ?? ((i: number) => plain(column.cell(i)))
  const start = (): Accumulator => {
    let best = -1
    let bestKey: unknown
    return {
      add: i => {
        const value = key(i)
        if (value === null || value === undefined) return
        if (best === -1 || sign * compareValues(value, bestKey) > 0) {
          best = i
          bestKey = value
        }
      },
      result: () => (best === -1 ? null : column.cell(best))
    }
  }
  return {
    column: { name, type: column.type },
    range: (lo, hi) => {
      if (lo >= hi) return null
      // Times never decrease with the index: the first and last rows hold the extremes.
      if (column === rows.table.timeColumn) return column.cell(sign < 0 ? lo : hi - 1)
      const accumulator = start()
      for (let i = lo; i < hi; i++) accumulator.add(i)
      return accumulator.result()
    },
    start
  }
}

function columnsOf(aggregates: Aggregate[]): Column[] {
  return aggregates.map(a => a.column)
}

/** Every aggregate over the set: arithmetic for an unfiltered range, otherwise one pass. */
function wholeRow(rows: RowSet, aggregates: Aggregate[]): Cell[] {
  if (rows.stages.length === 0) return aggregates.map(a => a.range(rows.lo, rows.hi))
  const accumulators = aggregates.map(a => a.start())
  const cursor = new RowCursor(rows)
  for (let i = cursor.next(); i !== -1; i = cursor.next()) for (const a of accumulators) a.add(i)
  return accumulators.map(a => a.result())
}

/** `summarize … by Name = bin(col, width)`: non-empty bins aligned on multiples of `width` since the epoch. */
function histogram(rows: RowSet, column: LazyColumn, widthMs: number, name: string, aggregates: Aggregate[]): Table {
  const { table } = rows
  const ticks = column.ticks as (i: number) => number
  const width = widthMs * TICKS_PER_MS
  const shift = (((table.baseMs % widthMs) + widthMs) % widthMs) * TICKS_PER_MS
  const binOf = (i: number) => Math.floor((ticks(i) + shift) / width)
  const formatter = new TimeFormatter(table.baseMs)
  const startOf = (bin: number) => formatter.format(bin * width - shift)
  const out: Cell[][] = []
  if (rows.stages.length === 0 && column === table.timeColumn) {
    for (let i = rows.lo; i < rows.hi;) {
      const bin = binOf(i)
      const end = firstAtOrAfter(table, (bin + 1) * width - shift, i + 1, rows.hi)
      out.push([startOf(bin), ...aggregates.map(a => a.range(i, end))])
      i = end
    }
  } else {
    const bins = new Map<number, Accumulator[]>()
    const cursor = new RowCursor(rows)
    for (let i = cursor.next(); i !== -1; i = cursor.next()) {
      const bin = binOf(i)
      let accumulators = bins.get(bin)
      if (!accumulators) bins.set(bin, (accumulators = aggregates.map(a => a.start())))
      for (const a of accumulators) a.add(i)
    }
    const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0])
    for (const [bin, accumulators] of sorted) out.push([startOf(bin), ...accumulators.map(a => a.result())])
  }
  return { name: 'PrimaryResult', columns: [{ name, type: 'datetime' }, ...columnsOf(aggregates)], rows: out }
}

function single(columns: Column[], row: Cell[]): Table {
  return { name: 'PrimaryResult', columns, rows: [row] }
}

function plain(cell: Cell): unknown {
  return cell instanceof Raw ? Number(cell.text) : cell
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  return (a as number) < (b as number) ? -1 : 1
}

function compare(value: unknown, op: Comparison, expected: unknown): boolean {
  switch (op) {
    case '==':
      return value === expected
    case '!=':
      return value !== expected
    case '<':
      return value !== null && (value as number) < (expected as number)
    case '<=':
      return value !== null && (value as number) <= (expected as number)
    case '>':
      return value !== null && (value as number) > (expected as number)
    case '>=':
      return value !== null && (value as number) >= (expected as number)
  }
}
