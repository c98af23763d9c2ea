import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ByteSink } from './output-buffer.js'

/**
 * The records file, written whole or not at all: bytes go to a temporary file
 * next to the target (same folder, so the final rename is atomic), and only
 * `commit` moves it into place. `discard` removes it.
 */
export class RecordsFile implements ByteSink {
  private readonly tempPath: string
  private fd: number | undefined

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true })
    this.tempPath = `${path}.${process.pid}.${Date.now().toString(36)}.partial`
    this.fd = openSync(this.tempPath, 'w')
    openFiles.add(this)
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) return
    let done = 0
    while (done < chunk.length) done += writeSync(this.fd, chunk, done)
  }

  commit(): void {
    this.close()
    renameSync(this.tempPath, this.path)
    openFiles.delete(this)
  }

  discard(): void {
    this.close()
    rmSync(this.tempPath, { force: true })
    openFiles.delete(this)
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

const openFiles = new Set<RecordsFile>()

/** Removes every temporary file still open (the run is being cancelled). */
export function discardOpenRecordsFiles(): void {
  for (const file of [...openFiles]) file.discard()
}
