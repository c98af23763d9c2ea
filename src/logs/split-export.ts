import { ActionError, quoted } from '../common/errors.js'
import { formatBytes, formatCount, formatDuration, plural, shorten } from '../common/format.js'
import type { RetryLog } from '../http/retry.js'
import { countLeadingRecords, joinLeadingRecords } from '../records/leading-records.js'
import { SlicedRecords } from '../records/sliced-records.js'
import type { OutputSettings } from '../settings.js'
import { cellText } from '../wire/cells.js'
import type { Column } from '../wire/columns.js'
import { serverCount } from './count-query.js'
import { describePartial } from './partial-result.js'
import { runQuery, type LogsClient, type ResultSink } from './query-client.js'
import type { ExportReport, QueryOutcome } from './query-outcome.js'
import type { QuerySpec } from './query-request.js'
import type { QueryResult } from './query-result.js'
import type { RowLevelQuery } from './row-level-query.js'
import {
  HISTOGRAM_BINS,
  planSlices,
  SLICE_LIMITS,
  tighter,
  fits,
  type Bin,
  type PlannedSlice,
  type SliceLimits
} from './slice-plan.js'
import {
  boundedQuery,
  formatDatetime,
  histogramQuery,
  parseDatetime,
  profileQuery,
  sliceTimespan,
  timeColumnOf,
  type TimeRange
} from './time-slices.js'
import { QueryRefused } from './service-error.js'
import { outcomeOfAnswer, queryWhole } from './whole-query.js'

/** Slices in flight at once: the service runs 5 queries per identity at a time and queues the rest. */
export const SLICES_AT_ONCE = 4

/** A records sink with a records file: an export has somewhere to put the records. */
export type ExportSink = ResultSink & { output: OutputSettings }

/**
 * Exports a row-level query past the service's caps: counts it on the server
 * (rows, estimated bytes, first and last time); when one answer holds it, runs
 * it as written; otherwise cuts its time range into slices from server-side
 * counts (`slice-plan.ts`), runs up to SLICES_AT_ONCE of them at a time, each
 * into a part of the records file, splits again a slice the service cut anyway,
 * and joins the parts in time order. `count` is the rows that came, which is
 * every row the query matches; a slice that fails after its retries fails the
 * export, and no records file is written.
 */
export async function exportInSlices(
  client: LogsClient,
  spec: QuerySpec,
  read: RowLevelQuery,
  sink: ExportSink,
  log: (line: string) => void
): Promise<QueryOutcome> {
  const run = new SliceExport(client, spec, read, sink, log)
  return run.export()
}

class SliceExport {
  private readonly started = Date.now()
  private readonly column: string
  private readonly client: LogsClient
  private readonly report: ExportReport = {
    slices: 0,
    skipped: 0,
    planningQueries: 0,
    splitAgain: 0,
    rows: 0,
    bytes: 0,
    elapsedMs: 0,
    concurrency: 0,
    retries: 0,
    throttled: 0,
    waitedMs: 0
  }

  constructor(
    client: LogsClient,
    private readonly spec: QuerySpec,
    private readonly read: RowLevelQuery,
    private readonly sink: ExportSink,
    private readonly log: (line: string) => void
  ) {
    this.column = timeColumnOf(read.table)
    this.client = { ...client, caller: { ...client.caller, log: tallied(client.caller.log, this.report) } }
  }

  async export(): Promise<QueryOutcome> {
    const profile = await this.profile().catch((error: unknown) => {
      // A query whose rows lose the time column (`project Name`) cannot be counted by time: it runs as one answer.
      if (error instanceof QueryRefused && error.status === 400) return error
      throw error
    })
    if (profile instanceof QueryRefused) {
      const notSplit = `counting it by ${this.column} on the server failed (${profile.message})`
      return queryWhole(this.client, this.spec, this.sink, this.log, notSplit)
    }
    let limits = SLICE_LIMITS
    if (fits(profile, limits)) {
      const outcome = outcomeOfAnswer(await runQuery(this.client, this.spec, this.sink))
      if (outcome.status === 'ok' || !outcome.partial.truncated) return outcome
      this.log(
        `The service cut the answer at ${formatCount(outcome.count)} rows although the query matches ` +
          `${formatCount(profile.rows)}: exporting it in time slices.`
      )
      limits = tighter(limits)
      this.report.splitAgain++
    }
    const range = { from: profile.first, to: profile.last + 1n }
    const slices = await planSlices(range, profile, limits, (within, binMs) => this.countBins(within, binMs))
    this.log(
      `Exporting ${formatCount(profile.rows)} rows (${formatBytes(profile.bytes)} by the service's estimate) in ` +
        `${plural(slices.length, 'time slice')} on ${this.column}, up to ${SLICES_AT_ONCE} at a time.`
    )
    return this.runSlices(slices, limits)
  }

