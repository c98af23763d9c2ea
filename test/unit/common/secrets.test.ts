import { describe, expect, it } from 'vitest'
import {
  credentialSecrets,
  isPemText,
  pemSecrets,
  secretInputValues,
  tokenRequestSecrets
} from '../../../src/common/secrets.js'
import type { CredentialSettings } from '../../../src/settings.js'
import { reader } from '../fixtures/inputs.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const CLIENT = '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f'
const SECRET = 'Zx8Q~s3cr3t.V4lue-NEVER-SHOWN'

const creds = (value: unknown): string => JSON.stringify(value)

describe('tokenRequestSecrets', () => {
  it('finds the client secret and the client assertion in a form body, decoded', () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: 'a+b/c=d~e',
      scope: 'x/.default'
    }).toString()
    expect(tokenRequestSecrets(body)).toEqual(['a+b/c=d~e'])
    const withAssertion = new URLSearchParams({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'eyJ.eyJ.sig'
    }).toString()
    expect(tokenRequestSecrets(withAssertion)).toEqual(['eyJ.eyJ.sig'])
  })

  it('finds nothing in a body without them', () => {
    expect(tokenRequestSecrets('grant_type=client_credentials&client_id=app')).toEqual([])
    expect(tokenRequestSecrets(undefined)).toEqual([])
    expect(tokenRequestSecrets('client_secret=')).toEqual([])
  })
})

describe('pemSecrets', () => {
  it('gives the text, the trimmed text and each long base64 line, not the markers', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\r\nMIIEvgIBADANBgkqhkiG9w0BAQEF\r\nAASCBKgwggSkAgEAAoIBAQC7\r\nQ==\r\n-----END PRIVATE KEY-----\r\n'
    expect(pemSecrets(pem)).toEqual([pem, pem.trim(), 'MIIEvgIBADANBgkqhkiG9w0BAQEF', 'AASCBKgwggSkAgEAAoIBAQC7'])
  })
})

describe('isPemText', () => {
  it.each([
    ['-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n', true],
    ['Bag Attributes\n-----BEGIN CERTIFICATE-----', true],
    ['certs/app.pem', false],
    ['', false]
  ])('%#', (value, expected) => {
    expect(isPemText(value)).toBe(expected)
  })
})

describe('secretInputValues', () => {
  it('gives nothing when no secret is set', () => {
    expect(secretInputValues(reader({ 'client-id': CLIENT, 'tenant-id': TENANT }))).toEqual([])
  })

  it('gives client-secret', () => {
    expect(secretInputValues(reader({ 'client-secret': SECRET }))).toEqual([SECRET])
  })

  it('gives the creds text and the clientSecret inside it', () => {
    const text = creds({ clientId: CLIENT, clientSecret: SECRET, tenantId: TENANT })
    expect(secretInputValues(reader({ creds: text }))).toEqual([text, SECRET])
  })

  it('gives the whole creds text when it is not JSON', () => {
    const text = `{"clientSecret":"${SECRET}"`
    expect(secretInputValues(reader({ creds: text }))).toEqual([text])
  })

  it('gives both client-secret and creds when both are set', () => {
    const text = creds({ clientSecret: SECRET })
    expect(secretInputValues(reader({ creds: text, 'client-secret': 'other' }))).toEqual(['other', text, SECRET])
  })

  it('ignores a clientSecret that is not a string', () => {
    const text = creds({ clientSecret: 12345 })
    expect(secretInputValues(reader({ creds: text }))).toEqual([text])
  })

  it('masks the trimmed clientSecret that is used to sign in', () => {
    const text = creds({ clientSecret: ` ${SECRET}\n` })
    expect(secretInputValues(reader({ creds: text }))).toContain(SECRET)
  })
})

describe('secretInputValues and credentialSecrets for certificates', () => {
  const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'

  it('gives the PEM text, its lines and the password', () => {
    expect(secretInputValues(reader({ 'client-certificate': PEM, 'client-certificate-password': 'p@ss' }))).toEqual([
      'p@ss',
      PEM,
      'MIIEvgIBADANBgkqhkiG9w0BAQEFAASC'
    ])
  })

  it('does not mask a path', () => {
    expect(secretInputValues(reader({ 'client-certificate': 'certs/app.pem' }))).toEqual([])
  })

  it('gives the PEM as read and the decrypted key, line by line', () => {
    const decrypted = '-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCCDDDDEEEE\n-----END PRIVATE KEY-----\n'
    const settings: CredentialSettings = {
      kind: 'client-certificate',
      tenantId: TENANT,
      clientId: CLIENT,
      certificate: { thumbprintSha256: 'ab', privateKey: decrypted, chain: '', subject: 'CN=x', source: PEM }
    }
    expect(credentialSecrets(settings)).toEqual([
      PEM,
      'MIIEvgIBADANBgkqhkiG9w0BAQEFAASC',
      decrypted,
      decrypted.trim(),
      'AAAABBBBCCCCDDDDEEEE'
    ])
  })

  it('gives the client secret, and nothing for the ways without one', () => {
    expect(
      credentialSecrets({ kind: 'client-secret', tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET })
    ).toEqual([SECRET])
    expect(
      credentialSecrets({
        kind: 'github-oidc',
        tenantId: TENANT,
        clientId: CLIENT,
        audience: 'api://AzureADTokenExchange'
      })
    ).toEqual([])
    expect(credentialSecrets({ kind: 'managed-identity', clientId: undefined })).toEqual([])
  })
})
