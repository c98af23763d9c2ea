import type { IncomingHttpHeaders } from 'node:http'
import { readText, send } from '../http/http.js'
import { isRetryableStatus, retryAfterMs } from '../http/retry-policy.js'
import { TransientError, withRetries, type RetryLog } from '../http/retry.js'
import type { RetrySettings } from '../settings.js'
import type { ArmRequest } from './arm-paths.js'
import { armErrorMessage } from './arm-error.js'

/** An answer from Azure Resource Manager, read whole (ARM bodies are small). */
export interface ArmAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** How to reach Azure Resource Manager: a token for each attempt, and a retry budget. */
export interface ArmCaller {
  /** A valid Azure Resource Manager access token. */
  token: () => Promise<string>
  retry: RetrySettings
  log: RetryLog
  /** Give up on a silent connection after this long. */
  idleTimeoutMs: number
}

/**
 * Sends one request to Azure Resource Manager through the action's HTTP layer.
 * Throttling (429), gateway errors and dropped connections are retried as
 * `Retry-After` asks, within the budget; any other answer is returned.
 */
export async function callArm(what: string, request: ArmRequest | { method: 'GET'; url: string }, caller: ArmCaller): Promise<ArmAnswer> {
  return withRetries(
    what,
    async () => {
      const response = await send({
        method: request.method,
        url: request.url,
        headers: {
          accept: 'application/json',
          ...('body' in request && request.body !== undefined && { 'content-type': 'application/json' }),
          authorization: `Bearer ${await caller.token()}`
        },
        body: 'body' in request ? request.body : undefined,
        idleTimeoutMs: caller.idleTimeoutMs
      })
      const text = await readText(response)
      if (isRetryableStatus(response.status)) {
        throw new TransientError(armErrorMessage(what, response.status, text), retryAfterMs(response.headers))
      }
      return { status: response.status, headers: response.headers, text }
    },
    caller.retry,
    caller.log
  )
}

/** A header's single value. */
export function header(answer: ArmAnswer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