  /** The server's count of the whole query: rows, estimated bytes, first and last time. */
  private async profile(): Promise<{ rows: number; bytes: number; first: bigint; last: bigint }> {
    const query = profileQuery(this.spec.query, this.column)
    const result = await this.count({ ...this.spec, query }, 1)
    const [rows, bytes, first, last] = result.preview[0] ?? []
    const count = serverCount(rows) ?? 0
    if (count === 0) return { rows: 0, bytes: 0, first: 0n, last: 0n }
    const times = [first, last].map(time => parseDatetime(cellText(time ?? 'null')))
    if (times[0] === undefined || times[1] === undefined || times[1] < times[0])
      throw malformed(
        `its first and last ${this.column} were ${quoted(shorten(first ?? 'null', 80))} and ${quoted(shorten(last ?? 'null', 80))}`
      )
    return { rows: count, bytes: serverBytes(bytes), first: times[0], last: times[1] }
  }

  /** The server's count of `range` in bins of `binMs`. */
  private async countBins(range: TimeRange, binMs: number): Promise<Bin[]> {
    const bounded = boundedQuery(this.spec.query, this.read, this.column, range)
    const query = histogramQuery(bounded, this.column, binMs)
    // At most one bin a millisecond of the range, and about HISTOGRAM_BINS: more is not an answer to this count.
    const most = HISTOGRAM_BINS + 2
    const result = await this.count({ ...this.spec, query, timespan: sliceTimespan(range) }, most)
    if (result.count > most)
      throw malformed(`it counted ${formatCount(result.count)} bins of time where ${most} at most fit`)
    return result.preview.map(([start, rows, bytes]) => {
      const at = parseDatetime(cellText(start ?? 'null'))
      if (at === undefined) throw malformed(`a bin of time started at ${quoted(shorten(start ?? 'null', 80))}`)
      return { start: at, rows: serverCount(rows) ?? 0, bytes: serverBytes(bytes) }
    })
  }

  private async count(spec: QuerySpec, rows: number): Promise<QueryResult> {
    this.report.planningQueries++
    const result = await runQuery(this.client, spec, { output: null, previewRows: rows })
    if (result.partialError) {
      throw new ActionError(
        `Counting the export's rows on the server failed: ${describePartial(result.partialError).message} ` +
          'Set split: off to run the query as one answer.'
      )
    }
    return result
  }

