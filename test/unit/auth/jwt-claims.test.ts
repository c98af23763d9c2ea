import { describe, expect, it } from 'vitest'
import { describeFederationClaims, readJwtClaims } from '../../../src/auth/jwt-claims.js'

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwt = (payload: unknown) => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`

describe('readJwtClaims', () => {
  it('reads the payload without verifying', () => {
    expect(readJwtClaims(jwt({ iss: 'i', sub: 's', n: 1 }))).toEqual({ iss: 'i', sub: 's', n: 1 })
  })

  it.each([
    ['no dots', 'abc'],
    ['a payload that is not base64 JSON', 'a.%%%.c'],
    ['a payload that is an array', jwt([1, 2])],
    ['a payload that is null', jwt(null)],
    ['empty text', '']
  ])('gives undefined for %s', (_, token) => {
    expect(readJwtClaims(token)).toBeUndefined()
  })
})

describe('describeFederationClaims', () => {
  it('gives iss, sub and aud, quoted', () => {
    const token = jwt({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:o/r:pull_request',
      aud: 'api://AzureADTokenExchange',
      ref: 'x'
    })
    expect(describeFederationClaims(token)).toBe(
      'iss "https://token.actions.githubusercontent.com", sub "repo:o/r:pull_request", aud "api://AzureADTokenExchange"'
    )
  })

  it('joins an audience list and leaves out missing claims', () => {
    expect(describeFederationClaims(jwt({ sub: 's', aud: ['a', 'b'] }))).toBe('sub "s", aud "a b"')
  })

  it('gives undefined when there is nothing to tell', () => {
    expect(describeFederationClaims(jwt({ ref: 'x' }))).toBeUndefined()
    expect(describeFederationClaims('not a jwt')).toBeUndefined()
  })
})
