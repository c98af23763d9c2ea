import * as core from '@actions/core'
import { createSignIn, type SignIn } from './auth/sign-in.js'
import { exitOnCancel } from './common/cancellation.js'
import { defaultScope } from './common/clouds.js'
import { ActionError, describeError } from './common/errors.js'
import { formatDuration, plural, shorten } from './common/format.js'
import { log } from './common/log.js'
import { maskAll, secretInputValues } from './common/secrets.js'
import { BASELINE_ROWS, baselineNote, baselineTimespan } from './evaluation/baseline.js'
import type { RowConditions } from './evaluation/conditions.js'
import { evaluateOverTime, type Evaluation } from './evaluation/loop.js'
import { toSample, type QuerySample } from './evaluation/query-sample.js'
import type { Caller } from './http/call.js'
import type { AttemptCounter, RetryLog } from './http/retry.js'
import { loadConditions, type CelConditions } from './inputs/gate-inputs.js'
import { readSettings } from './inputs/input-helper.js'
import { queryExactly, type QueryOutcome } from './logs/exact-query.js'
import type { LogsClient, ResultSink } from './logs/query-client.js'
import { withParameters } from './logs/query-parameters.js'
import type { QuerySpec } from './logs/query-request.js'
import { actionEvaluationLog } from './runner/evaluation-log.js'
import { baselineOutputs, RECORDS_CAP_BYTES, setOutputs } from './runner/outputs.js'
import { writeSummaryFile } from './runner/summary-file.js'
import { summaryOf } from './runner/summary-model.js'
import { announceConclusion } from './runner/verdict.js'
import { runSearchJob } from './search-job/run-search-job.js'
import type { ActionSettings, BaselineSettings, SearchJobSettings, Split } from './settings.js'
import { renderSummary, rowsForSummary } from './summary/render.js'

/** One run of the action, top to bottom. */
export async function run(): Promise<void> {
  const started = Date.now()
  let verdictSet = false
  try {
    exitOnCancel()
    maskAll(secretInputValues(input))
    const settings = readSettings(input)
    const cel = await loadConditions(settings.gate) // fail-if and warn-if, checked; none without them

    const signIn = createSignIn(settings.credential, settings, settings.retry, retryLog)
    await log.group('Sign in', () => signInOnce(signIn, defaultScope(settings.cloud.queryResource)))

    const spec = querySpecOf(settings)
    const sink: ResultSink = {
      output: settings.output,
      previewRows: rowsForSummary(settings.summaryRows, settings.summary),
      recordsBudget: RECORDS_CAP_BYTES
    }
    if (settings.searchJob) setOutputs({ searchTable: settings.searchJob.table })
    const step = settings.searchJob ? 'Search job' : 'Query'
    const sample = (index: number, at: number) =>
      log.group(settings.evaluation.mode === 'once' ? step : `${step} (sample ${index})`, () =>
        takeSample(settings, cel, spec, sink, signIn, index, at)
      )
    const evaluation = await evaluateOverTime(settings.evaluation, sample, actionEvaluationLog)

    const { outcome, measure, consequence } = evaluation.last
    setOutputs({
      count: outcome.count,
      value: measure.value ?? '',
      recordsFile: settings.output.file,
      recordsWritten: outcome.result.written,
      samples: evaluation.samples.length,
      verdict: evaluation.conclusion.verdict,
      truncated: outcome.truncated,
      records: outcome.result.records ?? '[]',
      matchedRows: evaluation.last.matchedRows ?? ''
    })
    if (evaluation.last.baseline) setOutputs(baselineOutputs(evaluation.last.baseline))
    verdictSet = true
    await log.group('Results', () => report(settings, evaluation, Date.now() - started))

    if (consequence.warn) log.warning(consequence.warn, { title: 'Incomplete result' })
    if (consequence.fail) log.fail(consequence.fail)
    else announceConclusion(evaluation.conclusion)
  } catch (error) {
    if (!verdictSet) setOutputs({ verdict: 'error' })
    log.fail(describeError(error))
    if (error instanceof Error && error.stack) log.debug(error.stack)
  }
}

/** The query as the Logs API runs it: what (after the `let` statements of its parameters), where, over which time. */
function querySpecOf(settings: ActionSettings): QuerySpec {
  const { target, query, timespan, additionalWorkspaces, timeoutSeconds, parameters } = settings
  return {
    target,
    query: withParameters(query, parameters),
    timespan,
    workspaces: additionalWorkspaces,
    serverTimeoutSeconds: timeoutSeconds
  }
}

/**
 * `fail-if` and `warn-if`, judged on every row as it streams by, with the sample's baseline rows when there are any;
 * undefined when neither is set (and the CEL side was not loaded).
 */
function conditionsOf(
  settings: ActionSettings,
  cel: CelConditions | undefined,
  baseline?: QueryOutcome
): RowConditions | undefined {
  if (!cel) return undefined
  const { failIf, warnIf } = settings.gate
  const baselineFor = baseline && cel.baselineValues(baseline.result.preview, baseline.result.columns)
  return new cel.RowConditions({ failIf, warnIf }, baselineFor)
}

async function signInOnce(signIn: SignIn, scope: string): Promise<void> {
  log.info(`Signing in as ${signIn.description}`)
  await signIn.getToken(scope)
  log.info('Signed in.')
  log.debug(`sign-in: ${signIn.network.counter.attempts} request(s) to Entra ID`)
}

/**
 * One sample: the query (or, in `mode: search-job`, the search job and then its table), run exactly, measured and
 * judged.
 */
