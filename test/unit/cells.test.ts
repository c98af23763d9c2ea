import { describe, expect, it } from 'vitest'
import { cellNumber, cellText, dynamicJson, dynamicText, skipString, unquote } from '../../src/logs/cells.js'

/** The JSON text of a cell as the service sends a string: JSON.stringify of the text. */
const q = (text: string): string => JSON.stringify(text)

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

  it.each(['null', 'true', 'false', '""', '"  "', '"abc"', '"NaN"', '"Infinity"', '"-Infinity"', '"12abc"', '"2015-12-31T23:59:59Z"'])(
    '%s holds no number',
    raw => {
      expect(cellNumber(raw)).toBeUndefined()
    }
  )
})

describe('dynamicJson', () => {
  it('gives an object held in a string as the object', () => {
    const raw = String.raw`"{\"a\":123,\"b\":\"hello\",\"c\":[1,2,3],\"d\":{}}"`
    expect(dynamicJson(raw)).toBe('{"a":123,"b":"hello","c":[1,2,3],"d":{}}')
    expect(JSON.parse(dynamicJson(raw))).toEqual({ a: 123, b: 'hello', c: [1, 2, 3], d: {} })
  })

  it('gives an array held in a string as the array', () => {
    expect(dynamicJson(q('[1,"two",null,[3]]'))).toBe('[1,"two",null,[3]]')
  })

  it.each([
    ['42', '42'],
    ['-1.5e3', '-1.5e3'],
    ['0', '0'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    [' 7 ', '7']
  ])('gives number and literal text %j as the JSON value %s', (inner, json) => {
    expect(dynamicJson(q(inner))).toBe(json)
  })

  it.each(['boundedElastic-1', 'com.azure.messaging.eventhubs.EventHubProducerAsyncClient', 'Sending batch, to be "distributed".', '', ' ', 'nullable', 'trueish', 'falsehood', '12abc', '-', '{not json', '[1,', 'NaN', 'Infinity', '"quoted"'])(
    'keeps the plain string %j as the original JSON string',
    inner => {
      const raw = q(inner)
      expect(dynamicJson(raw)).toBe(raw)
      expect(JSON.parse(dynamicJson(raw))).toBe(inner)
    }
  )

  it('passes cells that are not strings through unchanged', () => {
    for (const raw of ['null', '5', 'true', '{"a":1}', '[1,2]', '9007199254740993']) expect(dynamicJson(raw)).toBe(raw)
  })

  it('compacts multi-line JSON onto one line, keeping spaces inside strings', () => {
    const inner = '{\r\n  "message": "two  spaces\\tand a tab, and a\\nbreak",\n\t"list": [\n    1,\n    2\n  ],\n  "empty": { }\n}\n'
    const out = dynamicJson(q(inner))
    expect(out).toBe('{"message":"two  spaces\\tand a tab, and a\\nbreak","list":[1,2],"empty":{}}')
    expect(out).not.toMatch(/[\r\n]/)
    expect(JSON.parse(out)).toEqual(JSON.parse(inner))
  })

  it('keeps strings holding quotes and backslashes intact while compacting', () => {
    const value = { path: 'C:\\Windows\\ "x" ', q: '\\', end: 'a \\" b' }
    const inner = JSON.stringify(value, null, 2)
    const out = dynamicJson(q(inner))
    expect(out).not.toContain('\n')
    expect(JSON.parse(out)).toEqual(value)
  })

  it('keeps the digits of large numbers', () => {
    expect(dynamicJson(q('{"id":9007199254740993,"f":0.1000000000000000055511151231257827}'))).toBe(
      '{"id":9007199254740993,"f":0.1000000000000000055511151231257827}'
    )
    expect(dynamicJson(q('[\n  12345678901234567890\n]'))).toBe('[12345678901234567890]')
    expect(dynamicJson(q('9007199254740993'))).toBe('9007199254740993')
  })

  it('always gives JSON text on one line', () => {
    const inners = [
      '{"a":1}',
      ' [ 1 , 2 ] ',
      '{\n"a" : "b c"\n}',
      'text with\nnewline',
      '42\n',
      '\n\n',
      '[1,\n2',
      '{"a":"\\u00e9"}',
      '"just a string"'
    ]
    for (const inner of inners) {
      const out = dynamicJson(q(inner))
      expect(() => JSON.parse(out), inner).not.toThrow()
      expect(out, inner).not.toMatch(/[\r\n]/)
    }
  })

  it('gives valid JSON for a string with leading non-JSON white space and a line break', () => {
    for (const inner of ['\u00a0[1,\n2]', '\uFEFF{"a":\n1}']) {
      const out = dynamicJson(q(inner))
      expect(() => JSON.parse(out), inner).not.toThrow()
    }
  })
})

describe('dynamicText', () => {
  it.each([
    [String.raw`"{\"a\":1}"`, '{"a":1}'],
    ['"boundedElastic-1"', 'boundedElastic-1'],
    ['""', ''],
    ['null', ''],
    ['5', '5'],
    ['true', 'true'],
    ['{"a":1}', '{"a":1}'],
    [q('{\n  "a": 1\n}'), '{\n  "a": 1\n}']
  ])('%s → %j', (raw, text) => {
    expect(dynamicText(raw)).toBe(text)
  })
})

describe('skipString', () => {
  it.each([
    ['"abc"', 0, 4],
    ['""', 0, 1],
    [String.raw`"a\"b"`, 0, 5],
    [String.raw`"a\\"`, 0, 4],
    [String.raw`"a\\\"b"`, 0, 7],
    [String.raw`"\\\\"`, 0, 5],
    [String.raw`"\\\\\"x"`, 0, 8],
    [String.raw`"x\\" tail"`, 0, 4],
    [String.raw`ab "c\"d" "e"`, 3, 8],
    [String.raw`"",""`, 3, 4]
  ])('finds the closing quote of %s from %d at %d', (text, from, close) => {
    expect(skipString(text, from)).toBe(close)
    expect(text[close]).toBe('"')
  })

  it.each(['"abc', String.raw`"abc\"`, String.raw`"a\\\"`, '"', String.raw`"\"`])('reports %s as not closed', text => {
    expect(skipString(text, 0)).toBe(-1)
  })

  it('agrees with JSON.stringify on where strings end', () => {
    for (const text of ['\\', '\\\\', '"', '\\"', 'a\\', '"\\"\\', '\\\\\\"']) {
      const literal = JSON.stringify(text)
      expect(skipString(`${literal},"next"`, 0), text).toBe(literal.length - 1)
    }
  })
})
