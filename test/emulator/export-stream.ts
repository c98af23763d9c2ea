import type { ServerResponse } from 'node:http'
import { RowCursor, type RowSet } from './export-kql.js'
import type { RowSink } from './lazy-tables.js'
import { partialError } from './partial-errors.js'

/**
 * Sends the rows of a lazy query as the service does, without ever holding the
 * answer: JSON written into ~256 KiB chunks, each handed to the socket when the
 * last one has drained (backpressure), paced to `bytesPerSecond` when set, cut
 * after `rowCap` rows or before the raw JSON passes `byteCap` bytes (then the
 * PartialError the service appends). Identity encoding, chunked transfer: a
 * gzip pass over gigabytes would cost the emulator more than the client.
 *
 * The connection faults of emulator.ts apply to the bytes as they go out:
 * `resetAfterBytes` (cut the connection), `stallAfterBytes` (go quiet),
 * `truncateAt` (end the answer early, as if complete).
 */

export interface StreamSettings {
  rowCap: number
  byteCap: number
  /** 0: as fast as the client reads. */
  bytesPerSecond: number
  chunkBytes?: number
}

export interface StreamFault {
  resetAfterBytes?: number
  stallAfterBytes?: number
  truncateAt?: number
}

/** How far the answer got: kept up to date as it goes, so a reader never sees a stale count. */
export interface StreamProgress {
  rows: number
  /** Bytes of the body written to the connection. */
  bytes: number
  partial?: 'rows' | 'bytes'
  /** The answer did not reach its end: a fault, or the client went away. */
  cut?: boolean
}

const CHUNK_BYTES = 256 * 1024

export async function streamRows(
  response: ServerResponse,
  headers: Record<string, string>,
  rows: RowSet,
  settings: StreamSettings,
  fault: StreamFault = {},
  progress: StreamProgress = { rows: 0, bytes: 0 }
): Promise<StreamProgress> {
  const chunkBytes = settings.chunkBytes ?? CHUNK_BYTES
  const out = new Output(response, settings.bytesPerSecond, chunkBytes, fault, progress)
  response.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' })

  const { table, columns } = rows
  const whole = columns.length === table.columns.length && columns.every((c, k) => c === table.columns[k])
  const cells = columns.map(column => column.json)
  const writeRow =
    whole && table.writeRow
      ? table.writeRow
      : (i: number, sink: RowSink) => {
          let text = `[${cells[0](i)}`
          for (let c = 1; c < cells.length; c++) text += `,${cells[c](i)}`
          sink.utf8(`${text}]`)
        }
  const head = `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns.map(({ name, type }) => ({ name, type })))},"rows":[`
  const endings = {
    rows: `,"error":${JSON.stringify(partialError({ rows: settings.rowCap }))}`,
    bytes: `,"error":${JSON.stringify(partialError({ bytes: settings.byteCap }))}`
  }
  // Room kept for the closing brackets and the longest error, so that the whole answer stays under the cap.
  const reserve = 4 + Math.max(endings.rows.length, endings.bytes.length)

  const chunk = new Chunk(chunkBytes + 4096)
  chunk.ascii(head)
  let total = head.length
  let count = 0
  let partial: StreamProgress['partial']
  const cursor = new RowCursor(rows)
  for (let i = cursor.next(); i !== -1; i = cursor.next()) {
    if (count >= settings.rowCap) {
      partial = 'rows'
      break
    }
    const mark = chunk.mark()
    if (count > 0) chunk.ascii(',')
    writeRow(i, chunk)
    const length = chunk.length - mark
    if (total + length + reserve > settings.byteCap) {
      chunk.rollback()
      partial = 'bytes'
      break
    }
    total += length
    count++
    progress.rows = count
    if (chunk.length >= chunkBytes && !(await out.write(chunk.take()))) {
      progress.cut = true
      return progress
    }
  }
  if (partial) progress.partial = partial
  chunk.ascii(`]}]${partial ? endings[partial] : ''}}`)
  if (!(await out.end(chunk.take()))) progress.cut = true
  return progress
}

/**
 * A growing buffer of row JSON; `take` hands the filled part over and starts a
 * new one. Text is gathered into one string and written to the buffer ~16 KB at
 * a time: a write per row cost the emulator more than making the row.
 */
class Chunk implements RowSink {
  private buffer: Buffer
  /** Bytes in the buffer. */
  private written = 0
  /** Text not yet in the buffer, and its size in bytes. */
  private pending = ''
  private pendingBytes = 0
  /** Where `mark` was taken: what was written, and what was pending. */
  private markedWritten = 0
  private markedChars = 0
  private markedBytes = 0

