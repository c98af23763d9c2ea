import { log as actionLog } from '../common/log.js'
import { onCancel } from '../common/cancellation.js'
import { ActionError, describeError } from '../common/errors.js'
import { queryExactly, type QueryOutcome } from '../logs/exact-query.js'
import type { LogsClient, ResultSink } from '../logs/query-client.js'
import type { QuerySpec } from '../logs/query-request.js'
import type { Caller } from '../http/call.js'
import type { SearchJobSettings } from '../settings.js'
import type { ArmCaller } from './arm-client.js'
import { JobRefusedError, SearchJobClient } from './job-client.js'
import type { JobStatus } from './job-status.js'
import { formatCount, formatElapsed, formatGb } from '../common/format.js'
import { pollJob } from './poll-job.js'

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
/** How often the results table is read again when it holds fewer records than the job reported. */
const RE_READS = 3

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
  sleep: (ms: number) => Promise<void> = delay
): Promise<SearchJobOutcome> {
  const caller: ArmCaller = { ...clients.arm.caller, idleTimeoutMs: ARM_IDLE_TIMEOUT_MS }
  const client = new SearchJobClient(clients.arm.endpoint, job, caller, { ...caller, retry: CLEANUP_RETRY, idleTimeoutMs: CLEANUP_IDLE_TIMEOUT_MS })
  const started = Date.now()
  const deadline = started + job.timeoutMs

  /** Whether the table may exist; false only when the service refused to create it. */
  let created: boolean | undefined
  let running = true
  let cleanup: Promise<{ deleted: boolean }> | undefined
  const cleanUp = () =>
    (cleanup ??= (async () => {
      if (created === false) return { deleted: false }
      if (running) await attempt(`cancel the search job of ${job.table}`, () => client.cancel(), job)
      if (job.keepTable) return { deleted: false }
      const deleted = await attempt(`delete table ${job.table}`, () => client.deleteTable(), job)
      if (deleted) log(`Deleted table ${job.table}.`)
      return { deleted }
    })())
  // On cancellation the cleanup owns the rest of the run: the interrupted steps never settle.
  let cancelled = false
  const removeCleanup = onCancel(async () => {
    cancelled = true
    await cleanUp()
  })
  const unlessCancelled = async <T>(work: Promise<T>): Promise<T> => {
    const settled = await work.then(
      value => ({ value }),
      (error: unknown) => ({ error })
    )
    if (cancelled) return new Promise<never>(() => {})
    if ('error' in settled) throw settled.error
    return settled.value
  }

  try {
    log(`Creating table ${job.table} for the records of ${job.sourceTable} the query finds (at most ${formatCount(job.limit)}): this starts the search job.`)
    const start = await unlessCancelled(
      client.start(spec.query).catch((error: unknown) => {
        if (error instanceof JobRefusedError) created = false
        throw error
      })
    )
    created = true
    log(`The search job started; asking how it is doing every ${formatElapsed(job.pollIntervalMs)}, for at most ${formatElapsed(job.timeoutMs)} (job-timeout).`)

    const polled = await pollJob(client, start, { started, deadline, pollIntervalMs: job.pollIntervalMs, sleep, info: log, unlessCancelled })
    if ('timedOut' in polled) {
      const { deleted } = await cleanUp()
      const what = job.keepTable ? `table ${job.table} is kept` : deleted ? `table ${job.table} was deleted` : `table ${job.table} could not be deleted`
      throw new ActionError(
        `The search job did not finish within job-timeout (${formatElapsed(job.timeoutMs)}): it was cancelled and ${what}. ` +
          'Raise job-timeout (at most 24 h), or search a shorter range.'
      )
    }
    const { status, polls } = polled
    running = false
    if (status.state !== 'succeeded') {
      const reason = status.error?.message ? `: ${status.error.message}${status.error.code ? ` [${status.error.code}]` : ''}` : '.'
      throw new ActionError(status.state === 'failed' ? `The search job failed${reason}` : `The search job was cancelled by the service or by someone else${reason}`)
    }
    const elapsedMs = Date.now() - started
    log(`The search job succeeded in ${formatElapsed(elapsedMs)} after ${polls} poll${polls === 1 ? '' : 's'}; reading table ${job.table}.`)

    const results = { ...spec, query: job.table, timespan: undefined, workspaces: [] }
    const outcome = await unlessCancelled(readResults(job, () => queryExactly(clients.logs, results, sink, log), status, sleep, log))
    const { deleted } = await cleanUp()
    if (job.keepTable) {
      log(`Kept table ${job.table} (keep-search-table): it is billed as an Analytics table until you delete it.`)
    }
    return {
      ...outcome,
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
  } finally {
    await cleanUp()
    removeCleanup()
  }
}

/**
 * Reads the results table into the records file, all of it (the table holds
 * at most `limit` records), exactly as a query is read: an answer cut at the
 * service's caps is counted on the server. When the count disagrees with the
 * records the job reported, the table is read again a few times, then the
 * answer is partial: a count that disagrees with the job cannot be trusted.
 */
async function readResults(
  job: SearchJobSettings,
  read: () => Promise<QueryOutcome>,
  status: JobStatus,
  sleep: (ms: number) => Promise<void>,
  log: (line: string) => void
): Promise<QueryOutcome> {
  const reported = status.records
  let outcome = await read()
  for (let reRead = 1; reported !== undefined && outcome.count !== reported && reRead <= RE_READS; reRead++) {
    log(`Table ${job.table} holds ${formatCount(outcome.count)} records, the job reported ${formatCount(reported)}; reading it again in ${formatElapsed(job.pollIntervalMs)}.`)
    await sleep(job.pollIntervalMs)
    outcome = await read()
  }
  if (status.scannedGb !== undefined) log(`The search job scanned ${formatGb(status.scannedGb)} (search jobs are billed by the data they scan).`)
  if (reported === undefined || outcome.count === reported || outcome.status === 'partial') return outcome
  const message = `the search job reported ${formatCount(reported)} records, but table ${job.table} returned ${formatCount(outcome.count)}`
  return { ...outcome, status: 'partial', truncated: outcome.truncated || outcome.count < reported, partial: { message, truncated: false }, countIsExact: false }
}

/** Runs a cleanup step; a failure is a warning naming what is left behind, never the run's error. */
async function attempt(what: string, step: () => Promise<void>, job: SearchJobSettings): Promise<boolean> {
  try {
    await step()
    return true
  } catch (error) {
    const { subscriptionId, resourceGroup, name } = job.workspace
    actionLog.warning(
      `Could not ${what}: ${describeError(error)} ` +
        `Delete the table yourself so that it is not billed: az monitor log-analytics workspace table delete --subscription ${subscriptionId} ` +
        `--resource-group ${resourceGroup} --workspace-name ${name} --name ${job.table} --yes`,
      { title: 'Search job clean-up' }
    )
    return false
  }
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
