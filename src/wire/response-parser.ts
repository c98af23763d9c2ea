import { toColumns, type Column } from './columns.js'
import {
  BAD_UTF8,
  checkJsonValue,
  checkedStringEnd,
  duplicateKey,
  numberEnd,
  STRING_PROBLEMS,
  stringProblemAt
} from './json-bytes.js'

/**
 * One row as byte ranges of the response: cell `i` is `bytes[start[i]..end[i])`, raw JSON. Valid only during the call.
 */
export interface RowCells {
  readonly bytes: Uint8Array
  readonly start: Int32Array
  readonly end: Int32Array
  readonly length: number
}

/** What the parser reports while a query response streams in. */
export interface ResponseHandler {
  /** A table's columns, before its first row (also for a table without rows). */
  table(index: number, name: string, columns: Column[]): void
  /** One row of the table last announced. */
  row(cells: RowCells): void
  /** Any other top-level member (`error`, `statistics`, `render`), parsed. */
  member(key: string, value: unknown): void
}

/** The raw JSON text of a cell, for the few rows kept as text (the preview). */
export function cellRaw(cells: RowCells, i: number): string {
  return Buffer.from(cells.bytes.buffer, cells.bytes.byteOffset, cells.bytes.length).toString(
    'utf8',
    cells.start[i],
    cells.end[i]
  )
}

/**
 * The response is not the JSON the Logs API sends: cut short, not JSON at all,
 * or JSON the contract does not allow (no table, a row that does not fit its
 * columns, a member twice, text that is not UTF-8 …). Nothing of it is data.
 */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError'
}

type State = 'start' | 'top' | 'tables' | 'table' | 'rows' | 'done'

const NEED_MORE = -1
const INVALID = -2
const QUOTE = 34
const COMMA = 44
const COLON = 58
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125

/**
 * An incremental parser for the Logs API's answer,
 * `{"tables":[{"name":…,"columns":[…],"rows":[[…],…]}],"error"?:…,"statistics"?:…}`,
 * working on the UTF-8 bytes as they arrive.
 *
 * Only that answer passes: at least one table, each with a name, columns of
 * distinct names and rows of exactly one cell per column; no member twice
 * (nor a name twice in any object of a member); every string valid UTF-8 with
 * valid escapes, no raw control character and no \u escape of a lone
 * surrogate. Members the contract does not name are read and ignored, so is
 * a column without a type (a string column). Anything else throws a
 * MalformedResponseError: the caller drops what it wrote and tries again.
 *
 * Rows come out as soon as they are whole, as byte ranges of the chunk they are
 * in: nothing is decoded or copied on the way, and memory holds one chunk and
 * one row, never the response. Small members (columns, error, statistics,
 * render) are cut out whole and given to `JSON.parse`.
 *
 * Each step either consumes a complete piece or consumes nothing and waits for
 * more bytes; a piece that is still incomplete is looked at again only when
 * the unread bytes have doubled, so even a huge cell costs linear time.
 */
export class ResponseParser {
  private b: Buffer = Buffer.alloc(0)
  private pos = 0
  private state: State = 'start'
  private waitFor = 0
  private tableIndex = -1
  private tableName = ''
  private columns: Column[] | undefined
  /** Cells in every row of the table: its columns. */
  private width = 0
  /** Member names seen in the top object and in the table being read: a second one is malformed. */
  private readonly topNames = new Set<string>()
  private readonly tableNames = new Set<string>()
  /** Within an object or array: what may come next. */
  private next: 'first' | 'comma' | 'item' = 'first'
  private readonly cells = {
    bytes: this.b as Uint8Array,
    start: new Int32Array(64),
    end: new Int32Array(64),
    length: 0
  }
  private sawBytes = false
  /** Chunks held back while an incomplete piece waits for the unread bytes to double. */
  private held: Buffer[] = []
  private heldLength = 0

  constructor(private readonly handler: ResponseHandler) {}

  write(chunk: Buffer): void {
    if (chunk.length > 0) this.sawBytes = true
    this.held.push(chunk)
    this.heldLength += chunk.length
    if (this.b.length - this.pos + this.heldLength < this.waitFor) return
    const unread = this.pos < this.b.length ? [this.b.subarray(this.pos)] : []
    this.b = unread.length === 0 && this.held.length === 1 ? chunk : Buffer.concat([...unread, ...this.held])
    this.pos = 0
    this.held = []
    this.heldLength = 0
    while (this.state !== 'done' && this.step()) {
      // keep going while whole pieces are available
    }
    if (this.state === 'done') {
      this.waitFor = 0
      this.expectEnd()
    } else {
      this.waitFor = (this.b.length - this.pos) * 2
    }
  }