async function takeSample(
  settings: ActionSettings,
  cel: CelConditions | undefined,
  spec: QuerySpec,
  sink: ResultSink,
  signIn: SignIn,
  index: number,
  started: number
): Promise<QuerySample> {
  const counter: AttemptCounter = { attempts: 0 }
  const clients = clientsFor(settings, signIn, counter)
  log.info(
    `${settings.searchJob ? 'Searching' : 'Querying'} ${spec.target.id} over ${spec.timespan ?? 'all retained data'}`
  )
  // A condition that reads `baseline` needs the baseline's rows while the current rows stream: the baseline is
  // queried first then. Otherwise both windows are queried side by side.
  const queryBaselineWindow = (baseline: BaselineSettings) =>
    queryBaseline(baseline, spec, clients.baselineLogs, started)
  const baselineFirst =
    settings.baseline && cel?.readsBaseline(settings.gate) ? await queryBaselineWindow(settings.baseline) : undefined
  const conditions = conditionsOf(settings, cel, baselineFirst)
  const rowSink: ResultSink = conditions ? { ...sink, rows: conditions } : sink
  const [outcome, baselineOutcome] = await bothWindows(
    queryCurrentWindow(settings.searchJob, settings.split, spec, clients, rowSink),
    baselineFirst ?? (settings.baseline && queryBaselineWindow(settings.baseline))
  )
  const attempts = plural(counter.attempts, 'attempt')
  log.info(`${outcome.result.count} rows in ${formatDuration(Date.now() - started)} (${attempts})`)
  log.debug(`query: ${attempts}, ${formatDuration(Date.now() - started)}, ${outcome.result.tables} table(s)`)
  return toSample(index, started, outcome, counter.attempts, settings, conditions?.tally(), baselineOutcome)
}

/** The services one sample calls: the Logs API (the baseline's attempts counted apart) and Azure Resource Manager. */
function clientsFor(settings: ActionSettings, signIn: SignIn, counter: AttemptCounter) {
  const callerFor = (resource: string, attempts: AttemptCounter | undefined): Caller => ({
    token: () => signIn.getToken(defaultScope(resource)),
    retry: settings.retry,
    log: retryLog,
    counter: attempts
  })
  const { queryEndpoint, queryResource, armEndpoint, armResource } = settings.cloud
  return {
    logs: { endpoint: queryEndpoint, caller: callerFor(queryResource, counter) } satisfies LogsClient,
    baselineLogs: { endpoint: queryEndpoint, caller: callerFor(queryResource, { attempts: 0 }) } satisfies LogsClient,
    arm: { endpoint: armEndpoint, caller: callerFor(armResource, undefined) }
  }
}

/** The sample's own window: the query, or in `mode: search-job` the search job and then its table. */
function queryCurrentWindow(
  job: SearchJobSettings | undefined,
  split: Split,
  spec: QuerySpec,
  clients: ReturnType<typeof clientsFor>,
  sink: ResultSink
): Promise<QueryOutcome> {
  const logLine = (line: string) => log.info(line)
  if (!job) return queryExactly(clients.logs, spec, sink, logLine, split)
  return runSearchJob(job, spec, { arm: clients.arm, logs: clients.logs }, sink, logLine, split)
}

/**
 * The same query over the baseline window of a sample that started at `at`: a
 * new QuerySpec with an absolute timespan, its rows kept in memory (at most
 * BASELINE_ROWS) and never written.
 */
async function queryBaseline(
  baseline: BaselineSettings,
  spec: QuerySpec,
  logs: LogsClient,
  at: number
): Promise<QueryOutcome> {
  const timespan = baselineTimespan(baseline, at)
  log.info(`Baseline (${baseline.name}): querying ${spec.target.id} over ${timespan}`)
  try {
    const outcome = await queryExactly(
      logs,
      { ...spec, timespan },
      { output: null, previewRows: BASELINE_ROWS },
      line => log.info(`Baseline: ${line}`)
    )
    log.info(`Baseline: ${outcome.count} rows (${plural(logs.caller.counter?.attempts ?? 0, 'attempt')})`)
    const note = baselineNote(outcome)
    if (note) log.info(note)
    return outcome
  } catch (error) {
    if (error instanceof ActionError)
      throw new ActionError(`The baseline query over ${timespan} failed: ${error.message}`)
    throw error
  }
}

/** The current answer and the baseline's, queried side by side: either failing fails the sample (never a pass). */
async function bothWindows<T>(
  current: Promise<T>,
  baseline: Promise<QueryOutcome> | QueryOutcome | undefined
): Promise<[T, QueryOutcome | undefined]> {
  const [now, before] = await Promise.allSettled([current, baseline])
  if (now.status === 'rejected') throw now.reason
  if (before.status === 'rejected') throw before.reason
  return [now.value, before.value]
}

async function report(settings: ActionSettings, evaluation: Evaluation<QuerySample>, elapsedMs: number): Promise<void> {
  const { outcome, measure } = evaluation.last
  log.info(`count: ${outcome.count}`)
  if (evaluation.last.baseline) log.info(`baseline-count: ${evaluation.last.baseline.count}`)
  if (measure.value !== undefined) log.info(`value: ${shorten(measure.value, 200)}`)
  log.info(`records-written: ${outcome.result.written} (${settings.output.format}) to ${settings.output.file}`)
  if (outcome.result.tables > 1)
    log.warning(`The query returned ${outcome.result.tables} tables; only the first is counted and written.`)
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const summary = renderSummary(summaryOf(settings, evaluation, elapsedMs))
  setOutputs({ summaryFile: writeSummaryFile(summary) })
  await core.summary.addRaw(summary).write()
}

const retryLog: RetryLog = {
  retrying: (what, attempt, reason, waitMs) =>
    log.info(`${what}: attempt ${attempt} failed (${reason}); retrying in ${formatDuration(waitMs)}`)
}

function input(name: string): string {
  return core.getInput(name)
}
