import type { Column } from '../wire/columns.js'
import type { RowCells } from '../wire/response-parser.js'
import { CsvWriter, type CsvFormulas } from './csv-writer.js'
import { JsonWriter } from './json-writer.js'
import type { ByteSink } from './output-buffer.js'

/**
 * Writes records one row at a time, so rows can go to the file as soon as the
 * response parser has them. Cells are byte ranges of the JSON the service sent.
 */
export interface RecordWriter {
  /** Once, before the first row (also when there are no rows). */
  begin(columns: readonly Column[]): void
  row(cells: RowCells): void
  /** Once, after the last row: writes out what is still buffered. */
  end(): void
}

export const OUTPUT_FORMATS = ['json', 'ndjson', 'csv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export function createRecordWriter(format: OutputFormat, sink: ByteSink, csvFormulas: CsvFormulas = 'escape'): RecordWriter {
  switch (format) {
    case 'json':
      return new JsonWriter(sink, 'array')
    case 'ndjson':
      return new JsonWriter(sink, 'lines')
    case 'csv':
      return new CsvWriter(sink, csvFormulas)
  }
}
