import type { QueryTarget } from '../settings.js'

/**
 * One query, as data: what runs where, over which time. Running the same query
 * over another window (a baseline, a slice of an export) is a new spec
 * (`{ ...spec, timespan }`), nothing more.
 */
export interface QuerySpec {
  /** The workspace (or resource) the query runs against. */
  target: QueryTarget
  /** The KQL text. */
  query: string
  /** ISO 8601 duration or interval; undefined sends none (all retained data). */
  timespan: string | undefined
  /** More workspaces the query reads (IDs, names or resource IDs). */
  workspaces: string[]
  /** Seconds the server may run the query (`Prefer: wait`). */
  serverTimeoutSeconds: number
}

/** The HTTP request of a query (contract §3), built from its spec alone. */
export interface QueryRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/** How much longer than the server's own limit the client waits for a silent connection. */
export const CLIENT_GRACE_SECONDS = 5

export function buildQueryRequest(endpoint: string, spec: QuerySpec): QueryRequest {
  const { target } = spec
  const path =
    target.kind === 'workspace'
      ? `/v1/workspaces/${encodeURIComponent(target.id)}/query`
      : `/v1${target.id.split('/').map(encodeURIComponent).join('/')}/query`
  const body: { query: string; timespan?: string; workspaces?: string[] } = { query: spec.query }
  if (spec.timespan !== undefined) body.timespan = spec.timespan
  if (spec.workspaces.length > 0) body.workspaces = spec.workspaces
  return {
    url: endpoint + path,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      prefer: `wait=${spec.serverTimeoutSeconds},include-statistics=true,include-render=true`
    },
    body: JSON.stringify(body)
  }
}
