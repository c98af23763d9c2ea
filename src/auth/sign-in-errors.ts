import { ActionError } from '../errors.js'

/** What to check for the Entra ID errors people meet most (AADSTS codes). */
const HINTS: Record<string, string> = {
  '7000215': 'the client secret is wrong: check client-secret (use the secret\'s Value, not its ID)',
  '7000222': 'the client secret has expired: create a new one under the app registration\'s "Certificates & secrets"',
  '700016': 'no application with this client-id exists in the tenant: check client-id and tenant-id',
  '90002': 'the tenant does not exist: check tenant-id',
  '900023': 'tenant-id is not a valid tenant ID or domain',
  '90072': 'the app is not in this tenant: check tenant-id',
  '500011': 'the resource the token is for does not exist in this cloud: check environment and endpoint',
  '700027': 'the certificate assertion is not valid: check that the certificate is registered on the app',
  '700024': 'the client assertion has expired',
  '70021': 'no federated credential matches the token: check the federated credential\'s issuer, subject and audience',
  '7000112': 'the application is disabled',
  '53003': 'a Conditional Access policy blocked the sign-in'
}

/** The AADSTS code in an Entra ID error text, when there is one. */
export function aadstsCode(text: string): string | undefined {
  return /AADSTS(\d+)/.exec(text)?.[1]
}

/**
 * One line for a failed sign-in: the first line of Entra's description, the
 * hint for its AADSTS code, and the correlation ID Microsoft support asks for.
 */
export function signInErrorMessage(error: unknown): string {
  const { errorCode, errorMessage, message, correlationId } = error as {
    errorCode?: string
    errorMessage?: string
    message?: string
    correlationId?: string
  }
  const text = errorMessage || message || String(error)
  // msal wraps Entra's answer: "Error(s): 7000215 - Timestamp: … - Description: AADSTS7000215: …\r\nTrace ID: … - Correlation ID: …"
  const description = text.includes('Description: ') ? text.slice(text.indexOf('Description: ') + 13) : text
  const first = description.split(/\r?\n| - Correlation ID: /)[0].trim()
  const code = aadstsCode(text)
  const hint = code ? HINTS[code] : undefined
  const correlation = /Correlation ID: ([0-9a-f-]{36})/i.exec(text)?.[1] ?? correlationId
  const parts = [`Sign-in failed: ${first || errorCode || 'unknown error'}`]
  if (hint) parts.push(`(${hint})`)
  if (correlation) parts.push(`[correlation ID ${correlation}]`)
  return parts.join(' ')
}

export function signInError(error: unknown): ActionError {
  return new ActionError(signInErrorMessage(error))
}
