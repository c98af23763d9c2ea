import { describe, expect, it } from 'vitest'
import { tokenRequestSecrets } from '../../../src/auth/msal-network-client.js'

describe('tokenRequestSecrets', () => {
  it('finds the client secret and the client assertion in a form body, decoded', () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'a+b/c=d~e', scope: 'x/.default' }).toString()
    expect(tokenRequestSecrets(body)).toEqual(['a+b/c=d~e'])
    const withAssertion = new URLSearchParams({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'eyJ.eyJ.sig' }).toString()
    expect(tokenRequestSecrets(withAssertion)).toEqual(['eyJ.eyJ.sig'])
  })

  it('finds nothing in a body without them', () => {
    expect(tokenRequestSecrets('grant_type=client_credentials&client_id=app')).toEqual([])
    expect(tokenRequestSecrets(undefined)).toEqual([])
    expect(tokenRequestSecrets('client_secret=')).toEqual([])
  })
})
