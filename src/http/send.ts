import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { ActionError } from '../common/errors.js'
import { RETRYABLE_NETWORK_CODES } from './retry-policy.js'
import { TransientError } from './retry.js'

/**
 * The one way this action talks HTTP: through @actions/http-client, so the
 * runner's proxy settings (`https_proxy`, `no_proxy`) apply to every request.
 * One attempt per call; retrying is the caller's decision (retry.ts).
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: string
  /** Give up when the connection stays silent this long (waiting for headers or body). */
  idleTimeoutMs: number
  /**
   * Give up when the whole attempt (headers and body) takes longer than this,
   * however the server dribbles its bytes; `idleTimeoutMs` + 60 s when unset.
   */
  deadlineMs?: number
  /** What to tell the user when it does. */
  silenceHint?: string
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The body, decompressed. Read it or call `discard`. */
  body: Readable
}

export const USER_AGENT = 'log-analytics-query-action/1.0'

/** What http-client calls before each request (and on a 401, which it leaves to us). */
type RequestHandler = NonNullable<ConstructorParameters<typeof HttpClient>[1]>[number]

/** A slow attempt may take this much longer than its idle timeout before it is cut off. */
export const DEADLINE_GRACE_MS = 60_000

const clients = new Map<number, HttpClient>()

/**
 * The abort signal of the request being sent. http-client calls its handlers'
 * `prepareRequest` synchronously inside `request()`, so `send` sets this just
 * before the call and the handler hands it to Node's request options.
 */
let signalOfNextRequest: AbortSignal | undefined
const signalHandler: RequestHandler = {
  prepareRequest(options: RequestOptions) {
    if (signalOfNextRequest) options.signal = signalOfNextRequest
  },
  canHandleAuthentication: () => false,
  handleAuthentication: () => Promise.reject(new Error('not supported'))
}

function clientFor(idleTimeoutMs: number): HttpClient {
  let client = clients.get(idleTimeoutMs)
  if (!client) {
    client = new HttpClient(USER_AGENT, [signalHandler], {
      socketTimeout: idleTimeoutMs,
      keepAlive: true,
      allowRedirects: false
    })
    clients.set(idleTimeoutMs, client)
  }
  return client
}

/**
 * Sends one request. Network failures become a TransientError when worth
 * retrying; so does an attempt that outlives its deadline, headers and body
 * together, whatever the server does.
 */
export async function send(request: HttpRequest): Promise<HttpResponse> {
  const headers = { 'accept-encoding': 'gzip', ...request.headers }
  const abort = new AbortController()
  let message: IncomingMessage | undefined
  const deadlineMs = request.deadlineMs ?? request.idleTimeoutMs + DEADLINE_GRACE_MS
  const deadline = setTimeout(() => {
    const error = deadlineError(request, deadlineMs)
    message?.destroy(error)
    abort.abort(error)
  }, deadlineMs)
  let response
  try {
    signalOfNextRequest = abort.signal
    const pending = clientFor(request.idleTimeoutMs).request(request.method, request.url, request.body ?? null, headers)
    signalOfNextRequest = undefined
    response = await pending
  } catch (error) {
    clearTimeout(deadline)
    throw abort.signal.aborted ? (abort.signal.reason as Error) : networkError(error, request)
  } finally {
    signalOfNextRequest = undefined
  }
  message = response.message
  message.setTimeout(request.idleTimeoutMs, () => message?.destroy(idleError(request)))
  message.once('close', () => clearTimeout(deadline))
  const encoding = String(message.headers['content-encoding'] ?? '').toLowerCase()
  const body = encoding === 'gzip' ? message.pipe(createGunzip({ chunkSize: 64 * 1024 })) : message
  if (body !== message) message.on('error', error => body.destroy(error))
  return { status: message.statusCode ?? 0, headers: message.headers, body }
}

/** The whole body as text (small answers: errors, tokens, status documents). */
export async function readText(response: HttpResponse): Promise<string> {
  const parts: Buffer[] = []
  try {
    for await (const chunk of response.body) parts.push(chunk as Buffer)
  } catch (error) {
    throw bodyError(error)
  }
  return Buffer.concat(parts).toString('utf8')
}

/** Reads and drops a body we do not need, so the connection can be reused. */
export async function discard(response: HttpResponse): Promise<void> {
  try {
    for await (const _ of response.body) {
      // drain
    }
  } catch {
    // the body is of no interest
  }
}

/** An error raised while a body streams in, as a TransientError when the connection failed. */
export function bodyError(error: unknown): Error {
  if (error instanceof TransientError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  if (code && RETRYABLE_NETWORK_CODES.has(code)) {
    return new TransientError(`the connection failed while the answer was arriving (${code})`)
  }
  if (error instanceof Error && /aborted|premature|terminated|unexpected end/i.test(error.message)) {
    return new TransientError(`the connection failed while the answer was arriving (${error.message})`)
  }
  return error as Error
}

function networkError(error: unknown, request: HttpRequest): Error {
  const code = (error as NodeJS.ErrnoException)?.code
  const message = error instanceof Error ? error.message : String(error)
  const host = new URL(request.url).host
  if (/^Request timeout/.test(message)) return idleError(request)
  if (code && RETRYABLE_NETWORK_CODES.has(code)) return new TransientError(`cannot reach ${host} (${code})`)
  if (/socket hang up/i.test(message)) return new TransientError(`${host} closed the connection (socket hang up)`)
  return new ActionError(`cannot reach ${host}: ${message}`)
}

function deadlineError(request: HttpRequest, deadlineMs: number): TransientError {
  const hint = request.silenceHint ? `: ${request.silenceHint}` : ''
  return new TransientError(
    `the answer from ${new URL(request.url).host} took longer than ${Math.round(deadlineMs / 1000)} s${hint}`
  )
}

function idleError(request: HttpRequest): TransientError {
  const hint = request.silenceHint ? `: ${request.silenceHint}` : ''
  return new TransientError(
    `no answer from ${new URL(request.url).host} within ${Math.round(request.idleTimeoutMs / 1000)} s${hint}`
  )
}
