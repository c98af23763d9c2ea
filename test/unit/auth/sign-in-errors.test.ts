import { ServerError } from '@azure/msal-node'
import { describe, expect, it } from 'vitest'
import { aadstsCode, signInError } from '../../../src/auth/sign-in-errors.js'
import { ActionError } from '../../../src/common/errors.js'

const TRACE = '0b9c4a8e-1d2f-4e3a-9b8c-7d6e5f4a3b00'
const CORRELATION = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f'

/** An Entra `error_description`: the message, then Trace ID, Correlation ID and Timestamp lines. */
function description(first: string): string {
  return `${first}\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-11-01 10:00:00Z`
}

/** The error msal-node throws for an Entra error answer (the message it builds from the body). */
function msalError(error: string, code: number, first: string): ServerError {
  const errString = `Error(s): ${code} - Timestamp: 2026-11-01 10:00:00Z - Description: ${description(first)} - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`
  return new ServerError(error, CORRELATION, errString, '', String(code), 401)
}

const SECRET_FIRST =
  "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f'."
const APP_FIRST =
  "AADSTS700016: Application with identifier '0fe3c1b8-6f7e-4a3a-9a3d-0a1b2c3d4e5f' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
const TENANT_FIRST =
  "AADSTS90002: Tenant 'ffffffff-0000-0000-0000-000000000000' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."

describe('aadstsCode', () => {
  it.each([
    ['AADSTS7000215: Invalid client secret', '7000215'],
    ['x AADSTS700016: y', '700016'],
    [description(TENANT_FIRST), '90002'],
    ['no code here', undefined],
    ['AADSTS: nothing', undefined]
  ])('%j → %s', (text, code) => {
    expect(aadstsCode(text)).toBe(code)
  })
})

describe('signInError: its message', () => {
  it.each([
    ['AADSTS7000215', 'invalid_client', 7000215, SECRET_FIRST, /the client secret is wrong: check client-secret/],
    [
      'AADSTS700016',
      'unauthorized_client',
      700016,
      APP_FIRST,
      /no application with this client-id exists in the tenant/
    ],
    ['AADSTS90002', 'invalid_request', 90002, TENANT_FIRST, /the tenant does not exist: check tenant-id/]
  ])('gives %s from msal-node as one line with hint and correlation ID', (_, error, code, first, hint) => {
    const message = signInError(msalError(error, code, first)).message
    expect(message).not.toMatch(/[\r\n]/)
    expect(message.startsWith(`Sign-in failed: ${first}`)).toBe(true)
    expect(message).toMatch(hint)
    expect(message.endsWith(`[correlation ID ${CORRELATION}]`)).toBe(true)
    expect(message).not.toContain('Trace ID')
    expect(message).not.toContain('Timestamp')
    expect(message).not.toContain('Error(s)')
  })

  it.each([
    [SECRET_FIRST, "the client secret is wrong: check client-secret (use the secret's Value, not its ID)"],
    [APP_FIRST, 'no application with this client-id exists in the tenant: check client-id and tenant-id'],
    [TENANT_FIRST, 'the tenant does not exist: check tenant-id']
  ])('gives a bare description with CRLF lines as one line with hint and correlation ID (%#)', (first, hint) => {
    const message = signInError({ errorCode: 'invalid_client', errorMessage: description(first) }).message
    expect(message).toBe(`Sign-in failed: ${first} (${hint}) [correlation ID ${CORRELATION}]`)
  })

  it('takes the description from an Error message too', () => {
    const message = signInError(new Error(description(SECRET_FIRST))).message
    expect(message.startsWith(`Sign-in failed: ${SECRET_FIRST} (`)).toBe(true)
    expect(message).toContain(`[correlation ID ${CORRELATION}]`)
  })

  it('falls back to the correlation ID msal reports', () => {
    const message = signInError({
      errorCode: 'invalid_client',
      errorMessage: 'AADSTS7000222: The provided client secret keys are expired.',
      correlationId: CORRELATION
    }).message
    expect(message).toBe(
      `Sign-in failed: AADSTS7000222: The provided client secret keys are expired. (the client secret has expired: create a new one under the app registration's "Certificates & secrets") [correlation ID ${CORRELATION}]`
    )
  })

  it('gives a network failure without hint or correlation ID', () => {
    expect(signInError(new Error('connect ECONNREFUSED 127.0.0.1:443')).message).toBe(
      'Sign-in failed: connect ECONNREFUSED 127.0.0.1:443'
    )
  })

  it('gives an unknown AADSTS code without hint', () => {
    expect(signInError(new Error('AADSTS12345: Something else.')).message).toBe(
      'Sign-in failed: AADSTS12345: Something else.'
    )
  })

  it('uses the error code when the description has no first line', () => {
    expect(
      signInError({
        errorCode: 'invalid_client',
        errorMessage: `\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}`
      }).message
    ).toBe(`Sign-in failed: invalid_client [correlation ID ${CORRELATION}]`)
  })

  it('keeps the reason apart from the prefix, for messages that add to it', () => {
    const error = signInError(new Error('AADSTS90002: Tenant not found.'))
    expect(error.reason).toBe('AADSTS90002: Tenant not found. (the tenant does not exist: check tenant-id)')
    expect(error.message).toBe(`Sign-in failed: ${error.reason}`)
  })

  it('copes with things that are not errors', () => {
    expect(signInError('plain text').message).toBe('Sign-in failed: plain text')
    expect(signInError({}).message).toBe('Sign-in failed: [object Object]')
  })
})

describe('signInError', () => {
  it('is an ActionError carrying the message', () => {
    const error = signInError(msalError('invalid_client', 7000215, SECRET_FIRST))
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/^Sign-in failed: AADSTS7000215/)
  })
})

describe('federated credential errors', () => {
  it.each([
    ['70021', /add one with the issuer, subject and audience it presents/],
    ['700211', /it must be https:\/\/token\.actions\.githubusercontent\.com/],
    ['700212', /check audience/],
    ['700213', /no federated credential has this subject/],
    ['7002138', /case-sensitively/],
    ['700024', /has expired/]
  ])('gives AADSTS%s a hint', (code, hint) => {
    expect(signInError(new Error(`AADSTS${code}: No matching federated identity record found.`)).message).toMatch(hint)
  })

  it('adds what explain says for the code, before the correlation ID', () => {
    const seen: (string | undefined)[] = []
    const { message } = signInError(
      {
        errorMessage: description(
          'AADSTS700213: No matching federated identity record found for presented assertion subject.'
        )
      },
      code => {
        seen.push(code)
        return '(the token presented sub "repo:o/r:pull_request")'
      }
    )
    expect(seen).toEqual(['700213'])
    expect(message).toMatch(
      /\(no federated credential has this subject: .*\) \(the token presented sub "repo:o\/r:pull_request"\) \[correlation ID /
    )
  })

  it('adds nothing when explain has nothing to say', () => {
    expect(signInError(new Error('AADSTS7000215: Invalid client secret provided.'), () => undefined).message).toBe(
      "Sign-in failed: AADSTS7000215: Invalid client secret provided. (the client secret is wrong: check client-secret (use the secret's Value, not its ID))"
    )
  })
})
