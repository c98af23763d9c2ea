import { randomBytes } from 'node:crypto'
import { InputError, quoted } from '../common/errors.js'
import { parseWorkspaceResourceId } from '../search-job/arm-paths.js'
import { formatElapsed } from '../common/format.js'
import { checkSearchJobQuery } from '../search-job/query-rules.js'
import { deriveSearchTableName, searchTableProblem } from '../search-job/table-name.js'
import type { SearchJobSettings } from '../settings.js'
import { parseDurationMs } from './durations.js'
import type { InputReader } from './input-reader.js'
import { readSearchRange } from './search-range.js'
import { readBoolean } from './values.js'
import type { QueryTarget } from '../settings.js'

/** `mode`: a query (synchronous, the query API) or a search job (asynchronous, polled). */
export const MODES = ['query', 'search-job'] as const
export type Mode = (typeof MODES)[number]

/** The limits the service sets on a search job (contract §4). */
export const SEARCH_JOB_LIMITS = { maxRecords: 100_000_000, defaultRecords: 1000, maxRunMs: 24 * 3_600_000 } as const

const WORKSPACE_RESOURCE_FORM =
  '/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>'

/** What the rest of the inputs already established. */
export interface SearchJobContext {
  target: QueryTarget
  query: string
  additionalWorkspaces: string[]
  /** `max-records`, read with the search job's range and default. */
  limit: number
}

/** Reads the search job's inputs (`mode: search-job`) and checks the query against the service's rules. */
export function readSearchJob(
  read: InputReader,
  context: SearchJobContext,
  env: NodeJS.ProcessEnv,
  now: number
): SearchJobSettings {
  const workspace = context.target.kind === 'resource' ? parseWorkspaceResourceId(context.target.id) : undefined
  if (!workspace) {
    const given =
      context.target.kind === 'workspace'
        ? 'not its workspace ID (a GUID)'
        : `not ${quoted(context.target.id)}, which is not a workspace`
    throw new InputError(
      'workspace',
      `a search job needs the workspace's resource ID, ${WORKSPACE_RESOURCE_FORM}, ${given}: ` +
        'it creates a results table in the workspace through Azure Resource Manager, which needs the subscription, resource group and name.'
    )
  }
  if (context.additionalWorkspaces.length > 0) {
    throw new InputError(
      'additional-workspaces',
      'a search job searches one workspace: remove additional-workspaces, or use mode: query.'
    )
  }
  const checked = checkSearchJobQuery(context.query)
  if (typeof checked === 'string') throw new InputError('query', checked)
  const range = readSearchRange(read, now)
  const given = read('search-table').trim()
  const problem = given === '' ? undefined : searchTableProblem(given)
  if (problem) throw new InputError('search-table', problem)
  const pollIntervalMs = readDuration(read, 'poll-interval', { minMs: 1000, maxMs: 3_600_000, fallback: '30s' })
  const timeoutMs = readDuration(read, 'job-timeout', {
    minMs: 1000,
    maxMs: SEARCH_JOB_LIMITS.maxRunMs,
    fallback: '1h'
  })
  return {
    workspace,
    sourceTable: checked.table,
    table: given || deriveSearchTableName(checked.table, env.GITHUB_RUN_ID, randomBytes(3).toString('hex')),
    startTime: range.start,
    endTime: range.end,
    limit: context.limit,
    keepTable: readBoolean(read, 'keep-search-table', false),
    pollIntervalMs,
    timeoutMs,
    description: describeRun(env)
  }
}

/** Inputs that only a search job reads: given in query mode, they are a mistake, not something to ignore. */
export function refuseSearchJobInputs(read: InputReader): undefined {
  for (const name of ['search-table', 'start-time', 'end-time']) {
    if (read(name).trim() !== '') {
      const instead = name === 'search-table' ? '' : ' (a query takes its range from timespan: an interval start/end)'
      throw new InputError(name, `is only for mode: search-job; set mode: search-job or remove it${instead}.`)
    }
  }
  return undefined
}

function readDuration(
  read: InputReader,
  name: string,
  range: { minMs: number; maxMs: number; fallback: string }
): number {
  const text = read(name).trim() || range.fallback
  const ms = parseDurationMs(text)
  if (ms === undefined)
    throw new InputError(name, `${quoted(text)} is not a duration: write 90s, 5m, 1h or ISO 8601 (PT30S).`)
  if (ms < range.minMs || ms > range.maxMs) {
    throw new InputError(
      name,
      `${text} is out of range: use ${formatElapsed(range.minMs)} to ${formatElapsed(range.maxMs)}.`
    )
  }
  return ms
}

function describeRun(env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? ` for ${env.GITHUB_REPOSITORY} run ${env.GITHUB_RUN_ID}` : ''
  return `Search job of the log-analytics-query action${run}.`
}
