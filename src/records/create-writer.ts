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
