import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { webcrypto } from 'node:crypto'

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
  'management.chinacloudapi.cn'
]

export interface ServerCertificate {
  certPem: string
  keyPem: string
  /** A PEM bundle: the system's extra CAs plus the emulator's CA, for NODE_EXTRA_CA_CERTS. */
  caBundleFile: string
}

/**
 * A throw-away certificate authority and a server certificate it signs, made
 * fresh at every start. Processes that talk to the emulator trust it through
 * NODE_EXTRA_CA_CERTS (read only when a process starts).
 */
export async function makeServerCertificate(): Promise<ServerCertificate> {
  const notBefore = new Date(Date.now() - 60_000)
  const notAfter = new Date(Date.now() + 2 * 86400_000)
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair
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
  const serverKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair
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
  const caBundleFile = join(mkdtempSync(join(tmpdir(), 'laq-emulator-')), 'ca-bundle.pem')
  writeFileSync(caBundleFile, systemExtraCas() + ca.toString('pem') + '\n')
  return { certPem: server.toString('pem'), keyPem, caBundleFile }
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
