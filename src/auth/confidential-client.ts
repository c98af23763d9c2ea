import { ConfidentialClientApplication, LogLevel, type Configuration, type NodeAuthOptions } from '@azure/msal-node'
import * as core from '@actions/core'
import { log } from '../common/log.js'
import type { Cloud } from '../settings.js'
import type { MsalNetworkClient } from './msal-network-client.js'
import { signInError, type ExplainFailure } from './sign-in-errors.js'
import { cachedTokens } from './token-cache.js'

/** What proves the application's identity: exactly one of these. */
export type ClientProof = Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate' | 'clientAssertion'>

export interface AppRegistration {
  tenantId: string
  clientId: string
  cloud: Cloud
  /** The authority host is not one msal-node knows (a private cloud or the emulator). */
  customAuthority: boolean
}

/** msal's logger, into the debug log only; personal data is never logged. */
export function msalSystemOptions(network: MsalNetworkClient): Configuration['system'] {
  return {
    networkClient: network,
    loggerOptions: {
      piiLoggingEnabled: false,
      logLevel: core.isDebug() ? LogLevel.Info : LogLevel.Warning,
      loggerCallback: (_level, message) => log.debug(`msal: ${message}`)
    }
  }
}

/** The log's name for the app registration signing in one way: "service principal … (client secret) at https://…". */
export function describeApp(app: AppRegistration, how: string): string {
  return `service principal ${app.clientId} (${how}) at ${app.cloud.authorityHost}`
}

/**
 * Tokens for the app registration through the client credentials flow, the same
 * for a secret, a certificate or a federated (OIDC) assertion. Repeated requests
 * for a scope are served from a cache in front of msal's: msal runs an assertion
 * callback even when its own cache answers, and a GitHub ID token should be
 * fetched only for a real token request. `explain` adds to the message of a
 * failed request.
 */
export function clientCredentialTokens(
  app: AppRegistration,
  proof: ClientProof,
  network: MsalNetworkClient,
  explain?: ExplainFailure
): (scope: string) => Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: app.clientId,
      authority: `${app.cloud.authorityHost}/${app.tenantId}`,
      ...(app.customAuthority && { knownAuthorities: [new URL(app.cloud.authorityHost).host] }),
      ...proof
    },
    system: msalSystemOptions(network)
  })
  return cachedTokens(async scope => {
    let result
    try {
      result = await client.acquireTokenByClientCredential({ scopes: [scope] })
    } catch (error) {
      throw network.failure ?? signInError(error, explain)
    }
    if (!result?.accessToken) throw signInError(new Error('Entra ID returned no access token'))
    return { token: result.accessToken, expiresAtMs: result.expiresOn?.getTime() }
  })
}
