import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { gunzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ID, WORKSPACE_ID, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { addExportTable, type ExportTable } from '../emulator/export-tables.js'
import { largeRow, largeRowJson, largeTableBody } from '../emulator/large-table.js'
import { SERVICE_LIMITS } from '../emulator/query-gate.js'
import { serializeCell } from '../emulator/tables.js'

/**
 * The emulator's export tables (issue 13): generated tables of millions of
 * rows, the queries a split export sends over them (profile, histogram, time
 * slices), the service's caps and throttling, and search jobs over them.
 * Called over HTTPS as the action would, without the action.
 */

let emulator: Emulator
let agent: Agent
let narrow: ExportTable

const LOGS = 'https://api.loganalytics.io'
const PROFILE =
  '| summarize Rows = count(), Bytes = sum(estimate_data_size(*)), First = min(TimeGenerated), Last = max(TimeGenerated)'
const histogram = (ms: number) =>
  `| summarize Rows = count(), Bytes = sum(estimate_data_size(*)) by Start = bin(TimeGenerated, ${ms}ms)`
const slice = (table: string, from: string, to: string, rest = '') =>
  `${table}\n| where TimeGenerated >= datetime(${from}) and TimeGenerated < datetime(${to})\n${rest}`

beforeAll(async () => {
  emulator = await startEmulator()
  agent = new Agent({ keepAlive: true, ca: readFileSync(emulator.caFile) })
  narrow = addExportTable(emulator, {
    name: 'Narrow',
    rows: 1_200_000,
    start: '2026-11-30T10:00:00Z',
    spanMs: 3_600_000,
    shape: 'narrow'
  })
})
afterAll(async () => {
  agent.destroy()
  await emulator.close()
})
afterEach(() => {
  Object.assign(emulator, { ...SERVICE_LIMITS, rowCap: 500_000, byteCap: 104_000_000, serverTimeMs: 0 })
  emulator.bytesPerSecond = 0
  emulator.faults.length = 0
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** The connection broke before the answer's end. */
  broken?: boolean
}

/** One HTTPS request to the emulator. */
function call(method: string, url: string, token: string, body?: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      response => {
        const parts: Buffer[] = []
        const answer = (broken: boolean) => ({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(parts).toString('utf8'),
          ...(broken && { broken })
        })
        response.on('data', (chunk: Buffer) => parts.push(chunk))
        response.on('end', () => resolve(answer(false)))
        response.on('error', () => resolve(answer(true)))
      }
    )
    req.on('error', reject)
    req.end(body && JSON.stringify(body))
  })
}

/** A query on the Logs API, as `client` (a token of its own: throttling counts per identity). */
function query(text: string, options: { timespan?: string; client?: string } = {}): Promise<Answer> {
  const token = emulator.mintToken(LOGS, options.client ?? CLIENT_ID)
  const url = `${emulator.url}/v1/workspaces/${WORKSPACE_ID}/query`
  return call('POST', url, token, { query: text, ...(options.timespan && { timespan: options.timespan }) })
}

interface Result {
  tables: { columns: { name: string; type: string }[]; rows: unknown[][] }[]
  error?: { code: string; details: { innererror: { message: string } }[] }
}

async function rows(text: string, options?: { timespan?: string }): Promise<unknown[][]> {
  const answer = await query(text, options)
  expect(answer.status, answer.text.slice(0, 500)).toBe(200)
  const result = JSON.parse(answer.text) as Result
  expect(result.error).toBeUndefined()
  return result.tables[0].rows
}

