import type { ActionSettings } from '../settings.js'

/** The HTTP request of a query (contract §3), built from the settings alone. */
export interface QueryRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/** How much longer than the server's own limit the client waits for a silent connection. */
export const CLIENT_GRACE_SECONDS = 5

export function buildQueryRequest(settings: Pick<ActionSettings, 'target' | 'cloud' | 'query' | 'timespan' | 'additionalWorkspaces' | 'timeoutSeconds'>): QueryRequest {
  const { target, cloud } = settings
  const path =
    target.kind === 'workspace'
      ? `/v1/workspaces/${encodeURIComponent(target.id)}/query`
      : `/v1${target.id.split('/').map(encodeURIComponent).join('/')}/query`
  const body: { query: string; timespan?: string; workspaces?: string[] } = { query: settings.query }
  if (settings.timespan !== undefined) body.timespan = settings.timespan
  if (settings.additionalWorkspaces.length > 0) body.workspaces = settings.additionalWorkspaces
  return {
    url: cloud.queryEndpoint + path,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      prefer: `wait=${settings.timeoutSeconds},include-statistics=true,include-render=true`
    },
    body: JSON.stringify(body)
  }
}
