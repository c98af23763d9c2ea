import { randomBytes, randomUUID } from 'node:crypto'
import { checkClientAssertion } from './client-assertion.js'
import { cloudOfAuthority } from './clouds.js'
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from './directory.js'
import type { Emulator, Reply, Route } from './emulator.js'

/** An access token the emulator handed out, for the Logs API to check and for leak tests to look for. */
export interface IssuedToken {
  token: string
  audience: string
  clientId: string
  tenantId: string
}

/**
 * Entra ID's client-credentials token endpoint (contract §2) and the OpenID
 * metadata msal-node reads for an authority it does not know. The app proves
 * itself with its secret or a client assertion (client-assertion.ts); a real
 * cloud's Entra ID issues tokens only for that cloud's resources.
 */
export function handleEntra(
  emulator: Emulator,
  route: Route,
  url: URL,
  headers: Record<string, string>,
  body: string
): Reply {
  const tenant = url.pathname.split('/')[1]
  if (!isKnownTenant(tenant)) {
    return aadError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`
    )
  }
  const base = `https://${headers.host}/${tenant}`
  if (route === 'openid') {
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `https://${headers.host}/${tenant}/discovery/v2.0/keys`,
        issuer: `${base}/v2.0`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        tenant_region_scope: 'EU'
      }
    }
  }
  const form = new URLSearchParams(body)
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')
  }
  const clientId = form.get('client_id') ?? ''
  if (clientId !== CLIENT_ID) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`
    )
  }
  const scope = form.get('scope') ?? ''
  const resource = /^(https:\/\/[^ ]+?)\/\.default$/.exec(
    scope.split(' ').find(s => s.endsWith('/.default')) ?? ''
  )?.[1]
  if (!resource) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`
    )
  }
  const cloud = cloudOfAuthority(headers.host ?? '')
  if (cloud && resource !== cloud.logsResource && resource !== cloud.armResource) {
    return aadError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`
    )
  }
  const secret = form.get('client_secret')
  if (secret === null && !form.has('client_assertion')) {
    return aadError(
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type."
    )
  }
  if (secret !== null && secret !== CLIENT_SECRET) {
    return aadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.`
    )
  }
  if (secret === null) {
    const rejected = checkClientAssertion(emulator, form, `https://${headers.host}${url.pathname}`, headers.host ?? '')
    if (rejected) return rejected
  }
  const token = emulator.mintToken(resource, clientId)
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: emulator.tokenLifetimeSeconds,
      ext_expires_in: emulator.tokenLifetimeSeconds,
      access_token: token
    }
  }
}

/** A new access token for `audience`, recorded so the Logs API accepts it. */
export function mintToken(emulator: Emulator, audience: string, clientId: string): string {
  const token = `emu.${randomBytes(32).toString('base64url')}`
  emulator.tokens.push({ token, audience, clientId, tenantId: TENANT_ID })
  return token
}

function isKnownTenant(tenant: string): boolean {
  return tenant.toLowerCase() === TENANT_ID || tenant.toLowerCase() === 'contoso.onmicrosoft.com'
}

/**
 * Entra's error body: `{"error","error_description":"AADSTS…: … Trace ID … Correlation ID … Timestamp
 * …","error_codes":[…]}`.
 */
export function aadError(status: number, error: string, code: number, text: string): Reply {
  const traceId = randomUUID()
  const correlationId = randomUUID()
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`
    }
  }
}
