import type { IncomingHttpHeaders } from 'node:http'
import type { RetrySettings } from '../settings.js'
import { isRetryableStatus, retryAfterMs } from './retry-policy.js'
import { TransientError, withRetries, type AttemptCounter, type RetryLog } from './retry.js'
import { readText, send, type HttpRequest, type HttpResponse } from './send.js'

/**
 * The one way this action calls a service: a request, sent again as the retry
 * policy says while the answer is throttling or gateway trouble (408, 429, 5xx)
 * or the connection fails, each attempt with a fresh request (a fresh token).
 * The Logs API, Azure Resource Manager and Entra ID (through msal) all go
 * through `call`.
 */

/**
 * What every request of one kind needs: a token for each attempt, the retry budget, where retries are told, and a
 * counter.
 */
export interface Caller {
  /** A valid access token for the service called. */
  token: () => Promise<string>
  retry: RetrySettings
  log: RetryLog
  /** Counts the attempts (retries included), for the log and the summary. */
  counter?: AttemptCounter
}

/** How a call goes: what to call it in the log, its budget, and how to word a retryable answer. */
export interface CallOptions {
  /** `query`, `token request to login.microsoftonline.com`: names the call in retry lines. */
  what: string
  retry: RetrySettings
  log: RetryLog
  counter?: AttemptCounter
  /** The message of a retryable answer (its status and body), for the retry line and, at the end, the error. */
  describe: (status: number, text: string) => string
}

/**
 * Sends `request()` until an answer that is not worth retrying arrives, and
 * hands that answer to `read` (which reads or discards its body; it may throw
 * a TransientError to have the call retried, a cut-off body say).
 */
export async function call<T>(
  request: () => Promise<HttpRequest> | HttpRequest,
  options: CallOptions,
  read: (response: HttpResponse) => Promise<T>
): Promise<T> {
  return withRetries(
    options.what,
    async () => {
      const response = await send(await request())
      if (isRetryableStatus(response.status)) {
        const text = await readText(response)
        throw new TransientError(options.describe(response.status, text), retryAfterMs(response.headers))
      }
      return read(response)
    },
    options.retry,
    options.log,
    options.counter
  )
}

/** An answer read whole, as text (small answers: errors, tokens, status documents). */
export interface TextAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** `call`, reading the answer whole as text. */
export function callForText(
  request: () => Promise<HttpRequest> | HttpRequest,
  options: CallOptions
): Promise<TextAnswer> {
  return call(request, options, async response => ({
    status: response.status,
    headers: response.headers,
    text: await readText(response)
  }))
}
