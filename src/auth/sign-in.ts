import { credentialSecrets, mask, maskAll } from '../common/secrets.js'
import type { RetryLog } from '../http/retry.js'
import type { Cloud, CredentialSettings, RetrySettings } from '../settings.js'
import { azureCliProvider } from './azure-cli.js'
import { clientCertificateProvider } from './client-certificate.js'
import { clientSecretProvider } from './client-secret.js'
import type { AppRegistration } from './confidential-client.js'
import { githubOidcProvider } from './github-oidc.js'
import { managedIdentityProvider } from './managed-identity.js'
import { MsalNetworkClient } from './msal-network-client.js'
import type { TokenProvider } from './token-provider.js'

/** The run's token provider, and the network client its requests go through (for their count). */
export type SignIn = TokenProvider & { network: MsalNetworkClient }

/**
 * Where tokens come from: the cloud, and whether its authority is one msal-node does not know (private cloud,
 * emulator).
 */
export interface Authority {
  cloud: Cloud
  customAuthority: boolean
}

/**
 * The token provider for `credential`. The credential's secrets, whatever a
 * token request carries, and every token handed out are masked in the log
 * before anyone else sees them. Token requests are retried as `retry` says.
 */
export function createSignIn(
  credential: CredentialSettings,
  authority: Authority,
  retry: RetrySettings,
  log: RetryLog
): SignIn {
  maskAll(credentialSecrets(credential))
  const network = new MsalNetworkClient(retry, log, mask)
  const provider = providerFor(credential, authority, network)
  return {
    description: provider.description,
    network,
    async getToken(scope) {
      const token = await provider.getToken(scope)
      mask(token)
      return token
    }
  }
}

function providerFor(
  credential: CredentialSettings,
  { cloud, customAuthority }: Authority,
  network: MsalNetworkClient
): TokenProvider {
  switch (credential.kind) {
    case 'managed-identity':
      return managedIdentityProvider(credential.clientId, network)
    case 'azure-cli':
      return azureCliProvider(credential.tenantId)
  }
  const app: AppRegistration = { tenantId: credential.tenantId, clientId: credential.clientId, cloud, customAuthority }
  switch (credential.kind) {
    case 'client-secret':
      return clientSecretProvider(app, credential.clientSecret, network)
    case 'client-certificate':
      return clientCertificateProvider(app, credential.certificate, network)
    case 'github-oidc':
      return githubOidcProvider(app, credential.audience, network)
  }
}
