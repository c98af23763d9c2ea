import { randomUUID } from 'node:crypto'
import { closeSync, constants, openSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Create a new file, never an existing one, and never through a symlink (where the system has O_NOFOLLOW). */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/**
 * Writes the job summary's Markdown to a new file in `folder` (RUNNER_TEMP) for
 * another step to post (`summary-file`): a random name, created exclusively, so
 * nothing planted in the folder can redirect it. Returns its path.
 */
export function writeSummaryFile(text: string, folder = process.env.RUNNER_TEMP || tmpdir()): string {
  const path = join(folder, `log-analytics-summary-${randomUUID()}.md`)
  const fd = openSync(path, CREATE_NEW, 0o644)
  try {
    const bytes = Buffer.from(text, 'utf8')
    let done = 0
    while (done < bytes.length) done += writeSync(fd, bytes, done)
  } finally {
    closeSync(fd)
  }
  return path
}
