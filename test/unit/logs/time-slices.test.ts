import { describe, expect, it } from 'vitest'
import { expectSame, expectHolds } from '../fixtures/expect-same.js'
import { isRowLevel, readRowLevelQuery, type RowLevelQuery } from '../../../src/logs/row-level-query.js'
import {
  boundedQuery,
  floorDiv,
  formatDatetime,
  histogramQuery,
  parseDatetime,
  profileQuery,
  sliceTimespan,
  TICKS_PER_MS,
  timeColumnOf,
  type Ticks
} from '../../../src/logs/time-slices.js'
import { random } from '../fixtures/random.js'

const SECOND = 10_000_000n
/** 2026-11-30T10:00:00Z in ticks. */
const NOV_30 = BigInt(Date.UTC(2026, 10, 30, 10)) * TICKS_PER_MS

function read(query: string): RowLevelQuery {
  const result = readRowLevelQuery(query, { lets: true })
  if (!isRowLevel(result)) throw new Error(`not row-level: ${JSON.stringify(result)}`)
  return result
}

/** Random ticks from year 1 to 9999, or near the epoch. */
function randomTicks(next: () => number): Ticks {
  const ms = BigInt(Math.floor(next() * 315_537_897_600_000)) - 62_135_596_800_000n
  const near = BigInt(Math.floor((next() - 0.5) * 4e7))
  return next() < 0.3 ? near : ms * TICKS_PER_MS + BigInt(Math.floor(next() * 10_000))
}

describe('timeColumnOf', () => {
  it.each([
    ['Heartbeat', 'TimeGenerated'],
    ['AppRequests_CL', 'TimeGenerated'],
    ['SRCH_Heartbeat', 'TimeGenerated'],
    ['Heartbeat_SRCHx', 'TimeGenerated'],
    ['Heartbeat_SRCH', '_OriginalTimeGenerated'],
    ['Heartbeat_1764583200_SRCH', '_OriginalTimeGenerated'],
    ['heartbeat_srch', '_OriginalTimeGenerated']
  ])('cuts %s on %s', (table, column) => {
    expect(timeColumnOf(table)).toBe(column)
  })
})

describe('parseDatetime and formatDatetime', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T00:00:00.0000001Z', 1n],
    ['1970-01-01T00:00:01Z', SECOND],
    ['2026-11-30T10:00:00Z', NOV_30],
    ['2026-11-30T10:00:00.1Z', NOV_30 + 1_000_000n],
    ['2026-11-30T10:00:00.123Z', NOV_30 + 1_230_000n],
    ['2026-11-30T10:00:00.1234567Z', NOV_30 + 1_234_567n],
    ['2026-11-30T10:00:00.0000000Z', NOV_30],
    ['1969-12-31T23:59:59.9999999Z', -1n],
    ['1969-12-31T23:59:59Z', -SECOND],
    ['1969-12-31T23:59:58.5Z', -15_000_000n],
    ['0001-01-01T00:00:00Z', -62_135_596_800n * SECOND],
    ['9999-12-31T23:59:59.9999999Z', 253_402_300_800n * SECOND - 1n]
  ])('reads %s', (text, ticks) => {
    expect(parseDatetime(text)).toBe(ticks)
  })

  it.each([
    [0n, '1970-01-01T00:00:00.0000000Z'],
    [1n, '1970-01-01T00:00:00.0000001Z'],
    [-1n, '1969-12-31T23:59:59.9999999Z'],
    [-SECOND, '1969-12-31T23:59:59.0000000Z'],
    [-SECOND - 1n, '1969-12-31T23:59:58.9999999Z'],
    [NOV_30 + 1_234_567n, '2026-11-30T10:00:00.1234567Z'],
    [NOV_30 + 1_230_000n, '2026-11-30T10:00:00.1230000Z'],
    [-62_135_596_800n * SECOND, '0001-01-01T00:00:00.0000000Z']
  ])('writes %s as %s', (ticks, text) => {
    expect(formatDatetime(ticks)).toBe(text)
  })

  it('round-trips any time from year 1 to 9999, to the tick', () => {
    const next = random(1130)
    for (let i = 0; i < 2000; i++) {
      const ticks = randomTicks(next)
      const text = formatDatetime(ticks)
      expectHolds(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/.test(text), text)
      expectSame(parseDatetime(text), ticks, text)
      // What JavaScript makes of it agrees to the millisecond.
      expectSame(BigInt(Date.parse(text)), floorDiv(ticks, TICKS_PER_MS), text)
      // With 0 or 3 fraction digits, it is the time cut to the second or the millisecond.
      expectSame(parseDatetime(text.replace(/\.\d+Z$/, 'Z')), floorDiv(ticks, SECOND) * SECOND, text)
      expectSame(
        parseDatetime(text.replace(/(\.\d{3})\d+Z$/, '$1Z')),
        floorDiv(ticks, TICKS_PER_MS) * TICKS_PER_MS,
        text
      )
    }
  })

  it.each([
    '',
    'now',
    '2026-11-30',
    '2026-11-30T10:00Z',
    '2026-11-30T10:00:00',
    '2026-11-30T10:00:00.Z',
    '2026-11-30T10:00:00.12345678Z',
    '2026-11-30 10:00:00Z',
    '2026-11-30T10:00:00+00:00',
    '2026-11-30t10:00:00z',
    ' 2026-11-30T10:00:00Z',
    '2026-11-30T10:00:00Z ',
    '"2026-11-30T10:00:00Z"',
    '+002026-11-30T10:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-32T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z'
  ])('reads %j as no time', text => {
    expect(parseDatetime(text)).toBeUndefined()
  })

  it('reads a leap day', () => {
    expect(parseDatetime('2024-02-29T00:00:00Z')).toBe(BigInt(Date.UTC(2024, 1, 29)) * TICKS_PER_MS)
  })
})

