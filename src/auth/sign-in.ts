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
/** The run's token provider, and the network client its requests go through (for their count). */
export type SignIn = TokenProvider & { network: MsalNetworkClient }

export function createTokenProvider(settings: ActionSettings, log: RetryLog): SignIn {
  const network = new MsalNetworkClient(settings.retry, log)
  const masked = new Set<string>()
  const { credential, cloud, customAuthority } = settings
  const provider = clientSecretProvider({ tenantId: credential.tenantId, clientId: credential.clientId, cloud, customAuthority }, credential.clientSecret, network)
  return {
    description: provider.description,
    network,
    async getToken(scope) {
      const token = await provider.getToken(scope)
      if (!masked.has(token)) core.setSecret(token)
      masked.add(token)
      return token
    }
  }
}
