import type { Column } from '../wire/columns.js'
import type { RowCells } from '../wire/response-parser.js'

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

/** Records being written for one attempt of a query: its writer, then either `commit` (whole) or `discard`. */
export interface OpenRecords {
  writer: RecordWriter
  commit(): void
  discard(): void
}
