import { randomUUID } from 'node:crypto'
import { cloudOfQueryHost, LOGS_RESOURCES } from './clouds.js'
import { APP_RESOURCE_ID, SUBSCRIPTION_ID, WORKSPACE_ID, WORKSPACE_RESOURCE_ID } from './directory.js'
import type { Emulator, Reply } from './emulator.js'
import { KqlError, runKql } from './kql.js'
import { LARGE_TABLE, largeTableBody } from './large-table.js'
import { serializeTables, seriesTable } from './tables.js'

/**
 * The Logs query API (contract §3): `POST /v1/workspaces/{id}/query` and
 * `POST /v1{resourceId}/query`, with its checks in the order the service makes
 * them: token, workspace, body, query.
 */
export function handleLogs(emulator: Emulator, url: URL, headers: Record<string, string>, body: string): Reply {
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
  if (/^\s*series\b/i.test(request.query)) {
    const count = emulator.series.length > 1 ? (emulator.series.shift() as number) : (emulator.series[0] ?? 0)
    emulator.tables.set('series', seriesTable(count, Date.now()))
  }
  const large = new RegExp(`^\\s*${LARGE_TABLE}\\s*(\\|\\s*take\\s+(\\d+)\\s*)?$`, 'i').exec(request.query)
  if (large) return { status: 200, prebuilt: largeTableBody(Number(large[2] ?? 0)) }
  try {
    const result = runKql(request.query, emulator.tables, timeRange(request.timespan))
    const extra: Record<string, unknown> = {}
    if (result.table.rows.length > emulator.rowCap) {
      result.table.rows = result.table.rows.slice(0, emulator.rowCap)
      extra.error = partialError(emulator.rowCap)
    }
    const prefer = headers.prefer ?? ''
    if (/include-statistics=true/.test(prefer)) {
      extra.statistics = {
        query: {
          executionTime: 0.0155775,
          resourceUsage: { cpu: { totalCpu: '00:00:00.0156250' }, memory: { peakPerNode: 524384 } },
          inputDatasetStatistics: {
            extents: { total: 1, scanned: 1 },
            rows: { total: result.table.rows.length, scanned: result.table.rows.length }
          }
        }
      }
    }
    if (result.render && /include-render=true/.test(prefer))
      extra.render = { visualization: result.render.visualization, title: result.render.title }
    const applied = /wait=(\d+)/.exec(prefer)
    return {
      status: 200,
      headers: applied ? { 'preference-applied': `wait=${applied[1]}` } : {},
      body: serializeTables([result.table], extra)
    }
  } catch (e) {
    if (e instanceof KqlError) return { status: 400, body: e.body }
    throw e
  }
}

/** The time range a `timespan` selects, for durations ending now and explicit intervals. */
function timeRange(timespan: unknown): { from: number; to: number } | undefined {
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

/** What the service appends when it cut the result (contract §3, recorded as query-200-partial-error). */
function partialError(cap: number): object {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [
      {
        code: 'EngineError',
        message: 'Something went wrong processing your query on the server.',
        innererror: {
          code: '-2133196797',
          message: `Query result set has exceeded the internal record count limit ${cap} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`,
          severity: 2,
          severityName: 'Error'
        }
      }
    ]
  }
}

export function error(status: number, code: string, message: string, innererror?: object): Reply {
  return { status, body: { error: { message, code, correlationId: randomUUID(), ...(innererror && { innererror }) } } }
}
