import * as core from '@actions/core'
import type { CredentialSettings } from '../settings.js'

/**
 * Every secret the action handles, found and masked here: the secret inputs
 * (client secret, creds, certificate and its password), what reading them
 * turns up (a certificate file, a decrypted key), what a token request carries
 * (a client secret, a client assertion) and every token handed out. A secret
 * is masked before it is used, so no log line, output or message can show it.
 */

const masked = new Set<string>()

/** Hides `value` in every later log line (once per value, however often it comes by). */
export function mask(value: string): void {
  if (value === '' || masked.has(value)) return
  masked.add(value)
  core.setSecret(value)
}

/** Hides each of `values`. */
export function maskAll(values: Iterable<string>): void {
  for (const value of values) mask(value)
}

/** The secret values among the inputs, to be masked before anything else happens. */
export function secretInputValues(read: (name: string) => string): string[] {
  const values = [read('client-secret'), read('creds'), read('client-certificate-password')]
  const clientSecret = credsClientSecret(read('creds'))
  if (clientSecret !== undefined) values.push(clientSecret, clientSecret.trim())
  const certificate = read('client-certificate')
  if (isPemText(certificate)) values.push(...pemSecrets(certificate))
  return [...new Set(values)].filter(value => value !== '')
}

/** The secrets found while reading the inputs (a certificate file, a decrypted key), to be masked before signing in. */
export function credentialSecrets(credential: CredentialSettings): string[] {
  if (credential.kind === 'client-secret') return [credential.clientSecret]
  if (credential.kind === 'client-certificate') {
    return [
      ...new Set([...pemSecrets(credential.certificate.source), ...pemSecrets(credential.certificate.privateKey)])
    ]
  }
  return []
}

/** Every form of a PEM's secret to mask: the text, and each of its base64 lines (the runner masks line by line). */
export function pemSecrets(pem: string): string[] {
  const lines = pem
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => /^[A-Za-z0-9+/=]{16,}$/.test(line))
  return [pem, pem.trim(), ...lines]
}

/** True when the input holds PEM text rather than a path to a file. */
export function isPemText(value: string): boolean {
  return value.includes('-----BEGIN ')
}

/** The secrets in a token request's form body: `client_secret` and `client_assertion`. */
export function tokenRequestSecrets(body: string | undefined): string[] {
  const form = new URLSearchParams(body ?? '')
  return ['client_secret', 'client_assertion'].flatMap(name => form.getAll(name)).filter(value => value !== '')
}

/** `clientSecret` of azure/login's `creds` JSON, when it has one. */
function credsClientSecret(creds: string): string | undefined {
  try {
    const value: unknown = creds === '' ? undefined : JSON.parse(creds)
    const secret =
      value !== null && typeof value === 'object' ? (value as { clientSecret?: unknown }).clientSecret : undefined
    return typeof secret === 'string' ? secret : undefined
  } catch {
    return undefined
  }
}
