import type { IncomingHttpHeaders } from 'node:http'

/**
 * When to try again, and how long to wait first. Modelled on the Azure SDK's
 * policy (contract §3): throttling and gateway trouble are retried, mistakes
 * in the request are not.
 */

/** 408, 429 and the 5xx a gateway or an overloaded service answers with (not 501/505). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
}

/** Network failures worth another attempt. */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
  'Z_BUF_ERROR',
  'Z_DATA_ERROR'
])

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms`,
 * `x-ms-retry-after-ms`, or `Retry-After` as seconds or an HTTP date.
 */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(header(headers, name))
    if (header(headers, name) !== undefined && Number.isFinite(value) && value >= 0) return value
  }
  const retryAfter = header(headers, 'retry-after')?.trim()
  if (retryAfter === undefined || retryAfter === '') return undefined
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000
  // An HTTP date names its weekday or month ("Wed, 25 Nov 2026 19:40:00 GMT"); anything else is garbage.
  if (!/[a-z]{3}/i.test(retryAfter)) return undefined
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export interface BackoffOptions {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 64000 }

/** Exponential back-off for retry `n` (1-based), jittered by ±20 %, never above the cap. */
export function backoffMs(retry: number, random = Math.random(), options = DEFAULT_BACKOFF): number {
  const exponential = options.baseMs * 2 ** (retry - 1)
  return Math.round(Math.min(options.maxMs, exponential * (0.8 + 0.4 * random)))
}

/** A header's single value (the first, when it came more than once). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}
