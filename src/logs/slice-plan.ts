import { floorDiv, TICKS_PER_MS, type Ticks, type TimeRange } from './time-slices.js'

/**
 * How an export's time range is cut into slices the service answers whole,
 * from server-side counts only (no answer is downloaded to find out): a range
 * within the limits is one slice; a larger one is counted per bin of time and
 * the bins packed, in order, into slices within the limits; a bin over the
 * limits on its own is counted again in finer bins. A millisecond holding
 * more than the limits cannot be cut on time: it stays one slice, marked.
 */

/** What one slice may hold: rows, and bytes by the service's estimate. */
export interface SliceLimits {
  rows: number
  bytes: number
}

/**
 * Aimed well below the service's caps (500,000 rows, ~104 MB of JSON per answer): the rows are counted exactly, the
 * bytes only estimated (`estimate_data_size` counts values, the JSON adds quotes, names and separators).
 */
export const SLICE_LIMITS: SliceLimits = { rows: 400_000, bytes: 32_000_000 }

/** Bins per histogram: enough to pack slices evenly, few enough for a small answer. */
export const HISTOGRAM_BINS = 500

/** Rows and estimated bytes in the bin of time that starts at `start`. */
export interface Bin {
  start: Ticks
  rows: number
  bytes: number
}

export interface PlannedSlice {
  range: TimeRange
  rows: number
  bytes: number
  /** Over the limits within one millisecond: cannot be cut on time. */
  indivisible?: true
}

/** Counts `range` on the server in bins of `binMs`: the non-empty bins, in time order. */
export type CountBins = (range: TimeRange, binMs: number) => Promise<Bin[]>

/** The slices that cover `range` (every instant in exactly one), in time order. */
export async function planSlices(
  range: TimeRange,
  total: { rows: number; bytes: number },
  limits: SliceLimits,
  countBins: CountBins
): Promise<PlannedSlice[]> {
  const { rows, bytes } = total
  if (fits(total, limits)) return [{ range, rows, bytes }]
  const firstMs = floorDiv(range.from, TICKS_PER_MS)
  const lastMs = floorDiv(range.to - 1n, TICKS_PER_MS)
  if (firstMs === lastMs) return [{ range, rows, bytes, indivisible: true }]
  const binMs = Number(floorDiv(lastMs - firstMs, BigInt(HISTOGRAM_BINS))) + 1
  const bins = await countBins(range, binMs)
  const binTicks = BigInt(binMs) * TICKS_PER_MS
  const slices: PlannedSlice[] = []
  let open: PlannedSlice = { range: { from: range.from, to: range.to }, rows: 0, bytes: 0 }
  const close = (at: Ticks) => {
    if (open.rows === 0 && open.bytes === 0) return
    slices.push({ ...open, range: { from: open.range.from, to: at } })
    open = { range: { from: at, to: range.to }, rows: 0, bytes: 0 }
  }
  for (const bin of bins) {
    const from = bin.start > range.from ? bin.start : range.from
    const to = bin.start + binTicks < range.to ? bin.start + binTicks : range.to
    if (!fits(bin, limits)) {
      close(from)
      // Only the bin is counted again: a stretch counted empty before it would come back in the finer range, as
      // wide as this one, without end. The stretch joins the slice before it, else the bin's first slice, unless that
      // one is indivisible (its start names the crowded millisecond): then it is a slice of its own.
      const finer = await planSlices({ from, to }, bin, limits, countBins)
      const gap = { from: open.range.from, to: from }
      if (gap.from < gap.to) {
        const before = slices.pop()
        if (before) slices.push({ ...before, range: { from: before.range.from, to: from } })
        else if (!finer[0].indivisible) finer[0] = { ...finer[0], range: { from: gap.from, to: finer[0].range.to } }
        else slices.push({ range: gap, rows: 0, bytes: 0 })
      }
      slices.push(...finer)
      open = { range: { from: to, to: range.to }, rows: 0, bytes: 0 }
    } else if (!fits({ rows: open.rows + bin.rows, bytes: open.bytes + bin.bytes }, limits)) {
      close(from)
      open.rows = bin.rows
      open.bytes = bin.bytes
    } else {
      open.rows += bin.rows
      open.bytes += bin.bytes
    }
  }
  if (open.rows > 0 || open.bytes > 0 || slices.length === 0) slices.push(open)
  else
    slices[slices.length - 1] = {
      ...slices[slices.length - 1],
      range: { ...slices[slices.length - 1].range, to: range.to }
    }
  return slices
}

export function fits(counts: { rows: number; bytes: number }, limits: SliceLimits): boolean {
  return counts.rows <= limits.rows && counts.bytes <= limits.bytes
}

/** Half the limits: for a slice the service cut although its counts fit (the size estimate was low). */
export function tighter(limits: SliceLimits): SliceLimits {
  return { rows: Math.max(1, Math.floor(limits.rows / 2)), bytes: Math.max(1, Math.floor(limits.bytes / 2)) }
}
