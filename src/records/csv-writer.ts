import type { Column } from '../logs/columns.js'
import { hasEscape, QUOTE, unescapeInto } from '../logs/json-bytes.js'
import type { RowCells } from '../logs/response-parser.js'
import { OutputBuffer, type ByteSink } from './output-buffer.js'
import type { RecordWriter } from './record-writer.js'

const COMMA = 44
const CR = 13
const LF = 10

/**
 * Records as RFC 4180 CSV: a header of column names, then one line per row.
 * Empty cells are empty fields (an empty string is `""`), `dynamic` cells their
 * JSON text, numbers their exact digits. Lines end with CRLF, as the RFC says.
 */
export class CsvWriter implements RecordWriter {
  private readonly out: OutputBuffer
  private columns = 0
  private scratch = Buffer.allocUnsafe(4096)

  constructor(sink: ByteSink) {
    this.out = new OutputBuffer(sink)
  }

  begin(columns: readonly Column[]): void {
    this.columns = columns.length
    const header = Buffer.from(columns.map(column => csvField(column.name)).join(',') + '\r\n')
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
      if (i < cells.length) this.putCell(bytes, start[i], end[i])
    }
    out.putByte(CR)
    out.putByte(LF)
  }

  end(): void {
    this.out.flush()
  }

  /** null: nothing; a string (or a dynamic's JSON text): its text, quoted when needed; else the raw JSON. */
  private putCell(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start
    if (length === 4 && bytes[start] === 110 /* null */) return
    if (bytes[start] !== QUOTE) {
      this.putField(bytes, start, end)
      return
    }
    if (length === 2) {
      // An empty string is `""`, so that it stays distinct from an empty cell.
      this.out.putByte(QUOTE)
      this.out.putByte(QUOTE)
      return
    }
    if (!hasEscape(bytes, start, end)) {
      this.putField(bytes, start + 1, end - 1)
      return
    }
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(2 * length)
    this.putField(this.scratch, 0, unescapeInto(bytes, start, end, this.scratch, 0))
  }

  /** Text as a field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
  private putField(text: Uint8Array, start: number, end: number): void {
    const out = this.out
    let quote = false
    for (let i = start; i < end; i++) {
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
    for (let i = start; i < end; i++) {
      const c = text[i]
      if (c === QUOTE) out.putByte(QUOTE)
      out.putByte(c)
    }
    out.putByte(QUOTE)
  }
}

/** A field for text known as a string (column names), quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
