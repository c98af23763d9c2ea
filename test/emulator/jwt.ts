import { constants, sign, verify, type KeyObject } from 'node:crypto'

/** A compact JWT taken apart. */
export interface Jwt {
  header: Record<string, unknown>
  payload: Record<string, unknown>
  /** `base64url(header).base64url(payload)`: what the signature covers. */
  signingInput: string
  signature: Buffer
}

/** Takes a compact JWT apart; undefined when it is not one. */
export function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') }
  } catch {
    return undefined
  }
}

/** True when the JWT's RS256 or PS256 signature verifies with the key. */
export function verifyJwt(jwt: Jwt, publicKey: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput)
  if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature)
  if (jwt.header.alg === 'PS256') {
    return verify(
      'sha256',
      data,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      jwt.signature
    )
  }
  return false
}

/** An RS256 JWT. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject
): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const signingInput = `${encode({ typ: 'JWT', alg: 'RS256', ...header })}.${encode(payload)}`
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`
}
