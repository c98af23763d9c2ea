import { describe, expect, it } from 'vitest'
import {
  fits,
  HISTOGRAM_BINS,
  planSlices,
  SLICE_LIMITS,
  tighter,
  type Bin,
  type CountBins,
  type PlannedSlice,
  type SliceLimits
} from '../../../src/logs/slice-plan.js'
import { floorDiv, TICKS_PER_MS, type Ticks, type TimeRange } from '../../../src/logs/time-slices.js'
import { random } from '../fixtures/random.js'

const MS = TICKS_PER_MS
const SECOND = 1000n * MS
const MINUTE = 60n * SECOND
const HOUR = 60n * MINUTE
const DAY = 24n * HOUR
/** 2026-11-30T00:00:00Z in ticks. */
const START = BigInt(Date.UTC(2026, 10, 30)) * MS

/** A record of the table: its time and its size by the service's estimate. */
interface Row {
  at: Ticks
  bytes: number
}

/**
 * The service, as far as the plan sees it: `summarize count(), sum(estimate_data_size(*)) by bin(T, Nms)` over the
 * records of [from, to), the non-empty bins in time order, each starting at a multiple of N ms (after `origin`).
 * Each call is recorded; more than `maxCalls` fails, so a plan that would not end fails the test instead.
 */
class FakeService {
  readonly calls: { range: TimeRange; binMs: number }[] = []
  readonly rows: Row[]

  constructor(
    rows: Row[],
    private readonly origin = 0n,
    private readonly maxCalls = 200
  ) {
    this.rows = [...rows].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  }

  count(range: TimeRange, binMs: number): Bin[] {
    this.calls.push({ range, binMs })
    if (this.calls.length > this.maxCalls) throw new Error(`more than ${this.maxCalls} histograms`)
    if (!Number.isSafeInteger(binMs) || binMs < 1) throw new Error(`a histogram of ${binMs} ms bins`)
    const binTicks = BigInt(binMs) * MS
    // The records are in time order: a bin ends where the next record is at or past its end.
    const bins: Bin[] = []
    let end = range.from
    for (let i = this.index(range.from), last = this.index(range.to); i < last; i++) {
      const row = this.rows[i]
      if (row.at >= end) {
        const start = floorDiv(row.at - this.origin, binTicks) * binTicks + this.origin
        bins.push({ start, rows: 0, bytes: 0 })
        end = start + binTicks
      }
      const bin = bins[bins.length - 1]
      bin.rows++
      bin.bytes += row.bytes
    }
    return bins
  }

  /** The records of [from, to). */
  within(range: TimeRange): Row[] {
    return this.rows.slice(this.index(range.from), this.index(range.to))
  }

  total(range: TimeRange): { rows: number; bytes: number } {
    const rows = this.within(range)
    return { rows: rows.length, bytes: rows.reduce((sum, row) => sum + row.bytes, 0) }
  }

  /** The first record at or after `at`. */
  private index(at: Ticks): number {
    let [low, high] = [0, this.rows.length]
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.rows[middle].at < at) low = middle + 1
      else high = middle
    }
    return low
  }
}

/** The fake service as the plan's `countBins`. */
function counter(service: FakeService): CountBins {
  return (range, binMs) => Promise.resolve(service.count(range, binMs))
}

/** The range of the records: from the first to just after the last, as the export profiles it. */
function rangeOf(rows: Row[]): TimeRange {
  const times = rows.map(row => row.at)
  const first = times.reduce((a, b) => (a < b ? a : b))
  const last = times.reduce((a, b) => (a > b ? a : b))
  return { from: first, to: last + 1n }
}

/**
 * Plans `range` over `rows` and checks what every plan must be: slices in time order that partition the range,
 * each holding exactly the rows and bytes it says, within the limits unless it is one crowded millisecond.
 */