describe('boundedQuery', () => {
  const range = { from: NOV_30, to: NOV_30 + 3600n * SECOND + 5n }
  const bounds =
    '| where TimeGenerated >= datetime(2026-11-30T10:00:00.0000000Z) and ' +
    'TimeGenerated < datetime(2026-11-30T11:00:00.0000005Z)'

  it('puts the bounds right after the table, before the query’s own steps', () => {
    const query = 'Heartbeat | where A == 1'
    expect(boundedQuery(query, read(query), 'TimeGenerated', range)).toBe(`Heartbeat\n${bounds}\n | where A == 1`)
  })

  it('bounds a table alone', () => {
    expect(boundedQuery('Heartbeat', read('Heartbeat'), 'TimeGenerated', range)).toBe(`Heartbeat\n${bounds}\n`)
  })

  it('keeps the lets in front and a comment after the table, which cannot swallow the bounds', () => {
    const query = "let name = 'Heartbeat | x';\nHeartbeat // the agents\n| where Computer == name; // done\n"
    expect(boundedQuery(query, read(query), 'TimeGenerated', range)).toBe(
      `let name = 'Heartbeat | x';\nHeartbeat\n${bounds}\n // the agents\n| where Computer == name; // done\n`
    )
  })

  it('makes a row-level query of the same table, its first step the bounds', () => {
    const next = random(7)
    const queries = [
      'Heartbeat',
      'Heartbeat;',
      'let a = 1;\nlet b = ```x | y```;\nAppRequests\n| where A == a\n| project-away B',
      'Syslog// c\n| parse Msg with "a" x\n| project x',
      'T_SRCH | extend x = 1'
    ]
    for (const query of queries) {
      const table = read(query).table
      const column = timeColumnOf(table)
      const from = randomTicks(next)
      const bounded = boundedQuery(query, read(query), column, { from, to: from + 1n })
      expect(read(bounded).table).toBe(table)
      const after = bounded.slice(read(bounded).tableEnd)
      expect(after.startsWith(`\n| where ${column} >= datetime(${formatDatetime(from)}) and ${column} < `)).toBe(true)
      expect(bounded.replace(/\n\| where [^\n]+\n/, '')).toBe(query)
    }
  })
})

describe('sliceTimespan', () => {
  /** The timespan's ends in ticks. */
  function ends(range: { from: Ticks; to: Ticks }): [Ticks, Ticks] {
    const span = sliceTimespan(range)
    expect(span).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    const [from, to] = span.split('/').map(end => BigInt(Date.parse(end)) * TICKS_PER_MS)
    return [from, to]
  }

  /** The timespan holds [from, to) with between one and two milliseconds more on each side. */
  function expectAround(range: { from: Ticks; to: Ticks }): void {
    const [from, to] = ends(range)
    const label = `${range.from}/${range.to} sent as ${from}/${to}`
    expectHolds(from <= range.from - TICKS_PER_MS && from > range.from - 2n * TICKS_PER_MS, label)
    expectHolds(to >= range.to + TICKS_PER_MS && to < range.to + 2n * TICKS_PER_MS, label)
  }

  it('is a millisecond wider than a slice on whole milliseconds', () => {
    const range = { from: NOV_30, to: NOV_30 + 3600n * SECOND }
    expect(sliceTimespan(range)).toBe('2026-11-30T09:59:59.999Z/2026-11-30T11:00:00.001Z')
  })

  it('takes in the ticks of the millisecond a slice ends in', () => {
    const range = { from: NOV_30 + 1n, to: NOV_30 + 3600n * SECOND + 1n }
    expect(sliceTimespan(range)).toBe('2026-11-30T09:59:59.999Z/2026-11-30T11:00:00.002Z')
  })

  it.each([
    ['whole milliseconds', 0n, 10_000n],
    ['one tick', 5n, 6n],
    ['a tick before and after a millisecond', 9_999n, 10_001n],
    ['the last tick of a millisecond', 19_999n, 20_000n],
    ['before 1970', -20_000n, -10_000n],
    ['across the epoch', -1n, 1n],
    ['on a whole second', NOV_30, NOV_30 + 1n]
  ])('holds %s with a millisecond to spare', (_, from, to) => {
    expectAround({ from, to })
  })

  it('holds any slice with a millisecond to spare on both sides', () => {
    const next = random(2026)
    for (let i = 0; i < 3000; i++) {
      const from = next() < 0.5 ? randomTicks(next) : floorDiv(randomTicks(next), TICKS_PER_MS) * TICKS_PER_MS
      const length = [1n, TICKS_PER_MS, BigInt(Math.floor(next() * 1e12)) + 1n][i % 3]
      expectAround({ from, to: from + length })
    }
  })
})

