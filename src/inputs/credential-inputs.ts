import { InputError, quoted } from '../errors.js'
import type { CredentialSettings } from '../settings.js'
import type { InputReader } from './input-reader.js'
import { isGuid } from './workspace.js'

/** The secret values among the inputs, to be masked before anything else happens. */
export function secretInputValues(read: InputReader): string[] {
  const values = [read('client-secret'), read('creds')]
  const creds = tryParseCreds(read('creds'))
  if (creds && typeof creds.clientSecret === 'string') values.push(creds.clientSecret, creds.clientSecret.trim())
  return [...new Set(values)].filter(value => value !== '')
}

/** Reads how to sign in: `tenant-id`, `client-id`, `client-secret`, or `creds` (azure/login's JSON). */
export function readCredential(read: InputReader): CredentialSettings {
  const credsText = read('creds')
  const direct = { tenantId: read('tenant-id'), clientId: read('client-id'), clientSecret: read('client-secret') }
  let tenantId = direct.tenantId
  let clientId = direct.clientId
  let clientSecret = direct.clientSecret
  if (credsText !== '') {
    if (direct.clientSecret !== '') {
      throw new InputError('creds', 'give either creds or client-secret, not both.')
    }
    const creds = parseCreds(credsText)
    tenantId = pick('tenantId', creds.tenantId, direct.tenantId, 'tenant-id')
    clientId = pick('clientId', creds.clientId, direct.clientId, 'client-id')
    clientSecret = creds.clientSecret ?? ''
    if (clientSecret === '') throw new InputError('creds', 'has no "clientSecret".')
  }
  if (clientId === '') throw new InputError('client-id', 'is required: the application (client) ID of the app registration or managed identity.')
  if (!isGuid(clientId)) throw new InputError('client-id', `${quoted(clientId)} is not a GUID: use the application (client) ID from the app registration's overview page.`)
  if (tenantId === '') throw new InputError('tenant-id', 'is required: the directory (tenant) ID, a GUID.')
  if (!isGuid(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId)) {
    throw new InputError('tenant-id', `${quoted(tenantId)} is neither a GUID nor a domain name: use the directory (tenant) ID from the app registration's overview page.`)
  }
  if (clientSecret === '') {
    throw new InputError('client-secret', 'is required: pass the app registration\'s client secret (from a GitHub secret), or azure/login\'s creds JSON.')
  }
  return { kind: 'client-secret', tenantId, clientId, clientSecret }
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
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function parseCreds(text: string): Creds {
  const value = tryParseCreds(text)
  // Never echo the text: it holds a secret.
  if (!value) {
    throw new InputError('creds', 'is not a JSON object; expected azure/login\'s format {"clientId": "…", "clientSecret": "…", "tenantId": "…"}.')
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
