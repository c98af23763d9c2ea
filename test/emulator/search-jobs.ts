import { randomUUID } from 'node:crypto'
import { ARM_RESOURCES, cloudOfArmHost } from './clouds.js'
import { SUBSCRIPTION_ID, WORKSPACE_RESOURCE_ID } from './directory.js'
import type { Emulator, Reply, Route } from './emulator.js'
import { lazySourceOf, runLazyQuery } from './export-kql.js'
import { KqlError, runKql } from './kql.js'
import { lazySearchResults } from './lazy-search-results.js'
import { firstAfter, firstAtOrAfter, TICKS_PER_MS, type LazyTable } from './lazy-tables.js'
import type { Cell, Column, Table } from './tables.js'

/**
 * Search jobs through Azure Resource Manager (contract §4): PUT, GET and
 * DELETE of a `…_SRCH` table, `cancelSearch`, and the asynchronous operation's
 * status, which goes Updating → InProgress → Succeeded (or Failed, Canceled)
 * over a configurable number of polls. A finished job's table then answers
 * queries on the Logs API like any other table.
 */

/** How the next search jobs behave; tests change it between runs. */
export interface SearchJobBehaviour {
  /** Status polls until the job ends; the last one reports the outcome. */
  polls: number
  outcome: 'Succeeded' | 'Failed' | 'Canceled'
  /** `Retry-After` (seconds) on the PUT's answer and on the status of a running job. */
  retryAfterSeconds?: number
  /** Added to the records a finished job reports, so that the status disagrees with its table. */
  reportedRecordsOffset?: number
}

export const DEFAULT_SEARCH_JOB_BEHAVIOUR: SearchJobBehaviour = { polls: 3, outcome: 'Succeeded' }

type JobState = 'Updating' | 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled'

export interface SearchJob {
  id: string
  /** The results table's name, as created. */
  table: string
  query: string
  limit: number
  startSearchTime: string
  endSearchTime: string
  description: string
  state: JobState
  polls: number
  behaviour: SearchJobBehaviour
  /** The results table, built when the job is created, registered when it succeeds. */
  results?: Table
  /** Instead, over an export table: the results as a lazy table (lazy-search-results.ts). */
  lazyResults?: LazyTable
  /** Why the job fails (its query did not run). */
  failure?: { code: string; message: string }
  scannedGb: number
  startTime: string
  endTime?: string
}

const API_VERSIONS = ['2021-12-01-preview', '2022-10-01', '2023-09-01', '2025-02-01']
const OPERATORS = [
  'where',
  'extend',
  'project',
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'parse',
  'parse-where'
]
const LOCATION = 'westeurope'
/** Each source row scanned "costs" this much, so that scannedGb grows with the range. */
const GB_PER_ROW = 0.0025

/** `…/workspaces/{name}/tables/{table}`: PUT, GET and DELETE. */
export const TABLE_PATH =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.operationalinsights\/workspaces\/([^/]+)\/tables\/([^/]+)$/i
/** `…/tables/{table}/cancelSearch`: POST. */
export const CANCEL_SEARCH_PATH =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.operationalinsights\/workspaces\/([^/]+)\/tables\/([^/]+)\/cancelsearch$/i
/** The asynchronous operation's status: GET. */
export const OPERATION_PATH =
  /^\/subscriptions\/([^/]+)\/providers\/microsoft\.operationalinsights\/locations\/[^/]+\/operationstatuses\/([^/]+)$/i

