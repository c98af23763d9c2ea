import type { LeadingRecords } from '../records/leading-records.js'
import type { RecordWriter } from '../records/record-writer.js'
import type { Column } from '../wire/columns.js'
import { cellRaw, type ResponseHandler, type RowCells } from '../wire/response-parser.js'
import type { ServiceError } from './service-error.js'

/** What a query returned, minus the rows themselves (they went to the records file). */
export interface QueryResult {
  columns: Column[]
  /** Rows the query returned (its first table). */
  count: number
  /** Rows written to the records file. */
  written: number
  /** The first rows, cells as raw JSON text: the summary's preview and `value`. */
  preview: string[][]
  /** The service answered with part of the result and this error (HTTP 200 with `error`). */
  partialError?: ServiceError
  /** Query statistics (`Prefer: include-statistics=true`). */
  statistics?: unknown
  /** The query's `render` operator (`Prefer: include-render=true`). */
  render?: unknown
  /** Tables in the answer; only the first is written. */
  tables: number
  /** The first records written, as a JSON array within a byte budget (the `records` output), when asked for. */
  records?: string
}

/**
 * Told of the first table's columns at the start of every attempt (it starts
 * over: a retried attempt sends the rows again; an answer without a table, no
 * columns), then of each of its rows, which are valid only during the call.
 */
export interface RowObserver {
  begin(columns: readonly Column[]): void
  row(cells: RowCells): void
}

/**
 * Takes the parser's events: counts every row of the first table, writes the
 * first `maxRecords` of them (all when 0), and keeps the first `previewRows`
 * (and, given `leading`, the first records written as JSON); an `observer`
 * sees every row of the first table.
 */
export class ResultCollector implements ResponseHandler {
  readonly result: QueryResult = { columns: [], count: 0, written: 0, preview: [], tables: 0 }
  private begun = false
  private inFirstTable = false

  constructor(
    private readonly writer: RecordWriter,
    private readonly maxRecords: number,
    private readonly previewRows: number,
    private readonly leading?: LeadingRecords,
    private readonly observer?: RowObserver
  ) {}

  table(index: number, _name: string, columns: Column[]): void {
    this.result.tables = index + 1
    this.inFirstTable = index === 0
    if (!this.inFirstTable) return
    this.result.columns = columns
    this.writer.begin(columns)
    this.leading?.begin(columns)
    this.observer?.begin(columns)
    this.begun = true
  }

  row(cells: RowCells): void {
    if (!this.inFirstTable) return
    const result = this.result
    result.count++
    if (this.maxRecords === 0 || result.written < this.maxRecords) {
      this.writer.row(cells)
      this.leading?.row(cells)
      result.written++
    }
    this.observer?.row(cells)
    if (result.preview.length < this.previewRows)
      result.preview.push(Array.from({ length: cells.length }, (_, i) => cellRaw(cells, i)))
  }

  member(key: string, value: unknown): void {
    if (key === 'error' && value && typeof value === 'object') this.result.partialError = value
    else if (key === 'statistics') this.result.statistics = value
    else if (key === 'render') this.result.render = value
  }

  /**
   * Ends the records; a result without tables (HTTP 204: the parser refuses a 200 without one) becomes an empty file.
   */
  finish(): QueryResult {
    if (!this.begun) {
      this.writer.begin([])
      this.observer?.begin([])
    }
    this.writer.end()
    if (this.leading) this.result.records = this.leading.text()
    return this.result
  }
}