describe('a narrow export table of 1,200,000 rows', () => {
  it('keeps its times in order, with rows sharing whole seconds and times with 7 fraction digits', () => {
    let previous = narrow.ticksOf(0)
    for (let i = 1; i < narrow.rows; i++) {
      const ticks = narrow.ticksOf(i)
      if (ticks < previous) expect.fail(`row ${i} goes back in time`)
      previous = ticks
    }
    const second = narrow.indexAt('2026-11-30T10:30:00Z')
    expect([second, second + 1, second + 2].map(narrow.timeOf)).toEqual(Array(3).fill('2026-11-30T10:30:00Z'))
    expect(narrow.timeOf(second - 1) < '2026-11-30T10:30:00Z').toBe(true)
    const sevenDigits = Array.from({ length: 1000 }, (_, i) => narrow.timeOf(100_000 + i)).filter(time =>
      /\.\d{7}Z$/.test(time)
    )
    expect(sevenDigits.length).toBeGreaterThan(300)
  })

  it('answers a profile and a histogram that agree', async () => {
    const [[count, bytes, first, last]] = await rows(`Narrow\n${PROFILE}`)
    expect([count, first, last]).toEqual([1_200_000, narrow.timeOf(0), narrow.timeOf(1_199_999)])
    expect(bytes).toBeGreaterThan(1_200_000 * 40)

    const bins = await rows(`Narrow\n${histogram(60_000)}`)
    expect(bins).toHaveLength(60)
    expect(bins.every(([start]) => /^2026-11-30T10:\d\d:00Z$/.test(String(start)))).toBe(true)
    expect(bins.map(([start]) => start)).toEqual(bins.map(([start]) => start).sort())
    expect(bins.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(count)
    expect(bins.reduce((sum, [, , b]) => sum + Number(b), 0)).toBe(bytes)

    const [[none, noBytes, noFirst, noLast]] = await rows(`Narrow\n${PROFILE}`, {
      timespan: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z'
    })
    expect([none, noBytes, noFirst, noLast]).toEqual([0, 0, null, null])
  })

  it('cuts slices that partition the rows exactly, boundaries on shared timestamps included', async () => {
    // The first 12 minutes (240,000 rows) in five slices.
    const bounds = ['10:00:00', '10:02:24', '10:04:48', '10:07:12', '10:09:36', '10:12:00'].map(
      time => `2026-11-30T${time}Z`
    )
    const seqs: number[] = []
    for (let s = 0; s < bounds.length - 1; s++) {
      const part = await rows(slice('Narrow', bounds[s], bounds[s + 1], '| project Seq'))
      expect(part[0][0]).toBe(narrow.indexAt(bounds[s]))
      for (const [seq] of part) seqs.push(Number(seq))
    }
    expect(seqs).toHaveLength(narrow.indexAt(bounds[5]))
    expect(seqs.length).toBeGreaterThan(200_000)
    expect(seqs.every((seq, i) => seq === i)).toBe(true)

    // Exact to the tick: a bound on a 7-digit time includes its row with <=, not with <.
    const i = Array.from({ length: 100 }, (_, k) => 500_000 + k).find(k => /\.\d{7}Z$/.test(narrow.timeOf(k)))!
    const at = narrow.timeOf(i)
    const from = narrow.timeOf(i - 3)
    const last = (text: string) => rows(`${text}\n| project Seq`).then(part => part.at(-1)?.[0])
    expect(await last(slice('Narrow', from, at))).toBe(i - 1)
    expect(await last(`Narrow\n| where TimeGenerated >= datetime(${from}) and TimeGenerated <= datetime(${at})`)).toBe(
      i
    )

    // A slice's profile is the sum of its bins; the user's own pipeline runs after the bounds.
    const [[n, b]] = await rows(slice('Narrow', bounds[1], bounds[2], PROFILE))
    const bins = await rows(slice('Narrow', bounds[1], bounds[2], histogram(1000)))
    expect(bins.reduce((sum, [, rowsIn]) => sum + Number(rowsIn), 0)).toBe(n)
    expect(bins.reduce((sum, [, , bytesIn]) => sum + Number(bytesIn), 0)).toBe(b)
    const errors = await rows(
      `let level = "Error";\n${slice('Narrow', bounds[1], bounds[2], '| where Level == level\n| project Seq, Level')}`
    )
    expect(errors).toHaveLength(Math.ceil(narrow.indexAt(bounds[2]) / 20) - Math.ceil(narrow.indexAt(bounds[1]) / 20))
    expect(errors.every(([seq, level]) => Number(seq) % 20 === 0 && level === 'Error')).toBe(true)
  })

  it("filters by the request's timespan, both ends included", async () => {
    const [[count]] = await rows('Narrow | count', { timespan: '2026-11-30T10:30:00Z/2026-11-30T10:31:00Z' })
    expect(count).toBe(narrow.indexAt('2026-11-30T10:31:00.0000001Z') - narrow.indexAt('2026-11-30T10:30:00Z'))
  })

  it('refuses what it does not understand with a syntax error at the token', async () => {
    const answer = await query('Narrow | where Level == "Error" or Seq > 5')
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.text).error.innererror.innererror).toMatchObject({ code: 'SYN0002', token: 'or' })
  })
})

