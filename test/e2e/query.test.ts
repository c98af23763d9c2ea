import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_RESOURCE_ID, UNKNOWN_WORKSPACE_ID, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { BIG_LONG } from '../emulator/tables.js'
import { records, runAction, type ActionRun, type RunOptions } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Runs the action and returns the requests the emulator saw during the run. */
async function run(
  inputs: Record<string, string>,
  options?: RunOptions
): Promise<ActionRun & { requests: LoggedRequest[] }> {
  const from = emulator.requests.length
  const result = await runAction(emulator, inputs, options)
  return { ...result, requests: emulator.requests.slice(from) }
}

describe('records keep their types', () => {
  it('writes a JSON array with every column type', async () => {
    const result = await run({ query: 'AllTypes' })
    expect(result.exitCode).toBe(0)
    const text = records(result)
    const rows = JSON.parse(text) as Record<string, unknown>[]
    expect(rows).toHaveLength(4)
    const [first, second, empty, zero] = rows
    expect(typeof first.TimeGenerated).toBe('string')
    expect(first.Bool).toBe(true)
    expect(first.Guid).toBe('74be27de-1e4e-49d9-b579-fe0b331d3642')
    expect(first.Int).toBe(12345)
    expect(first.Long).toBe(101)
    expect(first.Real).toBe(102.1)
    expect(first.String).toBe('hello')
    expect(first.Timespan).toBe('00:00:10')
    expect(first.Decimal).toBe('0.10101')
    expect(first.Dynamic).toEqual({ hello: 'world', n: [1, 2, 3] })
    expect(second.String).toBe('comma, "quote" and\nnewline ✓')
    // A long beyond 2^53, alone and inside a dynamic value, digit for digit.
    expect(text).toContain(`"Long":${BIG_LONG},`)
    expect(text).toContain(`"Dynamic":{"big":${BIG_LONG},"list":["a",{"b":null}]}}`)
    expect(Object.values(empty).slice(1)).toEqual(Array(9).fill(null))
    expect(zero.String).toBe('')
    expect(zero.Dynamic).toBe('boundedElastic-1')
    expect(result.outputs).toMatchObject({ count: '4', 'records-written': '4', verdict: 'none' })
    expect(result.outputs['records-file']).toMatch(/\.json$/)
    expect(result.outputs['records-file'].startsWith(result.runnerTemp)).toBe(true)
  })

  it('writes NDJSON, one typed record per line', async () => {
    const result = await run({ query: 'AllTypes', 'output-format': 'ndjson' })
    expect(result.exitCode).toBe(0)
    const lines = records(result).split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(4)
    const rows = lines.map(line => JSON.parse(line) as Record<string, unknown>)
    expect(rows.map(row => typeof row.Int)).toEqual(['number', 'number', 'object', 'number'])
    expect(rows[1].Bool).toBe(false)
    expect(rows[0].Dynamic).toEqual({ hello: 'world', n: [1, 2, 3] })
    expect(lines[1]).toContain(`"Long":${BIG_LONG},`)
    expect(lines[1]).toContain(`"Dynamic":{"big":${BIG_LONG},"list":["a",{"b":null}]}}`)
    expect(result.outputs['records-file']).toMatch(/\.ndjson$/)
  })

  it('writes CSV with a header, exact numbers and dynamic values as JSON text', async () => {
    const result = await run({ query: 'AllTypes', 'output-format': 'csv' })
    expect(result.exitCode).toBe(0)
    const text = records(result)
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('TimeGenerated,Bool,Guid,Int,Long,Real,String,Timespan,Decimal,Dynamic')
    expect(lines[1]).toMatch(
      /,true,74be27de-1e4e-49d9-b579-fe0b331d3642,12345,101,102\.1,hello,00:00:10,0\.10101,"\{""hello"":""world"",""n"":\[1,2,3\]\}"$/
    )
    expect(text).toContain(`,-7,${BIG_LONG},12345.6789,"comma, ""quote"" and\nnewline ✓",`)
    expect(text).toContain(`,"{""big"":${BIG_LONG},""list"":[""a"",{""b"":null}]}"\r\n`)
    expect(lines[3]).toMatch(/^[^,]+,,,,,,,,,$/)
    expect(lines[4]).toContain(',-0.5,"",-00:00:01,-1.5,boundedElastic-1')
  })
})

describe('the gate', () => {
  it('passes when the count reaches min-count and stays under max-count', async () => {
    const result = await run({ query: 'Heartbeat', timespan: '30m', 'min-count': '6', 'max-count': '10' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ count: '6', verdict: 'pass' })
    expect(result.summary).toContain('count 6 ≥ min-count 6')
    expect(result.summary).toContain('count 6 ≤ max-count 10')
  })

  it('fails when the count is above max-count, and still sets every output', async () => {
    const result = await run({
      query: "AppExceptions\n| where AppRoleName == 'api'",
      timespan: 'PT1H',
      'max-count': '3'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ count: '5', 'records-written': '5', verdict: 'fail' })
    expect(JSON.parse(records(result))).toHaveLength(5)
    expect(result.errors).toContain('Gate failed: count 5 > max-count 3')
    expect(result.summary).toContain('count 5 &gt; max-count 3')
  })

  it('fails when the count is below min-count', async () => {
    const result = await run({ query: "Heartbeat | where Computer == 'vm-9'", 'min-count': '1' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ count: '0', verdict: 'fail' })
    expect(result.errors).toContain('Gate failed: count 0 < min-count 1')
    expect(JSON.parse(records(result))).toEqual([])
    expect(result.outputs.records).toBe('[]')
  })
})

