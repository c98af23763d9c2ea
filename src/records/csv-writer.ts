import { dynamicText, unquote } from '../logs/cells.js'
import type { Column } from '../logs/columns.js'
import type { RecordWriter } from './record-writer.js'
import type { TextSink } from './text-sink.js'

/**
 * Records as RFC 4180 CSV: a header of column names, then one line per row.
 * Empty cells are empty fields (an empty string is `""`), `dynamic` cells their JSON text, numbers their
 * exact digits. Lines end with CRLF, as the RFC says.
 */
export class CsvWriter implements RecordWriter {
  private encode: ((raw: string) => string)[] = []

  constructor(private readonly sink: TextSink) {}

  begin(columns: readonly Column[]): void {
    this.encode = columns.map(column => (column.type === 'dynamic' ? csvDynamic : csvCell))
    this.sink.write(columns.map(column => csvField(column.name)).join(',') + '\r\n')
  }

  row(cells: readonly string[]): void {
    const { encode } = this
    let line = ''
    for (let i = 0; i < encode.length; i++) line += (i === 0 ? '' : ',') + encode[i](cells[i] ?? 'null')
    this.sink.write(line + '\r\n')
  }

  end(): void {}
}

function csvCell(raw: string): string {
  if (raw === 'null') return ''
  if (raw.charCodeAt(0) !== 34) return raw
  // An empty string is `""`, so that it stays distinct from an empty cell.
  return raw.length === 2 ? '""' : csvField(unquote(raw))
}

function csvDynamic(raw: string): string {
  return raw === '""' ? '""' : csvField(dynamicText(raw))
}

/** A field, quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