describe('skewed export tables', () => {
  it('puts 90% of the rows in one minute', async () => {
    addExportTable(emulator, {
      name: 'Skewed',
      rows: 200_000,
      spanMs: 86_400_000,
      burst: { atMs: 3_600_000, widthMs: 60_000, fraction: 0.9 }
    })
    const bins = await rows(`Skewed\n${histogram(60_000)}`)
    const busiest = bins.reduce((a, b) => (Number(b[1]) > Number(a[1]) ? b : a))
    expect(busiest).toEqual(['2026-11-30T11:00:00Z', 180_000, expect.any(Number)])
  })

  it('can put more than 500,000 rows in one millisecond: no time bound splits them, the row cap cuts them', async () => {
    const burst = addExportTable(emulator, {
      name: 'Instant',
      rows: 700_000,
      burst: { atMs: 1_800_000, widthMs: 0, fraction: 0.8 }
    })
    const at = '2026-11-30T10:30:00Z'
    const first = burst.indexAt(at)
    expect(burst.timeOf(first + 559_999)).toBe(at)
    const [[count, , from, to]] = await rows(slice('Instant', at, '2026-11-30T10:30:00.001Z', PROFILE))
    expect([count, from, to]).toEqual([burst.indexAt('2026-11-30T10:30:00.001Z') - first, at, at])
    expect(count).toBeGreaterThanOrEqual(560_000)
    const answer = await query(slice('Instant', at, '2026-11-30T10:30:00.001Z', '| project Seq'))
    const result = JSON.parse(answer.text) as Result
    expect(result.tables[0].rows).toHaveLength(500_000)
    expect(result.error?.details[0].innererror.message).toContain('record count limit 500000')
  })
})

describe("the service's caps", () => {
  it('cuts an answer at the row cap and at the byte cap, with a PartialError', async () => {
    emulator.rowCap = 1000
    const byRows = JSON.parse((await query(slice('Narrow', '2026-11-30T10:00:00Z', '2026-11-30T10:01:00Z'))).text)
    expect(byRows.tables[0].rows).toHaveLength(1000)
    expect(byRows.error.code).toBe('PartialError')

    emulator.rowCap = 500_000
    emulator.byteCap = 50_000
    const answer = await query(slice('Narrow', '2026-11-30T10:00:00Z', '2026-11-30T10:01:00Z'))
    expect(answer.text.length).toBeLessThanOrEqual(50_000)
    const bySize = JSON.parse(answer.text) as Result
    const message = bySize.error?.details[0].innererror.message
    expect(message).toContain('exceeded the internal data size limit')
    expect(message).toContain('E_QUERY_RESULT_SET_TOO_LARGE')
    expect(bySize.tables[0].rows.length).toBeGreaterThan(400)
    expect(emulator.queryLog.at(-1)).toMatchObject({ partial: 'bytes', rows: bySize.tables[0].rows.length })
  })
})