async function plan(
  rows: Row[],
  limits: SliceLimits,
  range: TimeRange = rangeOf(rows),
  origin = 0n
): Promise<{ slices: PlannedSlice[]; service: FakeService }> {
  const service = new FakeService(rows, origin)
  const slices = await planSlices(range, service.total(range), limits, counter(service))
  // Each rule broken, in words: one assertion at the end (thousands of plans are checked, slice by slice).
  const broken: string[] = []
  const check = (holds: boolean, rule: string) => holds || broken.push(rule)
  check(slices.length > 0, 'no slices')
  check(slices[0]?.range.from === range.from, 'the first slice does not start at the range')
  check(slices.at(-1)?.range.to === range.to, 'the last slice does not end at the range')
  slices.forEach((slice, i) => {
    check(slice.range.from < slice.range.to, `slice ${i} is empty`)
    check(i === 0 || slice.range.from === slices[i - 1].range.to, `slice ${i} does not start where ${i - 1} ends`)
    const keys = slice.indivisible ? 'bytes,indivisible,range,rows' : 'bytes,range,rows'
    check(Object.keys(slice).sort().join() === keys, `slice ${i} has keys ${Object.keys(slice).sort().join()}`)
    const held = service.total(slice.range)
    check(held.rows === slice.rows && held.bytes === slice.bytes, `slice ${i} holds ${JSON.stringify(held)}`)
    if (slice.indivisible) {
      // More than the limits, all in the millisecond the slice starts in.
      check(!fits(held, limits), `indivisible slice ${i} fits the limits`)
      const ms = floorDiv(slice.range.from, MS)
      check(
        service.within(slice.range).every(row => floorDiv(row.at, MS) === ms),
        `indivisible slice ${i} spans more than its millisecond`
      )
    } else {
      check(held.rows <= limits.rows && held.bytes <= limits.bytes, `slice ${i} is over the limits`)
    }
    // A slice holds records, except a stretch before a crowded millisecond.
    check(
      slice.rows > 0 || slices.length === 1 || slices[i + 1]?.indivisible === true,
      `slice ${i} is empty of records and not before a crowded millisecond`
    )
  })
  // Every record of the range is in exactly one slice.
  const counted = slices.reduce((sum, slice) => sum + service.within(slice.range).length, 0)
  check(counted === service.within(range).length, `the slices hold ${counted} records`)
  // Every histogram is of a part of the range, in at most HISTOGRAM_BINS bins.
  service.calls.forEach((call, i) => {
    check(call.range.from >= range.from && call.range.to <= range.to, `histogram ${i} is outside the range`)
    const spanMs = floorDiv(call.range.to - 1n, MS) - floorDiv(call.range.from, MS) + 1n
    check(spanMs <= BigInt(call.binMs * HISTOGRAM_BINS), `histogram ${i} has more than ${HISTOGRAM_BINS} bins`)
  })
  expect(broken).toEqual([])
  return { slices, service }
}

const uniform = (n: number, from: Ticks, span: Ticks, bytes = 100): Row[] =>
  Array.from({ length: n }, (_, i) => ({ at: from + (span * BigInt(i)) / BigInt(n), bytes }))

