import type { OutputSettings } from '../settings.js'
import type { Column } from '../wire/columns.js'
import { createPartWriter } from './create-writer.js'
import { csvHeader } from './csv-writer.js'
import { OutputBuffer, type ByteSink } from './output-buffer.js'
import { RecordEnds } from './record-ends.js'
import type { OpenRecords } from './record-writer.js'
import { RecordsFile } from './records-file.js'

/** A part written in the order of the records file, with the records it holds. */
export interface PartInOrder {
  id: number
  records: number
}

/**
 * The records of an export written in parts, one per time slice, several at a
 * time and in any order, then joined in time order into the records file. Each
 * part is a temporary file beside the records file (inside the same roots,
 * created exclusively, removed on cancel); the records file appears only when
 * `join` has written it whole, at most `max-records` records.
 */
export class SlicedRecords {
  private readonly parts = new Map<number, RecordsFile>()

  constructor(private readonly output: OutputSettings) {}

  /** The records of one attempt at the part `id`: committed, they are that part (replacing an earlier attempt's). */
  open(id: number): OpenRecords {
    const { file: path, roots, format, csvFormulas } = this.output
    const file = new RecordsFile(path, roots)
    return {
      writer: createPartWriter(format, file, csvFormulas),
      commit: () => {
        file.finishWriting()
        this.drop(id)
        this.parts.set(id, file)
      },
      discard: () => file.discard()
    }
  }

  /** Removes the part `id` (a slice the service cut, to be split again). */
  drop(id: number): void {
    this.parts.get(id)?.discard()
    this.parts.delete(id)
  }

  /**
   * Writes the records file: `columns`' framing around the parts in `order`, at
   * most `max-records` records (the last part taken is cut at a record's end).
   * Every part is removed, and on failure the records file is not written.
   */
  join(order: readonly PartInOrder[], columns: readonly Column[]): { written: number; bytes: number } {
    const { file: path, roots, format, maxRecords } = this.output
    let file: RecordsFile | undefined
    try {
      // Inside the try: when the records file cannot even be opened, the parts are removed all the same.
      file = new RecordsFile(path, roots)
      const counted = new CountingSink(file)
      const out = format === 'json' ? new ArrayFromLines(counted) : new Passthrough(counted)
      if (format === 'csv') out.write(csvHeader(columns))
      const limit = maxRecords === 0 ? Number.POSITIVE_INFINITY : maxRecords
      let written = 0
      for (const { id, records } of order) {
        const take = Math.min(records, limit - written)
        const part = this.parts.get(id)
        if (take <= 0 || !part) continue
        const ends = take < records ? new RecordEnds(format, take) : undefined
        part.readBack(chunk => out.write(ends ? chunk.subarray(0, ends.take(chunk)) : chunk))
        written += take
      }
      out.end()
      file.commit()
      return { written, bytes: counted.bytes }
    } catch (error) {
      file?.discard()
      throw error
    } finally {
      this.discardAll()
    }
  }

  /** Removes every part. */
  discardAll(): void {
    for (const id of [...this.parts.keys()]) this.drop(id)
  }
}

class CountingSink implements ByteSink {
  bytes = 0
  constructor(private readonly sink: ByteSink) {}
  write(chunk: Uint8Array): void {
    this.bytes += chunk.length
    this.sink.write(chunk)
  }
}

/** Bytes on to the file unchanged (NDJSON, CSV), through a buffer. */
class Passthrough {
  protected readonly out: OutputBuffer
  constructor(private readonly sink: ByteSink) {
    this.out = new OutputBuffer(sink)
  }

  write(bytes: Uint8Array): void {
    if (bytes.length >= 1 << 16) {
      this.out.flush()
      this.sink.write(bytes)
      return
    }
    this.out.reserve(bytes.length)
    this.out.putAll(bytes)
  }

  end(): void {
    this.out.flush()
  }
}

const LF = 10
const FIRST = Buffer.from('\n')
const NEXT = Buffer.from(',\n')

/**
 * JSON records one per line (the parts) made into the JSON array the records
 * file holds, byte for byte as `JsonWriter`'s `array` layout writes it:
 * `[`, the records separated by `,` and each on its own line, `]`.
 */
class ArrayFromLines extends Passthrough {
  private records = 0
  private atLineStart = true

  constructor(sink: ByteSink) {
    super(sink)
    super.write(Buffer.from('['))
  }

  override write(chunk: Uint8Array): void {
    let from = 0
    while (from < chunk.length) {
      if (this.atLineStart) {
        super.write(this.records === 0 ? FIRST : NEXT)
        this.records++
        this.atLineStart = false
      }
      const at = chunk.indexOf(LF, from)
      if (at === -1) {
        super.write(chunk.subarray(from))
        return
      }
      super.write(chunk.subarray(from, at))
      this.atLineStart = true
      from = at + 1
    }
  }

  override end(): void {
    super.write(Buffer.from(this.records > 0 ? '\n]\n' : ']\n'))
    super.end()
  }
}
