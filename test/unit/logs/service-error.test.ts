import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseServiceError, serviceErrorMessage, unwrap } from '../../../src/logs/service-error.js'

const RECORDED = join(import.meta.dirname, '../../contract/recorded')
const body = (file: string): string => readFileSync(join(RECORDED, file), 'utf8')

describe('parseServiceError', () => {
  it('reads the error member of a recorded body', () => {
    const error = parseServiceError(body('query-400-syntax-error.response.json'))
    expect(error?.code).toBe('BadArgumentError')
    expect(error?.correlationId).toBe('a4016d26-2c78-4700-9705-2488ddad97da')
    expect(error?.innererror?.innererror?.token).toBe('invalid')
  })

  it.each([
    ['not JSON', '<html>502 Bad Gateway</html>'],
    ['empty', ''],
    ['JSON without error', '{"tables":[]}'],
    ['a string error', '{"error":"bad"}'],
    ['a null error', '{"error":null}'],
    ['null', 'null'],
    ['a JSON string', '"error"']
  ])('gives undefined for a body that is %s', (_, text) => {
    expect(parseServiceError(text)).toBeUndefined()
  })
})

describe('unwrap', () => {
  it('follows innererror to the innermost message', () => {
    const error = parseServiceError(body('query-400-semantic-error.response.json'))
    if (!error) throw new Error('no error')
    const { codes, message, innermost } = unwrap(error)
    expect(codes).toEqual(['BadArgumentError', 'SemanticError', 'SEM0100'])
    expect(message).toBe("'summarize' operator: Failed to resolve table or column expression named 'resource'")
    expect(innermost.code).toBe('SEM0100')
  })

  it('follows details when there is no innererror', () => {
    const error = parseServiceError(body('batch-400-malformed-body.docs.json'))
    if (!error) throw new Error('no error')
    expect(unwrap(error).codes).toEqual(['BadArgumentError', 'QueryValidationError', 'InvalidJsonBody'])
    expect(unwrap(error).message).toBe('Unexpected end of JSON input')
  })

  it('follows the partial error of an HTTP 200 answer', () => {
    const { error } = JSON.parse(body('query-200-partial-error.response.json')) as {
      error: Parameters<typeof unwrap>[0]
    }
    const { codes, message } = unwrap(error)
    expect(codes).toEqual(['PartialError', 'EngineError', '-2133196797'])
    expect(message).toContain('E_QUERY_RESULT_SET_TOO_LARGE')
  })

  it('does not repeat a code that repeats', () => {
    const error = parseServiceError(body('query-504-gateway-timeout-prefer-wait.response.json'))
    if (!error) throw new Error('no error')
    expect(unwrap(error).codes).toEqual(['GatewayTimeout'])
    expect(unwrap(error).message).toBe('Connection error')
  })

  it('keeps the last message when the innermost has none', () => {
    expect(
      unwrap({ code: 'A', message: 'outer', innererror: { code: 'B', message: 'middle', innererror: { code: 'C' } } })
    ).toMatchObject({
      codes: ['A', 'B', 'C'],
      message: 'middle'
    })
    expect(unwrap({}).codes).toEqual([])
    expect(unwrap({}).message).toBe('')
  })
})

