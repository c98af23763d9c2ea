import { skipString } from './cells.js'
import { toColumns, type Column } from './columns.js'

/** What the parser reports while a query response streams in. */
export interface ResponseHandler {
  /** A table's columns, before its first row (also for a table without rows). */
  table(index: number, name: string, columns: Column[]): void
  /** One row of the table last announced: the raw JSON text of each cell (the array is reused: copy to keep). */
  row(cells: string[]): void
  /** Any other top-level member (`error`, `statistics`, `render`), parsed. */
  member(key: string, value: unknown): void
}

/** The response is not the JSON the Logs API sends (cut short, or not JSON at all). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError'
}

type State = 'start' | 'top' | 'tables' | 'table' | 'rows' | 'done'

const NEED_MORE = -1

/**
 * An incremental parser for the Logs API's answer,
 * `{"tables":[{"name":…,"columns":[…],"rows":[[…],…]}],"error"?:…,"statistics"?:…}`.
 *
 * Text goes in chunk by chunk (`write`), rows come out as soon as they are whole,
 * so memory holds one chunk and one row, never the response. Cells are kept as
 * their raw JSON text (see cells.ts). Small members (columns, error, statistics,
 * render) are cut out whole and given to `JSON.parse`.
 *
 * Each step either consumes a complete piece or consumes nothing and waits for
 * more text; a piece that is still incomplete is looked at again only when the
 * unread text has doubled, so even a huge cell costs linear time.
 */
export class ResponseParser {
  private text = ''
  private pos = 0
  private state: State = 'start'
  private waitFor = 0
  private tableIndex = -1
  private tableName = ''
  private columns: Column[] | undefined
  private announced = false
  /** Within an object or array: what may come next. */
  private next: 'first' | 'comma' | 'item' = 'first'
  private readonly row: string[] = []

  constructor(private readonly handler: ResponseHandler) {}

  write(chunk: string): void {
    this.text = this.pos < this.text.length ? this.text.slice(this.pos) + chunk : chunk
    this.pos = 0
    if (this.text.length < this.waitFor) return
    while (this.state !== 'done' && this.step()) {
      // keep going while whole pieces are available
    }
    this.waitFor = this.state === 'done' ? 0 : (this.text.length - this.pos) * 2
    if (this.state === 'done') this.expectEnd()
  }

  /** Call when the body has ended; throws when the response was cut short. */
  end(): void {
    if (this.state === 'start' && this.text.trim() === '') {
      throw new MalformedResponseError('the response body was empty')
    }
    if (this.state !== 'done') {
      this.waitFor = 0
      this.write('')
    }
    if (this.state !== 'done') {
      throw new MalformedResponseError(
        this.state === 'start' ? 'the response was not JSON' : 'the response ended before the JSON was complete'
      )
    }
  }

  /** Consumes one piece; false when more text is needed. */
  private step(): boolean {
    const t = this.text
    let i = skipSpace(t, this.pos)
    if (i >= t.length) return false
    const c = t.charCodeAt(i)
    switch (this.state) {
      case 'start':
        if (c !== OPEN_BRACE) this.fail(i, 'the response is not a JSON object')
        this.pos = i + 1
        this.state = 'top'
        this.next = 'first'
        return true
      case 'top':
      case 'table': {
        if (this.separator(c, i, CLOSE_BRACE)) {
          if (c !== CLOSE_BRACE) return true
          if (this.state === 'table' && !this.announced && this.columns) this.announce()
          this.state = this.state === 'top' ? 'done' : 'tables'
          this.next = 'comma'
          return true
        }
        const keyEnd = this.readKey(i)
        if (keyEnd === NEED_MORE) return false
        const key = JSON.parse(t.slice(i, keyEnd)) as string
        const valueStart = skipSpace(t, skipColon(t, skipSpace(t, keyEnd), this))
        if (valueStart >= t.length) return false
        if (this.state === 'top' && key === 'tables') return this.open(valueStart, OPEN_BRACKET, 'tables')
        if (this.state === 'table' && key === 'rows') {
          if (!this.columns) this.fail(valueStart, 'a table has rows before its columns')
          this.open(valueStart, OPEN_BRACKET, 'rows')
          this.announce()
          return true
        }
        const valueEnd = scanValue(t, valueStart)
        if (valueEnd === NEED_MORE) return false
        if (valueEnd === INVALID) this.fail(valueStart, `member '${key}' is not a JSON value`)
        const value = this.parseJson(valueStart, valueEnd)
        this.pos = valueEnd
        this.next = 'comma'
        if (this.state === 'top') this.handler.member(key, value)
        else if (key === 'columns') this.columns = this.toColumns(value, valueStart)
        else if (key === 'name' && typeof value === 'string') this.tableName = value
        return true
      }
      case 'tables':
        if (this.separator(c, i, CLOSE_BRACKET)) {
          if (c !== CLOSE_BRACKET) return true
          this.state = 'top'
          this.next = 'comma'
          return true
        }
        if (c !== OPEN_BRACE) this.fail(i, 'a table is not a JSON object')
        this.pos = i + 1
        this.tableIndex++
        this.tableName = ''
        this.columns = undefined
        this.announced = false
        this.state = 'table'
        this.next = 'first'
        return true
      case 'rows':
        if (this.separator(c, i, CLOSE_BRACKET)) {
          if (c !== CLOSE_BRACKET) return true
          this.state = 'table'
          this.next = 'comma'
          return true
        }
        return this.readRow(i)
      default:
        return false
    }
  }

