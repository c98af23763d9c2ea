import { dynamicJson } from '../logs/cells.js'
import type { Column } from '../logs/columns.js'
import type { RecordWriter } from './record-writer.js'
import type { TextSink } from './text-sink.js'

/**
 * Records as JSON objects keyed by column name: a JSON array with one record per
 * line (`array`), or one record per line and nothing else (`lines`, NDJSON).
 * Values keep their types: numbers (digit for digit), booleans, strings, null,
 * and `dynamic` cells as the JSON value they hold.
 */
export class JsonWriter implements RecordWriter {
  private keys: string[] = []
  private encode: ((raw: string) => string)[] = []
  private rows = 0

  constructor(
    private readonly sink: TextSink,
    private readonly layout: 'array' | 'lines'
  ) {}

  begin(columns: readonly Column[]): void {
    this.keys = columns.map((column, i) => (i === 0 ? '{' : ',') + JSON.stringify(column.name) + ':')
    this.encode = columns.map(column => (column.type === 'dynamic' ? dynamicJson : raw => raw))
    if (this.layout === 'array') this.sink.write('[')
  }

  row(cells: readonly string[]): void {
    const { keys, encode } = this
    let line = this.layout === 'array' ? (this.rows === 0 ? '\n' : ',\n') : ''
    for (let i = 0; i < keys.length; i++) line += keys[i] + encode[i](cells[i] ?? 'null')
    line += keys.length === 0 ? '{}' : '}'
    this.sink.write(this.layout === 'lines' ? line + '\n' : line)
    this.rows++
  }

  end(): void {
    if (this.layout === 'array') this.sink.write(this.rows === 0 ? ']\n' : '\n]\n')
  }
}
