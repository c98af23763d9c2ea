import { callForText, type Caller, type TextAnswer } from '../http/call.js'
import { armErrorMessage } from './arm-error.js'
import type { ArmRequest } from './arm-paths.js'

/**
 * How to reach Azure Resource Manager: a token for each attempt, a retry budget, and how long a silent connection is
 * given.
 */
export interface ArmCaller extends Caller {
  idleTimeoutMs: number
}

/**
 * Sends one request to Azure Resource Manager. Throttling (429), gateway
 * errors and dropped connections are retried as `Retry-After` asks, within the
 * budget; any other answer is returned, read whole (ARM bodies are small).
 */
export function callArm(
  what: string,
  request: ArmRequest | { method: 'GET'; url: string },
  caller: ArmCaller
): Promise<TextAnswer> {
  const body = 'body' in request ? request.body : undefined
  return callForText(
    async () => ({
      method: request.method,
      url: request.url,
      headers: {
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        authorization: `Bearer ${await caller.token()}`
      },
      body,
      idleTimeoutMs: caller.idleTimeoutMs
    }),
    {
      what,
      retry: caller.retry,
      log: caller.log,
      counter: caller.counter,
      describe: (status, text) => armErrorMessage(what, status, text)
    }
  )
}