  constructor(private readonly capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity)
  }

  /** Bytes so far. */
  get length(): number {
    return this.written + this.pendingBytes
  }

  /** Remembers this point, for `rollback`; returns `length`. */
  mark(): number {
    this.markedWritten = this.written
    this.markedChars = this.pending.length
    this.markedBytes = this.pendingBytes
    return this.length
  }

  /** Drops what came after the last `mark`. */
  rollback(): void {
    if (this.written === this.markedWritten) {
      this.pending = this.pending.slice(0, this.markedChars)
      this.pendingBytes = this.markedBytes
    } else {
      // Flushed since: the pending text of then is in the buffer, right after what was written then.
      this.written = this.markedWritten + this.markedBytes
      this.pending = ''
      this.pendingBytes = 0
    }
  }

  /** Text known to be ASCII: one byte a character. */
  ascii(text: string): void {
    this.pending += text
    this.pendingBytes += text.length
    if (this.pendingBytes >= PENDING_BYTES) this.flush()
  }

  utf8(text: string): void {
    this.pending += text
    this.pendingBytes += Buffer.byteLength(text)
    if (this.pendingBytes >= PENDING_BYTES) this.flush()
  }

  bytes(buffer: Buffer): void {
    this.flush()
    this.room(buffer.length)
    buffer.copy(this.buffer, this.written)
    this.written += buffer.length
  }

  take(): Buffer {
    this.flush()
    const filled = this.buffer.subarray(0, this.written)
    this.buffer = Buffer.allocUnsafe(this.capacity)
    this.written = 0
    return filled
  }

  private flush(): void {
    if (this.pendingBytes === 0) return
    this.room(this.pendingBytes)
    this.written += this.buffer.write(this.pending, this.written, 'utf8')
    this.pending = ''
    this.pendingBytes = 0
  }

  private room(extra: number): void {
    if (this.written + extra <= this.buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.written + extra))
    this.buffer.copy(grown, 0, 0, this.written)
    this.buffer = grown
  }
}

/** How much text a Chunk gathers before writing it to its buffer. */
const PENDING_BYTES = 16 * 1024

/** The connection's side: pacing, backpressure, faults; `false` when the answer must go no further. */
class Output {
  private closed = false
  private readonly started = Date.now()
  private readonly cutAt: number | undefined
  private readonly quantum: number

  constructor(
    private readonly response: ServerResponse,
    private readonly bytesPerSecond: number,
    chunkBytes: number,
    private readonly fault: StreamFault,
    private readonly progress: StreamProgress
  ) {
    response.once('close', () => (this.closed = true))
    this.cutAt = fault.resetAfterBytes ?? fault.stallAfterBytes ?? fault.truncateAt
    this.quantum =
      bytesPerSecond > 0 ? Math.max(4096, Math.min(chunkBytes, Math.floor(bytesPerSecond / 20))) : chunkBytes
  }

  async write(buffer: Buffer): Promise<boolean> {
    if (this.cutAt !== undefined && this.progress.bytes + buffer.length >= this.cutAt) {
      await this.send(buffer.subarray(0, this.cutAt - this.progress.bytes))
      this.applyFault()
      return false
    }
    return this.send(buffer)
  }

  /** The last part; `true` when the whole answer went out. */
  async end(buffer: Buffer): Promise<boolean> {
    if (!(await this.write(buffer))) return false
    if (this.closed) return false
    await new Promise<void>(resolve => this.response.end(resolve))
    return true
  }

  private async send(buffer: Buffer): Promise<boolean> {
    for (let at = 0; at < buffer.length; at += this.quantum) {
      const part = buffer.subarray(at, at + this.quantum)
      if (this.bytesPerSecond > 0) {
        const due = this.started + ((this.progress.bytes + part.length) * 1000) / this.bytesPerSecond - Date.now()
        if (due > 0) await new Promise(resolve => setTimeout(resolve, due))
      }
      if (this.closed) return false
      const flowing = this.response.write(part)
      this.progress.bytes += part.length
      if (!flowing) await this.drained()
    }
    return !this.closed
  }

  /**
   * Until the socket takes more. Node's response does not always emit 'drain' after a `write` that returned
   * false (data queued before the socket was its own), so its `writableNeedDrain` is checked too.
   */
  private drained(): Promise<void> {
    return new Promise(resolve => {
      const done = () => {
        clearInterval(check)
        this.response.off('drain', done)
        this.response.off('close', done)
        resolve()
      }
      const check = setInterval(() => {
        if (!this.response.writableNeedDrain) done()
      }, 20)
      this.response.once('drain', done)
      this.response.once('close', done)
    })
  }

  private applyFault(): void {
    if (this.fault.resetAfterBytes !== undefined) setTimeout(() => this.response.socket?.destroy(), 20)
    else if (this.fault.truncateAt !== undefined && this.fault.stallAfterBytes === undefined) this.response.end()
    // stallAfterBytes: nothing more, the connection stays open until the client gives up.
  }
}
