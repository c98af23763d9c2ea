import * as core from '@actions/core'
import type { RetryLog } from '../http/retry.js'
import type { ActionSettings } from '../settings.js'
import { clientSecretProvider } from './client-secret.js'
import { MsalNetworkClient } from './msal-network-client.js'
import type { TokenProvider } from './token-provider.js'

/**
 * The token provider the settings ask for. Every token it hands out is masked
 * in the log before anyone else sees it.
 */
export function createTokenProvider(settings: ActionSettings, log: RetryLog): TokenProvider & { network: MsalNetworkClient } {
  const network = new MsalNetworkClient(settings.retry, log)
  const { credential, cloud, customAuthority } = settings
  const provider = clientSecretProvider({ tenantId: credential.tenantId, clientId: credential.clientId, cloud, customAuthority }, credential.clientSecret, network)
  return {
    description: provider.description,
    network,
    async getToken(scope) {
      const token = await provider.getToken(scope)
      core.setSecret(token)
      return token
    }
  }
}
