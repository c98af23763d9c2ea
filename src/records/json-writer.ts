import type { Column } from '../wire/columns.js'
import {
  checkJsonValue,
  compactInto,
  QUOTE,
  skipJsonSpace,
  trimJsonSpaceEnd,
  unescapeInto
} from '../wire/json-bytes.js'
import type { RowCells } from '../wire/response-parser.js'
import { OutputBuffer, type ByteSink } from './output-buffer.js'
import type { RecordWriter } from './record-writer.js'

const NULL = Buffer.from('null')

/**
 * Records as JSON objects keyed by column name: a JSON array with one record per
 * line (`array`), or one record per line and nothing else (`lines`, NDJSON).
 * Cells are copied as the service wrote them, so values keep their types and
 * numbers their every digit; a `dynamic` cell becomes the JSON value it holds.
 */
export class JsonWriter implements RecordWriter {
  private readonly out: OutputBuffer
  private keys: Buffer[] = []
  private keysLength = 0
  private dynamic: boolean[] = []
  private scratch = Buffer.allocUnsafe(4096)
  private rows = 0

  constructor(
    sink: ByteSink,
    private readonly layout: 'array' | 'lines'
  ) {
    this.out = new OutputBuffer(sink)
  }

  begin(columns: readonly Column[]): void {
    this.keys = columns.map((column, i) => Buffer.from((i === 0 ? '{' : ',') + JSON.stringify(column.name) + ':'))
    this.keysLength = this.keys.reduce((sum, key) => sum + key.length, 0)
    this.dynamic = columns.map(column => column.type === 'dynamic')
    if (this.layout === 'array') this.out.putByte(91) // [
  }

  row(cells: RowCells): void {
    const { out, keys, dynamic } = this
    const { bytes, start, end } = cells
    const count = keys.length
    let size = this.keysLength + 8
    for (let i = 0; i < count; i++) size += i < cells.length ? end[i] - start[i] : 4
    out.reserve(size)
    if (this.layout === 'array') {
      if (this.rows > 0) out.putByte(44) // ,
      out.putByte(10)
    }
    for (let i = 0; i < count; i++) {
      out.putAll(keys[i])
      if (i >= cells.length) out.putAll(NULL)
      else if (dynamic[i] && bytes[start[i]] === QUOTE) this.putDynamic(bytes, start[i], end[i])
      else out.put(bytes, start[i], end[i])
    }
    if (count === 0) out.putByte(123) // {
    out.putByte(125) // }
    if (this.layout === 'lines') out.putByte(10)
    this.rows++
  }

  end(): void {
    if (this.layout === 'array') {
      this.out.reserve(4)
      if (this.rows > 0) this.out.putByte(10)
      this.out.putByte(93) // ]
      this.out.putByte(10)
    }
    this.out.flush()
  }

  /** Hands on what is buffered (a record as soon as it is written, for a reader that must see it whole). */
  flush(): void {
    this.out.flush()
  }

  /**
   * A `dynamic` cell arrives as a JSON string holding JSON (`"{\"a\":1}"`): write
   * the JSON it holds, on one line. Text that is not JSON stays the string it was.
   */
  private putDynamic(bytes: Uint8Array, start: number, end: number): void {
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(2 * (end - start))
    const inner = this.scratch
    const length = unescapeInto(bytes, start, end, inner, 0)
    const from = skipJsonSpace(inner, 0, length)
    const to = trimJsonSpaceEnd(inner, from, length)
    const check = checkJsonValue(inner, from, to)
    const out = this.out
    if (check === -1) out.put(bytes, start, end)
    else if (check === 0) out.put(inner, from, to)
    else out.pos = compactInto(inner, from, to, out.bytes, out.pos)
  }
}
