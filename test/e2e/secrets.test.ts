import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { runAction, type ActionRun } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Every file a run left behind: outputs, summary, records, anything in RUNNER_TEMP or the workspace. */
function filesOf(run: ActionRun): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap(name => {
      const path = join(folder, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  return [...walk(run.runnerTemp), ...walk(run.workspace)]
}

/**
 * A secret may appear only inside the `::add-mask::` command that tells the
 * runner to hide it; anywhere else it would reach the log, a file or an output.
 */
function expectNoLeak(run: ActionRun, secrets: string[]): void {
  const logs = (run.stdout + '\n' + run.stderr)
    .split(/\r?\n/)
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  const places: [string, string][] = [
    ['log', logs],
    ['outputs', JSON.stringify(run.outputs)],
    ['summary', run.summary],
    ...filesOf(run).map(file => [file, readFileSync(file, 'utf8')] as [string, string])
  ]
  for (const secret of secrets) {
    for (const [place, text] of places) expect(text.includes(secret), `${place} holds a secret`).toBe(false)
  }
}

function masked(run: ActionRun): string[] {
  return run.stdout
    .split(/\r?\n/)
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length))
}

describe('secrets never leak', () => {
  it('masks the client secret and the access token, and writes neither anywhere', async () => {
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'AllTypes', 'output-format': 'csv' })
    expect(run.exitCode).toBe(0)
    const tokens = emulator.tokens.slice(tokensBefore).map(t => t.token)
    expect(tokens.length).toBeGreaterThan(0)
    expect(masked(run)).toEqual(expect.arrayContaining([CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it("masks every value of creds, including the secret inside it", async () => {
    const creds = JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID })
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'Heartbeat', creds, 'client-secret': '', 'client-id': '', 'tenant-id': '' })
    expect(run.exitCode).toBe(0)
    const tokens = emulator.tokens.slice(tokensBefore).map(t => t.token)
    expect(masked(run)).toEqual(expect.arrayContaining([creds, CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it('keeps a wrong secret out of the error message', async () => {
    const wrong = 'Wr0ng~Secret.ThatIsStillSecret'
    const run = await runAction(emulator, { query: 'Heartbeat', 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(masked(run)).toContain(wrong)
    expectNoLeak(run, [wrong])
  })

  it('keeps the secret out of a malformed creds error', async () => {
    const run = await runAction(emulator, { query: 'Heartbeat', creds: `{"clientSecret": "${CLIENT_SECRET}", `, 'client-secret': '' })
    expect(run.exitCode).toBe(1)
    expectNoLeak(run, [CLIENT_SECRET])
  })

  it('keeps the secret and every token out of a watch: its samples, log lines and summary chart', async () => {
    emulator.series = [1, 2]
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'Series', 'max-count': '5', watch: '1s', interval: '1s', delay: '1s' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.samples).toBe('2')
    expect(run.summary).toContain('xychart-beta')
    expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
  })

  it('keeps the token out of the log when the query fails', async () => {
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, { query: 'NoSuchTable', 'max-count': '1' }, { env: { RUNNER_DEBUG: '1' } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::debug::')
    expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
  })
})
