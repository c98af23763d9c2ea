import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPrivateKey, webcrypto } from 'node:crypto'
import { rsaCryptoKeys } from './rsa-keys.js'

x509.cryptoProvider.set(webcrypto as unknown as Crypto)

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const

/** Every host name the emulator answers for: loopback and the real clouds' hosts (reached through a test proxy). */
export const EMULATED_HOSTS = [
  'localhost',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'api.loganalytics.io',
  'api.loganalytics.azure.com',
  'api.loganalytics.us',
  'api.loganalytics.azure.cn',
  'management.azure.com',
  'management.usgovcloudapi.net',
  'management.chinacloudapi.cn',
  'pipelines.actions.githubusercontent.com',
  'login.emulator.test',
  'logs.emulator.test'
]

export interface ServerCertificate {
  certPem: string
  keyPem: string
  /**
   * The emulator's CA alone, for NODE_EXTRA_CA_CERTS of the processes the tests and the bench spawn: they talk to
   * the emulator only, and the 220 KB system bundle would cost each of them ~70 ms of start-up.
   */
  caFile: string
  /** The system's extra CAs plus the emulator's CA, for a shell or job that also reaches other hosts. */
  caBundleFile: string
}

let serverCertificate: Promise<ServerCertificate> | undefined

/**
 * A throw-away certificate authority and a server certificate it signs, made
 * on the first start in a process and shared by the emulators it starts after
 * (building them costs ~0.1 s of CPU; the names they hold never change).
 * Processes that talk to the emulator trust it through NODE_EXTRA_CA_CERTS
 * (read only when a process starts).
 */
export function makeServerCertificate(): Promise<ServerCertificate> {
  return (serverCertificate ??= newServerCertificate())
}

async function newServerCertificate(): Promise<ServerCertificate> {
  const notBefore = new Date(Date.now() - 60_000)
  const notAfter = new Date(Date.now() + 2 * 86400_000)
  const caKeys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Log Analytics Query emulator CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)
    ]
  })
  const serverKeys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        ...EMULATED_HOSTS.map(value => ({ type: 'dns' as const, value }))
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey)
    ]
  })
  const keyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey), 'PRIVATE KEY')
  const folder = mkdtempSync(join(tmpdir(), 'laq-emulator-'))
  const caFile = join(folder, 'ca.pem')
  const caBundleFile = join(folder, 'ca-bundle.pem')
  writeFileSync(caFile, ca.toString('pem') + '\n')
  writeFileSync(caBundleFile, systemExtraCas() + ca.toString('pem') + '\n')
  return { certPem: server.toString('pem'), keyPem, caFile, caBundleFile }
}

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1])
} as const

/** A certificate an app signs in with, and what a user would hold of it. */
export interface ClientCertificateFiles {
  /** The certificate (then its issuer, when a CA issued it) and the private key: what `client-certificate` takes. */
  pem: string
  /** The same with the private key encrypted by `passphrase`. */
  encryptedPem: string
  passphrase: string
  /** The certificate alone, as uploaded to the app registration. */
  certPem: string
  /** The unencrypted private key (PKCS#8). */
  keyPem: string
  subject: string
  /** SHA-256 of the DER, hex: the thumbprint Entra ID looks it up by. */
  thumbprintSha256: string
}

/** A certificate authority that issues client certificates (subject name and issuer authentication). */
export interface CertificateAuthority {
  certPem: string
  subject: string
  keys: CryptoKeyPair
}

/** A throw-away RSA 2048 certificate authority. */
export async function makeCertificateAuthority(
  subject = 'CN=Emulator Trusted Issuing CA'
): Promise<CertificateAuthority> {
  const keys = await rsaCryptoKeys(RSA)
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a',
    name: subject,
    ...validity(),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)
    ]
  })
  return { certPem: certificate.toString('pem') + '\n', subject, keys }
}

/**
 * A fresh RSA 2048 client certificate, self-signed or issued by `issuer`
 * (then the PEM holds the issuer's certificate too, as a chain does).
 */
export async function makeClientCertificate(
  options: { subject?: string; issuer?: CertificateAuthority; passphrase?: string } = {}
): Promise<ClientCertificateFiles> {
  const subject = options.subject ?? 'CN=log-analytics-query-action'
  const keys = await rsaCryptoKeys(RSA)
  const extensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)
  ]
  const certificate = options.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: '0b',
        subject,
        issuer: options.issuer.subject,
        ...validity(),
        publicKey: keys.publicKey,
        signingKey: options.issuer.keys.privateKey,
        signingAlgorithm: RSA,
        extensions
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '0c',
        name: subject,
        ...validity(),
        keys,
        signingAlgorithm: RSA,
        extensions
      })
  const certPem = certificate.toString('pem') + '\n'
  const chain = certPem + (options.issuer?.certPem ?? '')
  const keyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')
  const passphrase = options.passphrase ?? 'Emu-cert-p@ss phrase'
  const encryptedKey = createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString()
  const thumbprintSha256 = Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex')
  return {
    pem: chain + keyPem,
    encryptedPem: chain + encryptedKey,
    passphrase,
    certPem,
    keyPem,
    subject,
    thumbprintSha256
  }
}

/** An ECDSA P-256 certificate and key in one PEM: Entra ID takes only RSA ones. */
export async function makeEcCertificatePem(): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0d',
    name: 'CN=ec-app',
    ...validity(),
    keys,
    signingAlgorithm: SIGN
  })
  return (
    certificate.toString('pem') +
    '\n' +
    toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')
  )
}

function validity(): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 2 * 86400_000) }
}

export function toPem(der: ArrayBuffer, label: string): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`
}

/** The CAs this machine already adds through NODE_EXTRA_CA_CERTS: overwriting the variable must not drop them. */
function systemExtraCas(): string {
  const file = process.env.NODE_EXTRA_CA_CERTS
  if (!file || !existsSync(file)) return ''
  const text = readFileSync(file, 'utf8')
  return text.endsWith('\n') ? text : `${text}\n`
}
