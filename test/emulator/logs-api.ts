import { randomUUID } from 'node:crypto'
import { cloudOfQueryHost, LOGS_RESOURCES } from './clouds.js'
import { APP_RESOURCE_ID, SUBSCRIPTION_ID, WORKSPACE_ID, WORKSPACE_RESOURCE_ID } from './directory.js'
import type { Emulator, Reply } from './emulator.js'
import type { IssuedToken } from './entra.js'
import { lazySourceOf, runLazyQuery } from './export-kql.js'
import { streamRows } from './export-stream.js'
import { KqlError, runKql, type KqlResult } from './kql.js'
import { LARGE_TABLE, largeTableBody } from './large-table.js'
import { partialError } from './partial-errors.js'
import { serializeCell, serializeTables, seriesTable, type Cell, type Table } from './tables.js'

/** One query the Logs API took in (after the token, workspace and body checks), for tests to read. */
export interface QueryLogEntry {
  /** The token's client: throttling counts per identity. */
  identity: string
  query: string
  timespan?: string
  /** Milliseconds since the epoch: arrival, start (a slot was free), end (answer sent or connection closed). */
  arrivedAt: number
  startedAt?: number
  endedAt?: number
  /** Time spent waiting for a slot. */
  queuedMs: number
  status: number
  /** Rows and body bytes sent (uncompressed). */
  rows: number
  bytes: number
  /** Why the answer was cut, with a PartialError. */
  partial?: 'rows' | 'bytes'
  /** Why the query got a 429. */
  throttled?: 'queue' | 'rate'
  /** The answer did not reach its end (a connection fault, or the client went away). */
  cut?: boolean
}

/**
 * The Logs query API (contract §3): `POST /v1/workspaces/{id}/query` and
 * `POST /v1{resourceId}/query`, with its checks in the order the service makes
 * them: token, workspace, body, then throttling (query-gate.ts), then the query.
 * Queries over export tables and search results over them (lazy tables) are
 * answered by export-kql.ts and streamed; the others by kql.ts.
 */
export async function handleLogs(
  emulator: Emulator,
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal
): Promise<Reply> {
  const issued = checkAccess(emulator, url, headers)
  if (!('token' in issued)) return issued
  if (!/application\/json/i.test(headers['content-type'] ?? '')) return { status: 200 }
  let request: { query?: unknown; timespan?: unknown }
  try {
    request = JSON.parse(body) as typeof request
  } catch (e) {
    return error(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: 'QueryValidationError',
      message: 'Failed parsing the query',
      details: [{ code: 'InvalidJsonBody', message: (e as Error).message, target: null }]
    })
  }
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return error(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: 'QueryValidationError',
      message: 'The query is required'
    })
  }
  const query = request.query
  const entry: QueryLogEntry = {
    identity: issued.clientId,
    query,
    ...(typeof request.timespan === 'string' && { timespan: request.timespan }),
    arrivedAt: Date.now(),
    queuedMs: 0,
    status: 0,
    rows: 0,
    bytes: 0
  }
  emulator.queryLog.push(entry)
  const admission = await emulator.queryGate.admit(issued.clientId, emulator, signal)
  if (!admission.admitted) {
    entry.endedAt = Date.now()
    if (admission.reason === 'gone') return { status: 0 }
    entry.status = 429
    entry.throttled = admission.reason
    return {
      status: 429,
      headers: { 'retry-after': String(admission.retryAfterSeconds) },
      body: {
        error: {
          message: admission.message,
          code: 'ThrottledError',
          correlationId: randomUUID(),
          innererror: { code: 'ThrottledError', message: admission.message, moreInfo: 'https://aka.ms/api-limits' }
        }
      }
    }
  }
  entry.startedAt = Date.now()
  entry.queuedMs = admission.queuedMs
  const done = () => {
    admission.release()
    entry.endedAt ??= Date.now()
  }
  if (emulator.serverTimeMs > 0) await new Promise(resolve => setTimeout(resolve, emulator.serverTimeMs))
  let reply: Reply
  try {
    reply = answerQuery(emulator, headers, query, request.timespan, entry)
  } catch (e) {
    if (!(e instanceof KqlError)) throw e
    reply = { status: 400, body: e.body }
  }
  entry.status = reply.status
  return { ...reply, done }
}

function answerQuery(
  emulator: Emulator,
  headers: Record<string, string>,
  query: string,
  timespan: unknown,
  entry: QueryLogEntry
): Reply {
  if (lazySourceOf(query, emulator.exportTables)) {
    const answer = runLazyQuery(query, emulator.exportTables, timeRange(timespan))
    if (answer.kind === 'table') return tableReply(emulator, headers, { table: answer.table }, entry)
    return {
      status: 200,
      stream: async (response, replyHeaders, fault) => {
        await streamRows(response, replyHeaders, answer.rows, emulator, fault, entry)
        entry.endedAt = Date.now()
      }
    }
  }
  if (/^\s*series\b/i.test(query)) {
    // The count an export makes first (`| summarize Rows = count(), …`) sees the series the query after it will.
    const counting = /\|\s*summarize\s+Rows\s*=\s*count\(\)/i.test(query)
    const count =
      emulator.series.length > 1 && !counting ? (emulator.series.shift() as number) : (emulator.series[0] ?? 0)
    emulator.tables.set('series', seriesTable(count, Date.now()))
  }
  const large = new RegExp(`^\\s*${LARGE_TABLE}\\s*(\\|\\s*take\\s+(\\d+)\\s*)?$`, 'i').exec(query)
  if (large) {
    const prebuilt = largeTableBody(Number(large[2] ?? 0))
    entry.rows = prebuilt.rows
    entry.bytes = prebuilt.raw.length
    return { status: 200, prebuilt }
  }
  // The range after the series: its newest row is "now" too.
  return tableReply(emulator, headers, runKql(query, emulator.tables, timeRange(timespan)), entry)
}

