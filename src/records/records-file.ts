import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TextSink } from './text-sink.js'

/**
 * The records file, written whole or not at all: text goes to a temporary file
 * next to the target (same folder, so the final rename is atomic), in large
 * batches, and only `commit` moves it into place. `discard` removes it.
 */
export class RecordsFile implements TextSink {
  private readonly tempPath: string
  private fd: number | undefined
  private pending: string[] = []
  private pendingLength = 0
  /** Bytes written so far (UTF-16 code units until flushed; good enough for progress). */
  written = 0

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true })
    this.tempPath = `${path}.${process.pid}.${Date.now().toString(36)}.partial`
    this.fd = openSync(this.tempPath, 'w')
    openFiles.add(this)
  }

  write(text: string): void {
    this.pending.push(text)
    this.pendingLength += text.length
    if (this.pendingLength >= FLUSH_AT) this.flush()
  }

  commit(): void {
    this.flush()
    this.close()
    renameSync(this.tempPath, this.path)
    openFiles.delete(this)
  }

  discard(): void {
    this.close()
    rmSync(this.tempPath, { force: true })
    openFiles.delete(this)
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === undefined) return
    const text = this.pending.join('')
    this.pending = []
    this.pendingLength = 0
    writeSync(this.fd, text)
    this.written += text.length
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    this.pending = []
  }
}

const FLUSH_AT = 1 << 20

const openFiles = new Set<RecordsFile>()

/** Removes every temporary file still open (the run is being cancelled). */
export function discardOpenRecordsFiles(): void {
  for (const file of [...openFiles]) file.discard()
}