describe('profileQuery and histogramQuery', () => {
  const profile = (column: string) =>
    `\n| summarize Rows = count(), Bytes = sum(estimate_data_size(*)), First = min(${column}), Last = max(${column})`
  const histogram = (column: string, binMs: number) =>
    `\n| summarize Rows = count(), Bytes = sum(estimate_data_size(*)) by Start = bin(${column}, ${binMs}ms)`

  it('appends the summarize to the query', () => {
    expect(profileQuery('Heartbeat', 'TimeGenerated')).toBe(`Heartbeat${profile('TimeGenerated')}`)
    expect(histogramQuery('T_SRCH | where A', '_OriginalTimeGenerated', 172_801)).toBe(
      `T_SRCH | where A${histogram('_OriginalTimeGenerated', 172_801)}`
    )
  })

  it.each([
    ['trailing white space', 'Heartbeat | where A == 1 \n\n  ', 'Heartbeat | where A == 1'],
    ['a trailing semicolon', 'Heartbeat | where A == 1;\n', 'Heartbeat | where A == 1'],
    ['trailing comment lines', 'Heartbeat | where A == 1\n// done\n  // really\n', 'Heartbeat | where A == 1'],
    ['a comment on the last line', 'Heartbeat | where A == 1 // done', 'Heartbeat | where A == 1'],
    ['a semicolon, then comments', 'Heartbeat | where A == 1;\n// done\n', 'Heartbeat | where A == 1'],
    ['a semicolon and a comment on one line', 'Heartbeat | where A == 1; // done', 'Heartbeat | where A == 1'],
    ['lets in front', 'let a = 1;\nHeartbeat | where A == a;', 'let a = 1;\nHeartbeat | where A == a'],
    [
      'a multi-line string whose last line looks like a comment',
      'Heartbeat\n| where A == ```x\n// y```',
      'Heartbeat\n| where A == ```x\n// y```'
    ],
    [
      'a string holding a semicolon and slashes',
      "Heartbeat | where Url == 'http://x;//y'",
      "Heartbeat | where Url == 'http://x;//y'"
    ]
  ])('removes what would keep the summarize from the query: %s', (_, query, open) => {
    expect(profileQuery(query, 'TimeGenerated')).toBe(`${open}${profile('TimeGenerated')}`)
    expect(histogramQuery(query, 'TimeGenerated', 60_000)).toBe(`${open}${histogram('TimeGenerated', 60_000)}`)
  })

  it('leaves a query it cannot read to the service, only trailing comment lines and ";" removed', () => {
    expect(profileQuery("T | where A == 'x;\n// c\n", 'TimeGenerated')).toBe(
      `T | where A == 'x${profile('TimeGenerated')}`
    )
  })

  it('counts a bounded query, its bounds kept', () => {
    const query = 'Heartbeat\n| where A == 1; // done\n'
    const range = { from: 0n, to: SECOND }
    const bounded = boundedQuery(query, read(query), 'TimeGenerated', range)
    expect(histogramQuery(bounded, 'TimeGenerated', 2)).toBe(
      'Heartbeat\n| where TimeGenerated >= datetime(1970-01-01T00:00:00.0000000Z) and ' +
        'TimeGenerated < datetime(1970-01-01T00:00:01.0000000Z)\n\n| where A == 1' +
        histogram('TimeGenerated', 2)
    )
  })
})

describe('floorDiv', () => {
  it.each([
    [7n, 2n, 3n],
    [6n, 2n, 3n],
    [0n, 5n, 0n],
    [-1n, 5n, -1n],
    [-5n, 5n, -1n],
    [-6n, 5n, -2n],
    [-7n, 2n, -4n],
    [7n, -2n, -4n],
    [-7n, -2n, 3n],
    [6n, -2n, -3n],
    [-6n, -2n, 3n],
    [-1n, TICKS_PER_MS, -1n],
    [-TICKS_PER_MS, TICKS_PER_MS, -1n],
    [-TICKS_PER_MS - 1n, TICKS_PER_MS, -2n]
  ])('floorDiv(%s, %s) is %s', (a, b, q) => {
    expect(floorDiv(a, b)).toBe(q)
  })

  it('agrees with Math.floor on any signs', () => {
    const next = random(42)
    for (let i = 0; i < 5000; i++) {
      const a = Math.floor((next() - 0.5) * 2e9)
      const b = Math.floor((next() - 0.5) * 2e4) || 1
      expectSame(floorDiv(BigInt(a), BigInt(b)), BigInt(Math.floor(a / b)), `${a} / ${b}`)
    }
  })
})