/** A materialised result, cut at the row and byte caps, with the statistics and render the client asked for. */
function tableReply(
  emulator: Emulator,
  headers: Record<string, string>,
  result: KqlResult,
  entry: QueryLogEntry
): Reply {
  const extra: Record<string, unknown> = {}
  const table: Table = { ...result.table }
  if (table.rows.length > emulator.rowCap) {
    table.rows = table.rows.slice(0, emulator.rowCap)
    extra.error = partialError({ rows: emulator.rowCap })
    entry.partial = 'rows'
  }
  const prefer = headers.prefer ?? ''
  if (/include-statistics=true/.test(prefer)) {
    extra.statistics = {
      query: {
        executionTime: 0.0155775,
        resourceUsage: { cpu: { totalCpu: '00:00:00.0156250' }, memory: { peakPerNode: 524384 } },
        inputDatasetStatistics: {
          extents: { total: 1, scanned: 1 },
          rows: { total: table.rows.length, scanned: table.rows.length }
        }
      }
    }
  }
  if (result.render && /include-render=true/.test(prefer))
    extra.render = { visualization: result.render.visualization, title: result.render.title }
  let text = serializeTables([table], extra)
  if (Buffer.byteLength(text) > emulator.byteCap) {
    // The rows that fit under the cap, with the error the service appends.
    extra.error = partialError({ bytes: emulator.byteCap })
    entry.partial = 'bytes'
    let room = emulator.byteCap - Buffer.byteLength(serializeTables([{ ...table, rows: [] }], extra))
    const rowBytes = (row: Cell[]) => Buffer.byteLength(`,[${row.map(serializeCell).join(',')}]`)
    const kept = table.rows.findIndex(row => (room -= rowBytes(row)) < 0)
    table.rows = table.rows.slice(0, kept === -1 ? table.rows.length : kept)
    text = serializeTables([table], extra)
  }
  entry.rows = table.rows.length
  entry.bytes = Buffer.byteLength(text)
  const applied = /wait=(\d+)/.exec(prefer)
  return { status: 200, headers: applied ? { 'preference-applied': `wait=${applied[1]}` } : {}, body: text }
}

/** The token and the workspace (or resource) it asks for: the caller's identity, or the service's refusal. */
function checkAccess(emulator: Emulator, url: URL, headers: Record<string, string>): IssuedToken | Reply {
  const authorization = headers.authorization ?? ''
  if (!authorization.startsWith('Bearer ')) {
    return error(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.")
  }
  const issued = emulator.tokens.find(token => token.token === authorization.slice(7))
  if (!issued) return error(403, 'InvalidAuthenticationToken', 'The access token is invalid or has expired.')
  const expectedAudience = cloudOfQueryHost(headers.host ?? '')?.logsResource
  if (expectedAudience ? issued.audience !== expectedAudience : !LOGS_RESOURCES.includes(issued.audience)) {
    return error(
      403,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained from wrong audience or resource '${issued.audience}'. It should exactly match with one of the allowed audiences '${expectedAudience ?? LOGS_RESOURCES.join("','")}'.`
    )
  }

  const path = decodeURIComponent(url.pathname.replace(/\/query$/, ''))
  if (path.startsWith('/v1/workspaces/')) {
    if (path.slice('/v1/workspaces/'.length).toLowerCase() !== WORKSPACE_ID) {
      return error(404, 'PathNotFoundError', 'The requested path does not exist')
    }
  } else {
    const resource = path.slice('/v1'.length).toLowerCase()
    if (resource !== WORKSPACE_RESOURCE_ID.toLowerCase() && resource !== APP_RESOURCE_ID.toLowerCase()) {
      if (resource.startsWith(`/subscriptions/${SUBSCRIPTION_ID}/`)) {
        return error(404, 'ResourceNotFoundError', `The resource ${resource} was not found`)
      }
      return error(
        403,
        'InsufficientAccessError',
        'The provided credentials have insufficient access to  perform the requested operation',
        {
          code: 'AuthorizationFailedError',
          message: `User '${issued.clientId}' does not have access to read logs for this resource`
        }
      )
    }
  }
  return issued
}

/** The time range a `timespan` selects, for durations ending now and explicit intervals. */
export function timeRange(timespan: unknown): { from: number; to: number } | undefined {
  if (typeof timespan !== 'string') return undefined
  const now = Date.now()
  const [first, second] = timespan.split('/')
  if (second === undefined) return { from: now - durationMs(first), to: now }
  const start = Date.parse(first)
  const end = Date.parse(second)
  if (!Number.isNaN(start) && !Number.isNaN(end)) return { from: start, to: end }
  if (!Number.isNaN(start)) return { from: start, to: start + durationMs(second) }
  return { from: end - durationMs(first), to: end }
}

function durationMs(iso: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/i.exec(iso)
  if (!m) return Number.POSITIVE_INFINITY
  const [w, d, h, min, s] = m.slice(1).map(part => Number(part ?? 0))
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1000
}

export function error(status: number, code: string, message: string, innererror?: object): Reply {
  return { status, body: { error: { message, code, correlationId: randomUUID(), ...(innererror && { innererror }) } } }
}
