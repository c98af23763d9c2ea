import { describe, expect, it } from 'vitest'
import { readBoolean, readChoice, readHttpsOrigin, readLines, readWholeNumber } from '../../../src/inputs/values.js'
import { inputError, reader } from '../fixtures/inputs.js'

describe('readWholeNumber', () => {
  const range = { min: 1, max: 600, fallback: 180 }

  it.each([
    ['', 180],
    ['1', 1],
    ['600', 600],
    ['+42', 42],
    ['007', 7]
  ])('%j → %d', (text, value) => {
    expect(readWholeNumber(reader({ n: text }), 'n', range)).toBe(value)
  })

  it('gives undefined when empty and there is no fallback', () => {
    expect(readWholeNumber(reader({}), 'n', { min: 0 })).toBeUndefined()
  })

  it('accepts any large safe number without a maximum', () => {
    expect(readWholeNumber(reader({ n: '9007199254740991' }), 'n', { min: 0 })).toBe(9007199254740991)
  })

  it.each([
    ['-1', /"-1" is not valid: it cannot be negative from 1 to 600\./],
    ['1.5', /"1\.5" is not valid: it must be a whole number from 1 to 600\./],
    ['ten', /it must be a whole number/],
    ['1e3', /it must be a whole number/],
    [' 5', /it must be a whole number/],
    ['0', /0 is out of range: use 1 to 600\./],
    ['601', /601 is out of range: use 1 to 600\./]
  ])('rejects %j', (text, message) => {
    const error = inputError(() => readWholeNumber(reader({ n: text }), 'n', range))
    expect(error.input).toBe('n')
    expect(error.message).toMatch(message)
    expect(error.message.startsWith("Input 'n': ")).toBe(true)
  })

  it('rejects numbers beyond 2^53 when there is no maximum', () => {
    const error = inputError(() => readWholeNumber(reader({ n: '9007199254740993' }), 'n', { min: 0 }))
    expect(error.message).toMatch(/out of range: use 0 or more\./)
  })
})

describe('readBoolean', () => {
  it.each([
    ['', true, true],
    ['', false, false],
    ['true', false, true],
    ['TRUE', false, true],
    ['False', true, false]
  ])('%j with fallback %s → %s', (text, fallback, value) => {
    expect(readBoolean(reader({ b: text }), 'b', fallback)).toBe(value)
  })

  it.each(['yes', '1', 'on', 't'])('rejects %j', text => {
    const error = inputError(() => readBoolean(reader({ b: text }), 'b', true))
    expect(error.input).toBe('b')
    expect(error.message).toBe(`Input 'b': "${text}" is not a boolean: use true or false.`)
  })
})

describe('readChoice', () => {
  const choices = ['json', 'ndjson', 'csv'] as const

  it.each([
    ['', 'json'],
    ['csv', 'csv'],
    ['NDJSON', 'ndjson']
  ])('%j → %s', (text, choice) => {
    expect(readChoice(reader({ c: text }), 'c', choices, 'json')).toBe(choice)
  })

  it('rejects other words, listing the choices', () => {
    const error = inputError(() => readChoice(reader({ c: 'XML' }), 'c', choices, 'json'))
    expect(error.input).toBe('c')
    expect(error.message).toBe(`Input 'c': "XML" is not one of: json, ndjson, csv.`)
  })
})

describe('readHttpsOrigin', () => {
  it.each([
    ['', undefined],
    ['https://api.loganalytics.io', 'https://api.loganalytics.io'],
    ['https://localhost:8443/some/path?x=1#y', 'https://localhost:8443'],
    ['HTTPS://Login.Example.COM/', 'https://login.example.com'],
    ['https://api.example.com:443', 'https://api.example.com']
  ])('%j → %s', (text, origin) => {
    expect(readHttpsOrigin(reader({ u: text }), 'u')).toBe(origin)
  })

  it.each([
    ['login.microsoftonline.com', /is not a URL/],
    ['http://localhost:8080', /must use https:\/\//],
    ['ftp://example.com', /must use https:\/\//],
    ['https://user:secret@example.com', /must not contain a user name or password/]
  ])('rejects %j', (text, message) => {
    const error = inputError(() => readHttpsOrigin(reader({ u: text }), 'u'))
    expect(error.input).toBe('u')
    expect(error.message).toMatch(message)
  })

  it('never echoes a password', () => {
    const error = inputError(() => readHttpsOrigin(reader({ u: 'https://user:hunter2@example.com' }), 'u'))
    expect(error.message).not.toContain('hunter2')
  })
})

describe('readLines', () => {
  it('splits on line breaks and commas, dropping comments and blank lines', () => {
    const text = 'one\r\n  two  , three # a comment\n\n# only a comment\nfour,,\n'
    expect(readLines(reader({ l: text }), 'l')).toEqual(['one', 'two', 'three', 'four'])
  })

  it('gives nothing for an empty input', () => {
    expect(readLines(reader({}), 'l')).toEqual([])
  })
})
