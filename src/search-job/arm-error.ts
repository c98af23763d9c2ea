import { oneLine } from '../common/errors.js'
import { parseServiceError, unwrap } from '../logs/service-error.js'

/** What to do about the Azure Resource Manager errors a search job meets most. */
const HINTS: Record<string, string> = {
  AuthorizationFailed:
    'give the identity Log Analytics Contributor on the workspace (a search job needs Microsoft.OperationalInsights/workspaces/tables/write, …/searchJobs/write and …/tables/delete)',
  LinkedAuthorizationFailed: 'give the identity Log Analytics Contributor on the workspace',
  InvalidAuthenticationTokenAudience: 'the token is for another cloud: check environment and arm-endpoint',
  InvalidAuthenticationToken: 'the access token was refused',
  ExpiredAuthenticationToken: 'the access token had expired',
  AuthenticationFailed: 'the access token was refused',
  SubscriptionNotFound: 'check the subscription in workspace (the workspace resource ID)',
  ResourceGroupNotFound: 'check the resource group in workspace (the workspace resource ID)',
  ResourceNotFound: 'check the workspace name in workspace (the workspace resource ID)',
  Conflict: 'a table of this name exists already: choose another search-table, or delete it first',
  InvalidApiVersionParameter: 'the service does not offer the tables API version this action speaks',
  NoRegisteredProviderFound: 'the service does not offer the tables API version this action speaks'
}

/**
 * One line for a failed Azure Resource Manager call: what was being done, the
 * service's message and codes, and what to check. ARM's error bodies are
 * `{"error":{"code","message","details"?}}`.
 */
export function armErrorMessage(doing: string, status: number, text: string): string {
  const error = parseServiceError(text)
  if (!error) {
    const snippet = oneLine(text).slice(0, 200)
    return `${capitalize(doing)} failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`
  }
  const { codes, message } = unwrap(error)
  const hint = [...codes]
    .reverse()
    .map(code => HINTS[code])
    .find(Boolean)
  const parts = [
    `${capitalize(doing)} failed: ${message || 'no message'}`,
    `[HTTP ${status}${codes.length ? ` ${codes.join('/')}` : ''}]`
  ]
  if (hint) parts.push(`— ${hint}.`)
  return oneLine(parts.join(' '))
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
