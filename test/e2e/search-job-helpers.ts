import type { ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { DEFAULT_SEARCH_JOB_BEHAVIOUR } from '../emulator/search-jobs.js'
import { runAction, type ActionRun, type RunOptions } from './harness.js'

/** Starts an emulator for the test file (handed to `use`), and gives every test the default search job behaviour. */
export function emulatorPerFile(use: (emulator: Emulator) => void): void {
  let started: Emulator | undefined
  beforeAll(async () => {
    started = await startEmulator()
    use(started)
  })
  afterAll(() => started?.close())
  afterEach(() => {
    if (started) started.searchJobBehaviour = { ...DEFAULT_SEARCH_JOB_BEHAVIOUR }
  })
}

/** A run of the action with the requests the emulator saw during it. */
export type LoggedRun = ActionRun & { requests: LoggedRequest[] }

/**
 * Runs the action with `base` inputs under the given ones, and returns the requests the emulator saw during the run.
 */
export async function runLogged(
  emulator: Emulator,
  base: Record<string, string>,
  inputs: Record<string, string>,
  options?: RunOptions
): Promise<LoggedRun> {
  const from = emulator.requests.length
  const result = await runAction(emulator, { ...base, ...inputs }, options)
  return { ...result, requests: emulator.requests.slice(from) }
}

/** The ARM and query requests of a run, as `METHOD route status`, in order (sign-in left out). */
export function story(requests: LoggedRequest[]): string[] {
  return requests
    .filter(r => r.route !== 'openid' && r.route !== 'token')
    .map(r => `${r.method} ${r.route} ${r.status}`)
}

/** Calls `then` once the emulator has answered the first status poll of the job `child` runs. */
export function whenPolled(emulator: Emulator, child: ChildProcess, then: () => void): void {
  const from = emulator.requests.length
  const timer = setInterval(() => {
    if (emulator.requests.slice(from).some(r => r.route === 'operation' && r.status === 200)) {
      clearInterval(timer)
      then()
    }
  }, 20)
  child.on('close', () => clearInterval(timer))
}
