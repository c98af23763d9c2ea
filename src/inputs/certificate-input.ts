import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { resolve } from 'node:path'
import { InputError } from '../common/errors.js'
import { isPemText } from '../common/secrets.js'
import type { ClientCertificate } from '../settings.js'
import { readInputFile } from './values.js'

/**
 * `client-certificate`: a PEM holding the certificate (and any chain) and its
 * private key, given as the PEM text itself (from a secret) or as a path to a
 * PEM file relative to the repository root. The key is decrypted with
 * `client-certificate-password` when it is encrypted. Every problem is found
 * here, before any network call, and no message ever shows the PEM.
 */
export function readClientCertificate(value: string, password: string, workspace: string): ClientCertificate {
  const source = isPemText(value) ? value : readPemFile(value, workspace)
  const blocks = pemBlocks(source)
  const certificates = blocks.filter(block => block.label === 'CERTIFICATE').map(block => parseCertificate(block.text))
  const keys = blocks.filter(block => KEY_LABELS.has(block.label))
  if (keys.length === 0) {
    throw new InputError(
      'client-certificate',
      `holds no private key (-----BEGIN PRIVATE KEY-----): give the certificate together with its key; ${CONVERT_PFX}.`
    )
  }
  if (keys.length > 1)
    throw new InputError('client-certificate', 'holds more than one private key: give one certificate with its key.')
  if (certificates.length === 0) {
    throw new InputError(
      'client-certificate',
      `holds a private key but no certificate (-----BEGIN CERTIFICATE-----): give both; ${CONVERT_PFX}.`
    )
  }
  const key = decryptKey(keys[0], password)
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InputError(
      'client-certificate',
      `holds a private key of type ${key.asymmetricKeyType?.toUpperCase() ?? 'unknown'}; Entra ID signs in applications only with RSA certificates.`
    )
  }
  const leaf = certificates.find(certificate => certificate.checkPrivateKey(key))
  if (!leaf)
    throw new InputError(
      'client-certificate',
      'has a private key that belongs to none of its certificates: give the certificate that matches the key.'
    )
  const chain = [leaf, ...certificates.filter(certificate => certificate !== leaf)]
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chain: chain.map(certificate => certificate.toString()).join(''),
    subject: leaf.subject.split('\n').join(', '),
    source
  }
}

const CONVERT_PFX = 'to convert a .pfx file: openssl pkcs12 -in cert.pfx -out cert.pem -nodes'

const KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'])

interface PemBlock {
  label: string
  text: string
}

function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map(match => ({
    label: match[1],
    text: match[0]
  }))
}

function readPemFile(value: string, workspace: string): string {
  // Anything that cannot be a path is a secret in the wrong form: never echo it.
  if (value.length > 1000 || /[\r\n]/.test(value)) {
    throw new InputError(
      'client-certificate',
      `is neither PEM text (-----BEGIN CERTIFICATE-----) nor a path to a PEM file; ${CONVERT_PFX}.`
    )
  }
  const path = resolve(workspace, value.trim())
  const hint =
    'give the PEM text (from a secret) or the path of a PEM file in the repository, relative to its root (GITHUB_WORKSPACE).'
  const text = readInputFile('client-certificate', path, workspace, hint)
  if (!isPemText(text))
    throw new InputError('client-certificate', `${path} is not a PEM file (no -----BEGIN line); ${CONVERT_PFX}.`)
  return text
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem)
  } catch {
    throw new InputError('client-certificate', 'holds a CERTIFICATE block that is not a valid X.509 certificate.')
  }
}

function decryptKey(block: PemBlock, password: string): KeyObject {
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(block.text)
  if (encrypted && password === '') {
    throw new InputError(
      'client-certificate-password',
      'is required: the private key in client-certificate is encrypted.'
    )
  }
  try {
    return createPrivateKey({ key: block.text, format: 'pem', ...(encrypted && { passphrase: password }) })
  } catch (error) {
    if (encrypted)
      throw new InputError(
        'client-certificate-password',
        'does not decrypt the private key in client-certificate: check the password.'
      )
    throw new InputError(
      'client-certificate',
      `holds a private key that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'invalid'}).`
    )
  }
}