export function handleSearchJobs(
  emulator: Emulator,
  route: Route,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string
): Reply {
  const denied = checkToken(emulator, headers)
  if (denied) return denied
  const host = headers.host ?? ''
  if (route === 'operation') return operationStatus(emulator, url)

  const version = url.searchParams.get('api-version') ?? ''
  if (!API_VERSIONS.includes(version)) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${LOCATION}' and API version '${version}' for type 'workspaces'. The supported api-versions are '${API_VERSIONS.join("', '")}'.`
    )
  }
  const [, subscription, group, workspace, table] =
    (route === 'cancel-search' ? CANCEL_SEARCH_PATH : TABLE_PATH).exec(url.pathname) ?? []
  const missing = checkWorkspace(subscription, group, workspace)
  if (missing) return missing
  const key = table.toLowerCase()
  const job = emulator.searchJobs.get(key)
  if (route === 'cancel-search') {
    if (!job) return notFound(table)
    if (job.state === 'Updating' || job.state === 'InProgress') finish(job, 'Canceled')
    return { status: 200 }
  }
  if (method === 'GET') return job ? { status: 200, body: tableDocument(job, url.pathname) } : notFound(table)
  if (method === 'DELETE') {
    if (!job) return notFound(table)
    emulator.searchJobs.delete(key)
    emulator.tables.delete(key)
    emulator.exportTables.delete(key)
    const id = randomUUID()
    return { status: 202, headers: asyncHeaders(host, url.pathname, id), body: '' }
  }
  return createJob(emulator, url, host, table, body)
}

function createJob(emulator: Emulator, url: URL, host: string, table: string, body: string): Reply {
  if (!table.endsWith('_SRCH'))
    return armError(400, 'InvalidParameter', `Search results table name '${table}' must end with '_SRCH'.`)
  if (emulator.searchJobs.has(table.toLowerCase())) return armError(409, 'Conflict', `Table '${table}' already exists.`)
  let request: { properties?: { searchResults?: Record<string, unknown> } }
  try {
    request = JSON.parse(body) as typeof request
  } catch {
    return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.')
  }
  const search = request.properties?.searchResults ?? {}
  const { query, limit, startSearchTime, endSearchTime, description } = search
  if (typeof query !== 'string' || query.trim() === '')
    return armError(400, 'InvalidParameter', 'searchResults.query is required.')
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100_000_000) {
    return armError(400, 'InvalidParameter', 'searchResults.limit must be between 1 and 100000000.')
  }
  const from = Date.parse(String(startSearchTime))
  const to = Date.parse(String(endSearchTime))
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
    return armError(
      400,
      'InvalidParameter',
      'startSearchTime and endSearchTime must be UTC times, the start before the end.'
    )
  }
  const rejected = rejectedOperator(query)
  if (rejected)
    return armError(400, 'BadRequest', `Search job query is not supported: operator '${rejected}' is not allowed.`)

  const behaviour = { ...emulator.searchJobBehaviour }
  const job: SearchJob = {
    id: randomUUID(),
    table,
    query,
    limit,
    startSearchTime: String(startSearchTime),
    endSearchTime: String(endSearchTime),
    description: typeof description === 'string' ? description : '',
    state: 'Updating',
    polls: 0,
    behaviour,
    scannedGb: 0,
    startTime: new Date().toUTCString()
  }
  try {
    let scannedRows: number
    if (lazySourceOf(query, emulator.exportTables)) {
      const lazy = lazyJobResults(emulator.exportTables, job, { from, to })
      job.lazyResults = lazy.results
      scannedRows = lazy.scannedRows
    } else {
      const materialised = searchResults(emulator.tables, job, { from, to })
      job.results = materialised.results
      scannedRows = materialised.scannedRows
    }
    job.scannedGb = Math.round(scannedRows * GB_PER_ROW * 1e6) / 1e6
  } catch (e) {
    if (!(e instanceof KqlError)) throw e
    const inner = (e.body as { error: { innererror?: { innererror?: { message?: string } } } }).error.innererror
      ?.innererror
    job.failure = { code: 'SemanticError', message: inner?.message ?? 'The query could not be run.' }
  }
  emulator.searchJobs.set(table.toLowerCase(), job)
  return { status: 202, headers: { ...asyncHeaders(host, url.pathname, job.id), ...retryAfter(behaviour) }, body: '' }
}

