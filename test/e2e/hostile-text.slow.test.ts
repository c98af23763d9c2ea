import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { runAction } from './harness.js'

/**
 * Issue 10, finding 8, against the bundle: a server that never goes silent
 * cannot hold an attempt open past its deadline, `timeout` + 60 s. The
 * shortest `timeout` is 1 s, so this takes a minute of real time and runs in
 * the slow suite (`npm run test:slow`, which `.ci/run` runs too). The
 * mechanism itself is tested in milliseconds in test/unit/http.test.ts.
 */

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

describe('a server that trickles its answer', () => {
  it('cannot hold an attempt past timeout + 60 s, and the step stays within max-retry-time + one attempt', async () => {
    emulator.faults.push({ trickleEveryMs: 1000 })
    const result = await runAction(emulator, {
      query: 'AppExceptions',
      timespan: '1h',
      timeout: '1',
      'max-retries': '0'
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors.join('\n')).toMatch(/took longer than 61 s/)
    expect(result.durationMs).toBeLessThan(66_000)
    expect(existsSync(result.outputs['records-file'] ?? '')).toBe(false)
  }, 90_000)
})
