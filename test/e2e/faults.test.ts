import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type Fault, type LoggedRequest } from '../emulator/emulator.js'
import { records, runAction, type ActionRun, type RunOptions } from './harness.js'

const RECORDED = join(import.meta.dirname, '../contract/recorded')
const recorded = (file: string) => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as object

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

interface FaultRun extends ActionRun {
  queries: LoggedRequest[]
  tokens: LoggedRequest[]
}

/**
 * Queues the faults, runs the action (7 rows in the last hour unless the query says otherwise), returns what the
 * emulator saw.
 */
async function withFaults(
  faults: Fault[],
  inputs: Record<string, string> = {},
  options?: RunOptions
): Promise<FaultRun> {
  emulator.faults.push(...faults)
  const from = emulator.requests.length
  try {
    const run = await runAction(
      emulator,
      // One answer's handling; exports are in export.test.ts.
      { query: 'AppExceptions', timespan: '1h', split: 'off', ...inputs },
      options
    )
    const seen = emulator.requests.slice(from)
    return { ...run, queries: seen.filter(r => r.route === 'query'), tokens: seen.filter(r => r.route === 'token') }
  } finally {
    emulator.faults.length = 0
  }
}

/** Milliseconds between successive requests. */
const gaps = (requests: LoggedRequest[]) => requests.slice(1).map((request, i) => request.at - requests[i].at)

const throttled = {
  route: 'query' as const,
  status: 429,
  body: recorded('query-429-throttled.same-gateway-appinsights.json')
}

describe('throttling', () => {
  // How long to wait for each form of header, and the back-off without one, are unit-tested
  // with an injected clock (retry-policy.test.ts, retry.test.ts); here, that the bundle waits
  // as each form says, with the shortest waits they allow.
  it('waits as Retry-After says, as an HTTP date, in seconds and in retry-after-ms, then succeeds', async () => {
    // An HTTP date has whole seconds: the retry comes at that second, not before it.
    const at = new Date(Date.now() + 2000)
    const run = await withFaults([
      { ...throttled, headers: { 'retry-after': at.toUTCString() } },
      { ...throttled, headers: { 'retry-after': '1' } },
      { ...throttled, headers: { 'retry-after-ms': '50' } }
    ])
    expect(run.exitCode).toBe(0)
    expect(run.queries.map(q => q.status)).toEqual([429, 429, 429, 200])
    expect(run.queries[1].at).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000 - 50)
    const [, seconds, milliseconds] = gaps(run.queries)
    expect(seconds).toBeGreaterThanOrEqual(950)
    expect(milliseconds).toBeGreaterThanOrEqual(45)
    expect(run.outputs.count).toBe('7')
    expect(run.stdout).toMatch(
      /query: attempt 2 failed \(The query failed: Rate limit of 86400 per day is exceeded\..*\); retrying in 1\.0 s/
    )
    // 50 ms, not the back-off of 0.8 s or more it would be without the header.
    expect(run.stdout).toMatch(/query: attempt 3 failed \(.*\); retrying in 50 ms/)
  })

  it('gives up after max-retries with a clear error, in bounded time', async () => {
    const run = await withFaults([{ ...throttled, headers: { 'retry-after': '0' }, times: 10 }], { 'max-retries': '2' })
    expect(run.exitCode).toBe(1)
    expect(run.queries).toHaveLength(3)
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^The query failed: Rate limit of 86400 per day is exceeded\. .*\(gave up after 3 attempts in \d+ ms; max-retries is 2\)$/
      )
    ])
    expect(run.durationMs).toBeLessThan(5000)
    expect(run.outputs.verdict).toBe('error')
  })

  it('does not start a wait that would pass max-retry-time', async () => {
    const run = await withFaults([{ ...throttled, headers: { 'retry-after': '30' } }], { 'max-retry-time': '5' })
    expect(run.exitCode).toBe(1)
    expect(run.queries).toHaveLength(1)
    expect(run.errors[0]).toMatch(/waiting 30 s more would pass max-retry-time, 5\.0 s\)$/)
    expect(run.durationMs).toBeLessThan(5000)
  })
})

describe('gateway and service errors', () => {
  it('retries 500, 502, 408 and 503, backing off with jitter when there is no Retry-After, then succeeds', async () => {
    const error = (status: number, headers: Record<string, string> = { 'retry-after-ms': '0' }): Fault => ({
      route: 'query',
      status,
      headers,
      body: { error: { code: 'ServiceUnavailable', message: `status ${status}` } }
    })
    const run = await withFaults([error(500, {}), error(502), error(408), error(503, { 'retry-after': '0' })])
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.queries.map(q => q.status)).toEqual([500, 502, 408, 503, 200])
    // The first retry's back-off: 1 s ± 20 % (the doubling after it is unit-tested in retry.test.ts).
    const [backoff] = gaps(run.queries)
    expect(backoff).toBeGreaterThanOrEqual(780)
    expect(backoff).toBeLessThan(1600)
    expect(run.outputs.count).toBe('7')
  })

  it('explains a 504 (the query outlived timeout) when retries do not help', async () => {
    const body = recorded('query-504-gateway-timeout-prefer-wait.response.json')
    const run = await withFaults(
      [{ route: 'query', status: 504, headers: { 'retry-after-ms': '0' }, body, times: 2 }],
      { 'max-retries': '1', timeout: '30' }
    )
    expect(run.exitCode).toBe(1)
    expect(run.queries.map(q => q.status)).toEqual([504, 504])
    expect(run.queries[0].headers.prefer).toMatch(/^wait=30,/)
    expect(run.errors[0]).toMatch(
      /^The query failed: Connection error \[HTTP 504 GatewayTimeout\] — the query ran longer than timeout: raise timeout \(at most 600 seconds\) or narrow the query or its timespan\. Correlation ID ebf79211-bbda-43b8-bbb4-dfc0a0a11c31\. \(gave up after 2 attempts/
    )
  })

  it('does not retry a 403, and says which role is missing', async () => {
    const run = await withFaults([
      { route: 'query', status: 403, body: recorded('query-403-insufficient-access.response.json') }
    ])
    expect(run.exitCode).toBe(1)
    expect(run.queries).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /HTTP 403 InsufficientAccessError.*Log Analytics Reader role.*Correlation ID 19312810-2150-47d2-ac01-70c07fd11088/
    )
  })

  it('does not retry a 401', async () => {
    const run = await withFaults([
      { route: 'query', status: 401, body: recorded('query-401-authentication-failed.docs.json') }
    ])
    expect(run.exitCode).toBe(1)
    expect(run.queries).toHaveLength(1)
    expect(run.errors[0]).toMatch(/The 'Authorization' header is missing\. \[HTTP 401 AuthenticationFailed\]/)
  })
})

