import { describe, expect, it } from 'vitest'
import { CLOUDS } from '../../../src/common/clouds.js'
import { NO_CREDENTIAL, readCredential, type CredentialContext } from '../../../src/inputs/credential-inputs.js'
import type { CredentialSettings } from '../../../src/settings.js'
import { inputError, reader } from '../fixtures/inputs.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const CLIENT = '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f'
const SECRET = 'Zx8Q~s3cr3t.V4lue-NEVER-SHOWN'

const creds = (value: unknown): string => JSON.stringify(value)

/** No ID token on offer, unless a test says so. */
const CONTEXT: CredentialContext = { cloud: CLOUDS.azurecloud, workspace: process.cwd(), env: {} }

function credential(inputs: Record<string, string>, context: Partial<CredentialContext> = {}): CredentialSettings {
  return readCredential(reader(inputs), { ...CONTEXT, ...context })
}

/** The credential, which must be a client secret. */
function secretCredential(inputs: Record<string, string>): Extract<CredentialSettings, { kind: 'client-secret' }> {
  const settings = credential(inputs)
  if (settings.kind !== 'client-secret') throw new Error(`expected a client secret, got ${settings.kind}`)
  return settings
}

describe('readCredential', () => {
  it('reads tenant-id, client-id and client-secret', () => {
    expect(credential({ 'tenant-id': TENANT, 'client-id': CLIENT, 'client-secret': SECRET })).toEqual({
      kind: 'client-secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET
    })
  })

  it('accepts a tenant domain name', () => {
    expect(
      secretCredential({ 'tenant-id': 'contoso.onmicrosoft.com', 'client-id': CLIENT, 'client-secret': SECRET })
        .tenantId
    ).toBe('contoso.onmicrosoft.com')
  })

  it("reads azure/login's creds JSON, trimming its values", () => {
    const text = creds({
      clientId: ` ${CLIENT} `,
      clientSecret: `${SECRET}\n`,
      tenantId: TENANT,
      subscriptionId: 'ignored'
    })
    expect(credential({ creds: text })).toEqual({
      kind: 'client-secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET
    })
  })

  it('takes tenant-id and client-id from the inputs when creds lacks them', () => {
    const settings = credential({ creds: creds({ clientSecret: SECRET }), 'tenant-id': TENANT, 'client-id': CLIENT })
    expect(settings).toEqual({ kind: 'client-secret', tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET })
  })

  it('accepts creds and inputs that agree (in any case)', () => {
    const text = creds({ clientId: CLIENT.toUpperCase(), clientSecret: SECRET, tenantId: TENANT })
    const settings = secretCredential({ creds: text, 'client-id': CLIENT, 'tenant-id': TENANT.toUpperCase() })
    expect(settings.clientId).toBe(CLIENT.toUpperCase())
    expect(settings.clientSecret).toBe(SECRET)
  })

  it.each([
    ['not JSON at all', `clientSecret=${SECRET}`, 'creds', /is not a JSON object/],
    ['cut-short JSON', `{"clientId":"${CLIENT}","clientSecret":"${SECRET}",`, 'creds', /is not a JSON object/],
    ['a JSON array', creds([CLIENT, SECRET]), 'creds', /is not a JSON object/],
    ['a JSON string', creds(SECRET), 'creds', /is not a JSON object/],
    ['no clientSecret', creds({ clientId: CLIENT, tenantId: TENANT }), 'creds', /has no "clientSecret"/],
    [
      'an empty clientSecret',
      creds({ clientId: CLIENT, tenantId: TENANT, clientSecret: '  ' }),
      'creds',
      /has no "clientSecret"/
    ],
    [
      'a clientId that is not a string',
      creds({ clientId: 5, clientSecret: SECRET, tenantId: TENANT }),
      'creds',
      /"clientId" must be a string/
    ],
    [
      'a clientSecret that is not a string',
      creds({ clientId: CLIENT, clientSecret: { value: SECRET }, tenantId: TENANT }),
      'creds',
      /"clientSecret" must be a string/
    ]
  ])('rejects creds with %s, never showing the secret', (_, text, input, message) => {
    const error = inputError(() => credential({ creds: text }))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain('s3cr3t')
    expect(error.message).not.toContain('\n')
  })

  it('rejects a client-id that differs from the one in creds, without the secret', () => {
    const other = 'ffffffff-6f7e-4a3a-9a3d-0a1b2c3d4e5f'
    const error = inputError(() =>
      credential({ creds: creds({ clientId: CLIENT, clientSecret: SECRET, tenantId: TENANT }), 'client-id': other })
    )
    expect(error.input).toBe('client-id')
    expect(error.message).toMatch(/differs from "clientId" in creds/)
    expect(error.message).not.toContain(SECRET)
  })

  it('rejects a tenant-id that differs from the one in creds', () => {
    const error = inputError(() =>
      credential({
        creds: creds({ clientId: CLIENT, clientSecret: SECRET, tenantId: TENANT }),
        'tenant-id': 'contoso.onmicrosoft.com'
      })
    )
    expect(error.input).toBe('tenant-id')
    expect(error.message).toMatch(/differs from "tenantId" in creds/)
  })

  it('rejects creds together with client-secret, without showing either', () => {
    const error = inputError(() =>
      credential({
        creds: creds({ clientId: CLIENT, clientSecret: SECRET, tenantId: TENANT }),
        'client-secret': 'other-secret-value'
      })
    )
    expect(error.input).toBe('creds')
    expect(error.message).toMatch(/either creds or client-secret, not both/)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain('other-secret-value')
  })

  it.each([
    ['no client-id', { 'tenant-id': TENANT, 'client-secret': SECRET }, 'client-id', /is required/],
    [
      'a client-id that is not a GUID',
      { 'tenant-id': TENANT, 'client-id': 'my-app', 'client-secret': SECRET },
      'client-id',
      /"my-app" is not a GUID/
    ],
    ['no tenant-id', { 'client-id': CLIENT, 'client-secret': SECRET }, 'tenant-id', /is required/],
    [
      'a tenant-id that is neither',
      { 'tenant-id': 'contoso', 'client-id': CLIENT, 'client-secret': SECRET },
      'tenant-id',
      /neither a GUID nor a domain name/
    ],
    ['no client-secret', { 'tenant-id': TENANT, 'client-id': CLIENT }, 'client-secret', /is required/],
    [
      'a creds clientId that is not a GUID',
      { creds: creds({ clientId: 'my-app', clientSecret: SECRET, tenantId: TENANT }) },
      'client-id',
      /is not a GUID/
    ]
  ])('rejects %s', (_, inputs, input, message) => {
    const error = inputError(() => credential(inputs))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.message.startsWith(`Input '${input}': `)).toBe(true)
    expect(error.message).not.toContain(SECRET)
  })
})

