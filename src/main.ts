import * as core from '@actions/core'
import { createTokenProvider } from './auth/sign-in.js'
import { defaultScope } from './clouds.js'
import { ActionError, describeError } from './errors.js'
import type { RetryLog } from './http/retry.js'
import { formatDuration } from './format.js'
import { secretInputValues } from './inputs/credential-inputs.js'
import { readSettings } from './inputs/input-helper.js'
import { runQuery } from './logs/query-client.js'
import { setOutputs } from './outputs.js'
import { summaryOf } from './summary/from-run.js'
import { renderSummary, rowsForSummary } from './summary/render.js'
import { announceConclusion } from './verdict.js'
import { actionEvaluationLog } from './watch/action-log.js'
import { evaluateOverTime } from './watch/loop.js'
import { toSample } from './watch/query-sample.js'

const retryLog: RetryLog = {
  retrying: (what, attempt, reason, waitMs) => core.info(`${what}: attempt ${attempt} failed (${reason}); retrying in ${formatDuration(waitMs)}`)
}

/** One run of the action, top to bottom. */
export async function run(): Promise<void> {
  const started = Date.now()
  let verdictSet = false
  try {
    for (const secret of secretInputValues(input)) core.setSecret(secret)
    const settings = readSettings(input)

    const signIn = createTokenProvider(settings, retryLog)
    const scope = defaultScope(settings.cloud.queryResource)
    await core.group('Sign in', async () => {
      core.info(`Signing in to ${settings.cloud.authorityHost} as ${signIn.description}`)
      await signIn.getToken(scope)
      core.info('Signed in.')
    })

    const previewRows = rowsForSummary(settings.summaryRows, settings.summary)
    const query = (index: number, at: number) =>
      core.group(settings.evaluation.mode === 'once' ? 'Query' : `Query (sample ${index})`, async () => {
        const counter = { attempts: 0 }
        core.info(`Querying ${settings.target.id} over ${settings.timespan ?? 'all retained data'}`)
        const queried = await runQuery({ settings, token: () => signIn.getToken(scope), previewRows, log: retryLog, counter })
        core.info(`${queried.count} rows in ${formatDuration(Date.now() - at)} (${counter.attempts} attempt${counter.attempts === 1 ? '' : 's'})`)
        return toSample(index, at, queried, settings.gate)
      })
    const evaluation = await evaluateOverTime(settings.evaluation, query, actionEvaluationLog)

    const { result, measure, partialError } = evaluation.last
    setOutputs({
      count: result.count,
      value: measure.value ?? '',
      recordsFile: settings.output.file,
      recordsWritten: result.written,
      samples: evaluation.samples.length,
      verdict: evaluation.conclusion.verdict
    })
    verdictSet = true

    await core.group('Results', async () => {
      core.info(`count: ${result.count}`)
      if (measure.value !== undefined) core.info(`value: ${measure.value}`)
      core.info(`records-written: ${result.written} (${settings.output.format}) to ${settings.output.file}`)
      if (result.tables > 1) core.warning(`The query returned ${result.tables} tables; only the first is counted and written.`)
      if (process.env.GITHUB_STEP_SUMMARY) {
        await core.summary.addRaw(renderSummary(summaryOf(settings, evaluation, Date.now() - started))).write()
      }
    })

    if (partialError) {
      throw new ActionError(`The result is incomplete, so the count cannot be trusted: ${partialError}`)
    }
    announceConclusion(evaluation.conclusion)
  } catch (error) {
    if (!verdictSet) setOutputs({ verdict: 'error' })
    core.setFailed(describeError(error))
    if (error instanceof Error && error.stack) core.debug(error.stack)
  }
}

function input(name: string): string {
  return core.getInput(name)
}
