import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator, type Fault } from '../emulator/emulator.js'
import { DEFAULT_SEARCH_JOB_BEHAVIOUR } from '../emulator/search-jobs.js'
import { records, runAction, type ActionRun } from './harness.js'

/**
 * Issue 10 ("Hostile data"), findings 4 and 5: an HTTP 200 whose body is not
 * the answer the contract describes (§3) is never data. It is retried like a
 * cut-off answer, then fails the step with one line; no records file is left
 * and no count or verdict other than `error` is claimed.
 */

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

const COLUMNS = '[{"name":"TimeGenerated","type":"datetime"},{"name":"Message","type":"string"}]'
const ROW = '["2026-11-24T10:00:00Z","hello"]'
/** An answer with one table of the two columns above and the rows given (JSON text), plus `tail` inside the table. */
const answer = (rows: string, tail = '') =>
  `{"tables":[{"name":"PrimaryResult","columns":${COLUMNS},"rows":${rows}${tail}}]}`
/** An answer whose second cell is the string literal given as bytes. */
const answerWithCell = (literal: Buffer) =>
  Buffer.concat([Buffer.from(answer(`[${ROW},["2026-11-24T10:00:01Z",`).slice(0, -3)), literal, Buffer.from(']]}]}')])

/** The gate a result of 0 to 10 rows passes: the build before issue 10 passed every answer below with it. */
const GATE = { query: 'AppExceptions', timespan: '1h', 'max-count': '10', 'output-file': 'out/records.json' }

/** Runs the action with the fault queued (no retries unless asked), and returns the run. */
async function withAnswer(fault: Fault, inputs: Record<string, string> = { 'max-retries': '0' }): Promise<ActionRun> {
  emulator.faults.push({ route: 'query', status: 200, ...fault })
  try {
    return await runAction(emulator, { ...GATE, ...inputs })
  } finally {
    emulator.faults.length = 0
  }
}

/** Every file under a folder, relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name).slice(folder.length + 1))
}

/** The step failed on the malformed answer alone: one clear line, nothing written, nothing claimed. */
function expectRefused(run: ActionRun, problem: RegExp, attempts = 1): void {
  expect(run.exitCode).toBe(1)
  expect(run.errors).toHaveLength(1)
  expect(run.errors[0]).toMatch(/^the service's answer was unusable: the response is not valid Logs API JSON: /)
  expect(run.errors[0]).toMatch(problem)
  const gaveUp =
    attempts === 1
      ? 'gave up after 1 attempt in \\d+ ms; max-retries is 0'
      : `gave up after ${attempts} attempts in [\\d.]+ m?s; max-retries is ${attempts - 1}`
  expect(run.errors[0]).toMatch(new RegExp(`\\(${gaveUp}\\)$`))
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m)
  expect(run.outputs).toEqual({ verdict: 'error' })
  expect(existsSync(join(run.workspace, 'out/records.json'))).toBe(false)
  expect(filesUnder(run.workspace)).toEqual([])
  expect(filesUnder(run.runnerTemp).filter(file => /records|partial|\.json$|\.csv$/.test(file))).toEqual([])
}

/*
 * Which malformation the parser finds, and that it finds each one whole, byte by byte and cut anywhere, is unit-tested
 * (test/unit/wire/response-parser.test.ts: every case once run here is there, with the same MalformedResponseError).
 * Here, that the bundle fails the step on that error wherever in the answer the parser meets it: in the columns,
 * before any row; in a row, with rows already written; after the rows of a table; after the tables; at the end of an
 * answer that has no table (the retry test below); and in the bytes of a cell.
 */
describe('an answer with no result table fails the step, whatever the gate (finding 4)', () => {
  it('a table without rows', async () => {
    const body = `{"tables":[{"name":"PrimaryResult","columns":${COLUMNS}}]}`
    expectRefused(await withAnswer({ body }), /a table has no rows/)
  })
})

