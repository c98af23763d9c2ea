import { quoted } from '../common/errors.js'
import type { QueryTarget } from '../settings.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `/subscriptions/{guid}/resourceGroups/{group}/providers/{Namespace}/{type}/{name}[/{type}/{name}…]`
 */
const RESOURCE_ID =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourcegroups\/[-\w.()]{1,90}\/providers\/[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(\/[^/\s?#]+\/[^/\s?#]+)+$/i

/** A workspace name as Azure allows it (4–63 letters, digits and hyphens). */
const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/

export const WORKSPACE_FORMS =
  'a workspace ID (a GUID such as 2b2c1f5e-0000-4c5c-9d3a-0123456789ab, the "Workspace ID" on the workspace\'s overview page) ' +
  'or an Azure resource ID (/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>, or any other resource)'

export function isGuid(value: string): boolean {
  return GUID.test(value)
}

/** Parses `workspace`; returns a problem description instead when it is neither form. */
export function parseQueryTarget(value: string): QueryTarget | string {
  const text = value.trim().replace(/\/+$/, '')
  if (GUID.test(text)) return { kind: 'workspace', id: text.toLowerCase() }
  if (RESOURCE_ID.test(text)) return { kind: 'resource', id: text }
  return `${describe(text)} is neither ${WORKSPACE_FORMS}.`
}

/** Parses one of `additional-workspaces`: an ID, a resource ID or a workspace name. */
export function parseAdditionalWorkspace(value: string): string | undefined {
  const text = value.trim().replace(/\/+$/, '')
  return GUID.test(text) || RESOURCE_ID.test(text) || WORKSPACE_NAME.test(text) ? text : undefined
}

function describe(text: string): string {
  if (text.startsWith('/')) return `${quoted(text)} looks like a resource ID but is not a complete one; it`
  if (/^[0-9a-z]{6,10}(-[0-9a-z]{3,14}){3,5}$/i.test(text))
    return `${quoted(text)} looks like a GUID but is not one (8-4-4-4-12 hex digits); it`
  return `${quoted(text)}`
}