/** The job's rows: its query over the range, at most `limit`, with the columns the service adds. */
function searchResults(
  tables: Map<string, Table>,
  job: SearchJob,
  range: { from: number; to: number }
): { results: Table; scannedRows: number } {
  const source = job.query.trim().split(/[\s|]/)[0]
  const { table } = runKql(job.query, tables, range)
  const scannedRows = runKql(source, tables, range).table.rows.length
  const time = table.columns.findIndex(column => column.name === 'TimeGenerated')
  const ran = new Date().toISOString()
  const columns: Column[] = [
    ...(time === -1 ? [{ name: 'TimeGenerated', type: 'datetime' }] : []),
    ...table.columns,
    { name: '_OriginalType', type: 'string' },
    { name: '_OriginalItemId', type: 'string' },
    { name: '_OriginalTimeGenerated', type: 'datetime' }
  ]
  const rows = table.rows.slice(0, job.limit).map((row): Cell[] => {
    const original = time === -1 ? null : row[time]
    const cells = row.map((cell, i) => (i === time ? ran : cell))
    return [...(time === -1 ? [ran] : []), ...cells, source, randomUUID(), original]
  })
  return { results: { name: job.table, columns, rows }, scannedRows }
}

/** Over an export table: the records as a lazy table, and how many source rows the range holds. */
function lazyJobResults(
  tables: Map<string, LazyTable>,
  job: SearchJob,
  range: { from: number; to: number }
): { results: LazyTable; scannedRows: number } {
  const answer = runLazyQuery(job.query, tables, range)
  if (answer.kind !== 'rows') throw new Error('a search job query selects rows')
  const source = answer.rows.table
  const lo = firstAtOrAfter(source, (range.from - source.baseMs) * TICKS_PER_MS)
  const scannedRows = Math.max(0, firstAfter(source, (range.to - source.baseMs) * TICKS_PER_MS) - lo)
  return { results: lazySearchResults(job.table, answer.rows, job.limit, Date.now()), scannedRows }
}

function operationStatus(emulator: Emulator, url: URL): Reply {
  const [, subscription, id] = OPERATION_PATH.exec(url.pathname) ?? []
  const job = [...emulator.searchJobs.values()].find(candidate => candidate.id === id)
  if (subscription.toLowerCase() !== SUBSCRIPTION_ID || !job) {
    return armError(404, 'NotFound', `The operation '${id}' could not be found.`)
  }
  if (job.state === 'Updating' || job.state === 'InProgress') {
    job.polls++
    if (job.polls >= job.behaviour.polls) {
      const outcome = job.failure ? 'Failed' : job.behaviour.outcome
      finish(job, outcome)
      if (outcome === 'Succeeded' && job.results) emulator.tables.set(job.table.toLowerCase(), job.results)
      if (outcome === 'Succeeded' && job.lazyResults)
        emulator.exportTables.set(job.table.toLowerCase(), job.lazyResults)
    } else {
      job.state = job.polls === 1 ? 'Updating' : 'InProgress'
    }
  }
  const total = job.results?.rows.length ?? job.lazyResults?.rows ?? 0
  const share = job.state === 'Succeeded' ? 1 : job.state === 'Updating' ? 0 : job.polls / job.behaviour.polls
  const reported =
    job.state === 'Succeeded' ? total + (job.behaviour.reportedRecordsOffset ?? 0) : Math.floor(total * share)
  const document: Record<string, unknown> = {
    status: job.state,
    name: job.id,
    id: `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.OperationalInsights/locations/${LOCATION}/operationStatuses/${job.id}`,
    startTime: job.startTime,
    ...(job.state !== 'Updating' && {
      properties: {
        resultStatistics: {
          progress: Math.round(share * 100),
          ingestedRecords: reported,
          scannedGb: Math.round(job.scannedGb * share * 1e6) / 1e6
        }
      }
    }),
    ...(job.endTime && { endTime: job.endTime }),
    ...(job.state === 'Failed' && {
      error: job.failure ?? { code: 'SearchJobFailed', message: 'An internal error occurred while scanning the data.' }
    }),
    ...(job.state === 'Canceled' && { error: { code: 'OperationCanceled', message: 'The search job was canceled.' } })
  }
  const running = job.state === 'Updating' || job.state === 'InProgress'
  return { status: 200, headers: running ? retryAfter(job.behaviour) : {}, body: document }
}

