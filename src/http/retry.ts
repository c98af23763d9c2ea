import type { RetrySettings } from '../settings.js'
import { systemClock } from '../common/clock.js'
import { ActionError } from '../common/errors.js'
import { formatDuration } from '../common/format.js'
import { backoffMs } from './retry-policy.js'

/**
 * A failure worth another attempt: throttling, a gateway error, a dropped
 * connection, a body cut short. `retryAfterMs` is the wait the server asked for.
 */
export class TransientError extends Error {
  override name = 'TransientError'
  constructor(
    message: string,
    readonly retryAfterMs?: number
  ) {
    super(message)
  }
}

export interface RetryLog {
  /** Called before each wait with the reason and the wait. */
  retrying(what: string, attempt: number, reason: string, waitMs: number): void
}

/** Attempts and time spent by each retried operation, for the debug log and the summary. */
export interface AttemptCounter {
  attempts: number
}

/**
 * Runs `operation` until it succeeds, fails for good, or the retry budget
 * (count and time) is spent. Only a TransientError is retried.
 */
export async function withRetries<T>(
  what: string,
  operation: (attempt: number) => Promise<T>,
  settings: RetrySettings,
  log: RetryLog,
  counter?: AttemptCounter,
  sleep: (ms: number) => Promise<void> = ms => systemClock.sleep(ms)
): Promise<T> {
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    if (counter) counter.attempts++
    try {
      return await operation(attempt)
    } catch (error) {
      if (!(error instanceof TransientError)) throw error
      const retry = attempt
      const waitMs = error.retryAfterMs ?? backoffMs(retry)
      const elapsed = Date.now() - started
      if (retry > settings.maxRetries) {
        throw new ActionError(
          `${error.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${formatDuration(elapsed)}; max-retries is ${settings.maxRetries})`
        )
      }
      if (elapsed + waitMs > settings.maxRetryTimeMs) {
        throw new ActionError(
          `${error.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${formatDuration(elapsed)}: waiting ${formatDuration(waitMs)} more would pass max-retry-time, ${formatDuration(settings.maxRetryTimeMs)})`
        )
      }
      log.retrying(what, attempt, error.message, waitMs)
      await sleep(waitMs)
    }
  }
}