describe('throttling per identity', () => {
  const settled = async (running: number) => {
    while (emulator.queryStats.running !== running) await new Promise(resolve => setTimeout(resolve, 5))
  }

  /**
   * Starts `count` queries of `client` and waits until they all run (each holds its slot `serverTimeMs`).
   * A client sees an answer's end a moment before the emulator frees its slot: earlier queries settle first.
   */
  async function occupy(client: string, count: number): Promise<Promise<Answer>[]> {
    await settled(0)
    const answers = Array.from({ length: count }, () => query('Narrow | count', { client }))
    await settled(count)
    return answers
  }

  it('runs 5 queries of a caller at once and queues the 6th', async () => {
    emulator.serverTimeMs = 800
    const from = emulator.queryLog.length
    const five = await occupy('six', 5)
    const answers = await Promise.all([...five, query('Narrow | count', { client: 'six' })])
    expect(answers.map(a => a.status)).toEqual(Array(6).fill(200))
    expect(emulator.queryStats.maxRunning).toBe(5)
    const waits = emulator.queryLog.slice(from).map(entry => entry.queuedMs)
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0])
    expect(waits[5]).toBeGreaterThan(0)
  })

  it('answers 429 with Retry-After when the wait would be too long or the queue is full', async () => {
    emulator.serverTimeMs = 600
    emulator.queueWaitLimitMs = 100
    const running = await occupy('slow', 5)
    const throttled = await query('Narrow | count', { client: 'slow' })
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(JSON.parse(throttled.text).error.code).toBe('ThrottledError')
    expect(emulator.queryLog.at(-1)).toMatchObject({ status: 429, throttled: 'queue' })
    emulator.maxQueuedQueries = 0
    expect((await query('Narrow | count', { client: 'slow' })).status).toBe(429)
    expect((await Promise.all(running)).map(a => a.status)).toEqual(Array(5).fill(200))
    expect(emulator.queryStats.throttledByQueue).toBe(2)
  })

  it('answers 429 with Retry-After past the rate limit', async () => {
    emulator.rateLimit = { requests: 3, windowMs: 2000 }
    const statuses: number[] = []
    let retryAfter = ''
    for (let i = 0; i < 4; i++) {
      const answer = await query('Narrow | count', { client: 'eager' })
      statuses.push(answer.status)
      retryAfter = String(answer.headers['retry-after'] ?? '')
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    expect(Number(retryAfter)).toBeLessThanOrEqual(2)
    expect(emulator.queryStats.throttledByRate).toBe(1)
  })
})

describe('slow answers and faults', () => {
  it('paces an answer to bytesPerSecond', async () => {
    emulator.bytesPerSecond = 2_000_000
    const started = Date.now()
    const answer = await query(slice('Narrow', '2026-11-30T10:00:00Z', '2026-11-30T10:00:30Z'))
    expect(answer.text.length).toBeGreaterThan(500_000)
    expect(Date.now() - started).toBeGreaterThanOrEqual((answer.text.length / 2_000_000) * 1000 - 100)
  })

  it('fails one slice with a status every time, and cuts another mid-answer', async () => {
    const failing = slice('Narrow', '2026-11-30T10:10:00Z', '2026-11-30T10:11:00Z')
    const cut = slice('Narrow', '2026-11-30T10:20:00Z', '2026-11-30T10:21:00Z')
    emulator.faults.push(
      {
        status: 500,
        body: { error: { code: 'InternalServerError', message: 'boom' } },
        bodyIncludes: '10:10:00',
        times: 2
      },
      { resetAfterBytes: 300_000, bodyIncludes: '10:20:00' }
    )
    expect((await query(failing)).status).toBe(500)
    expect((await query(failing)).status).toBe(500)
    expect((await query(failing)).status).toBe(200)
    const broken = await query(cut)
    expect(broken.broken).toBe(true)
    expect(broken.text.length).toBeLessThanOrEqual(300_000)
  })
})

