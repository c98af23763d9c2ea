import { ActionError } from '../common/errors.js'

/** What to check for the Entra ID errors people meet most (AADSTS codes). */
const HINTS: Record<string, string> = {
  '7000215': "the client secret is wrong: check client-secret (use the secret's Value, not its ID)",
  '7000222': 'the client secret has expired: create a new one under the app registration\'s "Certificates & secrets"',
  '700016': 'no application with this client-id exists in the tenant: check client-id and tenant-id',
  '90002': 'the tenant does not exist: check tenant-id',
  '900023': 'tenant-id is not a valid tenant ID or domain',
  '90072': 'the app is not in this tenant: check tenant-id',
  '500011': 'the resource the token is for does not exist in this cloud: check environment and endpoint',
  '700027':
    'the certificate is not accepted: upload it under the app registration\'s "Certificates & secrets" (or set up subject name and issuer authentication)',
  '50013':
    "the certificate assertion's signature does not verify: check that client-certificate holds the registered certificate and its key",
  '700024': 'the client assertion has expired',
  '70021':
    'no federated credential matches the GitHub token: add one with the issuer, subject and audience it presents',
  '700211': 'no federated credential has this issuer: it must be https://token.actions.githubusercontent.com',
  '700212': 'no federated credential has this audience: check audience against the federated credential',
  '700213':
    'no federated credential has this subject: add one for this repository, branch, environment or pull request',
  '7002138': 'the subject differs only in upper and lower case: federated credentials match it case-sensitively',
  '7000112': 'the application is disabled',
  '53003': 'a Conditional Access policy blocked the sign-in'
}

/** A failed sign-in: `Sign-in failed: <reason>`, the reason kept apart so that it can be told again with more to it. */
export class SignInError extends ActionError {
  override name = 'SignInError'
  constructor(readonly reason: string) {
    super(`Sign-in failed: ${reason}`)
  }
}

/** The AADSTS code in an Entra ID error text, when there is one. */
export function aadstsCode(text: string): string | undefined {
  return /AADSTS(\d+)/.exec(text)?.[1]
}

/** More to say about a failure, given its AADSTS code (the claims of a rejected token, say). */
export type ExplainFailure = (code: string | undefined) => string | undefined

/**
 * A failed sign-in in one line: the first line of Entra's description, the
 * hint for its AADSTS code, what `explain` adds, and the correlation ID
 * Microsoft support asks for.
 */
export function signInError(error: unknown, explain?: ExplainFailure): SignInError {
  const { errorCode, errorMessage, message, correlationId } = error as {
    errorCode?: string
    errorMessage?: string
    message?: string
    correlationId?: string
  }
  const text = errorMessage || message || String(error)
  // msal wraps Entra's answer: "Error(s): 7000215 - Timestamp: … - Description: AADSTS7000215: …\r\nTrace ID: … -
  // Correlation ID: …"
  const description = text.includes('Description: ') ? text.slice(text.indexOf('Description: ') + 13) : text
  const first = description.split(/\r?\n| - Correlation ID: /)[0].trim()
  const code = aadstsCode(text)
  const hint = code ? HINTS[code] : undefined
  const correlation = /Correlation ID: ([0-9a-f-]{36})/i.exec(text)?.[1] ?? correlationId
  const parts = [first || errorCode || 'unknown error']
  if (hint) parts.push(`(${hint})`)
  const detail = explain?.(code)
  if (detail) parts.push(detail)
  if (correlation) parts.push(`[correlation ID ${correlation}]`)
  return new SignInError(parts.join(' '))
}
