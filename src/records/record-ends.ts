import type { OutputFormat } from '../settings.js'

const LF = 10
const QUOTE = 34

/**
 * Finds where the first `records` records of a part (`createPartWriter`) end,
 * reading its bytes chunk by chunk, so a part can be cut at a record boundary
 * (`max-records` across parts). Every record of a part ends with a line feed:
 * JSON parts are written one record per line and the writers put no raw line
 * feed inside a record (strings keep their escapes); in CSV a line feed inside
 * a quoted field is text, so quotes are followed (an escaped `""` flips twice).
 */
export class RecordEnds {
  private seen = 0
  private quoted = false

  constructor(
    private readonly format: OutputFormat,
    private readonly records: number
  ) {}

  /**
   * How many bytes of `chunk` still belong to the first `records` records: all of it (`chunk.length`) while they go
   * on, fewer where they end, 0 once they have ended.
   */
  take(chunk: Uint8Array): number {
    if (this.seen >= this.records) return 0
    if (this.format !== 'csv') {
      for (let from = 0; ;) {
        const at = chunk.indexOf(LF, from)
        if (at === -1) return chunk.length
        if (++this.seen === this.records) return at + 1
        from = at + 1
      }
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]
      if (byte === QUOTE) this.quoted = !this.quoted
      else if (byte === LF && !this.quoted && ++this.seen === this.records) return i + 1
    }
    return chunk.length
  }
}