// A wrong client secret is in secrets.test.ts, signing in with azure/login's creds in sign-in.test.ts.
describe('failures say what happened', () => {
  it('reports an unknown tenant', async () => {
    const result = await run({ query: 'AppExceptions', 'tenant-id': '00000000-0000-4000-8000-000000000000' })
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(/AADSTS90002.*check tenant-id/)
  })

  it('reports a syntax error with its line and position', async () => {
    const result = await run({ query: 'AppExceptions\n| wher AppRoleName == 1' })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The query failed: Query could not be parsed at 'wher' on line \[2,2\] \(line 2, position 2, at 'wher'\) \[HTTP 400 BadArgumentError\/SyntaxError\/SYN0002\] .*Correlation ID [0-9a-f-]{36}\.$/
      )
    ])
  })

  it('reports an unknown table as a semantic error', async () => {
    const result = await run({ query: 'AppExceptionz | take 1' })
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(/Failed to resolve table or column expression named 'AppExceptionz'.*SEM0100/)
  })

  it('reports an unknown workspace with a hint', async () => {
    const result = await run({ query: 'AppExceptions', workspace: UNKNOWN_WORKSPACE_ID })
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(/HTTP 404 PathNotFoundError.*check workspace/)
    expect(result.requests.filter(r => r.route === 'query')).toHaveLength(1)
  })

  it('fails on a partial result by default, because its count would lie', async () => {
    emulator.rowCap = 5
    try {
      // One answer's handling; exports are in export.test.ts.
      const result = await run({ query: 'AppExceptions', 'max-count': '100', split: 'off' })
      expect(result.exitCode).toBe(1)
      expect(result.errors[0]).toMatch(
        /^The result is incomplete, so the step fails \(on-partial: fail\): Query result set has exceeded the internal record count limit 5 .* — the query matches 11 rows \(counted on the server\)\.$/
      )
      expect(result.outputs).toMatchObject({ verdict: 'error', count: '11', 'records-written': '5', truncated: 'true' })
      expect(result.summary).toContain('The result is incomplete')
    } finally {
      emulator.rowCap = 500_000
    }
  })
})

// Retries (Retry-After, back-off, giving up) are in faults.test.ts.

describe('what a query can ask', () => {
  it('writes at most max-records records and still counts them all', async () => {
    const result = await run({ query: 'AppExceptions', timespan: 'P7D', 'max-records': '2' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ count: '12', 'records-written': '2' })
    expect(JSON.parse(records(result))).toHaveLength(2)
  })

  it('queries a resource by its resource ID (resource-centric)', async () => {
    const result = await run({ query: 'AppExceptions | count', workspace: APP_RESOURCE_ID })
    expect(result.exitCode).toBe(0)
    const [query] = result.requests.filter(r => r.route === 'query')
    expect(query.path).toBe(`/v1${APP_RESOURCE_ID}/query`)
    expect(JSON.parse(records(result))).toEqual([{ Count: 11 }])
  })

  it('reads the query from a file relative to GITHUB_WORKSPACE, with an interval and more workspaces', async () => {
    const result = await run(
      {
        'query-file': 'queries/errors.kql',
        timespan: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z',
        'additional-workspaces': `${WORKSPACE_RESOURCE_ID}\nshop-logs-eu`
      },
      {
        files: {
          'queries/errors.kql': 'AppExceptions\n| where SeverityLevel >= 3\n| project TimeGenerated, ProblemId\n'
        }
      }
    )
    expect(result.exitCode).toBe(0)
    // A row-level query is counted first (split: auto), over the same window and workspaces; it fits one answer, so
    // the query then runs as written.
    const [counting, query] = result.requests.filter(r => r.route === 'query')
    const body = JSON.parse(query.body) as { query: string; timespan: string; workspaces: string[] }
    expect(body.query).toBe('AppExceptions\n| where SeverityLevel >= 3\n| project TimeGenerated, ProblemId')
    expect(body.timespan).toBe('2026-11-01T00:00:00Z/2026-11-02T00:00:00Z')
    expect(body.workspaces).toEqual([WORKSPACE_RESOURCE_ID, 'shop-logs-eu'])
    expect(query.headers.prefer).toBe('wait=180,include-statistics=true,include-render=true')
    expect(query.headers['content-type']).toBe('application/json')
    const summarize = 'summarize Rows = count(), Bytes = sum(estimate_data_size(*)), '
    const range = 'First = min(TimeGenerated), Last = max(TimeGenerated)'
    expect(JSON.parse(counting.body)).toEqual({ ...body, query: `${body.query}\n| ${summarize}${range}` })
    expect(result.requests.filter(r => r.route === 'query')).toHaveLength(2)
  })
})