  /** Call when the body has ended; throws when the response was cut short. */
  end(): void {
    if (!this.sawBytes || (this.state === 'start' && skipSpace(this.b, this.pos) >= this.b.length)) {
      throw new MalformedResponseError('the response body was empty')
    }
    if (this.state !== 'done') {
      this.waitFor = 0
      this.write(Buffer.alloc(0))
    }
    if (this.state !== 'done') {
      throw new MalformedResponseError(
        this.state === 'start' ? 'the response was not JSON' : 'the response ended before the JSON was complete'
      )
    }
  }

  /** Consumes one piece; false when more bytes are needed. */
  private step(): boolean {
    const b = this.b
    const i = skipSpace(b, this.pos)
    if (i >= b.length) return false
    const c = b[i]
    switch (this.state) {
      case 'start':
        if (c !== OPEN_BRACE) this.fail(i, 'the response is not a JSON object')
        this.pos = i + 1
        this.state = 'top'
        this.next = 'first'
        return true
      case 'top':
      case 'table':
        if (this.separator(c, i, CLOSE_BRACE)) {
          if (c !== CLOSE_BRACE) return true
          this.expectMembers(i)
          this.state = this.state === 'top' ? 'done' : 'tables'
          this.next = 'comma'
          return true
        }
        return this.member(i)
      case 'tables':
        if (this.separator(c, i, CLOSE_BRACKET)) {
          if (c !== CLOSE_BRACKET) return true
          if (this.tableIndex === -1) this.fail(i, 'the answer has no table (tables is empty)')
          this.state = 'top'
          this.next = 'comma'
          return true
        }
        if (c !== OPEN_BRACE) this.fail(i, 'a table is not a JSON object')
        this.pos = i + 1
        this.tableIndex++
        this.tableName = ''
        this.columns = undefined
        this.tableNames.clear()
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

  /** A member `"key": value` of the top object or of a table, at `i`. */
  private member(i: number): boolean {
    const b = this.b
    if (b[i] !== QUOTE) this.fail(i, 'expected a member name')
    const keyEnd = checkedStringEnd(b, i, b.length)
    if (keyEnd === NEED_MORE) return false
    if (keyEnd < 0) this.invalid(keyEnd, i, 'expected a member name')
    const colon = skipSpace(b, keyEnd)
    if (colon >= b.length) return false
    if (b[colon] !== COLON) this.fail(colon, 'expected a colon after a member name')
    const valueStart = skipSpace(b, colon + 1)
    if (valueStart >= b.length) return false
    const key = this.parseJson(i, keyEnd)
    if (typeof key !== 'string') this.fail(i, 'expected a member name')
    const names = this.state === 'top' ? this.topNames : this.tableNames
    if (names.has(key))
      this.fail(i, `${JSON.stringify(key)} appears twice in ${this.state === 'top' ? 'the answer' : 'a table'}`)
    if (this.state === 'top' && key === 'tables') {
      names.add(key)
      return this.open(valueStart, 'tables')
    }
    if (this.state === 'table' && key === 'rows') {
      if (!this.columns) this.fail(valueStart, 'a table has rows before its columns')
      names.add(key)
      this.open(valueStart, 'rows')
      this.announce()
      return true
    }
    const valueEnd = scanValue(b, valueStart)
    if (valueEnd === NEED_MORE) return false
    if (valueEnd < 0) this.invalid(valueEnd, valueStart, `member '${key}' is not a JSON value`)
    const value = this.parseJson(valueStart, valueEnd)
    const twice =
      b[valueStart] === OPEN_BRACE || b[valueStart] === OPEN_BRACKET ? duplicateKey(b, valueStart, valueEnd) : undefined
    if (twice !== undefined)
      this.fail(valueStart, `${JSON.stringify(twice)} appears twice in an object of member '${key}'`)
    names.add(key)
    this.pos = valueEnd
    this.next = 'comma'
    if (this.state === 'top') {
      if (key === 'error' && (typeof value !== 'object' || Array.isArray(value)))
        this.fail(valueStart, "member 'error' is not an object")
      this.handler.member(key, value)
    } else if (key === 'columns') {
      this.columns = this.toColumns(value, valueStart)
    } else if (key === 'name') {
      if (typeof value !== 'string') this.fail(valueStart, "a table's name is not a string")
      this.tableName = value
    }
    return true
  }

  /** At the close of the top object or of a table: the members the contract requires are there. */
  private expectMembers(at: number): void {
    if (this.state === 'top') {
      if (!this.topNames.has('tables')) this.fail(at, 'the answer has no tables')
      return
    }
    for (const name of ['name', 'columns', 'rows'])
      if (!this.tableNames.has(name)) this.fail(at, `a table has no ${name}`)
  }

  /** Reads one row `[cell, …]` starting at `i`, or nothing when it is incomplete. */
  private readRow(i: number): boolean {
    const b = this.b
    const length = b.length
    if (b[i] !== OPEN_BRACKET) this.fail(i, 'a row is not a JSON array')
    const rowStart = i
    const cells = this.cells
    let n = 0
    i = skipSpace(b, i + 1)
    if (i >= length) return false
    if (b[i] !== CLOSE_BRACKET) {
      for (;;) {
        const end = scanValue(b, i)
        if (end === NEED_MORE) return false
        if (end < 0) this.invalid(end, i, 'a cell is not a JSON value')
        if (n === cells.start.length) this.growCells()
        cells.start[n] = i
        cells.end[n] = end
        n++
        i = end
        let c = b[i]
        if (c === 32 || c === 10 || c === 13 || c === 9) {
          i = skipSpace(b, i)
          c = b[i]
        }
        if (i >= length) return false
        if (c === CLOSE_BRACKET) break
        if (c !== COMMA) this.fail(i, 'cells are not separated by commas')
        i = skipSpace(b, i + 1)
        if (i >= length) return false
      }
    }
    if (n !== this.width)
      this.fail(
        rowStart,
        `a row has ${n} cell${n === 1 ? '' : 's'} for ${this.width} column${this.width === 1 ? '' : 's'}`
      )
    this.pos = i + 1
    this.next = 'comma'
    cells.bytes = b
    cells.length = n
    this.handler.row(cells)
    return true
  }

  private growCells(): void {
    const size = this.cells.start.length * 2
    const start = new Int32Array(size)
    const end = new Int32Array(size)
    start.set(this.cells.start)
    end.set(this.cells.end)
    this.cells.start = start
    this.cells.end = end
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
    const columns = this.columns ?? []
    this.width = columns.length
    this.handler.table(this.tableIndex, this.tableName, columns)
  }

  private open(i: number, state: State): boolean {
    if (this.b[i] !== OPEN_BRACKET) this.fail(i, `'${state}' is not a JSON array`)
    this.pos = i + 1
    this.state = state
    this.next = 'first'
    return true
  }

  private parseJson(start: number, end: number): unknown {
    try {
      return JSON.parse(this.b.toString('utf8', start, end))
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
    const i = skipSpace(this.b, this.pos)
    if (i < this.b.length) this.fail(i, 'text follows the JSON object')
  }

  /** Fails for a value `scanValue` refused at `at`: a string's own problem where it is, else `problem`. */
  private invalid(code: number, at: number, problem: string): never {
    if (code === INVALID) this.fail(at, problem)
    const where = stringProblemAt()
    const byte = code === BAD_UTF8 ? ` (byte 0x${this.b[where].toString(16)})` : ''
    return this.fail(where, STRING_PROBLEMS[code] + byte)
  }

  private fail(at: number, problem: string): never {
    const near = JSON.stringify(this.b.toString('utf8', at, at + 40))
    throw new MalformedResponseError(`the response is not valid Logs API JSON: ${problem} (near ${near})`)
  }
}

function skipSpace(b: Uint8Array, i: number): number {
  let c = b[i]
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]
  return i
}

/**
 * The end (exclusive) of the JSON value starting at `i`: NEED_MORE when the
 * bytes end first, INVALID when no valid JSON value starts there, or a
 * string's problem (`checkedStringEnd`). Every value is checked whole.
 */
function scanValue(b: Uint8Array, i: number): number {
  const length = b.length
  const c = b[i]
  if (c === QUOTE) return checkedStringEnd(b, i, length)
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    const end = scanNested(b, i)
    // Nested cells are rare (the service sends dynamic values as strings): check them whole.
    return end < 0 || checkJsonValue(b, i, end) !== -1 ? end : INVALID
  }
  let j: number
  if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
    j = numberEnd(b, i, length)
    if (j === -1) {
      // Either not a number, or one that continues in the next chunk.
      let k = i + 1
      while (k < length && NUMBER_BYTE[b[k]]) k++
      return k >= length ? NEED_MORE : INVALID
    }
  } else if (c === 116 || c === 102 || c === 110) {
    const word = c === 116 ? TRUE : c === 102 ? FALSE : NULL
    for (let k = 0; k < word.length; k++) {
      if (i + k >= length) return NEED_MORE
      if (b[i + k] !== word[k]) return INVALID
    }
    j = i + word.length
  } else {
    return INVALID
  }
  // A scalar is complete only once the byte after it has arrived.
  if (j >= length) return NEED_MORE
  const after = b[j]
  if (after === COMMA || after === CLOSE_BRACKET || after === CLOSE_BRACE || after <= 32) return j
  return INVALID
}

/** Bytes a JSON number can hold. */
const NUMBER_BYTE = new Uint8Array(256)
for (const c of '0123456789+-.eE') NUMBER_BYTE[c.charCodeAt(0)] = 1

const TRUE = Buffer.from('true')
const FALSE = Buffer.from('false')
const NULL = Buffer.from('null')

function scanNested(b: Uint8Array, i: number): number {
  let depth = 0
  const length = b.length
  for (let j = i; j < length; j++) {
    const c = b[j]
    if (c === QUOTE) {
      j = checkedStringEnd(b, j, length)
      if (j < 0) return j
      j--
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return j + 1
    }
  }
  return NEED_MORE
}
