import { log as actionLog, type AnnotationProps } from '../common/log.js'
import { onCancel, type Cleanup } from '../common/cancellation.js'
import { systemClock, type Clock } from '../common/clock.js'
import { ActionError, describeError } from '../common/errors.js'
import { queryExactly, type QueryOutcome } from '../logs/exact-query.js'
import type { LogsClient, ResultSink } from '../logs/query-client.js'
import type { QuerySpec } from '../logs/query-request.js'
import type { Caller } from '../http/call.js'
import type { SearchJobSettings, Split } from '../settings.js'
import type { ArmCaller } from './arm-client.js'
import { JobRefusedError, SearchJobClient, type StartedJob } from './job-client.js'
import type { JobStatus } from './job-status.js'
import { formatCount, formatElapsed, formatGb } from '../common/format.js'
import { formatProgress } from './progress.js'
import { isFinal, next, readAgain, type CleanupPlan, type JobEvent, type JobPhase } from './job-lifecycle.js'

/** What a search job did, for the log and the summary. */
export interface SearchJobReport {
  table: string
  startTime: string
  endTime: string
  /** Data the job scanned (what it is billed by), when the service said. */
  scannedGb?: number
  /** Records the job wrote to its table, when the service said. */
  records?: number
  polls: number
  elapsedMs: number
  /** The table was kept (`keep-search-table`). */
  kept: boolean
  /** The table was deleted after its records were read. */
  deleted: boolean
}

/** The records read from the results table (`count` is how many the job found), and the job's report. */
export type SearchJobOutcome = QueryOutcome & { searchJob: SearchJobReport }

/** The services a search job talks to. */
export interface SearchJobClients {
  /** Azure Resource Manager, where the job's results table is created, followed and deleted. */
  arm: { endpoint: string; caller: Caller }
  /** The Logs API, through which the results table is read. */
  logs: LogsClient
}

/** ARM answers small documents quickly: a connection silent this long is dead. */
const ARM_IDLE_TIMEOUT_MS = 60_000
/** Cancelling and deleting must fit in the few seconds a cancelled run has. */
const CLEANUP_RETRY = { maxRetries: 2, maxRetryTimeMs: 3000 }
const CLEANUP_IDLE_TIMEOUT_MS = 5000

/** Everything a search job's run does outside itself, so that a test can drive it with fakes. */
export interface SearchJobIo {
  client: Pick<SearchJobClient, 'start' | 'status' | 'cancel' | 'deleteTable'>
  /** Reads the results table into the records file. */
  read: () => Promise<QueryOutcome>
  clock: Clock
  /** Progress lines. */
  log: (line: string) => void
  /** A clean-up that failed. */
  warning: (text: string, annotation: AnnotationProps) => void
  /** Registers the clean-up of a cancelled run; returns the function that unregisters it. */
  onCancel: (cleanup: Cleanup) => () => void
}

/**
 * Runs a search job (contract §4): creates the results table, polls the job
 * until it ends or `job-timeout` passes, reads the table through the query API
 * into the records file, and deletes the table unless it is kept. A timeout or
 * a cancelled run cancels the job and deletes the table, so nothing billable
 * is left behind.
 */
export async function runSearchJob(
  job: SearchJobSettings,
  spec: QuerySpec,
  clients: SearchJobClients,
  sink: ResultSink,
  log: (line: string) => void,
  split: Split = 'off',
  clock: Clock = systemClock
): Promise<SearchJobOutcome> {
  const caller: ArmCaller = { ...clients.arm.caller, idleTimeoutMs: ARM_IDLE_TIMEOUT_MS }
  const client = new SearchJobClient(clients.arm.endpoint, job, caller, {
    ...caller,
    retry: CLEANUP_RETRY,
    idleTimeoutMs: CLEANUP_IDLE_TIMEOUT_MS
  })
  const results = { ...spec, query: job.table, timespan: undefined, workspaces: [] }
  const read = () => queryExactly(clients.logs, results, sink, log, split)
  return new SearchJobRun(job, {
    client,
    read,
    clock,
    log,
    warning: (text, annotation) => actionLog.warning(text, annotation),
    onCancel
  }).run(spec.query)
}

