import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator, type Fault } from '../emulator/emulator.js'
import { runAction, type ActionRun } from './harness.js'
import { injectedCommands, HOSTILE, HOSTILE_SHORT, MARK, strayLineBreaks } from './hostile-text.js'

/**
 * Issue 10, findings 1, 6 and 8: whatever the service says (cells, column
 * names, error messages, search-job status, Entra ID's errors) reaches the log,
 * the annotations and the summary as inert text. That no server can hold an
 * attempt open past its deadline is in hostile-text.slow.test.ts.
 */

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
  emulator.tables.set('hostile', {
    name: 'PrimaryResult',
    columns: [
      { name: HOSTILE_SHORT, type: 'string' },
      { name: `n${HOSTILE_SHORT}`, type: 'long' }
    ],
    rows: [
      [HOSTILE_SHORT, 1],
      [HOSTILE, 2]
    ]
  })
})
afterAll(() => emulator.close())

async function run(inputs: Record<string, string>, faults: Fault[] = []): Promise<ActionRun> {
  emulator.faults.push(...faults)
  try {
    // One answer's handling; exports are in export.test.ts.
    return await runAction(emulator, { timespan: '1h', split: 'off', ...inputs })
  } finally {
    emulator.faults.length = 0
  }
}

/** Nothing the service said became a runner command or broke a line. */
function expectInert(run: ActionRun): void {
  expect(run.stdout).toContain(MARK) // the hostile text did reach the log, as text
  expect(injectedCommands(run.stdout)).toEqual([])
  expect(strayLineBreaks(run.stdout)).toEqual([])
}

const serviceError = (message: string) => ({ error: { code: 'ServiceUnavailable', message, correlationId: 'c0ffee' } })

describe('text from the service never acts on the runner', () => {
  it('cells and column names: the value line, the gate sentence and the failure annotation', async () => {
    const result = await run({ query: 'Hostile', 'max-value': '0' })
    expect(result.exitCode).toBe(1)
    expectInert(result)
    expect(result.stdout).toMatch(/^value: .*PWNED/m)
  })

  it('the value of every sample of a wait-until', async () => {
    const result = await run({ query: 'Hostile', 'max-count': '10', 'wait-until': '1s', interval: '1s' })
    expect(result.exitCode, result.stdout).toBe(0)
    expectInert(result)
    expect(result.stdout).toMatch(/^Sample 1 at .*value .*PWNED/m)
  })

  it("a partial answer's error message, in the log and the annotation", async () => {
    const body = {
      tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }],
      error: { code: 'PartialError', message: HOSTILE, details: [{ code: 'EngineError', message: HOSTILE }] }
    }
    const result = await run({ query: 'AppExceptions', 'on-partial': 'warn' }, [{ status: 200, body }])
    expect(result.exitCode, result.stdout).toBe(0)
    expectInert(result)
  })

  it('a retried error message', async () => {
    const result = await run({ query: 'AppExceptions' }, [
      { status: 503, body: serviceError(HOSTILE), headers: { 'retry-after': '0' } }
    ])
    expect(result.exitCode, result.stdout).toBe(0)
    expectInert(result)
    expect(result.stdout).toMatch(/^query: attempt 1 failed .*PWNED/m)
  })

  it('an error message that fails the step', async () => {
    const result = await run({ query: 'AppExceptions' }, [{ status: 400, body: serviceError(HOSTILE) }])
    expect(result.exitCode).toBe(1)
    expectInert(result)
  })

  it("Entra ID's error description, retried and final", async () => {
    const body = (code: string) => ({
      error: code,
      error_description: `AADSTS7000215: x##[error]${MARK} ${HOSTILE}`,
      error_codes: [7000215]
    })
    const retried = await run({ query: 'AppExceptions' }, [
      { route: 'token', status: 503, body: body('temporarily_unavailable'), headers: { 'retry-after': '0' } }
    ])
    expect(retried.exitCode, retried.stdout).toBe(0)
    expectInert(retried)
    const final = await run({ query: 'AppExceptions' }, [{ route: 'token', status: 401, body: body('invalid_client') }])
    expect(final.exitCode).toBe(1)
    expectInert(final)
  })

  it("a search job's status and its failure", async () => {
    const search = {
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      'poll-interval': '1s',
      query: 'AppExceptions'
    }
    const running = { status: `InProgress${HOSTILE_SHORT}`, properties: { resultStatistics: { progress: 10 } } }
    const failed = { status: 'Failed', error: { code: 'SearchFailed', message: HOSTILE } }
    const result = await run(search, [
      { route: 'operation', status: 200, body: running },
      { route: 'operation', status: 200, body: failed }
    ])
    expect(result.exitCode).toBe(1)
    expectInert(result)
    expect(result.stdout).toMatch(/^Search job InProgress.*PWNED/m)
  })
})

describe('the job summary', () => {
  it('keeps a service message inside its block: no heading, list, HTML or link comes out of it', async () => {
    const message =
      'cut short\n# Owned\n- item\n> quote\n<img src=x onerror=alert(1)>\n[click](https://evil.example) https://evil.example'
    const body = {
      tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }],
      error: { code: 'PartialError', message }
    }
    const result = await run({ query: 'AppExceptions', 'on-partial': 'warn' }, [{ status: 200, body }])
    expect(result.exitCode, result.stdout).toBe(0)
    const warning = result.summary.split('\n').filter(line => line.includes('cut short'))
    expect(warning).toHaveLength(1)
    expect(warning[0]).toMatch(/^> The result is incomplete: cut short/)
    expect(result.summary).not.toMatch(/^(# Owned|- item|> quote)/m)
    expect(result.summary).not.toMatch(/<img|(^|[^\\])\[click|https:\/\//)
  })

  it('stays under 256 KiB, and the log line under 10 KB, with a 5 MB service message', async () => {
    const message = `${'x'.repeat(5 * 1024 * 1024)}${HOSTILE}`
    const body = {
      tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[1]] }],
      error: { code: 'PartialError', message }
    }
    const result = await run({ query: 'AppExceptions', 'on-partial': 'warn' }, [{ status: 200, body }])
    expect(result.exitCode, result.stdout).toBe(0)
    expect(Buffer.byteLength(result.summary)).toBeLessThan(256 * 1024)
    expect(Math.max(...result.stdout.split('\n').map(line => line.length))).toBeLessThan(10_000)
  })
})
