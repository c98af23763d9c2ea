import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pemSecrets } from '../../../src/common/secrets.js'
import { readClientCertificate } from '../../../src/inputs/certificate-input.js'
import {
  makeCertificateAuthority,
  makeClientCertificate,
  type CertificateAuthority,
  type ClientCertificateFiles
} from '../../emulator/certificates.js'
import { inputError } from '../fixtures/inputs.js'

let plain: ClientCertificateFiles
let ca: CertificateAuthority
let issued: ClientCertificateFiles
let workspace: string

beforeAll(async () => {
  plain = await makeClientCertificate({ subject: 'CN=reader,O=Contoso' })
  ca = await makeCertificateAuthority()
  issued = await makeClientCertificate({ subject: 'CN=reader.contoso.com', issuer: ca })
  workspace = mkdtempSync(join(tmpdir(), 'certificate-input-'))
  mkdirSync(join(workspace, 'certs'))
  writeFileSync(join(workspace, 'certs', 'app.pem'), plain.pem)
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const der = (pem: string) => new X509Certificate(pem).raw.toString('base64')
const read = (value: string, password = '') => readClientCertificate(value, password, workspace)

describe('readClientCertificate', () => {
  it('gives the SHA-256 thumbprint, the decrypted key, the subject and the chain', () => {
    const certificate = read(plain.pem)
    expect(certificate.thumbprintSha256).toBe(plain.thumbprintSha256)
    expect(certificate.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(certificate.subject).toBe('CN=reader, O=Contoso')
    expect(certificate.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(createPrivateKey(certificate.privateKey).equals(createPrivateKey(plain.keyPem))).toBe(true)
    expect(der(certificate.chain)).toBe(der(plain.certPem))
    expect(certificate.source).toBe(plain.pem)
  })

  it('decrypts an encrypted PKCS#8 key with the password', () => {
    const certificate = read(plain.encryptedPem, plain.passphrase)
    expect(createPrivateKey(certificate.privateKey).equals(createPrivateKey(plain.keyPem))).toBe(true)
    expect(certificate.privateKey).not.toContain('ENCRYPTED')
  })

  it('decrypts a legacy encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)', () => {
    const pkcs1 = createPrivateKey(plain.keyPem)
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'legacy' })
      .toString()
    expect(pkcs1).toContain('Proc-Type: 4,ENCRYPTED')
    const certificate = read(plain.certPem + pkcs1, 'legacy')
    expect(certificate.thumbprintSha256).toBe(plain.thumbprintSha256)
    expect(inputError(() => read(plain.certPem + pkcs1)).input).toBe('client-certificate-password')
  })

  it('puts the certificate that matches the key first, whatever the order in the PEM', () => {
    const certificate = read(ca.certPem + issued.certPem + issued.keyPem)
    expect(certificate.thumbprintSha256).toBe(issued.thumbprintSha256)
    const blocks = certificate.chain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
    expect(blocks.map(der)).toEqual([der(issued.certPem), der(ca.certPem)])
  })

  it('reads what openssl pkcs12 writes: bag attributes, CRLF line ends', () => {
    const bagged = `Bag Attributes\r\n    localKeyID: 01 00 00 00\r\nsubject=CN = reader\r\n${plain.certPem}Bag Attributes\r\n    localKeyID: 01 00 00 00\r\nKey Attributes: <No Attributes>\r\n${plain.keyPem}`
    expect(read(bagged.replace(/\r?\n/g, '\r\n')).thumbprintSha256).toBe(plain.thumbprintSha256)
  })

  it('reads a PEM file relative to the repository root', () => {
    const certificate = read('certs/app.pem')
    expect(certificate.thumbprintSha256).toBe(plain.thumbprintSha256)
    expect(certificate.source).toBe(plain.pem)
  })

  it.each([
    [
      'a missing file',
      () => read('certs/missing.pem'),
      'client-certificate',
      /certs[\\/]missing\.pem does not exist; give the PEM text/
    ],
    ['a folder', () => read('certs'), 'client-certificate', /is a folder/],
    ['no private key', () => read(plain.certPem), 'client-certificate', /holds no private key/],
    ['no certificate', () => read(plain.keyPem), 'client-certificate', /holds a private key but no certificate/],
    ['two keys', () => read(plain.pem + plain.keyPem), 'client-certificate', /more than one private key/],
    [
      'a key of another certificate',
      () => read(issued.certPem + plain.keyPem),
      'client-certificate',
      /belongs to none of its certificates/
    ],
    [
      'a broken certificate block',
      () => read('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' + plain.keyPem),
      'client-certificate',
      /not a valid X\.509 certificate/
    ],
    [
      'a broken key block',
      () => read(plain.certPem + '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      'client-certificate',
      /private key that cannot be read/
    ],
    ['an encrypted key without password', () => read(plain.encryptedPem), 'client-certificate-password', /is required/],
    ['a wrong password', () => read(plain.encryptedPem, 'nope'), 'client-certificate-password', /does not decrypt/],
    [
      'base64 that is neither PEM nor a path',
      () => read('MIIKWQIBAzCCCh8GCSqGSIb3'.repeat(50)),
      'client-certificate',
      /neither PEM text .* nor a path/
    ]
  ])('rejects %s in one line that shows no key', (_, action, input, message) => {
    const error = inputError(action)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.message).not.toMatch(/[\r\n]/)
    for (const line of pemSecrets(plain.keyPem).slice(2)) expect(error.message).not.toContain(line)
  })
})
