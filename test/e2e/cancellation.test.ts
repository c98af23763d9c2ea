import type { ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { LARGE_TABLE, largeTableBody } from '../emulator/large-table.js'
import { runAction } from './harness.js'

/**
 * ~2.9 MB of answer: the stall after 2 MB leaves rows streaming into the file (a larger answer would only cost time to
 * build).
 */
const ROWS = 4_000

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  largeTableBody(ROWS)
}, 120_000)
afterAll(() => emulator.close())

/** Resolves once `condition` holds (checked every 20 ms). */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** Sends `signal` once `ready` holds, and remembers when. */
function signalWhen(ready: () => boolean, signal: NodeJS.Signals, sent: { at: number }) {
  return (child: ChildProcess) => {
    void until(ready).then(() => {
      sent.at = Date.now()
      child.kill(signal)
    })
  }
}

// The runner cancels with SIGINT then SIGTERM; Windows has no such signals to catch.
describe.skipIf(process.platform === 'win32')('cancellation', () => {
  it('SIGTERM while the query runs: exits within 2 s, leaves no records file', async () => {
    emulator.faults.push({ route: 'query', delayMs: 30_000 })
    const from = emulator.requests.length
    const sent = { at: 0 }
    const run = await runAction(
      emulator,
      // One answer's handling: the delay holds the query itself, not its count (exports are in export.test.ts).
      { query: 'AppExceptions', split: 'off' },
      {
        onStart: signalWhen(() => emulator.requests.slice(from).some(r => r.route === 'query'), 'SIGTERM', sent)
      }
    )
    emulator.faults.length = 0
    expect(Date.now() - sent.at).toBeLessThan(2000)
    expect(run.exitCode).not.toBe(0)
    expect(run.errors).toContain('The run was cancelled (SIGTERM).')
    expect(readdirSync(run.runnerTemp)).toEqual([])
    expect(run.outputs.count).toBeUndefined()
  })

  it('SIGINT while the rows stream into the file: the partial file is removed', async () => {
    emulator.faults.push({ route: 'query', stallAfterBytes: 2_000_000 })
    const sent = { at: 0 }
    let runnerTemp = ''
    const run = await runAction(
      emulator,
      // One answer streaming (the emulator has no counting answer for its prebuilt table).
      { query: `${LARGE_TABLE} | take ${ROWS}`, split: 'off' },
      {
        onStart: signalWhen(
          () => {
            // The temporary file is there: rows are being written into it.
            return runnerTemp !== '' && readdirSync(runnerTemp).some(name => name.endsWith('.partial'))
          },
          'SIGINT',
          sent
        ),
        onRunnerTemp: folder => (runnerTemp = folder)
      }
    )
    emulator.faults.length = 0
    expect(Date.now() - sent.at).toBeLessThan(2000)
    expect(run.exitCode).toBe(130)
    expect(run.errors).toContain('The run was cancelled (SIGINT).')
    expect(readdirSync(run.runnerTemp)).toEqual([])
  })
})
