import type { ClientCertificate } from '../settings.js'
import { clientCredentialTokens, describeApp, type AppRegistration } from './confidential-client.js'
import type { MsalNetworkClient } from './msal-network-client.js'
import type { TokenProvider } from './token-provider.js'

/**
 * A service principal proving itself with a certificate: msal signs a client
 * assertion with the private key, names the certificate by its SHA-256
 * thumbprint (`x5t#S256`) and sends the chain (`x5c`), so subject name and
 * issuer authentication works as well as an uploaded certificate.
 */
export function clientCertificateProvider(
  app: AppRegistration,
  certificate: ClientCertificate,
  network: MsalNetworkClient
): TokenProvider {
  const clientCertificate = {
    thumbprintSha256: certificate.thumbprintSha256,
    privateKey: certificate.privateKey,
    x5c: certificate.chain
  }
  return {
    description: describeApp(
      app,
      `certificate ${certificate.subject}, SHA-256 thumbprint ${certificate.thumbprintSha256.toUpperCase()}`
    ),
    getToken: clientCredentialTokens(app, { clientCertificate }, network)
  }
}
