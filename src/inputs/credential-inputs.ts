import { InputError, quoted } from '../common/errors.js'
import type { Cloud, CredentialSettings } from '../settings.js'
import { readClientCertificate } from './certificate-input.js'
import type { InputReader } from './input-reader.js'
import { readChoice } from './values.js'
import { isGuid } from './workspace.js'

/** The ways to sign in `auth-type` names. */
export const AUTH_TYPES = ['service-principal', 'managed-identity', 'azure-cli'] as const
export type AuthType = (typeof AUTH_TYPES)[number]

/** The inputs that carry a service principal's credential: no other auth-type takes them. */
const SERVICE_PRINCIPAL_CREDENTIALS = ['client-secret', 'creds', 'client-certificate', 'client-certificate-password']

/** The one error when a service principal has nothing to prove itself with. */
export const NO_CREDENTIAL =
  'is required, or another way for the service principal to sign in: give client-secret (or creds), or client-certificate, ' +
  'or use GitHub OIDC (no secret at all), which needs "permissions: id-token: write" in the workflow or job ' +
  '(ACTIONS_ID_TOKEN_REQUEST_URL is not set); auth-type managed-identity and azure-cli are the other ways.'

/**
 * Reads how to sign in. `auth-type` picks the way; a service principal then
 * uses, in this order, `client-secret` (or `creds`), `client-certificate`, or
 * GitHub OIDC when the runner offers an ID token.
 */
export function readCredential(read: InputReader, context: CredentialContext): CredentialSettings {
  const authType = readChoice<AuthType>(read, 'auth-type', AUTH_TYPES, 'service-principal')
  if (authType === 'managed-identity') {
    rejectInputs(read, SERVICE_PRINCIPAL_CREDENTIALS, authType)
    const clientId = readClientId(
      read,
      'the client ID of a user-assigned identity; leave it empty for the system-assigned one'
    )
    return { kind: 'managed-identity', clientId }
  }
  if (authType === 'azure-cli') {
    rejectInputs(read, [...SERVICE_PRINCIPAL_CREDENTIALS, 'client-id'], authType)
    return { kind: 'azure-cli', tenantId: readTenantId(read) }
  }
  return readServicePrincipal(read, context)
}

/** What reading the credential needs besides the inputs. */
export interface CredentialContext {
  /** The cloud: its OIDC audience is the default `audience`. */
  cloud: Cloud
  /** The repository root: a `client-certificate` path is relative to it. */
  workspace: string
  /** The runner's environment: `ACTIONS_ID_TOKEN_REQUEST_URL` and `_TOKEN` offer GitHub OIDC. */
  env: NodeJS.ProcessEnv
}

function readServicePrincipal(read: InputReader, { cloud, workspace, env }: CredentialContext): CredentialSettings {
  const credsText = read('creds')
  let clientSecret = read('client-secret')
  let tenantId = read('tenant-id')
  let clientId = read('client-id')
  if (credsText !== '') {
    if (clientSecret !== '') throw new InputError('creds', 'give either creds or client-secret, not both.')
    const creds = parseCreds(credsText)
    tenantId = pick('tenantId', creds.tenantId, tenantId, 'tenant-id')
    clientId = pick('clientId', creds.clientId, clientId, 'client-id')
    clientSecret = creds.clientSecret ?? ''
    if (clientSecret === '') throw new InputError('creds', 'has no "clientSecret".')
  }
  const certificate = read('client-certificate')
  const password = read('client-certificate-password')
  if (password !== '' && certificate === '')
    throw new InputError('client-certificate-password', 'is given without client-certificate.')
  if (clientId === '')
    throw new InputError('client-id', 'is required: the application (client) ID of the app registration.')
  checkClientId(clientId)
  if (tenantId === '') throw new InputError('tenant-id', 'is required: the directory (tenant) ID, a GUID.')
  checkTenantId(tenantId)

  if (clientSecret !== '') return { kind: 'client-secret', tenantId, clientId, clientSecret }
  if (certificate !== '') {
    return {
      kind: 'client-certificate',
      tenantId,
      clientId,
      certificate: readClientCertificate(certificate, password, workspace)
    }
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    return { kind: 'github-oidc', tenantId, clientId, audience: read('audience').trim() || cloud.oidcAudience }
  }
  throw new InputError('client-secret', NO_CREDENTIAL)
}

function rejectInputs(read: InputReader, names: string[], authType: AuthType): void {
  for (const name of names) {
    if (read(name) !== '')
      throw new InputError(
        name,
        `is not used with auth-type ${authType}: remove it, or use auth-type service-principal.`
      )
  }
}

function readClientId(read: InputReader, what: string): string | undefined {
  const clientId = read('client-id')
  if (clientId === '') return undefined
  if (!isGuid(clientId)) throw new InputError('client-id', `${quoted(clientId)} is not a GUID: ${what}.`)
  return clientId
}

function readTenantId(read: InputReader): string | undefined {
  const tenantId = read('tenant-id')
  if (tenantId === '') return undefined
  checkTenantId(tenantId)
  return tenantId
}

function checkClientId(clientId: string): void {
  if (!isGuid(clientId))
    throw new InputError(
      'client-id',
      `${quoted(clientId)} is not a GUID: use the application (client) ID from the app registration's overview page.`
    )
}

function checkTenantId(tenantId: string): void {
  if (!isGuid(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId)) {
    throw new InputError(
      'tenant-id',
      `${quoted(tenantId)} is neither a GUID nor a domain name: use the directory (tenant) ID from the app registration's overview page.`
    )
  }
}

interface Creds {
  clientId?: string
  clientSecret?: string
  tenantId?: string
}

function tryParseCreds(text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function parseCreds(text: string): Creds {
  const value = tryParseCreds(text)
  // Never echo the text: it holds a secret.
  if (!value) {
    throw new InputError(
      'creds',
      'is not a JSON object; expected azure/login\'s format {"clientId": "…", "clientSecret": "…", "tenantId": "…"}.'
    )
  }
  const creds: Creds = {}
  for (const key of ['clientId', 'clientSecret', 'tenantId'] as const) {
    const field = value[key]
    if (field === undefined) continue
    if (typeof field !== 'string') throw new InputError('creds', `${quoted(key)} must be a string.`)
    creds[key] = field.trim()
  }
  return creds
}

function pick(key: string, fromCreds: string | undefined, fromInput: string, input: string): string {
  if (fromCreds && fromInput && fromCreds.toLowerCase() !== fromInput.toLowerCase()) {
    throw new InputError(input, `differs from ${quoted(key)} in creds; give one or make them agree.`)
  }
  return fromCreds || fromInput
}