/**
 * One search job's run: the state it is in (`job-lifecycle.ts` decides every
 * transition) and the I/O each state does. The clean-up starts once, when the
 * run enters `cleaning` or is cancelled; a cancelled run leaves the rest to its
 * cancellation, and the step that was interrupted never settles.
 */
export class SearchJobRun {
  phase: JobPhase = { name: 'creating' }
  private cleanup: Promise<boolean> | undefined
  private started = 0

  constructor(
    private readonly job: SearchJobSettings,
    private readonly io: SearchJobIo
  ) {}

  async run(query: string): Promise<SearchJobOutcome> {
    this.started = this.io.clock.now()
    const removeCleanup = this.io.onCancel(async () => {
      this.dispatch({ type: 'cancel' })
      await this.cleanup
    })
    while (!isFinal(this.phase)) this.dispatch(await this.step(this.phase, query))
    if (this.phase.name === 'cancelled') return never()
    removeCleanup()
    return this.end(this.phase)
  }

  /**
   * Moves to the state after `event`; entering `cleaning`, or `cancelled` with
   * a plan, starts the clean-up (the transitions start it once).
   */
  private dispatch(event: JobEvent): void {
    this.phase = next(this.phase, event)
    const plan =
      this.phase.name === 'cleaning' ? this.phase : this.phase.name === 'cancelled' ? this.phase.cleanup : undefined
    if (plan) this.cleanup ??= this.cleanUp(plan)
  }

  /** The I/O of a state, as the event it ends in. */
  private async step(phase: JobPhase, query: string): Promise<JobEvent> {
    try {
      switch (phase.name) {
        case 'creating':
          return await this.create(query)
        case 'polling':
          return await this.poll(phase)
        case 'reading':
          return await this.read(phase)
        case 'cleaning':
          return { type: 'cleaned', deleted: await this.cleanup! }
        default:
          throw new Error(`Search job: nothing to do in ${phase.name}.`)
      }
    } catch (error) {
      return { type: 'error', error }
    }
  }

  private async create(query: string): Promise<JobEvent> {
    const { job, io } = this
    io.log(
      `Creating table ${job.table} for the records of ${job.sourceTable} the query finds (at most ${formatCount(job.limit)}): this starts the search job.`
    )
    let started: StartedJob
    try {
      started = await this.settled(io.client.start(query))
    } catch (error) {
      if (error instanceof JobRefusedError) return { type: 'refused', error }
      throw error
    }
    io.log(
      `The search job started; asking how it is doing every ${formatElapsed(job.pollIntervalMs)}, for at most ${formatElapsed(job.timeoutMs)} (job-timeout).`
    )
    return { type: 'created', ...started }
  }

  /**
   * Waits `poll-interval` (or as long as the service's `Retry-After` asks, when
   * that is longer), never past job-timeout, then asks how the job is doing and
   * logs the answer. An unreadable answer is asked again.
   */
  private async poll(phase: Extract<JobPhase, { name: 'polling' }>): Promise<JobEvent> {
    const { job, io } = this
    const left = this.started + job.timeoutMs - io.clock.now()
    if (left <= 0) return { type: 'deadline' }
    await this.settled(io.clock.sleep(Math.min(Math.max(job.pollIntervalMs, phase.retryAfterMs ?? 0), left)))
    const { status, retryAfterMs } = await this.settled(io.client.status(phase.operationUrl))
    const elapsedMs = io.clock.now() - this.started
    io.log(
      status
        ? formatProgress(status, elapsedMs)
        : `The search job's status could not be read (after ${formatElapsed(elapsedMs)}); asking again.`
    )
    return { type: 'polled', status, retryAfterMs, elapsedMs }
  }

  /**
   * Reads the results table into the records file, all of it (the table holds
   * at most `limit` records), exactly as a query is read. When the count
   * disagrees with the records the job reported, the table is read again after
   * `poll-interval`, a few times.
   */
  private async read(phase: Extract<JobPhase, { name: 'reading' }>): Promise<JobEvent> {
    const { job, io } = this
    const { status, polls, elapsedMs, reReads } = phase
    if (reReads === 0) {
      io.log(
        `The search job succeeded in ${formatElapsed(elapsedMs)} after ${polls} poll${polls === 1 ? '' : 's'}; reading table ${job.table}.`
      )
    } else {
      await this.settled(io.clock.sleep(job.pollIntervalMs))
    }
    const outcome = await this.settled(io.read())
    if (readAgain(phase, outcome)) {
      io.log(
        `Table ${job.table} holds ${formatCount(outcome.count)} records, the job reported ${formatCount(status.records!)}; reading it again in ${formatElapsed(job.pollIntervalMs)}.`
      )
    } else if (status.scannedGb !== undefined) {
      io.log(`The search job scanned ${formatGb(status.scannedGb)} (search jobs are billed by the data they scan).`)
    }
    return { type: 'read', outcome }
  }

