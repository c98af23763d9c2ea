import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type Fault, type LoggedRequest } from '../emulator/emulator.js'
import { records, runAction, runScripted, type ActionRun } from './harness.js'

/*
 * Answers that break off or make no sense, from faults.test.ts: the runs that wait longest (the back-off before a
 * retry, a silent server's timeout), in a file of their own so that the two files run side by side.
 */

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Queues the faults, runs the action (7 rows in the last hour), returns the run and the queries the emulator saw. */
async function withFaults(
  faults: Fault[],
  inputs: Record<string, string> = {}
): Promise<ActionRun & { queries: LoggedRequest[] }> {
  // One answer's handling; exports are in export.test.ts.
  const run = await runScripted(
    emulator,
    { query: 'AppExceptions', timespan: '1h', split: 'off', ...inputs },
    { faults }
  )
  return { ...run, queries: run.requests.filter(r => r.route === 'query') }
}

/** Milliseconds between successive requests. */
const gaps = (requests: LoggedRequest[]) => requests.slice(1).map((request, i) => request.at - requests[i].at)

describe('answers that break off or make no sense', () => {
  it('starts again when the connection is reset mid-body', async () => {
    const run = await withFaults([{ route: 'query', resetAfterBytes: 300 }])
    expect(run.exitCode).toBe(0)
    expect(run.queries.map(q => q.status)).toEqual([0, 200])
    expect(JSON.parse(records(run))).toHaveLength(7)
  })

  it('starts again when the JSON is cut short', async () => {
    const run = await withFaults([{ route: 'query', truncateAt: 500 }])
    expect(run.exitCode).toBe(0)
    expect(run.queries).toHaveLength(2)
    expect(run.stdout).toMatch(
      /attempt 1 failed \(the service's answer was unusable: the response ended before the JSON was complete\)/
    )
    expect(JSON.parse(records(run))).toHaveLength(7)
  })

  it('starts again after an empty 200', async () => {
    const run = await withFaults([{ route: 'query', status: 200, body: '' }])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/attempt 1 failed \(the service's answer was unusable: the response body was empty\)/)
    expect(run.outputs.count).toBe('7')
  })

  it('fails clearly when the 200 is never JSON (an HTML page from a proxy)', async () => {
    const html = {
      route: 'query' as const,
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Access denied</body></html>'
    }
    const run = await withFaults([{ ...html, times: 2 }], { 'max-retries': '1' })
    expect(run.exitCode).toBe(1)
    expect(run.errors[0]).toMatch(
      /^the service's answer was unusable: the response is not valid Logs API JSON: the response is not a JSON object \(near "<html>.*\(gave up after 2 attempts/
    )
    expect(run.outputs.verdict).toBe('error')
  })

  it('takes a 204 as zero rows', async () => {
    const run = await withFaults([{ route: 'query', status: 204 }], { 'min-count': '0' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '0', 'records-written': '0', verdict: 'pass', truncated: 'false' })
    expect(records(run)).toBe('[]\n')
  })

  it('gives up on a silent server after timeout + 5 s, says how to fix it, and tries again', async () => {
    const run = await withFaults([{ route: 'query', delayMs: 9000 }], { timeout: '1' })
    expect(run.exitCode).toBe(0)
    expect(run.queries).toHaveLength(2)
    expect(gaps(run.queries)[0]).toBeGreaterThanOrEqual(6000)
    expect(gaps(run.queries)[0]).toBeLessThan(8500)
    expect(run.stdout).toMatch(
      /attempt 1 failed \(no answer from 127\.0\.0\.1:\d+ within 6 s: raise timeout \(at most 600 seconds\) or narrow the query or its timespan\)/
    )
  })

  it('retries a refused connection and then names the host', async () => {
    const run = await runAction(emulator, {
      query: 'AppExceptions',
      endpoint: 'https://127.0.0.1:9',
      'max-retries': '1'
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors[0]).toMatch(/^cannot reach 127\.0\.0\.1:9 \(ECONNREFUSED\) \(gave up after 2 attempts/)
  })
})
