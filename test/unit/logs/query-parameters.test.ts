import { describe, expect, it } from 'vitest'
import { countQuery } from '../../../src/logs/count-query.js'
import { kqlLiteral, kqlString, withParameters } from '../../../src/logs/query-parameters.js'
import type { ParameterType } from '../../../src/settings.js'
import { pick, random } from '../fixtures/random.js'

/**
 * A `"…"` literal read as Kusto.Language reads it (TokenParser.ScanStringLiteral,
 * KustoFacts.DecodeEscapes): the text up to the first quote no backslash escapes,
 * its escapes decoded. Returns the value and how many characters the literal took.
 */
function readKqlString(text: string): { value: string; length: number } {
  if (text[0] !== '"') throw new Error('not a string literal')
  let value = ''
  let i = 1
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\r' || text[i] === '\n') throw new Error('a line break ends the literal')
    if (text[i] !== '\\') {
      value += text[i++]
      continue
    }
    const next = text[i + 1]
    if (next === 'u') {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
      i += 6
    } else {
      value += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next
      i += 2
    }
  }
  return { value, length: i + 1 }
}

const HOSTILE = [
  '',
  'v1.2.3',
  '"',
  '\\',
  '\\"',
  '"; T | take 1 //',
  "' or 1 == 1 '",
  'a\nb\r\nc',
  '|;//',
  '\u2028\u0085',
  '😀',
  '\\u0022',
  '```',
  '${{ x }}'
]

describe('kqlString', () => {
  it.each(HOSTILE)('holds %j exactly, and nothing of it ends the literal early', text => {
    const literal = kqlString(text)
    expect(readKqlString(literal + ' | take 1')).toEqual({ value: text, length: literal.length })
    expect(literal.slice(1, -1)).toMatch(/^[A-Za-z0-9 _.:,+=@\\-]*$/)
  })

  it('holds any UTF-16 text, character for character', () => {
    const next = random(12)
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      ';',
      '/',
      '|',
      '\0',
      '\u007f',
      'é',
      '✓',
      '\ud83d\ude00',
      'u',
      '{'
    ]
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pick(next, alphabet)).join('')
      const literal = kqlString(text)
      expect(readKqlString(`${literal}"`)).toEqual({ value: text, length: literal.length })
    }
  })

  it('leaves letters, digits and the characters of versions and times readable', () => {
    expect(kqlString('release-2026.11.01_rc1+build:7 @main=1,2')).toBe('"release-2026.11.01_rc1+build:7 @main=1,2"')
    expect(kqlString('refs/heads/main')).toBe('"refs\\u002fheads\\u002fmain"')
  })
})

describe('kqlLiteral', () => {
  it.each<[ParameterType, string, string]>([
    ['string', 'a"b', '"a\\u0022b"'],
    ['long', '+0042', 'long(42)'],
    ['long', '-9223372036854775808', 'long(-9223372036854775808)'],
    ['long', '9007199254740993', 'long(9007199254740993)'],
    ['int', '2147483647', 'int(2147483647)'],
    ['real', '1.5', 'real(1.5)'],
    ['real', '-.5e-3', 'real(-0.5e-3)'],
    ['real', '+5.', 'real(5)'],
    ['decimal', '-0012.50', 'decimal(-12.50)'],
    ['bool', 'False', 'bool(false)'],
    ['datetime', '2026-11-01', 'datetime(2026-11-01T00:00:00Z)'],
    ['datetime', '2026-11-01 08:30', 'datetime(2026-11-01T08:30:00Z)'],
    ['datetime', '2026-03-01T00:30:00-01:00', 'datetime(2026-03-01T01:30:00Z)'],
    ['datetime', '2024-02-29T23:59:59.9999999Z', 'datetime(2024-02-29T23:59:59.9999999Z)'],
    ['timespan', '250ms', 'timespan(250ms)'],
    ['timespan', '1.02:30:00.5', 'timespan(1.02:30:00.5)'],
    ['guid', 'ABCDEF01-2345-6789-abcd-ef0123456789', 'guid(abcdef01-2345-6789-abcd-ef0123456789)'],
    ['dynamic', '[1, ")"]', 'parse_json("\\u005b1, \\u0022\\u0029\\u0022\\u005d")']
  ])('writes a %s %j as %s', (type, value, literal) => {
    expect(kqlLiteral(type, value)).toEqual({ literal })
  })

  it.each<[ParameterType, string]>([
    ['long', '9223372036854775808'],
    ['long', '0x10'],
    ['int', '-2147483649'],
    ['real', 'Infinity'],
    ['real', '.'],
    ['decimal', '0.12345678901234567890123456789'],
    ['bool', '1'],
    ['datetime', '2026-13-01'],
    ['datetime', '2025-02-29'],
    ['datetime', '2026-11-01T08:30:00+01:60'],
    ['datetime', '0001-01-01T00:30:00+01:00'],
    ['datetime', '2026-11-01T08:30:00.12345678Z'],
    ['timespan', '-5m'],
    ['timespan', '24:00:00'],
    ['timespan', '5m)'],
    ['guid', '{74be27de-1e4e-49d9-b579-fe0b331d3642}'],
    ['dynamic', '{"a":1']
  ])('refuses a %s %j', (type, value) => {
    expect(kqlLiteral(type, value)).toHaveProperty('problem')
  })
})

describe('withParameters', () => {
  const parameters = [
    { name: 'release', type: 'string' as const, value: 'v1', literal: '"v1"' },
    { name: 'max_rows', type: 'long' as const, value: '5', literal: 'long(5)' }
  ]

  it('puts a let statement for each parameter in front of the query, in order', () => {
    expect(withParameters('T | take max_rows', parameters)).toBe(
      'let release = "v1";\nlet max_rows = long(5);\nT | take max_rows'
    )
  })

  it('leaves a query without parameters as it is', () => {
    expect(withParameters('T', [])).toBe('T')
  })

  it('keeps the lets in front of the count query', () => {
    expect(countQuery(withParameters('T | where Release == release // mine\n', parameters))).toBe(
      'let release = "v1";\nlet max_rows = long(5);\nT | where Release == release\n| count'
    )
  })
})