describe('a search job over an export table', () => {
  const arm = () => emulator.mintToken('https://management.azure.com')
  const tablePath = (name: string) => `${emulator.url}${WORKSPACE_RESOURCE_ID}/tables/${name}?api-version=2025-02-01`

  async function runJob(name: string, searchQuery: string, limit: number): Promise<unknown> {
    emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
    const created = await call('PUT', tablePath(name), arm(), {
      properties: {
        searchResults: {
          query: searchQuery,
          limit,
          startSearchTime: '2026-11-30T00:00:00Z',
          endSearchTime: '2026-12-01T00:00:00Z'
        }
      }
    })
    expect(created.status).toBe(202)
    const status = await call('GET', String(created.headers['azure-asyncoperation']), arm())
    return JSON.parse(status.text)
  }

  it('writes 1,500,000 records to a lazy _SRCH table', async () => {
    const source = addExportTable(emulator, { name: 'Source', rows: 1_600_000, spanMs: 43_200_000 })
    const status = await runJob(
      'Source_SRCH',
      'Source | where TimeGenerated >= datetime(2026-11-30T10:00:00Z)',
      1_500_000
    )
    expect(status).toMatchObject({
      status: 'Succeeded',
      properties: { resultStatistics: { ingestedRecords: 1_500_000 } }
    })

    const [[count, , first, last]] = await rows(
      `Source_SRCH\n${PROFILE.replace(/TimeGenerated/g, '_OriginalTimeGenerated')}`
    )
    expect([count, first, last]).toEqual([1_500_000, source.timeOf(0), source.timeOf(1_499_999)])
    const page = await query(
      slice('Source_SRCH', source.timeOf(1010), source.timeOf(1013)).replace(/TimeGenerated/g, '_OriginalTimeGenerated')
    )
    const result = JSON.parse(page.text) as Result
    expect(result.tables[0].columns.map(column => column.name)).toEqual([
      'TimeGenerated',
      'Seq',
      'Level',
      'Message',
      '_OriginalType',
      '_OriginalItemId',
      '_OriginalTimeGenerated'
    ])
    expect(result.tables[0].rows.map(row => row[1])).toEqual([1010, 1011, 1012])
    expect(result.tables[0].rows[0][4]).toBe('Source')
    expect(result.tables[0].rows[0][6]).toBe(source.timeOf(1010))
    const [[written, , firstWritten, lastWritten]] = await rows(`Source_SRCH\n${PROFILE}`)
    expect(written).toBe(1_500_000)
    expect(Date.parse(String(lastWritten)) - Date.parse(String(firstWritten))).toBeLessThanOrEqual(5000)
    expect(Math.abs(Date.parse(String(firstWritten)) - Date.now())).toBeLessThan(60_000)

    const errors = await runJob('Errors_SRCH', 'Source | where Level == "Error" | project TimeGenerated, Seq', 100)
    expect(errors).toMatchObject({ status: 'Succeeded' })
    const kept = await rows('Errors_SRCH | project Seq')
    expect(kept.map(([seq]) => seq)).toEqual(Array.from({ length: 100 }, (_, k) => k * 20))
    expect((await call('DELETE', tablePath('Errors_SRCH'), arm())).status).toBe(202)
    expect((await query('Errors_SRCH | count')).status).toBe(400)
  })
})

describe('the max-size answer (large-table.ts)', () => {
  it('writes each row directly as the JSON of its cells', () => {
    const start = Date.UTC(2026, 10, 24)
    const differ: number[] = []
    for (let i = 0; i < 150_000; i += i < 6_000 ? 1 : 997) {
      if (largeRowJson(i, start) !== `[${largeRow(i, start).map(serializeCell).join(',')}]`) differ.push(i)
    }
    expect(differ).toEqual([])
    const body = largeTableBody(3)
    const parsed = JSON.parse(body.raw.toString('utf8')) as { tables: { rows: unknown[][] }[] }
    expect(parsed.tables[0].rows).toEqual([0, 1, 2].map(i => JSON.parse(largeRowJson(i, start)) as unknown))
    expect(gunzipSync(body.gzip)).toEqual(body.raw)
  })
})