describe('sign-in faults', () => {
  it('retries an unreachable authority, then says sign-in failed and why', async () => {
    const run = await runAction(emulator, {
      query: 'AppExceptions',
      'authority-host': 'https://127.0.0.1:9',
      'max-retries': '1'
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      expect.stringMatching(/^Sign-in failed: cannot reach 127\.0\.0\.1:9 \(ECONNREFUSED\) \(gave up after 2 attempts/)
    ])
  })

  it('retries a token endpoint 500, then signs in', async () => {
    const run = await withFaults([
      {
        route: 'token',
        status: 500,
        body: { error: 'server_error', error_description: 'AADSTS90033: A transient error has occurred.' }
      }
    ])
    expect(run.exitCode).toBe(0)
    expect(run.tokens.map(t => t.status)).toEqual([500, 200])
    expect(run.stdout).toMatch(
      /token request to 127\.0\.0\.1:\d+: attempt 1 failed \(127\.0\.0\.1:\d+ answered 500: AADSTS90033: A transient error has occurred\.\)/
    )
  })

  it('does not retry a token endpoint 400', async () => {
    const body = {
      error: 'invalid_request',
      error_description:
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.\r\nTrace ID: x\r\nCorrelation ID: 4f2b8c1a-0d3e-4f5a-9b6c-7d8e9f0a1b2c\r\nTimestamp: 2026-11-25 10:00:00Z",
      error_codes: [900144]
    }
    const run = await withFaults([{ route: 'token', status: 400, body }])
    expect(run.exitCode).toBe(1)
    expect(run.tokens).toHaveLength(1)
    expect(run.queries).toHaveLength(0)
    expect(run.errors[0]).toMatch(
      /^Sign-in failed: AADSTS900144: The request body must contain the following parameter: 'client_id'\. \[correlation ID 4f2b8c1a-0d3e-4f5a-9b6c-7d8e9f0a1b2c\]$/
    )
  })
})

describe('partial answers', () => {
  const capped = async (onPartial: string) => {
    emulator.rowCap = 3
    try {
      return await withFaults([], { 'on-partial': onPartial, 'max-count': '10' })
    } finally {
      emulator.rowCap = 500_000
    }
  }

  it('on-partial: fail fails the step, with the exact count from the server', async () => {
    const run = await capped('fail')
    expect(run.exitCode).toBe(1)
    expect(run.queries.map(q => JSON.parse(q.body).query)).toEqual(['AppExceptions', 'AppExceptions\n| count'])
    expect(run.outputs).toMatchObject({ count: '7', 'records-written': '3', truncated: 'true', verdict: 'error' })
    expect(run.errors[0]).toMatch(
      /on-partial: fail.*record count limit 3.*the query matches 7 rows \(counted on the server\)/
    )
  })

  it('on-partial: warn warns and gates on the exact count', async () => {
    const run = await capped('warn')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '7', 'records-written': '3', truncated: 'true', verdict: 'pass' })
    expect(run.stdout).toMatch(
      /::warning title=Incomplete result::The result is incomplete: .*the query matches 7 rows/
    )
  })

  it('on-partial: ignore says nothing and still sets truncated', async () => {
    const run = await capped('ignore')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '7', truncated: 'true', verdict: 'pass' })
    expect(run.stdout).not.toContain('::warning')
  })

  it('a partial answer that is not a cap leaves the count unsure, and says so', async () => {
    const body = recorded('query-200-partial-error.response.json') as {
      error: { details: { innererror: { message: string } }[] }
    }
    body.error.details[0].innererror.message = 'Some shards could not be queried (E_LOW_MEMORY_CONDITION)'
    const run = await withFaults([{ route: 'query', status: 200, body }], { 'on-partial': 'warn' })
    expect(run.exitCode).toBe(0)
    expect(run.queries).toHaveLength(1)
    expect(run.outputs).toMatchObject({ count: '1', truncated: 'true' })
    expect(run.stdout).toMatch(
      /E_LOW_MEMORY_CONDITION\) — count \(1\) is only the rows that arrived and may be too low/
    )
  })
})

describe('a records file is whole or absent', () => {
  it('creates missing folders for output-file', async () => {
    const run = await withFaults([], { 'output-file': 'reports/2026/11/errors.ndjson', 'output-format': 'ndjson' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['records-file']).toBe(join(run.workspace, 'reports/2026/11/errors.ndjson'))
    expect(records(run).trim().split('\n')).toHaveLength(7)
  })
})