describe('readCredential: the ways to sign in', () => {
  const ID_TOKEN_ENV = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example/idtoken?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }
  const APP = { 'tenant-id': TENANT, 'client-id': CLIENT }

  it('uses GitHub OIDC when the runner offers an ID token and no secret or certificate is given', () => {
    expect(credential(APP, { env: ID_TOKEN_ENV })).toEqual({
      kind: 'github-oidc',
      tenantId: TENANT,
      clientId: CLIENT,
      audience: 'api://AzureADTokenExchange'
    })
  })

  it.each([
    ['azureusgovernment', 'api://AzureADTokenExchangeUSGov'],
    ['azurechinacloud', 'api://AzureADTokenExchangeChina']
  ] as const)('takes the OIDC audience of %s', (cloud, audience) => {
    expect(credential(APP, { env: ID_TOKEN_ENV, cloud: CLOUDS[cloud] })).toMatchObject({
      kind: 'github-oidc',
      audience
    })
  })

  it('takes audience when given', () => {
    expect(credential({ ...APP, audience: ' api://shop-exchange ' }, { env: ID_TOKEN_ENV })).toMatchObject({
      audience: 'api://shop-exchange'
    })
  })

  it('prefers a client secret to the ID token', () => {
    expect(credential({ ...APP, 'client-secret': SECRET }, { env: ID_TOKEN_ENV }).kind).toBe('client-secret')
  })

  it('needs both ID token variables', () => {
    const error = inputError(() =>
      credential(APP, { env: { ACTIONS_ID_TOKEN_REQUEST_URL: ID_TOKEN_ENV.ACTIONS_ID_TOKEN_REQUEST_URL } })
    )
    expect(error.input).toBe('client-secret')
  })

  it('names every way, and the permission OIDC needs, when there is nothing to sign in with', () => {
    const error = inputError(() => credential(APP))
    expect(error.message).toBe(`Input 'client-secret': ${NO_CREDENTIAL}`)
    expect(error.message).toContain('client-certificate')
    expect(error.message).toContain('"permissions: id-token: write"')
    expect(error.message).toContain('managed-identity')
  })

  it('reads auth-type in any case', () => {
    expect(credential({ 'auth-type': 'Managed-Identity' })).toEqual({ kind: 'managed-identity', clientId: undefined })
  })

  it('reads a user-assigned managed identity from client-id, and ignores tenant-id', () => {
    expect(credential({ 'auth-type': 'managed-identity', 'client-id': CLIENT, 'tenant-id': TENANT })).toEqual({
      kind: 'managed-identity',
      clientId: CLIENT
    })
  })

  it('reads azure-cli with or without a tenant', () => {
    expect(credential({ 'auth-type': 'azure-cli' })).toEqual({ kind: 'azure-cli', tenantId: undefined })
    expect(credential({ 'auth-type': 'azure-cli', 'tenant-id': 'contoso.onmicrosoft.com' })).toEqual({
      kind: 'azure-cli',
      tenantId: 'contoso.onmicrosoft.com'
    })
  })

  it.each([
    ['managed-identity', 'client-secret'],
    ['managed-identity', 'creds'],
    ['managed-identity', 'client-certificate'],
    ['managed-identity', 'client-certificate-password'],
    ['azure-cli', 'client-secret'],
    ['azure-cli', 'client-id']
  ])('rejects %s with %s', (authType, input) => {
    const error = inputError(() =>
      credential({ 'auth-type': authType, [input]: input === 'client-id' ? CLIENT : 'value' })
    )
    expect(error.input).toBe(input)
    expect(error.message).toBe(
      `Input '${input}': is not used with auth-type ${authType}: remove it, or use auth-type service-principal.`
    )
  })

  it('rejects an unknown auth-type', () => {
    expect(inputError(() => credential({ 'auth-type': 'oidc' })).message).toMatch(
      /"oidc" is not one of: service-principal, managed-identity, azure-cli/
    )
  })

  it('rejects a managed identity client-id that is not a GUID', () => {
    expect(inputError(() => credential({ 'auth-type': 'managed-identity', 'client-id': 'runner' })).input).toBe(
      'client-id'
    )
  })

  it('rejects a password without a certificate', () => {
    expect(
      inputError(() => credential({ ...APP, 'client-secret': SECRET, 'client-certificate-password': 'pw' })).input
    ).toBe('client-certificate-password')
  })

  it('checks a certificate before anything else is used, even with an ID token on offer', () => {
    const error = inputError(() => credential({ ...APP, 'client-certificate': 'missing.pem' }, { env: ID_TOKEN_ENV }))
    expect(error.input).toBe('client-certificate')
  })
})