  /** Runs the slices, SLICES_AT_ONCE at a time, and joins their parts into the records file in time order. */
  private async runSlices(planned: PlannedSlice[], limits: SliceLimits): Promise<QueryOutcome> {
    const parts = new SlicedRecords(this.sink.output)
    let ids = 0
    const queue: QueuedSlice[] = planned.map(slice => ({ ...slice, id: ids++, limits }))
    /** Every slice of the plan as it stands (a slice split again replaced by its parts), for `pastMaxRecords`. */
    const plan = [...queue]
    const done: DoneSlice[] = []
    const skipped: PlannedSlice[] = []
    let failure: Error | undefined
    let inFlight = 0
    const worker = async () => {
      for (let slice = queue.shift(); slice && failure === undefined; slice = queue.shift()) {
        if (this.pastMaxRecords(plan, slice)) {
          skipped.push(slice)
          continue
        }
        inFlight++
        this.report.concurrency = Math.max(this.report.concurrency, inFlight)
        try {
          const result = await this.runSlice(slice, parts)
          const partial = result.partialError && describePartial(result.partialError)
          if (partial?.truncated && !slice.indivisible) {
            parts.drop(slice.id)
            this.report.splitAgain++
            const finer = await planSlices(slice.range, slice, tighter(slice.limits), (r, binMs) =>
              this.countBins(r, binMs)
            )
            this.log(
              `The service cut the slice from ${formatDatetime(slice.range.from)} at ${formatCount(result.count)} rows; ` +
                `splitting it in ${finer.length}.`
            )
            const pieces = finer.map(part => ({ ...part, id: ids++, limits: tighter(slice.limits) }))
            plan.splice(plan.indexOf(slice), 1, ...pieces)
            queue.unshift(...pieces)
          } else {
            done.push({ slice, result, cut: partial !== undefined })
            this.forgetUnneeded(done, planned[0].range.from)
            this.log(
              `Slice from ${formatDatetime(slice.range.from)} to ${formatDatetime(slice.range.to)}: ` +
                `${formatCount(result.count)} rows (${done.length} of ${done.length + queue.length + inFlight - 1} done)`
            )
          }
        } catch (error) {
          failure ??= sliceFailure(error, slice.range)
        } finally {
          inFlight--
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: SLICES_AT_ONCE }, worker))
      if (failure !== undefined) throw failure
      done.sort(inTimeOrder)
      return this.joined(done, skipped, parts)
    } finally {
      parts.discardAll()
    }
  }

  private runSlice(slice: QueuedSlice, parts: SlicedRecords): Promise<QueryResult> {
    const query = boundedQuery(this.spec.query, this.read, this.column, slice.range)
    return runQuery(
      this.client,
      { ...this.spec, query, timespan: sliceTimespan(slice.range) },
      { ...this.sink, openRecords: () => parts.open(slice.id) }
    )
  }

  /** The slices' answers as one: the records file joined in time order, counts added, the first rows kept. */
  /**
   * With `max-records`, a slice whose planned predecessors hold that many rows adds nothing to the file: it is not
   * downloaded, and its rows are counted by the server's count that planned it. Not when a rows observer must see
   * every row.
   */
  private pastMaxRecords(plan: readonly PlannedSlice[], slice: PlannedSlice): boolean {
    const { maxRecords } = this.sink.output
    if (maxRecords === 0 || this.sink.rows) return false
    const before = plan
      .filter(other => other.range.from < slice.range.from)
      .reduce((rows, other) => rows + other.rows, 0)
    return before >= maxRecords
  }

  /**
   * The summary and the `records` output show the first rows and records in time order. Once the slices done from the
   * start of the range hold enough of them, every later slice's are dropped: memory stays flat whatever the size,
   * though slices end out of order.
   */
  private forgetUnneeded(done: DoneSlice[], start: bigint): void {
    const { previewRows, recordsBudget = 0 } = this.sink
    let rowsWanted = previewRows
    let bytesWanted = recordsBudget
    let next = start
    for (const { slice, result } of [...done].sort(inTimeOrder)) {
      const inOrder = slice.range.from === next
      if (inOrder) next = slice.range.to
      if (rowsWanted <= 0) result.preview = []
      if (bytesWanted <= 0) result.records = '[]'
      if (!inOrder) {
        // A gap: a slice before this one is still running, and may hold what is wanted.
        rowsWanted = Number.POSITIVE_INFINITY
        bytesWanted = Number.POSITIVE_INFINITY
        continue
      }
      rowsWanted -= result.preview.length
      const records = result.records ?? '[]'
      // An array its own budget cut ends what the output can hold (`joinLeadingRecords`).
      bytesWanted = countLeadingRecords(records) < result.written ? 0 : bytesWanted - Buffer.byteLength(records)
    }
  }

  private joined(done: DoneSlice[], skipped: readonly PlannedSlice[], parts: SlicedRecords): QueryOutcome {
    const columns = sameColumns(done.map(({ result }) => result.columns))
    const { written, bytes } = parts.join(
      done.map(({ slice, result }) => ({ id: slice.id, records: result.written })),
      columns
    )
    const cut = done.find(({ cut }) => cut)
    // A slice the service cut although it could not be split holds only the rows that came, and a slice past
    // max-records was not read: the server's count of each stands for it.
    const count =
      done.reduce((sum, { slice, result, cut }) => sum + (cut ? Math.max(slice.rows, result.count) : result.count), 0) +
      skipped.reduce((sum, slice) => sum + slice.rows, 0)
    const { previewRows, recordsBudget } = this.sink
    const result: QueryResult = {
      columns,
      count,
      written,
      preview: done.flatMap(({ result }) => result.preview).slice(0, previewRows),
      tables: 1,
      ...(recordsBudget !== undefined && {
        records: joinLeadingRecords(
          done.map(({ result }) => ({ text: result.records ?? '[]', written: result.written })),
          recordsBudget
        )
      })
    }
    Object.assign(this.report, {
      slices: done.length,
      skipped: skipped.length,
      rows: count,
      bytes,
      elapsedMs: Date.now() - this.started
    })
    const report = { ...this.report }
    this.log(exportLine(report))
    if (!cut?.result.partialError) return { status: 'ok', result, count, truncated: written < count, export: report }
    const partial = describePartial(cut.result.partialError)
    const notSplit = cut.slice.indivisible
      ? `more than ${formatCount(SLICE_LIMITS.rows)} rows or ${formatBytes(SLICE_LIMITS.bytes)} share the millisecond ` +
        `${formatDatetime(cut.slice.range.from)} of ${this.column}, and a slice cannot be narrower`
      : undefined
    return {
      status: 'partial',
      result: { ...result, partialError: cut.result.partialError },
      count,
      truncated: true,
      partial: { ...partial, ...(notSplit && { notSplit }) },
      countIsExact: partial.truncated,
      export: report
    }
  }
}

