import type { ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
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

/** A test file's emulator, and its runs of the action with the file's `base` inputs. */
export interface SearchJobFile {
  /** Started before the file's tests, closed after them. */
  readonly emulator: Emulator
  run: (inputs: Record<string, string>, options?: RunOptions) => Promise<LoggedRun>
  /** The run left nothing billable (see `expectNothingLeft`). */
  expectNothingLeft: (run: ActionRun) => void
}

/** The emulator of a test file (see `emulatorPerFile`) and runs of `base` against it. */
export function searchJobFile(base: Record<string, string>): SearchJobFile {
  let emulator: Emulator | undefined
  emulatorPerFile(started => (emulator = started))
  const file: SearchJobFile = {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll')
      return emulator
    },
    run: (inputs, options) => runLogged(file.emulator, base, inputs, options),
    expectNothingLeft: run => expectNothingLeft(file.emulator, run)
  }
  return file
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

/** The inputs of a search job over `Heartbeat` in the last 30 minutes, polled every second. */
export const HEARTBEAT_SEARCH: Readonly<Record<string, string>> = {
  mode: 'search-job',
  workspace: WORKSPACE_RESOURCE_ID,
  'poll-interval': '1s',
  query: 'Heartbeat',
  timespan: '30m'
}

/** The run left nothing billable: no job and no table of the name it reported. */
export function expectNothingLeft(emulator: Emulator, run: ActionRun): void {
  const table = run.outputs['search-table']
  expect(table).toMatch(/_SRCH$/)
  expect(emulator.searchJobs.has(table.toLowerCase())).toBe(false)
  expect(emulator.tables.has(table.toLowerCase())).toBe(false)
}

/** The run failed with one error line matching `pattern`, no stack trace, and verdict `error`. */
export function expectOneLine(run: ActionRun, pattern: RegExp): void {
  expect(run.exitCode).toBe(1)
  expect(run.errors, run.stdout).toHaveLength(1)
  expect(run.errors[0]).toMatch(pattern)
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at \S+ \(/)
  expect(run.outputs.verdict).toBe('error')
}
