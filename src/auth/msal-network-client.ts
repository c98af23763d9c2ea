import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'
import { ActionError } from '../common/errors.js'
import { tokenRequestSecrets } from '../common/secrets.js'
import type { IncomingHttpHeaders } from 'node:http'
import { callForText } from '../http/call.js'
import type { AttemptCounter, RetryLog } from '../http/retry.js'
import type { RetrySettings } from '../settings.js'
import { signInError, SignInError } from './sign-in-errors.js'

const TOKEN_TIMEOUT_MS = 30000

/**
 * msal-node's network module, built on this action's HTTP layer: proxy settings
 * apply, and throttled or failing token requests are retried like queries
 * (msal does not retry confidential-client token requests itself).
 *
 * When the request fails for good, msal only sees a generic network error;
 * the real reason is kept in `failure` for the sign-in error message. The
 * secrets a token request carries (a client secret, a client assertion) are
 * handed to `mask` before the request leaves.
 */
export class MsalNetworkClient implements INetworkModule {
  failure: SignInError | undefined
  readonly counter: AttemptCounter = { attempts: 0 }

  constructor(
    private readonly retry: RetrySettings,
    private readonly log: RetryLog,
    private readonly mask: (secret: string) => void = () => {}
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.request<T>('GET', url, options, timeout)
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    for (const secret of tokenRequestSecrets(options?.body)) this.mask(secret)
    return this.request<T>('POST', url, options)
  }

  private async request<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number
  ): Promise<NetworkResponse<T>> {
    const host = new URL(url).host
    const request = {
      method,
      url,
      headers: options?.headers,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
      idleTimeoutMs: timeout ?? TOKEN_TIMEOUT_MS
    }
    const how = {
      what: `token request to ${host}`,
      retry: this.retry,
      log: this.log,
      counter: this.counter,
      describe: (status: number, text: string) => `${host} answered ${status}${describeBody(text)}`
    }
    try {
      const answer = await callForText(() => request, how)
      if (method === 'GET' && answer.status >= 400) {
        // msal reports a failed metadata request only as "endpoints_resolution_error": keep Entra's reason.
        this.failure = signInError({ message: errorDescription(answer.text) || `${host} answered ${answer.status}` })
      }
      return { status: answer.status, headers: flatHeaders(answer.headers), body: parseBody(answer.text) as T }
    } catch (error) {
      const reason = error instanceof ActionError ? error.message : `cannot reach ${host}: ${(error as Error).message}`
      this.failure = new SignInError(reason)
      throw error
    }
  }
}

function flatHeaders(answer: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(answer)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text)
  } catch {
    return {}
  }
}

/** Entra's description of a failed answer (`error_description`, else `error`). */
function errorDescription(text: string): string {
  const body = parseBody(text) as { error_description?: unknown; error?: unknown }
  return typeof body.error_description === 'string'
    ? body.error_description
    : typeof body.error === 'string'
      ? body.error
      : ''
}

/** The error text of a failed answer, one line, for the log. */
function describeBody(text: string): string {
  const detail = errorDescription(text).split(/\r?\n/)[0]
  return detail ? `: ${detail}` : ''
}
