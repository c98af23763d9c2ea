import { SYSTEM_IDENTITY_CLIENT_ID, USER_IDENTITY_CLIENT_ID } from './directory.js'
import type { Emulator, Reply } from './emulator.js'

/** The identities of the Azure machine the runner runs on. */
export interface MachineIdentities {
  /** Client ID of its system-assigned identity; undefined when it has none. */
  systemAssigned: string | undefined
  /** Client IDs of the user-assigned identities assigned to it. */
  userAssigned: string[]
}

export function defaultMachineIdentities(): MachineIdentities {
  return { systemAssigned: SYSTEM_IDENTITY_CLIENT_ID, userAssigned: [USER_IDENTITY_CLIENT_ID] }
}

/**
 * The Azure Instance Metadata Service's token endpoint (IMDS,
 * `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id=…]`
 * with `Metadata: true`), which msal-node calls at 169.254.169.254, or where
 * AZURE_POD_IDENTITY_AUTHORITY_HOST points it: tests always point it here.
 */
export function handleManagedIdentity(emulator: Emulator, url: URL, headers: Record<string, string>): Reply {
  if (headers.metadata !== 'true') return imdsError('invalid_request', 'Required metadata header not specified')
  if (!url.searchParams.get('api-version'))
    return imdsError('invalid_request', "Required query variable 'api-version' is missing")
  const resource = url.searchParams.get('resource') ?? ''
  if (!/^https:\/\/[^/]+/.test(resource))
    return imdsError(
      'invalid_resource',
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant.`
    )
  const requested = url.searchParams.get('client_id')
  const clientId =
    requested === null
      ? emulator.machine.systemAssigned
      : emulator.machine.userAssigned.find(id => id === requested.toLowerCase())
  if (!clientId) return imdsError('invalid_request', 'Identity not found')
  const token = emulator.mintToken(resource, clientId)
  const now = Math.floor(Date.now() / 1000)
  const lifetime = emulator.tokenLifetimeSeconds
  // IMDS sends every number as a string.
  return {
    status: 200,
    body: {
      access_token: token,
      client_id: clientId,
      expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      ext_expires_in: String(lifetime),
      not_before: String(now),
      resource,
      token_type: 'Bearer'
    }
  }
}

function imdsError(error: string, description: string): Reply {
  return { status: 400, body: { error, error_description: description } }
}