describe('a malformed answer is never written as data (finding 5)', () => {
  it.each([
    [
      'in the columns: two columns of one name',
      `{"tables":[{"name":"PrimaryResult","columns":[{"name":"a","type":"string"},{"name":"a","type":"long"}],"rows":[["x",1]]}]}`,
      /two columns are named "a"/
    ],
    [
      'in a row, after a row: a row shorter than the columns',
      answer(`[${ROW},["2026-11-24T10:00:01Z"]]`),
      /a row has 1 cell for 2 columns/
    ],
    [
      'after the rows: rows twice in a table',
      answer(`[${ROW}]`, `,"rows":[${ROW},${ROW}]`),
      /"rows" appears twice in a table/
    ],
    [
      'after the tables: a member twice at the top level',
      answer(`[${ROW}]`).slice(0, -1) + ',"error":{"code":"PartialError","message":"m"},"error":null}',
      /"error" appears twice in the answer/
    ]
  ])('%s', async (_, body, problem) => {
    expectRefused(await withAnswer({ body }), problem)
  })

  it('in the bytes of a cell: invalid UTF-8 (Latin-1 text)', async () => {
    const literal = Buffer.from('"Z\xfcrich"', 'latin1')
    expectRefused(
      await withAnswer({ bodyBase64: answerWithCell(literal).toString('base64') }),
      /bytes that are not UTF-8 in a string \(byte 0xfc\)/
    )
  })
})

describe('a malformed answer is retried like a cut-off one', () => {
  it('tries again and writes the good answer that follows', async () => {
    const run = await withAnswer({ body: answer(`[${ROW}]`, `,"rows":[]`) }, { 'max-retries': '1' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(
      /query: attempt 1 failed \(the service's answer was unusable: the response is not valid Logs API JSON: "rows" appears twice in a table .*\); retrying in/
    )
    expect(run.outputs).toMatchObject({ count: '7', verdict: 'pass' })
    expect(JSON.parse(records(run))).toHaveLength(7)
    expect(filesUnder(join(run.workspace, 'out'))).toEqual(['records.json'])
  })

  it('gives up after max-retries with the same one line', async () => {
    const run = await withAnswer({ body: '{"tables":[]}', times: 2 }, { 'max-retries': '1' })
    expectRefused(run, /the answer has no table \(tables is empty\)/, 2)
    expect(
      emulator
        .requestsTo('query')
        .slice(-2)
        .map(request => request.status)
    ).toEqual([200, 200])
  })
})

describe('a search job reads its results table through the same parser', () => {
  it('refuses a malformed answer to the read of the results table, and deletes the table', async () => {
    emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
    emulator.faults.push({ route: 'query', status: 200, body: answer(`[${ROW},["2026-11-24T10:00:01Z"]]`) })
    try {
      const search = {
        mode: 'search-job',
        workspace: WORKSPACE_RESOURCE_ID,
        'poll-interval': '1s',
        query: 'Heartbeat',
        timespan: '30m'
      }
      const run = await runAction(emulator, {
        ...search,
        'max-count': '10',
        'max-retries': '0',
        'output-file': 'out/records.json'
      })
      expect(run.exitCode).toBe(1)
      expect(run.errors).toEqual([
        expect.stringMatching(
          /^the service's answer was unusable: the response is not valid Logs API JSON: a row has 1 cell for 2 columns .*\(gave up after 1 attempt/
        )
      ])
      expect(run.outputs.count).toBeUndefined()
      expect(run.outputs.verdict).toBe('error')
      expect(filesUnder(run.workspace)).toEqual([])
      expect(run.outputs['search-table']).toMatch(/_SRCH$/)
      expect(emulator.tables.has(run.outputs['search-table'].toLowerCase())).toBe(false)
    } finally {
      emulator.faults.length = 0
      emulator.searchJobBehaviour = { ...DEFAULT_SEARCH_JOB_BEHAVIOUR }
    }
  })
})
