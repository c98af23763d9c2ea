import * as core from '@actions/core'
import { createTokenProvider } from './auth/sign-in.js'
import { defaultScope } from './clouds.js'
import { ActionError, describeError } from './errors.js'
import { evaluateGate } from './gate.js'
import type { RetryLog } from './http/retry.js'
import { formatDuration } from './format.js'
import { secretInputValues } from './inputs/credential-inputs.js'
import { readSettings } from './inputs/input-helper.js'
import { runQuery } from './logs/query-client.js'
import { unwrap } from './logs/service-error.js'
import { setOutputs } from './outputs.js'
import { renderSummary } from './summary.js'

const PREVIEW_ROWS = 20

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
      core.info(`Signing in as ${signIn.description}`)
      await signIn.getToken(scope)
      core.info('Signed in.')
    })

    const counter = { attempts: 0 }
    const result = await core.group('Query', async () => {
      core.info(`Querying ${settings.target.id} over ${settings.timespan ?? 'all retained data'}`)
      const queried = await runQuery({ settings, token: () => signIn.getToken(scope), previewRows: PREVIEW_ROWS, log: retryLog, counter })
      core.info(`${queried.count} rows in ${formatDuration(Date.now() - started)} (${counter.attempts} attempt${counter.attempts === 1 ? '' : 's'})`)
      return queried
    })

    const partialError = result.partialError ? unwrap(result.partialError).message : undefined
    const gate = evaluateGate(result.count, settings.gate)
    setOutputs({
      count: result.count,
      recordsFile: settings.output.file,
      recordsWritten: result.written,
      verdict: partialError ? 'error' : gate.verdict
    })
    verdictSet = true

    await core.group('Results', async () => {
      core.info(`count: ${result.count}`)
      core.info(`records-written: ${result.written} (${settings.output.format}) to ${settings.output.file}`)
      if (result.tables > 1) core.warning(`The query returned ${result.tables} tables; only the first is counted and written.`)
      if (settings.summary && process.env.GITHUB_STEP_SUMMARY) {
        const markdown = renderSummary({
          gate,
          count: result.count,
          written: result.written,
          recordsFile: settings.output.file,
          format: settings.output.format,
          workspace: settings.target.id,
          timespan: settings.timespan,
          query: settings.query,
          columns: result.columns,
          preview: result.preview,
          elapsedMs: Date.now() - started,
          partialError
        })
        await core.summary.addRaw(markdown).write()
      }
    })

    if (partialError) {
      throw new ActionError(`The result is incomplete, so the count cannot be trusted: ${partialError}`)
    }
    if (gate.verdict === 'fail') {
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

function input(name: string): string {
  return core.getInput(name)
}
