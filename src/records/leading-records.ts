import type { Column } from '../wire/columns.js'
import type { RowCells } from '../wire/response-parser.js'
import { JsonWriter } from './json-writer.js'
import type { RecordWriter } from './record-writer.js'

/**
 * The first records as one compact JSON array (`[{…},{…}]`) of at most
 * `budget` UTF-8 bytes: whole records only, in the form of the JSON records
 * file (cells as the service wrote them, every digit of a long kept; a
 * `dynamic` cell the JSON it holds). The first record that would not fit ends
 * the collection. `[]` without rows.
 */
export class LeadingRecords implements RecordWriter {
  private readonly records: Buffer[] = []
  /** Bytes of the array so far: its brackets and the commas between records. */
  private size = 2
  private full = false
  private pending: Buffer[] = []
  private readonly writer = new JsonWriter({ write: chunk => void this.pending.push(Buffer.from(chunk)) }, 'lines')

  constructor(private readonly budget: number) {
    this.full = budget < 2
  }

  begin(columns: readonly Column[]): void {
    this.writer.begin(columns)
  }

  row(cells: RowCells): void {
    if (this.full) return
    this.writer.row(cells)
    this.writer.flush()
    const line = Buffer.concat(this.pending)
    this.pending = []
    const record = line.subarray(0, line.length - 1) // without its line break
    const size = record.length + (this.records.length > 0 ? 1 : 0)
    if (this.size + size > this.budget) {
      this.full = true
      return
    }
    this.records.push(record)
    this.size += size
  }

  end(): void {}

  /** The JSON array text. */
  text(): string {
    return `[${this.records.map(record => record.toString('utf8')).join(',')}]`
  }
}

/**
 * The leading records of several answers, in order (the time slices of an
 * export), as one array within `budget` bytes like `LeadingRecords.text()`:
 * whole records only, the first that would not fit ends it. `written` is how
 * many records each answer wrote: an array holding fewer was cut by its own
 * budget, and nothing after it may follow (that would leave a gap).
 */
export function joinLeadingRecords(arrays: readonly { text: string; written: number }[], budget: number): string {
  const kept: string[] = []
  let size = 2
  for (const { text, written } of arrays) {
    const records = recordsOf(text)
    for (const record of records) {
      const added = Buffer.byteLength(record) + (kept.length > 0 ? 1 : 0)
      if (size + added > budget) return `[${kept.join(',')}]`
      kept.push(record)
      size += added
    }
    if (records.length < written) break
  }
  return `[${kept.join(',')}]`
}

/** How many records a `LeadingRecords.text()` array holds. */
export function countLeadingRecords(array: string): number {
  return recordsOf(array).length
}

/** The records of a compact JSON array of objects: split at the commas between them (outside strings and nesting). */
function recordsOf(array: string): string[] {
  const records: string[] = []
  let depth = 0
  let inString = false
  let from = 1
  for (let i = 0; i < array.length; i++) {
    const c = array[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0 && c === ']' && i > from) records.push(array.slice(from, i))
    } else if (c === ',' && depth === 1) {
      records.push(array.slice(from, i))
      from = i + 1
    }
  }
  return records
}
