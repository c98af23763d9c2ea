import * as core from '@actions/core'
import { oneLine } from '../common/errors.js'
import { SignInError } from './sign-in-errors.js'
import { clientCredentialTokens, describeApp, type AppRegistration } from './confidential-client.js'
import { describeFederationClaims } from './jwt-claims.js'
import type { MsalNetworkClient } from './msal-network-client.js'
import type { TokenProvider } from './token-provider.js'

/** AADSTS codes of a federated token Entra ID did not accept: the token's claims tell the user what to register. */
const FEDERATION_CODES = new Set(['70021', '700211', '700212', '700213', '7002138', '700024'])

/**
 * A service principal signing in with the workflow's GitHub ID token (workload
 * identity federation): no secret is stored anywhere. The ID token is fetched
 * inside msal's assertion callback, so every token request presents a fresh
 * one; a cached ID token would expire in long jobs (AADSTS700024).
 */
export function githubOidcProvider(app: AppRegistration, audience: string, network: MsalNetworkClient): TokenProvider {
  let presented: string | undefined
  let failure: SignInError | undefined
  const clientAssertion = async (): Promise<string> => {
    try {
      presented = await core.getIDToken(audience) // masks the token
      return presented
    } catch (error) {
      const reason = oneLine(error instanceof Error ? error.message : String(error)).replace(/^Error message: /, '')
      failure = new SignInError(`the runner gave no GitHub ID token: ${reason}`)
      throw failure
    }
  }
  const explain = (code: string | undefined) => {
    const claims = code && FEDERATION_CODES.has(code) && presented ? describeFederationClaims(presented) : undefined
    return claims && `(the token presented ${claims})`
  }
  const tokens = clientCredentialTokens(app, { clientAssertion }, network, explain)
  return {
    description: describeApp(app, `GitHub OIDC, audience ${audience}`),
    async getToken(scope) {
      failure = undefined
      try {
        return await tokens(scope)
      } catch (error) {
        throw failure ?? error
      }
    }
  }
}
