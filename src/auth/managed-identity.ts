import { ManagedIdentityApplication } from '@azure/msal-node'
import { msalSystemOptions } from './confidential-client.js'
import type { MsalNetworkClient } from './msal-network-client.js'
import { signInError, SignInError } from './sign-in-errors.js'
import type { TokenProvider } from './token-provider.js'

/**
 * The managed identity of the machine the runner runs on (a self-hosted runner
 * on an Azure VM, scale set or container): system-assigned, or user-assigned
 * when `clientId` names one. msal-node finds the endpoint (IMDS, or the one its
 * environment names); requests go through the action's network client, whose
 * retries replace msal's own.
 */
export function managedIdentityProvider(clientId: string | undefined, network: MsalNetworkClient): TokenProvider {
  const app = new ManagedIdentityApplication({
    ...(clientId && { managedIdentityIdParams: { userAssignedClientId: clientId } }),
    system: { ...msalSystemOptions(network), disableInternalRetries: true }
  })
  const identity = clientId ? `user-assigned managed identity ${clientId}` : 'system-assigned managed identity'
  const hint = clientId
    ? `check that the user-assigned identity with client-id ${clientId} is assigned to the runner's machine`
    : 'check that the runner runs on an Azure machine with a system-assigned identity, or give client-id of a user-assigned one'
  return {
    description: `the ${identity} of this machine`,
    async getToken(scope) {
      let result
      try {
        result = await app.acquireToken({ resource: scope })
      } catch (error) {
        const reason = (network.failure ?? signInError(error)).reason
        throw new SignInError(`${reason} (${hint})`)
      }
      if (!result?.accessToken)
        throw new SignInError(`the managed identity endpoint returned no access token (${hint})`)
      return result.accessToken
    }
  }
}
