import { clientCredentialTokens, describeApp, type AppRegistration } from './confidential-client.js'
import type { MsalNetworkClient } from './msal-network-client.js'
import type { TokenProvider } from './token-provider.js'

/** A service principal proving itself with a client secret. */
export function clientSecretProvider(
  app: AppRegistration,
  clientSecret: string,
  network: MsalNetworkClient
): TokenProvider {
  return {
    description: describeApp(app, 'client secret'),
    getToken: clientCredentialTokens(app, { clientSecret }, network)
  }
}
