import { X509Certificate } from 'node:crypto'
import { cloudOfAuthority } from './clouds.js'
import { GITHUB_ISSUER } from './directory.js'
import type { Emulator, Reply } from './emulator.js'
import { aadError } from './entra.js'
import { decodeJwt, verifyJwt, type Jwt } from './jwt.js'

/** A federated identity credential on the app registration (workload identity federation). */
export interface FederatedCredential {
  issuer: string
  subject: string
  /** Default: the audience recommended in the cloud whose Entra ID is asked (api://AzureADTokenExchange…). */
  audience?: string
}

/** What the app registration trusts besides its secret. */
export interface AppCredentials {
  /** Certificates uploaded under "Certificates & secrets". */
  certificates: X509Certificate[]
  /** Subject name and issuer authentication: a certificate with this subject, issued by this CA, sent in `x5c`. */
  trustedSubjects: { subject: string; issuer: X509Certificate }[]
  federatedCredentials: FederatedCredential[]
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/**
 * Entra ID's checks of a `client_assertion` (contract §2): one the app signed
 * with its certificate (`iss` = `sub` = client ID, `aud` = the token endpoint,
 * signature by a registered certificate, or by an `x5c` certificate whose
 * subject and issuer are trusted), or a federated token (signed by its issuer,
 * unexpired, matching a federated credential). Undefined when it passes;
 * otherwise Entra's error answer.
 */
export function checkClientAssertion(
  emulator: Emulator,
  form: URLSearchParams,
  tokenEndpoint: string,
  host: string
): Reply | undefined {
  const clientId = form.get('client_id') ?? ''
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    return aadError(
      400,
      'invalid_request',
      90014,
      "The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request."
    )
  }
  const jwt = decodeJwt(form.get('client_assertion') ?? '')
  if (!jwt) return aadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.')
  const now = Math.floor(Date.now() / 1000)
  if (typeof jwt.payload.exp !== 'number' || jwt.payload.exp <= now) return expired(jwt, now)
  if (jwt.payload.iss === clientId) return checkCertificateAssertion(emulator, jwt, clientId, tokenEndpoint)
  return checkFederatedToken(emulator, form.get('client_assertion') ?? '', jwt, host)
}

function checkCertificateAssertion(
  emulator: Emulator,
  jwt: Jwt,
  clientId: string,
  tokenEndpoint: string
): Reply | undefined {
  if (jwt.payload.sub !== clientId || jwt.payload.aud !== tokenEndpoint) {
    return aadError(
      401,
      'invalid_client',
      50027,
      `JWT token is invalid or malformed. The assertion's sub must be the client ID and its aud '${tokenEndpoint}'.`
    )
  }
  const thumbprint = Buffer.from(String(jwt.header['x5t#S256'] ?? ''), 'base64url')
    .toString('hex')
    .toUpperCase()
  const registered = emulator.app.certificates.find(certificate => fingerprint(certificate) === thumbprint)
  const certificate = registered ?? trustedBySubjectName(emulator, jwt, thumbprint)
  if (!certificate) {
    return aadError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ` +
        `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.] Alternatively, SNI may be configured on the app. ` +
        "Please ensure that client assertion is being sent with the x5c claim in the JWT header using MSAL's WithSendX5C() method so that Azure Active Directory can validate the certificate being used."
    )
  }
  if (!verifyJwt(jwt, certificate.publicKey)) {
    return aadError(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${certificate.validFrom}, End=${certificate.validTo}']`
    )
  }
  return undefined
}

/** The `x5c` leaf, when its subject and issuing CA are trusted and its thumbprint is the one the header names. */
function trustedBySubjectName(emulator: Emulator, jwt: Jwt, thumbprint: string): X509Certificate | undefined {
  const chain = Array.isArray(jwt.header.x5c)
    ? jwt.header.x5c.map(der => new X509Certificate(Buffer.from(String(der), 'base64')))
    : []
  const [leaf, ...issuers] = chain
  if (!leaf || fingerprint(leaf) !== thumbprint) return undefined
  const trusted = emulator.app.trustedSubjects.some(
    ({ subject, issuer }) =>
      leaf.subject === subject &&
      issuers.some(sent => fingerprint(sent) === fingerprint(issuer)) &&
      leaf.checkIssued(issuer) &&
      leaf.verify(issuer.publicKey)
  )
  return trusted ? leaf : undefined
}

function checkFederatedToken(emulator: Emulator, token: string, jwt: Jwt, host: string): Reply | undefined {
  const { iss, sub, aud } = jwt.payload
  if (iss === GITHUB_ISSUER && !emulator.github.verify(token))
    return aadError(401, 'invalid_client', 50013, 'Assertion failed signature validation.')
  const defaultAudience = cloudOfAuthority(host)?.oidcAudience ?? 'api://AzureADTokenExchange'
  const audiences = Array.isArray(aud) ? aud : [aud]
  const match = emulator.app.federatedCredentials.some(
    credential =>
      credential.issuer === iss &&
      credential.subject === sub &&
      audiences.includes(credential.audience ?? defaultAudience)
  )
  if (match) return undefined
  return aadError(
    400,
    'invalid_request',
    70021,
    `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.join(',')}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`
  )
}

function expired(jwt: Jwt, now: number): Reply {
  const time = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'none')
  return aadError(
    401,
    'invalid_client',
    700024,
    `Client assertion is not within its valid time range. Current time: ${time(now)}, assertion valid from ${time(jwt.payload.nbf ?? jwt.payload.iat)}, expiry time of assertion ${time(jwt.payload.exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`
  )
}

function fingerprint(certificate: X509Certificate): string {
  return certificate.fingerprint256.replace(/:/g, '')
}
