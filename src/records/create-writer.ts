import type { CsvFormulas, OutputFormat } from '../settings.js'
import { CsvWriter } from './csv-writer.js'
import { JsonWriter } from './json-writer.js'
import type { ByteSink } from './output-buffer.js'
import type { RecordWriter } from './record-writer.js'

/** The writer of records in `format`, writing to `sink`. */
export function createRecordWriter(
  format: OutputFormat,
  sink: ByteSink,
  csvFormulas: CsvFormulas = 'escape'
): RecordWriter {
  switch (format) {
    case 'json':
      return new JsonWriter(sink, 'array')
    case 'ndjson':
      return new JsonWriter(sink, 'lines')
    case 'csv':
      return new CsvWriter(sink, csvFormulas)
  }
}

/**
 * The writer of a part of the records in `format` (one slice of an export), to
 * be joined with other parts by `records/sliced-records.ts`: one record per line
 * for JSON (the join makes the array), CSV without its header.
 */
export function createPartWriter(format: OutputFormat, sink: ByteSink, csvFormulas: CsvFormulas): RecordWriter {
  return format === 'csv' ? new CsvWriter(sink, csvFormulas, false) : new JsonWriter(sink, 'lines')
}