/** A slice with its answer; `cut`: the service cut it and it could not be split again. */
interface DoneSlice {
  slice: QueuedSlice
  result: QueryResult
  cut: boolean
}

/** A planned slice in the queue: its part's id, and the limits it was planned under (tighter once split again). */
type QueuedSlice = PlannedSlice & { id: number; limits: SliceLimits }

function inTimeOrder(a: DoneSlice, b: DoneSlice): number {
  return a.slice.range.from < b.slice.range.from ? -1 : 1
}

/** One line on how the export went. */
export function exportLine(report: ExportReport): string {
  const waits =
    report.retries === 0
      ? 'no retries'
      : `${plural(report.retries, 'retry', 'retries')} (${report.throttled} throttled), ${formatDuration(report.waitedMs)} waiting`
  const skipped =
    report.skipped > 0
      ? ` (${plural(report.skipped, 'more slice')} past max-records counted on the server, not read)`
      : ''
  return (
    `Exported ${formatCount(report.rows)} rows (${formatBytes(report.bytes)}) in ${plural(report.slices, 'slice')}${skipped} ` +
    `and ${plural(report.planningQueries, 'counting query', 'counting queries')}, up to ${report.concurrency} at a time, ` +
    `in ${formatDuration(report.elapsedMs)}; ${waits}.`
  )
}

/** The retry log, counting the retries (and the throttled ones, HTTP 429) and the time waited. */
function tallied(log: RetryLog, report: ExportReport): RetryLog {
  return {
    retrying(what, attempt, reason, waitMs) {
      report.retries++
      if (/HTTP 429\b/.test(reason)) report.throttled++
      report.waitedMs += waitMs
      log.retrying(what, attempt, reason, waitMs)
    }
  }
}

/** The columns every slice answered with (they are one query's); slices that disagree make no one file. */
function sameColumns(all: Column[][]): Column[] {
  const withColumns = all.filter(columns => columns.length > 0)
  const first = withColumns[0] ?? []
  const signature = JSON.stringify(first)
  if (withColumns.some(columns => JSON.stringify(columns) !== signature))
    throw new ActionError(
      "The export's time slices came back with different columns, so they cannot make one records file; set split: off."
    )
  return first
}

function sliceFailure(error: unknown, range: TimeRange): Error {
  if (!(error instanceof ActionError)) return error instanceof Error ? error : new Error(String(error))
  return new ActionError(
    `The export's slice from ${formatDatetime(range.from)} to ${formatDatetime(range.to)} failed, so no records file ` +
      `was written: ${error.message}`
  )
}

/** An estimated size from the service: a whole number (or null for no rows). */
function serverBytes(raw: string | undefined): number {
  if (raw === undefined || raw === 'null') return 0
  const bytes = Number(raw)
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw malformed(`it estimated ${quoted(shorten(raw, 80))} bytes`)
  return bytes
}

function malformed(what: string): ActionError {
  return new ActionError(`The service's answer to the export's count was malformed: ${what}.`)
}
