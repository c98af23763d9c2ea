import { execFile } from 'node:child_process'
import { SignInError } from './sign-in-errors.js'
import { cachedTokens, type ExpiringToken } from './token-cache.js'
import type { TokenProvider } from './token-provider.js'

const TIMEOUT_MS = 60_000

/** What `az` did: its exit code (or the reason it never ran) and its output. */
export interface CommandResult {
  /** `ENOENT` when the command is not on PATH, `TIMEOUT` when it was stopped. */
  failure?: 'ENOENT' | 'TIMEOUT'
  exitCode: number
  stdout: string
  stderr: string
}

export type CommandRunner = (args: string[]) => Promise<CommandResult>

/**
 * The session azure/login left behind: `az account get-access-token` for the
 * cloud's query resource. Tokens are reused until five minutes before they
 * expire, so one run starts az once.
 */
export function azureCliProvider(tenantId: string | undefined, run: CommandRunner = runAz): TokenProvider {
  return {
    description: 'the Azure CLI session (az account get-access-token)',
    getToken: cachedTokens(async scope => {
      const resource = scope.replace(/\/\.default$/, '')
      const tenant = tenantId ? ['--tenant', tenantId] : []
      return readCliToken(
        await run(['account', 'get-access-token', '--resource', resource, ...tenant, '--output', 'json'])
      )
    })
  }
}

/**
 * The token in az's answer, or the one-line error for a failed or unusable one. Never shows the output, which may hold
 * a token.
 */
export function readCliToken(result: CommandResult): ExpiringToken {
  if (result.failure === 'ENOENT' || /is not recognized as an internal or external command/i.test(result.stderr)) {
    throw new SignInError(
      'the Azure CLI (az) is not on PATH; auth-type azure-cli reuses the session of azure/login, so it needs a runner with the Azure CLI and azure/login earlier in the job.'
    )
  }
  if (result.failure === 'TIMEOUT')
    throw new SignInError(`az account get-access-token did not finish within ${TIMEOUT_MS / 1000} s.`)
  if (result.exitCode !== 0) {
    const reason = firstError(result.stderr) || `exit code ${result.exitCode}`
    const noSession = /az login|az account set|No subscription found/i.test(reason)
    const hint = noSession
      ? ' (no Azure CLI session: run azure/login earlier in the job, or choose another auth-type)'
      : ''
    throw new SignInError(`az account get-access-token: ${reason}${hint}`)
  }
  let answer: { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown }
  try {
    answer = JSON.parse(result.stdout) as typeof answer
  } catch {
    answer = {}
  }
  if (typeof answer?.accessToken !== 'string' || answer.accessToken === '') {
    throw new SignInError('az account get-access-token printed no access token.')
  }
  return { token: answer.accessToken, expiresAtMs: expiresAt(answer.expires_on, answer.expiresOn) }
}

/** `expires_on` (seconds since the epoch, newer az) or `expiresOn` (local time, "2026-11-01 10:00:00.000000"). */
function expiresAt(epochSeconds: unknown, localTime: unknown): number | undefined {
  const seconds = Number(epochSeconds)
  if (epochSeconds !== undefined && epochSeconds !== '' && Number.isFinite(seconds)) return seconds * 1000
  if (typeof localTime !== 'string') return undefined
  const match = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)/.exec(localTime)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number)
  return new Date(year, month - 1, day, hour, minute, second).getTime()
}

/** The first line az's error output means, without its `ERROR: ` prefix and warnings. */
function firstError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !/^WARNING:/i.test(line))
  return (lines[0] ?? '').replace(/^ERROR:\s*/i, '').slice(0, 300)
}

/**
 * Runs az: az.cmd on Windows, through the shell as Node requires for .cmd files
 * (the arguments are fixed words, a cloud's resource URL and a checked tenant ID).
 */
function runAz(args: string[]): Promise<CommandResult> {
  const windows = process.platform === 'win32'
  return new Promise(resolve => {
    const options = { shell: windows, timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 1 << 20 }
    execFile(windows ? 'az.cmd' : 'az', args, options, (error, stdout, stderr) => {
      const failure =
        (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'ENOENT' : error?.killed ? 'TIMEOUT' : undefined
      const exitCode = typeof error?.code === 'number' ? error.code : error ? 1 : 0
      resolve({ ...(failure && { failure }), exitCode, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}
