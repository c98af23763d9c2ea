import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * One scratch folder for the whole test run, removed at its end: the workers start after the global set-up and
 * inherit it as their temporary folder (TMPDIR, and TEMP and TMP for Windows), so every `mkdtemp(tmpdir())` of a
 * test, the emulators' certificate files and the runs' records files (hundreds of MB for the exports) land in it
 * and nothing is left behind, whatever a test forgets or a failure skips. First in `globalSetup`: the bundle is
 * built in it too.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'laq-test-'))
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) process.env[name] = root
  return () => rmSync(root, { recursive: true, force: true })
}
