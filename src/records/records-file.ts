import { randomUUID } from 'node:crypto'
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { onCancel } from '../common/cancellation.js'
import { ActionError } from '../common/errors.js'
import { isInside, realPathOfNearest } from '../common/confined-path.js'
import type { OutputSettings } from '../settings.js'
import { createRecordWriter } from './create-writer.js'
import type { ByteSink } from './output-buffer.js'
import type { OpenRecords } from './record-writer.js'

/** Create a new file, never an existing one, and never through a symlink (where the system has O_NOFOLLOW). */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/** Bytes read back at a time. */
const READ_CHUNK = 1 << 20

/**
 * The records file, written whole or not at all: bytes go to a temporary file
 * next to the target (same folder, so the final rename is atomic), and only
 * `commit` moves it into place. `discard` removes it. The folder must really be
 * inside `roots` (real paths) when the file is opened and again when it is
 * committed; the temporary name is random and created exclusively, so no link
 * planted in the folder can redirect the records.
 */
export class RecordsFile implements ByteSink {
  private readonly folder: string
  private readonly tempPath: string
  private fd: number | undefined
  /** Removes the temporary file if the run is cancelled while it is open. */
  private readonly forgetOnCancel: () => void

  constructor(
    readonly path: string,
    private readonly roots: readonly string[],
    /** The random part of the temporary file's name; a parameter so a test can plant a link at a known name. */
    uniqueName: () => string = randomUUID
  ) {
    // Missing folders are made under the real path of the nearest existing one, and only when that is inside the roots.
    const { existing, missing } = realPathOfNearest(dirname(path))
    if (missing.length > 0) mkdirSync(this.confined(join(existing, ...missing)), { recursive: true })
    this.folder = this.realFolder()
    this.tempPath = join(this.folder, `${basename(path)}.${uniqueName()}.partial`)
    this.fd = openSync(this.tempPath, CREATE_NEW, 0o666)
    const unregister = onCancel(() => this.discard())
    this.forgetOnCancel = () => void unregister()
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) return
    let done = 0
    while (done < chunk.length) done += writeSync(this.fd, chunk, done)
  }

  /** Moves the file into place; throws, leaving the temporary file to `discard`, when its folder changed meanwhile. */
  commit(): void {
    this.close()
    const folder = this.realFolder()
    if (folder !== this.folder) {
      throw new ActionError(
        `The folder of output-file ${this.path} changed during the run (it now leads to ${folder}); the records were not written.`
      )
    }
    renameSync(this.tempPath, join(this.folder, basename(this.path)))
    this.forgetOnCancel()
  }

  /** Ends the writing and keeps the bytes in the temporary file, to be read back (a part of a file in parts). */
  finishWriting(): void {
    this.close()
  }

  /** Hands the temporary file's bytes to `take`, a chunk at a time (the chunk is reused after `take` returns). */
  readBack(take: (chunk: Uint8Array) => void): void {
    const fd = openSync(this.tempPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    try {
      const buffer = Buffer.allocUnsafe(READ_CHUNK)
      for (let n; (n = readSync(fd, buffer, 0, READ_CHUNK, null)) > 0;) take(buffer.subarray(0, n))
    } finally {
      closeSync(fd)
    }
  }

  discard(): void {
    this.close()
    rmSync(this.tempPath, { force: true })
    this.forgetOnCancel()
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  /** The real path of the file's folder, which must be inside the roots. */
  private realFolder(): string {
    return this.confined(realpathSync(dirname(this.path)))
  }

  private confined(real: string): string {
    if (!this.roots.some(root => isInside(real, root))) {
      throw new ActionError(
        `The folder of output-file ${this.path} leads to ${real}, outside the workspace and RUNNER_TEMP; the records were not written.`
      )
    }
    return real
  }
}

/** The records file of `output` opened for one attempt: its writer, committed or discarded with it. */
export function openRecordsFile(output: OutputSettings): OpenRecords {
  const file = new RecordsFile(output.file, output.roots)
  return {
    writer: createRecordWriter(output.format, file, output.csvFormulas),
    commit: () => file.commit(),
    discard: () => file.discard()
  }
}
