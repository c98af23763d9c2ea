import type { ArmWorkspace, SearchJobSettings } from '../settings.js'

/**
 * Where a search job lives in Azure Resource Manager (contract §4), built from
 * the settings alone: the workspace's tables and the requests on one of them.
 */

/** The API version of the tables API this action speaks. */
export const TABLES_API_VERSION = '2025-02-01'

const WORKSPACE_RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.operationalinsights\/workspaces\/([^/]+)$/i

/** The workspace a resource ID names; undefined when it names anything else. */
export function parseWorkspaceResourceId(resourceId: string): ArmWorkspace | undefined {
  const match = WORKSPACE_RESOURCE_ID.exec(resourceId.trim().replace(/\/+$/, ''))
  return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3] } : undefined
}

/** `https://management.azure.com/subscriptions/…/workspaces/{name}/tables/{table}` (no query string). */
export function tableUrl(armEndpoint: string, workspace: ArmWorkspace, table: string): string {
  const segments = [
    'subscriptions',
    workspace.subscriptionId,
    'resourcegroups',
    workspace.resourceGroup,
    'providers',
    'Microsoft.OperationalInsights',
    'workspaces',
    workspace.name,
    'tables',
    table
  ]
  return `${armEndpoint.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`
}

/** One request of a search job's life, before the token is added. */
export interface ArmRequest {
  method: 'PUT' | 'POST' | 'DELETE'
  url: string
  body?: string
}

/** The PUT that creates the results table and starts the job. */
export function createSearchRequest(armEndpoint: string, job: SearchJobSettings, query: string): ArmRequest {
  const searchResults = {
    query,
    limit: job.limit,
    startSearchTime: job.startTime,
    endSearchTime: job.endTime,
    description: job.description
  }
  return {
    method: 'PUT',
    url: `${tableUrl(armEndpoint, job.workspace, job.table)}?api-version=${TABLES_API_VERSION}`,
    body: JSON.stringify({ properties: { searchResults } })
  }
}

/** The POST that cancels a running job (`cancelSearch`). */
export function cancelSearchRequest(
  armEndpoint: string,
  job: Pick<SearchJobSettings, 'workspace' | 'table'>
): ArmRequest {
  return {
    method: 'POST',
    url: `${tableUrl(armEndpoint, job.workspace, job.table)}/cancelSearch?api-version=${TABLES_API_VERSION}`
  }
}

/** The DELETE that removes the results table. */
export function deleteTableRequest(
  armEndpoint: string,
  job: Pick<SearchJobSettings, 'workspace' | 'table'>
): ArmRequest {
  return {
    method: 'DELETE',
    url: `${tableUrl(armEndpoint, job.workspace, job.table)}?api-version=${TABLES_API_VERSION}`
  }
}

/**
 * Whether a URL the service handed back (Azure-AsyncOperation) may receive the
 * token: https, on the Azure Resource Manager endpoint's own origin.
 */
export function isArmUrl(url: string, armEndpoint: string): boolean {
  try {
    const parsed = new URL(url)
    return (
      parsed.protocol === 'https:' &&
      parsed.origin === new URL(armEndpoint).origin &&
      !parsed.username &&
      !parsed.password
    )
  } catch {
    return false
  }
}
