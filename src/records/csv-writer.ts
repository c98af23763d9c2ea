import { NUMERIC_TYPES, type Column } from '../wire/columns.js'
import { hasEscape, numberEnd, QUOTE, unescapeInto } from '../wire/json-bytes.js'
import type { RowCells } from '../wire/response-parser.js'
import { OutputBuffer, type ByteSink } from './output-buffer.js'
import type { CsvFormulas } from '../settings.js'
import type { RecordWriter } from './record-writer.js'

const COMMA = 44
const CR = 13
const LF = 10
const TAB = 9
const APOSTROPHE = 39

/** First characters that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, carriage return. */
const FORMULA_START = new Uint8Array(256)
for (const c of [61, 43, 45, 64, TAB, CR]) FORMULA_START[c] = 1

/**
 * Per column, whether its text cells may be formulas: never (numbers, booleans, the service's own formats), text, or
 * dynamic (text, unless it is a JSON number).
 */
const NEVER = 0
const TEXT = 1
const DYNAMIC = 2
const SERVICE_FORMATS: ReadonlySet<string> = new Set([...NUMERIC_TYPES, 'bool', 'datetime', 'guid', 'timespan'])

/**
 * Records as RFC 4180 CSV: a header of column names, then one line per row.
 * Empty cells are empty fields (an empty string is `""`), `dynamic` cells their
 * JSON text, numbers their exact digits. Lines end with CRLF, as the RFC says.
 * Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`)
 * is written `"'=HYPERLINK(…)"` unless `formulas` is `keep`; numbers and
 * booleans are never touched.
 */
export class CsvWriter implements RecordWriter {
  private readonly out: OutputBuffer
  private columns = 0
  private kinds = new Uint8Array(0)
  private scratch = Buffer.allocUnsafe(4096)

  constructor(
    sink: ByteSink,
    private readonly formulas: CsvFormulas = 'escape',
    /** False for records joined with others under one header (`records/sliced-records.ts`). */
    private readonly header = true
  ) {
    this.out = new OutputBuffer(sink)
  }

  begin(columns: readonly Column[]): void {
    this.columns = columns.length
    this.kinds = Uint8Array.from(columns, ({ type }) =>
      this.formulas === 'keep' || SERVICE_FORMATS.has(type) ? NEVER : type === 'dynamic' ? DYNAMIC : TEXT
    )
    if (!this.header) return
    const header = csvHeader(columns)
    this.out.reserve(header.length)
    this.out.putAll(header)
  }

  row(cells: RowCells): void {
    const { out } = this
    const { bytes, start, end } = cells
    let size = 2 * this.columns + 2
    for (let i = 0; i < cells.length; i++) size += 2 * (end[i] - start[i]) + 2
    out.reserve(size)
    for (let i = 0; i < this.columns; i++) {
      if (i > 0) out.putByte(COMMA)
      if (i < cells.length) this.putCell(bytes, start[i], end[i], this.kinds[i])
    }
    out.putByte(CR)
    out.putByte(LF)
  }

  end(): void {
    this.out.flush()
  }

  /**
   * null: nothing; a string (or a dynamic's JSON text): its text, quoted when needed, escaped when a formula; else the
   * raw JSON.
   */
  private putCell(bytes: Uint8Array, start: number, end: number, kind: number): void {
    const length = end - start
    if (length === 4 && bytes[start] === 110 /* null */) return
    if (bytes[start] !== QUOTE) {
      this.putField(bytes, start, end, false)
      return
    }
    if (length === 2) {
      // An empty string is `""`, so that it stays distinct from an empty cell.
      this.out.putByte(QUOTE)
      this.out.putByte(QUOTE)
      return
    }
    if (!hasEscape(bytes, start, end)) {
      this.putField(bytes, start + 1, end - 1, isFormula(bytes, start + 1, end - 1, kind))
      return
    }
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(2 * length)
    const textEnd = unescapeInto(bytes, start, end, this.scratch, 0)
    this.putField(this.scratch, 0, textEnd, isFormula(this.scratch, 0, textEnd, kind))
  }

  /**
   * Text as a field: quoted, with quotes doubled, when it holds a comma, a quote or a line break, or is an escaped
   * formula (`'` first).
   */
  private putField(text: Uint8Array, start: number, end: number, formula: boolean): void {
    const out = this.out
    let quote = formula
    for (let i = start; i < end && !quote; i++) {
      const c = text[i]
      if (c === COMMA || c === QUOTE || c === CR || c === LF) {
        quote = true
        break
      }
    }
    if (!quote) {
      out.put(text, start, end)
      return
    }
    out.putByte(QUOTE)
    if (formula) out.putByte(APOSTROPHE)
    // Runs of text copied whole; each quote ends a run and starts the next, so it is written twice.
    let from = start
    for (let q = text.indexOf(QUOTE, start); q !== -1 && q < end; q = text.indexOf(QUOTE, q + 1)) {
      out.put(text, from, q + 1)
      from = q
    }
    out.put(text, from, end)
    out.putByte(QUOTE)
  }
}

/**
 * Whether text `b[start..end)` starts like a formula; a dynamic value that is a JSON number (`-5`) is a number, not
 * one.
 */
function isFormula(b: Uint8Array, start: number, end: number, kind: number): boolean {
  if (kind === NEVER || start >= end || FORMULA_START[b[start]] === 0) return false
  return kind !== DYNAMIC || numberEnd(b, start, end) !== end
}

/** A field for text known as a string (column names), quoted when it holds a comma, a quote or a line break. */
/** The header line: the column names. */
export function csvHeader(columns: readonly Column[]): Buffer {
  return Buffer.from(columns.map(column => csvField(column.name)).join(',') + '\r\n')
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
