import { ActionError } from '../common/errors.js'
import { oneLine } from '../common/errors.js'

/**
 * The Logs API's error bodies (contract §3):
 * `{"error":{"message","code","correlationId","innererror":{"code","message","innererror":{…}}}}`.
 * The innermost message is the useful one (the syntax error's line and token).
 */
export interface ServiceError {
  code?: string
  message?: string
  correlationId?: string
  innererror?: ServiceError
  details?: ServiceError[]
  line?: number
  pos?: number
  token?: string
}

/** Reads the `error` member of a body; undefined when the body holds none. */
export function parseServiceError(text: string): ServiceError | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown }
    return body && typeof body.error === 'object' && body.error !== null ? body.error : undefined
  } catch {
    return undefined
  }
}

/** The chain of codes and the deepest message: ["BadArgumentError", "SyntaxError", "SYN0002"]. */
export function unwrap(error: ServiceError): { codes: string[]; message: string; innermost: ServiceError } {
  const codes: string[] = []
  let innermost = error
  let message = error.message ?? ''
  for (let e: ServiceError | undefined = error; e; e = e.innererror ?? e.details?.[0]) {
    if (e.code && codes[codes.length - 1] !== e.code) codes.push(e.code)
    if (e.message) message = e.message
    innermost = e
  }
  return { codes, message, innermost }
}

const HINTS: Record<string, string> = {
  PathNotFoundError:
    'no workspace has this ID: check workspace (the "Workspace ID" GUID on the workspace\'s overview page)',
  ResourceNotFoundError: 'check the resource ID in workspace',
  WorkspaceNotFoundError: 'no workspace has this ID: check workspace',
  InsufficientAccessError:
    'give the identity the Log Analytics Reader role on the workspace (or Reader on the resource)',
  AuthorizationFailedError:
    'give the identity the Log Analytics Reader role on the workspace (or Reader on the resource)',
  InvalidAuthenticationTokenAudience: 'the token is for another cloud or endpoint: check environment and endpoint',
  AuthenticationFailed: 'the access token was refused',
  SemanticError: 'check table and column names in the query',
  SyntaxError: 'fix the query text',
  GatewayTimeout:
    'the query ran longer than timeout: raise timeout (at most 600 seconds) or narrow the query or its timespan',
  ThrottledError: 'too many queries: space them out'
}

/** One line for a failed query: what the service said, what to do, and the correlation ID. */
export function serviceErrorMessage(status: number, text: string): string {
  const error = parseServiceError(text)
  if (!error) {
    const snippet = oneLine(text).slice(0, 200)
    return `The query failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`
  }
  const { codes, message, innermost } = unwrap(error)
  const where =
    innermost.line !== undefined
      ? ` (line ${innermost.line}, position ${innermost.pos ?? '?'}${innermost.token ? `, at '${innermost.token}'` : ''})`
      : ''
  const hint = [...codes]
    .reverse()
    .map(code => HINTS[code])
    .find(Boolean)
  const parts = [`The query failed: ${message}${where}`, `[HTTP ${status} ${codes.join('/')}]`]
  if (hint) parts.push(`— ${hint}.`)
  if (error.correlationId) parts.push(`Correlation ID ${error.correlationId}.`)
  return oneLine(parts.join(' '))
}

/** The service refused the query for good (a status not worth retrying: 400, 401, 403, 404…). */
export class QueryRefused extends ActionError {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}
