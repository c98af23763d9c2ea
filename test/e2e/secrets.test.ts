import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_SECRET, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { runAction } from './harness.js'
import { expectNoLeak, masked } from './secrets-helpers.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

// How each credential's secrets are masked on a run that signs in with it is in sign-in.test.ts, and on a run that
// refuses an input that holds a secret (malformed creds, a wrong certificate password) in bad-inputs.test.ts; here,
// the runs that fail, watch or run a search job.
describe('secrets never leak', () => {
  it('reports a wrong client secret with its AADSTS code, never queries, and keeps the secret out of the message', async () => {
    const wrong = 'Wr0ng~Secret.ThatIsStillSecret'
    const requestsFrom = emulator.requests.length
    const run = await runAction(emulator, { query: 'Heartbeat', 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^Sign-in failed: AADSTS7000215: Invalid client secret provided\..*check client-secret.*\[correlation ID [0-9a-f-]{36}\]$/
    )
    expect(emulator.requests.slice(requestsFrom).filter(r => r.route === 'query')).toHaveLength(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /)
    expect(masked(run)).toContain(wrong)
    expectNoLeak(run, [wrong])
  })

  it('keeps the secret and every token out of a watch: its samples, log lines and summary chart', async () => {
    emulator.series = [1, 2]
    const tokensBefore = emulator.tokens.length
    const run = await runAction(emulator, {
      query: 'Series',
      'max-count': '5',
      watch: '1s',
      interval: '1s',
      delay: '1s'
    })
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

  it('masks the Azure Resource Manager token of a search job as well, and writes no token anywhere', async () => {
    emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
    const tokensBefore = emulator.tokens.length
    const run = await runAction(
      emulator,
      {
        mode: 'search-job',
        workspace: WORKSPACE_RESOURCE_ID,
        query: 'AllTypes',
        'poll-interval': '1s',
        'output-format': 'ndjson'
      },
      { env: { RUNNER_DEBUG: '1' } }
    )
    expect(run.exitCode, run.stdout).toBe(0)
    const issued = emulator.tokens.slice(tokensBefore)
    expect(issued.map(t => t.audience).sort()).toEqual(['https://api.loganalytics.io', 'https://management.azure.com'])
    const tokens = issued.map(t => t.token)
    expect(masked(run)).toEqual(expect.arrayContaining([CLIENT_SECRET, ...tokens]))
    expectNoLeak(run, [CLIENT_SECRET, ...tokens])
  })

  it('keeps the tokens out of the log when a search job times out and is cleaned up', async () => {
    emulator.searchJobBehaviour = { polls: 1000, outcome: 'Succeeded' }
    const tokensBefore = emulator.tokens.length
    try {
      const run = await runAction(
        emulator,
        {
          mode: 'search-job',
          workspace: WORKSPACE_RESOURCE_ID,
          query: 'Heartbeat',
          'poll-interval': '1s',
          'job-timeout': '1s'
        },
        { env: { RUNNER_DEBUG: '1' } }
      )
      expect(run.exitCode).toBe(1)
      expect(run.errors[0]).toMatch(/did not finish within job-timeout/)
      expectNoLeak(run, [CLIENT_SECRET, ...emulator.tokens.slice(tokensBefore).map(t => t.token)])
    } finally {
      emulator.searchJobBehaviour = { polls: 3, outcome: 'Succeeded' }
    }
  })
})