describe('planSlices', () => {
  it('is one slice, counted nothing, when the range is within the limits', async () => {
    const rows = uniform(1000, START, DAY)
    const { slices, service } = await plan(rows, { rows: 1000, bytes: 100_000 })
    expect(slices).toEqual([{ range: rangeOf(rows), rows: 1000, bytes: 100_000 }])
    expect(service.calls).toEqual([])
  })

  it('packs uniform records into even slices from one histogram', async () => {
    const rows = uniform(100_000, START, DAY)
    const { slices, service } = await plan(rows, { rows: 10_000, bytes: Number.MAX_SAFE_INTEGER })
    expect(service.calls).toHaveLength(1)
    // About a day in 500 bins.
    expect(service.calls[0].binMs).toBeGreaterThan(172_000)
    expect(service.calls[0].binMs).toBeLessThanOrEqual(172_801)
    expect(slices.length).toBeGreaterThanOrEqual(10)
    expect(slices.length).toBeLessThanOrEqual(11)
    for (const slice of slices.slice(0, -1)) expect(slice.rows).toBeGreaterThan(9_500)
  })

  it('cuts on bytes as it does on rows', async () => {
    const next = random(5)
    const rows = uniform(20_000, START, HOUR).map(row => ({ ...row, bytes: 1 + Math.floor(next() * 2000) }))
    const { slices } = await plan(rows, { rows: 1_000_000, bytes: 1_000_000 })
    expect(slices.length).toBeGreaterThanOrEqual(20)
    expect(slices.every(slice => slice.rows < 2_000)).toBe(true)
  })

  it('counts a skewed burst again in a few finer histograms: 90% of the records in one minute', async () => {
    const next = random(90)
    const burstAt = START + 13n * HOUR + 7n * MINUTE + 123n
    const rows = [
      ...Array.from({ length: 20_000 }, () => ({
        at: START + BigInt(Math.floor(next() * 86_400_000)) * MS,
        bytes: 50
      })),
      ...Array.from({ length: 180_000 }, () => ({
        at: burstAt + BigInt(Math.floor(next() * 600_000_000)),
        bytes: 50
      }))
    ]
    const { slices, service } = await plan(rows, { rows: 10_000, bytes: Number.MAX_SAFE_INTEGER })
    expect(service.calls.length).toBeLessThanOrEqual(4)
    // The burst is cut into slices of the limit's size, not into as many slices as finer bins.
    expect(slices.length).toBeLessThanOrEqual(2 * Math.ceil(200_000 / 10_000) + 2)
    const inBurst = slices.filter(slice => slice.range.to > burstAt && slice.range.from < burstAt + MINUTE)
    expect(inBurst.length).toBeGreaterThanOrEqual(18)
  })

  it('cuts exactly on records that sit on whole seconds', async () => {
    const rows = Array.from({ length: 10 }, (_, s) =>
      Array.from({ length: 600 }, () => ({ at: START + BigInt(s) * SECOND, bytes: 10 }))
    ).flat()
    const { slices } = await plan(rows, { rows: 1_000, bytes: Number.MAX_SAFE_INTEGER })
    // Two seconds' records would be too many: each slice holds one whole second's.
    expect(slices.map(slice => slice.rows)).toEqual(Array.from({ length: 10 }, () => 600))
  })

  it('cuts records on whole seconds over a day', async () => {
    const rows = Array.from({ length: 3600 }, (_, s) =>
      Array.from({ length: 50 }, () => ({ at: START + BigInt(s) * 24n * SECOND, bytes: 10 }))
    ).flat()
    const { slices } = await plan(rows, { rows: 1_000, bytes: Number.MAX_SAFE_INTEGER })
    expect(slices.reduce((sum, slice) => sum + slice.rows, 0)).toBe(180_000)
  })

  it('covers empty stretches between bursts, before the first and after the last record', async () => {
    const rows = [
      ...uniform(5_000, START, MINUTE),
      ...uniform(5_000, START + 10n * DAY, MINUTE),
      ...uniform(3, START + 20n * DAY, SECOND)
    ]
    const range = { from: START - 5n * DAY, to: START + 30n * DAY }
    const { slices } = await plan(rows, { rows: 1_000, bytes: Number.MAX_SAFE_INTEGER }, range)
    expect(slices.filter(slice => slice.rows === 0)).toEqual([])
  })

  it('plans bursts after empty stretches, each over the limits, and ends', async () => {
    const rows = [
      ...uniform(5_000, START, 10n * MS),
      ...uniform(5_000, START + DAY - 11n * MS, 10n * MS),
      ...uniform(5_000, START + 2n * DAY - 1n * MS, 1n * MS)
    ]
    const { slices, service } = await plan(rows, { rows: 1_000, bytes: Number.MAX_SAFE_INTEGER })
    expect(slices.filter(slice => slice.indivisible)).toHaveLength(1)
    expect(service.calls.length).toBeLessThan(20)
  })

  it('keeps a millisecond that holds more than the limits as one slice, marked indivisible', async () => {
    const crowded = START + 30n * MINUTE + 417n * MS
    const rows = [
      ...uniform(500, START, HOUR),
      ...Array.from({ length: 2_500 }, (_, i) => ({ at: crowded + BigInt(i % 10_000), bytes: 10 }))
    ]
    const { slices, service } = await plan(rows, { rows: 1_000, bytes: Number.MAX_SAFE_INTEGER })
    const indivisible = slices.filter(slice => slice.indivisible)
    expect(indivisible).toHaveLength(1)
    expect(indivisible[0].rows).toBeGreaterThanOrEqual(2_500)
    expect(floorDiv(indivisible[0].range.from, MS)).toBe(floorDiv(crowded, MS))
    expect(service.calls.length).toBeLessThanOrEqual(5)
  })

  it('marks a range of one millisecond over the limits indivisible without counting it', async () => {
    const rows = uniform(5, START + 3n, 9_000n)
    const range = { from: START + 3n, to: START + 9_999n }
    const service = new FakeService(rows)
    expect(await planSlices(range, { rows: 5, bytes: 500 }, { rows: 4, bytes: 1_000 }, counter(service))).toEqual([
      { range, rows: 5, bytes: 500, indivisible: true }
    ])
    expect(service.calls).toEqual([])
  })

  it('cuts a range of two milliseconds in millisecond bins', async () => {
    const rows = [...uniform(3, START + 9_999n, 1n), ...uniform(3, START + MS, 1n)]
    const range = { from: START + 9_999n, to: START + MS + 1n }
    const { slices, service } = await plan(rows, { rows: 3, bytes: 1_000 }, range)
    expect(service.calls).toEqual([{ range, binMs: 1 }])
    expect(slices.map(slice => slice.rows)).toEqual([3, 3])
    expect(slices[1].range.from).toBe(START + MS)
  })

  it('does not depend on where the bins are aligned', async () => {
    const next = random(3)
    const rows = Array.from({ length: 30_000 }, () => ({
      at: START + BigInt(Math.floor(next() ** 3 * 3_600_000_0000)),
      bytes: 1 + Math.floor(next() * 300)
    }))
    const limits = { rows: 2_000, bytes: 200_000 }
    for (const origin of [0n, 3n, 7_777n * MS + 1n, -621_355_968_000_000_000n])
      await plan(rows, limits, undefined, origin)
  })

  it('partitions random distributions into slices within the limits', async () => {
    const next = random(20261130)
    for (let round = 0; round < 40; round++) {
      const clusters = 1 + Math.floor(next() * 5)
      const span = [SECOND, HOUR, 30n * DAY][round % 3]
      const rows: Row[] = []
      for (let c = 0; c < clusters; c++) {
        const center = START + BigInt(Math.floor(next() * Number(span)))
        const width = BigInt(1 + Math.floor(next() ** 4 * Number(span)))
        const n = Math.floor(next() * 4_000)
        const onWholeMs = next() < 0.3
        for (let i = 0; i < n; i++) {
          let at = center + BigInt(Math.floor((next() - 0.5) * Number(width)))
          if (onWholeMs) at = floorDiv(at, MS) * MS
          rows.push({ at, bytes: Math.floor(next() * 1_000) })
        }
      }
      if (rows.length === 0) continue
      const limits = { rows: 1 + Math.floor(next() * 1_500), bytes: 1 + Math.floor(next() * 400_000) }
      const margin = BigInt(Math.floor(next() * 1e9))
      const tight = rangeOf(rows)
      await plan(rows, limits, next() < 0.5 ? tight : { from: tight.from - margin, to: tight.to + margin })
    }
  })
})

describe('fits and tighter', () => {
  it('fits counts within both limits, their ends included', () => {
    const limits = { rows: 10, bytes: 100 }
    expect(fits({ rows: 10, bytes: 100 }, limits)).toBe(true)
    expect(fits({ rows: 0, bytes: 0 }, limits)).toBe(true)
    expect(fits({ rows: 11, bytes: 100 }, limits)).toBe(false)
    expect(fits({ rows: 10, bytes: 101 }, limits)).toBe(false)
  })

  it('halves the limits, never below one', () => {
    expect(tighter({ rows: 400_000, bytes: 32_000_000 })).toEqual({ rows: 200_000, bytes: 16_000_000 })
    expect(tighter({ rows: 5, bytes: 3 })).toEqual({ rows: 2, bytes: 1 })
    expect(tighter({ rows: 1, bytes: 1 })).toEqual({ rows: 1, bytes: 1 })
  })

  it('aims below the service caps of 500,000 rows and ~104 MB', () => {
    expect(SLICE_LIMITS.rows).toBeLessThan(500_000)
    expect(SLICE_LIMITS.bytes).toBeLessThan(104_000_000)
    expect(HISTOGRAM_BINS).toBe(500)
  })
})
