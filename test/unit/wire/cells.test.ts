import { describe, expect, it } from 'vitest'
import { cellNumber, cellText, unquote } from '../../../src/wire/cells.js'

describe('unquote', () => {
  it.each([
    ['"abc"', 'abc'],
    ['""', ''],
    [String.raw`"a\"b"`, 'a"b'],
    [String.raw`"back\\slash"`, 'back\\slash'],
    [String.raw`"line\nbreak\ttab"`, 'line\nbreak\ttab'],
    [String.raw`"\u00e9\u0022\u2713"`, 'é"✓'],
    [String.raw`"\ud83d\ude00"`, '😀'],
    ['"plain ✓ unicode"', 'plain ✓ unicode']
  ])('%s → %j', (raw, text) => {
    expect(unquote(raw)).toBe(text)
  })

  it('agrees with JSON.parse on awkward strings', () => {
    for (const text of ['', ' ', '"', '\\', '\\"', '"\\', 'a\r\nb', '\u0000', '}]', '{"a":1}', '\\u0041']) {
      expect(unquote(JSON.stringify(text))).toBe(text)
    }
  })
})

describe('cellText', () => {
  it.each([
    ['"hello"', 'hello'],
    [String.raw`"say \"hi\""`, 'say "hi"'],
    ['""', ''],
    ['null', ''],
    ['true', 'true'],
    ['false', 'false'],
    ['123', '123'],
    ['9007199254740993', '9007199254740993'],
    ['-1.5e+10', '-1.5e+10'],
    ['"2015-12-31T23:59:59.9Z"', '2015-12-31T23:59:59.9Z'],
    [String.raw`"{\"a\":1}"`, '{"a":1}'],
    ['"null"', 'null']
  ])('%s → %j', (raw, text) => {
    expect(cellText(raw)).toBe(text)
  })
})

describe('cellNumber', () => {
  it.each([
    ['12345', 12345],
    ['12345.6789', 12345.6789],
    ['-3', -3],
    ['0', 0],
    ['1E-7', 1e-7],
    ['"0.10101"', 0.10101],
    ['" 42 "', 42],
    ['"1e3"', 1000],
    ['"-0.5"', -0.5]
  ])('%s → %d', (raw, value) => {
    expect(cellNumber(raw)).toBe(value)
  })

  it.each([
    'null',
    'true',
    'false',
    '""',
    '"  "',
    '"abc"',
    '"NaN"',
    '"Infinity"',
    '"-Infinity"',
    '"12abc"',
    '"2015-12-31T23:59:59Z"'
  ])('%s holds no number', raw => {
    expect(cellNumber(raw)).toBeUndefined()
  })
})
