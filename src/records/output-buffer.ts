/** Where written bytes go. `write` must be done with the chunk when it returns: the buffer is reused. */
export interface ByteSink {
  write(chunk: Uint8Array): void
}

/** Bytes are handed on in chunks of this size: few system calls, little memory. */
const CHUNK = 1 << 20

/**
 * A reusable staging buffer between the record writers and the file: rows are
 * assembled in place (byte copies, no strings) and handed on a megabyte at a time.
 */
export class OutputBuffer {
  bytes: Buffer = Buffer.allocUnsafe(CHUNK)
  pos = 0

  constructor(private readonly sink: ByteSink) {}

  /** Makes room for `n` more bytes: flushes when needed, grows for a row larger than a chunk. */
  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return
    this.flush()
    if (n > this.bytes.length) this.bytes = Buffer.allocUnsafe(n)
  }

  /** Copies `src[start..end)` (room reserved). */
  put(src: Uint8Array, start: number, end: number): void {
    const out = this.bytes
    let pos = this.pos
    if (end - start < 24) {
      for (let i = start; i < end; i++) out[pos++] = src[i]
    } else {
      out.set(src.subarray(start, end), pos)
      pos += end - start
    }
    this.pos = pos
  }

  /** Copies all of `src` (room reserved). */
  putAll(src: Uint8Array): void {
    this.put(src, 0, src.length)
  }

  putByte(byte: number): void {
    this.bytes[this.pos++] = byte
  }

  flush(): void {
    if (this.pos === 0) return
    this.sink.write(this.bytes.subarray(0, this.pos))
    this.pos = 0
    if (this.bytes.length > CHUNK) this.bytes = Buffer.allocUnsafe(CHUNK)
  }
}
