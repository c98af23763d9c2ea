import * as core from '@actions/core'
import { createTokenProvider, type SignIn } from './auth/sign-in.js'
import { exitOnCancel } from './cancellation.js'
import { defaultScope } from './clouds.js'
import { describeError } from './errors.js'
import { formatDuration } from './format.js'
import { evaluateGate, type GateOutcome } from './gate.js'
import type { AttemptCounter, RetryLog } from './http/retry.js'
import { secretInputValues } from './inputs/credential-inputs.js'
import { readSettings } from './inputs/input-helper.js'
import { queryExactly, type QueryOutcome } from './logs/exact-query.js'
import { partialConsequence } from './logs/partial-result.js'
import { setOutputs } from './outputs.js'
import { runSearchJob } from './search-job/run-search-job.js'
import { searchJobSummary } from './search-job/summary.js'
import type { ActionSettings } from './settings.js'
import { renderSummary } from './summary.js'

const PREVIEW_ROWS = 20

/** One run of the action, top to bottom. */
export async function run(): Promise<void> {
  const started = Date.now()
  let verdictSet = false
  try {
    exitOnCancel()
    for (const secret of secretInputValues(input)) core.setSecret(secret)
    const settings = readSettings(input)

    const signIn = createTokenProvider(settings, retryLog)
    const scope = defaultScope(settings.cloud.queryResource)
    await core.group('Sign in', () => signInOnce(signIn, scope))

    const counter: AttemptCounter = { attempts: 0 }
    if (settings.searchJob) setOutputs({ searchTable: settings.searchJob.table })
    const outcome = await core.group(settings.searchJob ? 'Search job' : 'Query', () => query(settings, signIn, scope, counter))
    const gate = evaluateGate(outcome.count, settings.gate)
    const consequence = outcome.partial ? partialConsequence(outcome.partial, outcome.count, outcome.countIsExact, settings.onPartial) : {}

    setOutputs({
      count: outcome.count,
      recordsFile: settings.output.file,
      recordsWritten: outcome.result.written,
      verdict: consequence.fail ? 'error' : gate.verdict,
      truncated: outcome.truncated
    })
    verdictSet = true
    await core.group('Results', () => report(settings, outcome, gate, Date.now() - started, counter.attempts))

    if (consequence.warn) core.warning(consequence.warn, { title: 'Incomplete result' })
    if (consequence.fail) {
      core.setFailed(consequence.fail)
    } else if (gate.verdict === 'fail') {
      const sentence = gate.failures.join('; ')
      core.error(sentence, { title: 'Log Analytics gate failed' })
      core.setFailed(`Gate failed: ${sentence}`)
    } else if (gate.verdict === 'pass') {
      core.info(`Gate passed: ${gate.passes.join('; ')}`)
    }
  } catch (error) {
    if (!verdictSet) setOutputs({ verdict: 'error' })
    core.setFailed(describeError(error))
    if (error instanceof Error && error.stack) core.debug(error.stack)
  }
}

async function signInOnce(signIn: SignIn, scope: string): Promise<void> {
  core.info(`Signing in as ${signIn.description}`)
  await signIn.getToken(scope)
  core.info('Signed in.')
  core.debug(`sign-in: ${signIn.network.counter.attempts} request(s) to Entra ID`)
}

/** Runs the query, or in `mode: search-job` the search job whose results table is then read. */
async function query(settings: ActionSettings, signIn: SignIn, scope: string, counter: AttemptCounter): Promise<QueryOutcome> {
  const started = Date.now()
  const job = settings.searchJob
  core.info(`${job ? 'Searching' : 'Querying'} ${settings.target.id} over ${settings.timespan ?? 'all retained data'}`)
  const options = { settings, output: settings.output, token: () => signIn.getToken(scope), previewRows: PREVIEW_ROWS, log: retryLog, counter }
  const log = (line: string) => core.info(line)
  const outcome = job ? await runSearchJob(job, { ...options, tokens: signIn }, log) : await queryExactly(options, log)
  const attempts = `${counter.attempts} attempt${counter.attempts === 1 ? '' : 's'}`
  core.info(`${outcome.result.count} rows in ${formatDuration(Date.now() - started)} (${attempts})`)
  core.debug(`query: ${attempts}, ${formatDuration(Date.now() - started)}, ${outcome.result.tables} table(s)`)
  return outcome
}

async function report(settings: ActionSettings, outcome: QueryOutcome, gate: GateOutcome, elapsedMs: number, attempts: number): Promise<void> {
  const { result } = outcome
  core.info(`count: ${outcome.count}`)
  core.info(`records-written: ${result.written} (${settings.output.format}) to ${settings.output.file}`)
  if (result.tables > 1) core.warning(`The query returned ${result.tables} tables; only the first is counted and written.`)
  if (!settings.summary || !process.env.GITHUB_STEP_SUMMARY) return
  const markdown = renderSummary({
    gate,
    count: outcome.count,
    written: result.written,
    recordsFile: settings.output.file,
    format: settings.output.format,
    workspace: settings.target.id,
    timespan: settings.timespan,
    query: settings.query,
    columns: result.columns,
    preview: result.preview,
    elapsedMs,
    attempts,
    partialError: outcome.partial?.message,
    ...searchJobSummary(outcome)
  })
  await core.summary.addRaw(markdown).write()
}

const retryLog: RetryLog = {
  retrying: (what, attempt, reason, waitMs) => core.info(`${what}: attempt ${attempt} failed (${reason}); retrying in ${formatDuration(waitMs)}`)
}

function input(name: string): string {
  return core.getInput(name)
}