  /** Reads one row `[cell, …]` starting at `i`, or nothing when it is incomplete. */
  private readRow(i: number): boolean {
    const t = this.text
    if (t.charCodeAt(i) !== OPEN_BRACKET) this.fail(i, 'a row is not a JSON array')
    const row = this.row
    row.length = 0
    i = skipSpace(t, i + 1)
    if (t.charCodeAt(i) === CLOSE_BRACKET) return this.emitRow(i + 1)
    for (;;) {
      if (i >= t.length) return false
      const end = scanValue(t, i)
      if (end === NEED_MORE) return false
      if (end === INVALID) this.fail(i, 'a cell is not a JSON value')
      row.push(t.slice(i, end))
      i = skipSpace(t, end)
      if (i >= t.length) return false
      const c = t.charCodeAt(i)
      if (c === CLOSE_BRACKET) return this.emitRow(i + 1)
      if (c !== COMMA) this.fail(i, 'cells are not separated by commas')
      i = skipSpace(t, i + 1)
    }
  }

  private emitRow(next: number): boolean {
    this.pos = next
    this.next = 'comma'
    this.handler.row(this.row)
    return true
  }

  /**
   * Handles a comma or the closing bracket at `i` (consuming it and returning
   * true), and refuses what JSON does not allow: a missing comma, a leading,
   * doubled or trailing comma. False when an item starts at `i`.
   */
  private separator(c: number, i: number, close: number): boolean {
    if (c === COMMA) {
      if (this.next !== 'comma') this.fail(i, 'a comma where a value should be')
      this.next = 'item'
    } else if (c === close) {
      if (this.next === 'item') this.fail(i, 'a comma before a closing bracket')
    } else {
      if (this.next === 'comma') this.fail(i, 'a missing comma')
      return false
    }
    this.pos = i + 1
    return true
  }

  private announce(): void {
    this.announced = true
    this.handler.table(this.tableIndex, this.tableName, this.columns ?? [])
  }

  private open(i: number, bracket: number, state: State): boolean {
    if (this.text.charCodeAt(i) !== bracket) this.fail(i, `'${state}' is not a JSON array`)
    this.pos = i + 1
    this.state = state
    this.next = 'first'
    return true
  }

  private readKey(i: number): number {
    if (this.text.charCodeAt(i) !== QUOTE) this.fail(i, 'expected a member name')
    const close = skipString(this.text, i)
    return close === -1 ? NEED_MORE : close + 1
  }

  private parseJson(start: number, end: number): unknown {
    try {
      return JSON.parse(this.text.slice(start, end))
    } catch {
      return this.fail(start, 'a member is not valid JSON')
    }
  }

  private toColumns(value: unknown, at: number): Column[] {
    try {
      return toColumns(value)
    } catch (error) {
      return this.fail(at, (error as Error).message)
    }
  }

  private expectEnd(): void {
    const i = skipSpace(this.text, this.pos)
    if (i < this.text.length) this.fail(i, 'text follows the JSON object')
  }

  fail(at: number, problem: string): never {
    const near = JSON.stringify(this.text.slice(at, at + 40))
    throw new MalformedResponseError(`the response is not valid Logs API JSON: ${problem} (near ${near})`)
  }
}

const QUOTE = 34
const COMMA = 44
const COLON = 58
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const INVALID = -2

function skipSpace(t: string, i: number): number {
  let c = t.charCodeAt(i)
  while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++i)
  return i
}

function skipColon(t: string, i: number, parser: ResponseParser): number {
  if (i >= t.length) return i
  if (t.charCodeAt(i) !== COLON) parser.fail(i, 'expected a colon after a member name')
  return i + 1
}

/**
 * The end (exclusive) of the JSON value starting at `i`: NEED_MORE when the text
 * ends first, INVALID when no JSON value starts there. Scalars are delimited, not
 * validated in depth; strings and nesting are tracked exactly.
 */
function scanValue(t: string, i: number): number {
  const c = t.charCodeAt(i)
  if (c === QUOTE) {
    const close = skipString(t, i)
    return close === -1 ? NEED_MORE : close + 1
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return scanNested(t, i)
  let j = i
  if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
    let d = c
    while (
      (d >= 48 && d <= 57) ||
      d === 46 /* . */ ||
      d === 101 /* e */ ||
      d === 69 /* E */ ||
      d === 43 /* + */ ||
      d === 45 /* - */
    ) {
      d = t.charCodeAt(++j)
    }
  } else if (c === 116 || c === 102 || c === 110) {
    const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null'
    const available = t.slice(i, i + word.length)
    if (available.length < word.length) return word.startsWith(available) ? NEED_MORE : INVALID
    if (available !== word) return INVALID
    j = i + word.length
  } else {
    return INVALID
  }
  // A scalar is complete only once the character after it has arrived.
  if (j >= t.length) return NEED_MORE
  const after = t.charCodeAt(j)
  if (after === COMMA || after === CLOSE_BRACKET || after === CLOSE_BRACE || after <= 32) return j
  return INVALID
}

function scanNested(t: string, i: number): number {
  let depth = 0
  for (let j = i; j < t.length; j++) {
    const c = t.charCodeAt(j)
    if (c === QUOTE) {
      j = skipString(t, j)
      if (j === -1) return NEED_MORE
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return j + 1
    }
  }
  return NEED_MORE
}
