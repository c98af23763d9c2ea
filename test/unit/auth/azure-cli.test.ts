import { describe, expect, it } from 'vitest'
import { azureCliProvider, readCliToken, type CommandResult } from '../../../src/auth/azure-cli.js'
import { ActionError } from '../../../src/common/errors.js'
import { thrown } from '../fixtures/inputs.js'

const ok = (answer: object): CommandResult => ({ exitCode: 0, stdout: JSON.stringify(answer), stderr: '' })
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.cli-token.sig'

const failure = (result: CommandResult): ActionError => thrown(() => readCliToken(result), ActionError)

describe('readCliToken', () => {
  it('reads accessToken and expires_on (seconds since the epoch)', () => {
    expect(
      readCliToken(
        ok({
          accessToken: TOKEN,
          expires_on: 1_790_000_000,
          expiresOn: '2026-09-21 10:13:20.000000',
          tokenType: 'Bearer'
        })
      )
    ).toEqual({
      token: TOKEN,
      expiresAtMs: 1_790_000_000_000
    })
  })

  it('reads expires_on as a string too', () => {
    expect(readCliToken(ok({ accessToken: TOKEN, expires_on: '1790000000' })).expiresAtMs).toBe(1_790_000_000_000)
  })

  it("falls back to older az's expiresOn, a local time", () => {
    expect(readCliToken(ok({ accessToken: TOKEN, expiresOn: '2026-11-01 10:20:30.123456' })).expiresAtMs).toBe(
      new Date(2026, 10, 1, 10, 20, 30).getTime()
    )
  })

  it('leaves the expiry unknown when az gives none it can read', () => {
    expect(readCliToken(ok({ accessToken: TOKEN, expiresOn: 'soon' })).expiresAtMs).toBeUndefined()
  })

  it.each([
    [
      'no session',
      { exitCode: 1, stdout: '', stderr: "ERROR: Please run 'az login' to setup account.\n" },
      /^Sign-in failed: az account get-access-token: Please run 'az login' to setup account\. \(no Azure CLI session: run azure\/login earlier/
    ],
    [
      'warnings before the error',
      {
        exitCode: 1,
        stdout: '',
        stderr:
          'WARNING: A new release of Azure CLI is available.\nERROR: AADSTS700082: The refresh token has expired.\nmore detail\n'
      },
      /^Sign-in failed: az account get-access-token: AADSTS700082: The refresh token has expired\.$/
    ],
    [
      'an exit code and nothing said',
      { exitCode: 2, stdout: '', stderr: '' },
      /az account get-access-token: exit code 2$/
    ],
    [
      'az missing',
      { failure: 'ENOENT', exitCode: 1, stdout: '', stderr: '' },
      /^Sign-in failed: the Azure CLI \(az\) is not on PATH/
    ],
    [
      'az.cmd missing on Windows',
      {
        exitCode: 1,
        stdout: '',
        stderr: "'az.cmd' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"
      },
      /is not on PATH/
    ],
    ['a hung az', { failure: 'TIMEOUT', exitCode: 1, stdout: '', stderr: '' }, /did not finish within 60 s/],
    [
      'output that is not JSON',
      { exitCode: 0, stdout: `accessToken: ${TOKEN}`, stderr: '' },
      /printed no access token\.$/
    ],
    ['JSON without a token', ok({ tokenType: 'Bearer' }), /printed no access token/]
  ] as [string, CommandResult, RegExp][])('reports %s in one line, never showing the output', (_, result, message) => {
    const error = failure(result)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(TOKEN)
    expect(error.message).not.toMatch(/[\r\n]/)
  })
})

describe('azureCliProvider', () => {
  it('runs az once for the resource of the scope, with the tenant, and reuses the token', async () => {
    const calls: string[][] = []
    const provider = azureCliProvider('contoso.onmicrosoft.com', async args => {
      calls.push(args)
      return ok({ accessToken: TOKEN, expires_on: Math.floor(Date.now() / 1000) + 3600 })
    })
    expect(await provider.getToken('https://api.loganalytics.us/.default')).toBe(TOKEN)
    expect(await provider.getToken('https://api.loganalytics.us/.default')).toBe(TOKEN)
    expect(calls).toEqual([
      [
        'account',
        'get-access-token',
        '--resource',
        'https://api.loganalytics.us',
        '--tenant',
        'contoso.onmicrosoft.com',
        '--output',
        'json'
      ]
    ])
  })

  it('leaves out --tenant without one', async () => {
    const calls: string[][] = []
    await azureCliProvider(undefined, async args => {
      calls.push(args)
      return ok({ accessToken: TOKEN })
    }).getToken('https://api.loganalytics.io/.default')
    expect(calls[0]).toEqual([
      'account',
      'get-access-token',
      '--resource',
      'https://api.loganalytics.io',
      '--output',
      'json'
    ])
  })
})