  /** Cancels the job when it may still run, and deletes the table unless it is kept; whether it was deleted. */
  private async cleanUp({ cancelJob }: CleanupPlan): Promise<boolean> {
    const { job, io } = this
    if (cancelJob) await this.attempt(`cancel the search job of ${job.table}`, () => io.client.cancel())
    if (job.keepTable) return false
    const deleted = await this.attempt(`delete table ${job.table}`, () => io.client.deleteTable())
    if (deleted) io.log(`Deleted table ${job.table}.`)
    return deleted
  }

  /** Runs a cleanup step; a failure is a warning naming what is left behind, never the run's error. */
  private async attempt(what: string, step: () => Promise<void>): Promise<boolean> {
    try {
      await step()
      return true
    } catch (error) {
      const { subscriptionId, resourceGroup, name } = this.job.workspace
      this.io.warning(
        `Could not ${what}: ${describeError(error)} ` +
          `Delete the table yourself so that it is not billed: az monitor log-analytics workspace table delete --subscription ${subscriptionId} ` +
          `--resource-group ${resourceGroup} --workspace-name ${name} --name ${this.job.table} --yes`,
        { title: 'Search job clean-up' }
      )
      return false
    }
  }

  /** What a run that is over answers: the records and the job's report, or its error. */
  private end(phase: JobPhase): SearchJobOutcome {
    const { job } = this
    switch (phase.name) {
      case 'done': {
        const { status, polls, elapsedMs, deleted } = phase
        if (job.keepTable) {
          this.io.log(
            `Kept table ${job.table} (keep-search-table): it is billed as an Analytics table until you delete it.`
          )
        }
        return {
          ...checkCount(phase.outcome, status, job.table),
          searchJob: {
            table: job.table,
            startTime: job.startTime,
            endTime: job.endTime,
            ...(status.scannedGb !== undefined && { scannedGb: status.scannedGb }),
            ...(status.records !== undefined && { records: status.records }),
            polls,
            elapsedMs,
            kept: job.keepTable,
            deleted
          }
        }
      }
      case 'timed-out': {
        const what = job.keepTable
          ? `table ${job.table} is kept`
          : phase.deleted
            ? `table ${job.table} was deleted`
            : `table ${job.table} could not be deleted`
        throw new ActionError(
          `The search job did not finish within job-timeout (${formatElapsed(job.timeoutMs)}): it was cancelled and ${what}. ` +
            'Raise job-timeout (at most 24 h), or search a shorter range.'
        )
      }
      case 'failed':
      case 'refused':
        throw phase.error
      default:
        throw new Error(`Search job: the run is not over (${phase.name}).`)
    }
  }

  /** `work`'s result; once the run is cancelled, the cancellation owns the rest of it and this never settles. */
  private async settled<T>(work: Promise<T>): Promise<T> {
    const result = await work.then(
      value => ({ value }),
      (error: unknown) => ({ error })
    )
    if (this.phase.name === 'cancelled') return never()
    if ('error' in result) throw result.error
    return result.value
  }
}

/**
 * The records read, as trusted as the count allows: a count that still
 * disagrees with the records the job reported (after the re-reads) makes the
 * answer partial.
 */
function checkCount(outcome: QueryOutcome, status: JobStatus, table: string): QueryOutcome {
  const reported = status.records
  if (reported === undefined || outcome.count === reported || outcome.status === 'partial') return outcome
  const message = `the search job reported ${formatCount(reported)} records, but table ${table} returned ${formatCount(outcome.count)}`
  return {
    ...outcome,
    status: 'partial',
    truncated: outcome.truncated || outcome.count < reported,
    partial: { message, truncated: false },
    countIsExact: false
  }
}

function never(): Promise<never> {
  return new Promise<never>(() => {})
}