function retryAfter(behaviour: SearchJobBehaviour): Record<string, string> {
  return behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) }
}

function finish(job: SearchJob, state: 'Succeeded' | 'Failed' | 'Canceled'): void {
  job.state = state
  job.endTime = new Date().toUTCString()
}

/** The table as `GET …/tables/{name}` shows it (recorded as searchjob-table-get-200-succeeded.json). */
function tableDocument(job: SearchJob, path: string): object {
  const columns = (job.results?.columns ?? job.lazyResults?.columns ?? []).map(({ name, type }) => ({
    name,
    type,
    isDefaultDisplay: false,
    isHidden: false
  }))
  return {
    properties: {
      totalRetentionInDays: 30,
      archiveRetentionInDays: 0,
      plan: 'Analytics',
      retentionInDaysAsDefault: true,
      totalRetentionInDaysAsDefault: true,
      schema: {
        name: job.table,
        tableType: 'SearchResults',
        tableSubType: 'DataCollectionRuleBased',
        columns,
        standardColumns: [{ name: 'TenantId', type: 'guid', isDefaultDisplay: false, isHidden: false }],
        solutions: ['LogManagement'],
        searchResults: {
          query: job.query,
          description: job.description,
          limit: job.limit,
          startSearchTime: job.startSearchTime,
          endSearchTime: job.endSearchTime,
          sourceTable: job.query.trim().split(/[\s|]/)[0],
          azureAsyncOperationId: job.id
        }
      },
      provisioningState: job.state,
      retentionInDays: 30
    },
    id: path,
    name: job.table
  }
}

function asyncHeaders(host: string, tablePath: string, id: string): Record<string, string> {
  return {
    'azure-asyncoperation': `https://${host}/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.OperationalInsights/locations/${LOCATION}/operationStatuses/${id}?api-version=2025-02-01`,
    location: `https://${host}${tablePath}/operationresults/${id}?api-version=2025-02-01`,
    'x-ms-ratelimit-remaining-subscription-writes': '1199'
  }
}

/** ARM checks the token before anything else; its audience must be Azure Resource Manager. */
function checkToken(emulator: Emulator, headers: Record<string, string>): Reply | undefined {
  const authorization = headers.authorization ?? ''
  if (!authorization.startsWith('Bearer ')) {
    return armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.")
  }
  const issued = emulator.tokens.find(token => token.token === authorization.slice(7))
  if (!issued) return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.')
  const expected = cloudOfArmHost(headers.host ?? '')?.armResource
  if (expected ? issued.audience !== expected : !ARM_RESOURCES.includes(issued.audience)) {
    return armError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${issued.audience}'. It should exactly match with one of the allowed audiences '${expected ?? ARM_RESOURCES.join("','")}'.`
    )
  }
  return undefined
}

function checkWorkspace(subscription: string, group: string, workspace: string): Reply | undefined {
  const [, , expectedSubscription, , expectedGroup, , , , expectedWorkspace] = WORKSPACE_RESOURCE_ID.split('/')
  if (subscription.toLowerCase() !== expectedSubscription.toLowerCase()) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`)
  }
  if (group.toLowerCase() !== expectedGroup.toLowerCase())
    return armError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`)
  if (workspace.toLowerCase() !== expectedWorkspace.toLowerCase()) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.OperationalInsights/workspaces/${workspace}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
    )
  }
  return undefined
}

/** The first operator after the table name that a search job does not accept. */
function rejectedOperator(query: string): string | undefined {
  const steps = query.split('|').slice(1)
  for (const step of steps) {
    const operator = /^\s*([A-Za-z_][A-Za-z0-9_-]*)/.exec(step)?.[1] ?? ''
    if (!OPERATORS.includes(operator)) return operator
  }
  return undefined
}

function notFound(table: string): Reply {
  return armError(404, 'NotFound', `The specified table: '${table}' does not exist.`)
}

/** ARM's error body: `{"error":{"code","message"}}`. */
function armError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } }
}