describe('serviceErrorMessage', () => {
  it('explains the recorded 400 syntax error', () => {
    expect(serviceErrorMessage(400, body('query-400-syntax-error.response.json'))).toBe(
      "The query failed: Query could not be parsed at 'invalid' on line [1,11] (line 1, position 11, at 'invalid') " +
        '[HTTP 400 BadArgumentError/SyntaxError/SYN0002] — fix the query text. Correlation ID a4016d26-2c78-4700-9705-2488ddad97da.'
    )
  })

  it('explains the recorded 400 semantic error', () => {
    const message = serviceErrorMessage(400, body('query-400-semantic-error.response.json'))
    expect(message).toContain(
      "The query failed: 'summarize' operator: Failed to resolve table or column expression named 'resource'"
    )
    expect(message).toContain('[HTTP 400 BadArgumentError/SemanticError/SEM0100]')
    expect(message).toContain('— check table and column names in the query.')
    expect(message).toContain('Correlation ID 0b48cfb2-81d6-4dd5-a082-714b0f97c369.')
    expect(message).not.toContain('(line')
  })

  it('explains the syntax error of the recorded batch answer', () => {
    const batch = JSON.parse(body('batch-200-all-types-plus-400-syntax.response.json')) as {
      responses: { body: unknown }[]
    }
    const message = serviceErrorMessage(400, JSON.stringify(batch.responses[1].body))
    expect(message).toContain("Query could not be parsed at '<EOF>' on line [2,299] (line 2, position 299, at '<EOF>')")
    expect(message).toContain('Correlation ID bd833633-08a7-4965-a9f2-f11fbad32054.')
  })

  it('explains the recorded 403', () => {
    expect(serviceErrorMessage(403, body('query-403-insufficient-access.response.json'))).toBe(
      'The query failed: The provided credentials have insufficient access to perform the requested operation [HTTP 403 InsufficientAccessError] ' +
        '— give the identity the Log Analytics Reader role on the workspace (or Reader on the resource). Correlation ID 19312810-2150-47d2-ac01-70c07fd11088.'
    )
  })

  it('finds a hint on an outer code when the inner one has none', () => {
    const message = serviceErrorMessage(403, body('query-403-insufficient-access-unauthorized-client.docs.json'))
    expect(message).toContain('The service principal does not have sufficient permissions to access this resource')
    expect(message).toContain('[HTTP 403 InsufficientAccessError/UnauthorizedClient]')
    expect(message).toContain('Log Analytics Reader')
    expect(message).not.toContain('Correlation ID')
  })

  it('explains the 403 of a token for the wrong cloud', () => {
    expect(serviceErrorMessage(403, body('query-403-invalid-token-audience.docs.json'))).toContain(
      '— the token is for another cloud or endpoint: check environment and endpoint.'
    )
  })

  it.each([
    ['query-404-path-not-found.docs.json', 'PathNotFoundError', 'no workspace has this ID'],
    ['query-404-resource-not-found.docs.json', 'ResourceNotFoundError', 'check the resource ID in workspace']
  ])('explains the 404 in %s', (file, code, hint) => {
    const message = serviceErrorMessage(404, body(file))
    expect(message).toContain(`[HTTP 404 ${code}]`)
    expect(message).toContain(hint)
  })

  it('explains the recorded 504 with the timeout hint', () => {
    expect(serviceErrorMessage(504, body('query-504-gateway-timeout-prefer-wait.response.json'))).toBe(
      'The query failed: Connection error [HTTP 504 GatewayTimeout] — the query ran longer than timeout: raise timeout (at most 600 seconds) ' +
        'or narrow the query or its timespan. Correlation ID ebf79211-bbda-43b8-bbb4-dfc0a0a11c31.'
    )
  })

  it('explains a throttled answer', () => {
    const message = serviceErrorMessage(429, body('query-429-throttled.same-gateway-appinsights.json'))
    expect(message).toContain('Rate limit of 86400 per day is exceeded.')
    expect(message).toContain('[HTTP 429 ThrottledError]')
    expect(message).toContain('too many queries')
  })

  it.each(
    [
      'query-400-syntax-error.response.json',
      'query-400-semantic-error.response.json',
      'query-403-insufficient-access.response.json',
      'query-504-gateway-timeout-prefer-wait.response.json',
      'query-404-path-not-found.docs.json',
      'query-401-authentication-failed.docs.json'
    ].map(file => [file])
  )('gives one line for %s', file => {
    const message = serviceErrorMessage(400, body(file))
    expect(message).not.toMatch(/[\r\n]/)
    expect(message.startsWith('The query failed: ')).toBe(true)
  })

  it('quotes a body that is not JSON on one line', () => {
    expect(serviceErrorMessage(502, '<html>\r\n<body>\n  <h1>502 Bad Gateway</h1>\n</body>\n</html>\n')).toBe(
      'The query failed with HTTP 502: <html> <body> <h1>502 Bad Gateway</h1> </body> </html>'
    )
  })

  it('shortens a long body that is not JSON', () => {
    const message = serviceErrorMessage(500, 'x'.repeat(5000))
    expect(message).toBe(`The query failed with HTTP 500: ${'x'.repeat(200)}`)
  })

  it('says only the status for an empty body', () => {
    expect(serviceErrorMessage(503, '')).toBe('The query failed with HTTP 503')
    expect(serviceErrorMessage(503, ' \n ')).toBe('The query failed with HTTP 503')
  })

  it('copes with an error without code or message', () => {
    const message = serviceErrorMessage(500, '{"error":{}}')
    expect(message.startsWith('The query failed')).toBe(true)
    expect(message).toContain('HTTP 500')
  })

  it('keeps a multi-line service message on one line', () => {
    const text = JSON.stringify({
      error: {
        code: 'BadArgumentError',
        message: 'x',
        innererror: { code: 'SEM0001', message: 'first line\r\nsecond line\nthird' }
      }
    })
    expect(serviceErrorMessage(400, text)).not.toMatch(/[\r\n]/)
  })
})
