import { describe, expect, it } from 'vitest'
import {
  BAD_ESCAPE,
  BAD_UTF8,
  checkedStringEnd,
  checkJsonValue,
  compactInto,
  duplicateKey,
  hasEscape,
  LONE_SURROGATE,
  RAW_CONTROL,
  skipJsonSpace,
  stringEnd,
  stringProblemAt,
  trimJsonSpaceEnd,
  unescapeInto
} from '../../../src/wire/json-bytes.js'
import { expectSame, expectHolds } from '../fixtures/expect-same.js'
import { pick, random } from '../fixtures/random.js'

/** Text placed between `before` and `after` bytes, so that a function reading outside its range shows. */
function framed(text: string, before = 'x"\\[', after = '"\\u{ '): { b: Buffer; start: number; end: number } {
  const head = Buffer.from(before)
  const body = Buffer.from(text)
  const b = Buffer.concat([head, body, Buffer.from(after)])
  return { b, start: head.length, end: head.length + body.length }
}

/** JSON white space only: not U+00A0, U+FEFF, form feed or vertical tab. */
const trimJson = (text: string): string => text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')

/** Whether JSON text has white space outside its strings (an independent tokenizer: a regex). */
const spacedOutsideStrings = (text: string): boolean => /[ \t\n\r]/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))

/** Whether JSON.parse takes the text (thrown without a stack trace: the fuzz loops refuse thousands). */
function parses(text: string): boolean {
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

/** What checkJsonValue must say for text, from JSON.parse. */
function expectedCheck(text: string): -1 | 0 | 1 {
  const trimmed = trimJson(text)
  if (!parses(trimmed) || trimmed.startsWith('"')) return -1
  return spacedOutsideStrings(trimmed) ? 1 : 0
}

/** checkJsonValue on the trimmed text, framed by bytes it must not look at. */
function check(text: string): -1 | 0 | 1 {
  const { b, start, end } = framed(text)
  const from = skipJsonSpace(b, start, end)
  return checkJsonValue(b, from, trimJsonSpaceEnd(b, from, end))
}

function unescaped(literal: string): Buffer {
  const { b, start, end } = framed(literal)
  const out = Buffer.alloc(end - start + 8, 0xee)
  const stop = unescapeInto(b, start, end, out, 3)
  // Nothing written before `at` or past the returned position, and never more than the literal's bytes.
  expectHolds(
    out.subarray(0, 3).every(byte => byte === 0xee),
    `${literal}: wrote before its place`
  )
  expectHolds(
    out.subarray(stop).every(byte => byte === 0xee),
    `${literal}: wrote past its end`
  )
  expectHolds(stop - 3 <= end - start, `${literal}: wrote more than the literal's bytes`)
  return out.subarray(3, stop)
}

/** A JSON string literal writing every character as a \u escape (upper or lower case hex). */
function allEscaped(text: string, upper: boolean): string {
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const hex = text.charCodeAt(i).toString(16).padStart(4, '0')
    out += '\\u' + (upper ? hex.toUpperCase() : hex)
  }
  return out + '"'
}

describe('stringEnd', () => {
  it.each([
    ['"abc"', 0, 5],
    ['""', 0, 2],
    [String.raw`"a\"b"`, 0, 6],
    [String.raw`"a\\"`, 0, 5],
    [String.raw`"a\\\"b"`, 0, 8],
    [String.raw`"\\\\"`, 0, 6],
    [String.raw`"\\\\\"x"`, 0, 9],
    [String.raw`"x\\" tail"`, 0, 5],
    [String.raw`ab "c\"d" "e"`, 3, 9],
    [String.raw`"",""`, 3, 5],
    ['"é✓𝄞"', 0, Buffer.byteLength('"é✓𝄞"')]
  ])('finds the end of the string in %s opening at %d: %d', (text, from, end) => {
    const b = Buffer.from(text)
    expect(stringEnd(b, from, b.length)).toBe(end)
    expect(b[end - 1]).toBe(34)
  })

  it.each(['"abc', String.raw`"abc\"`, String.raw`"a\\\"`, '"', String.raw`"\"`, String.raw`"\\\"`])(
    'reports %s as unterminated',
    text => {
      const b = Buffer.from(text)
      expect(stringEnd(b, 0, b.length)).toBe(-1)
    }
  )

  it('does not look past the end it is given', () => {
    const b = Buffer.from('"abc","d"')
    expect(stringEnd(b, 0, 4)).toBe(-1)
    expect(stringEnd(b, 0, 5)).toBe(5)
    // The escape's second byte lies past the end: still unterminated, whatever follows.
    const escaped = Buffer.from(String.raw`"ab\"x"`)
    expect(stringEnd(escaped, 0, 4)).toBe(-1)
    expect(stringEnd(escaped, 0, 5)).toBe(-1)
  })

  it('agrees with JSON.stringify on where strings end', () => {
    for (const text of ['\\', '\\\\', '"', '\\"', 'a\\', '"\\"\\', '\\\\\\"', 'é"✓\\𝄞', '\n\u0000']) {
      const literal = JSON.stringify(text)
      const b = Buffer.from(`${literal},"next"`)
      expect(stringEnd(b, 0, b.length), text).toBe(Buffer.byteLength(literal))
    }
  })
})

describe('hasEscape', () => {
  it.each([
    ['"abc"', false],
    ['""', false],
    ['"é✓𝄞"', false],
    [String.raw`"a\"b"`, true],
    [String.raw`"\\"`, true],
    [String.raw`"\u00e9"`, true],
    [String.raw`"x\n"`, true]
  ])('%s: %s', (literal, escaped) => {
    const { b, start, end } = framed(literal)
    expect(hasEscape(b, start, end)).toBe(escaped)
  })
})

describe('skipJsonSpace and trimJsonSpaceEnd', () => {
  it('skip JSON white space (space, tab, LF, CR) and nothing else', () => {
    const b = Buffer.from(' \t\r\n x \n\t\r ')
    expect(skipJsonSpace(b, 0, b.length)).toBe(5)
    expect(trimJsonSpaceEnd(b, 0, b.length)).toBe(6)
    expect(skipJsonSpace(b, 0, 3)).toBe(3)
    expect(trimJsonSpaceEnd(b, 7, b.length)).toBe(7)
    for (const other of ['\u00a0', '\uFEFF', '\f', '\v', '\u2028', 'x']) {
      const o = Buffer.from(`${other} ${other}`)
      expect(skipJsonSpace(o, 0, o.length), JSON.stringify(other)).toBe(0)
      expect(trimJsonSpaceEnd(o, 0, o.length), JSON.stringify(other)).toBe(o.length)
    }
  })

  it('handle empty and all-space ranges', () => {
    const b = Buffer.from('   ')
    expect(skipJsonSpace(b, 0, 0)).toBe(0)
    expect(skipJsonSpace(b, 0, 3)).toBe(3)
    expect(trimJsonSpaceEnd(b, 0, 3)).toBe(0)
    expect(trimJsonSpaceEnd(b, 2, 2)).toBe(2)
  })
})

describe('unescapeInto', () => {
  it.each([
    [String.raw`"a\"b"`, 'a"b'],
    [String.raw`"\\"`, '\\'],
    [String.raw`"\/"`, '/'],
    [String.raw`"\b\f\n\r\t"`, '\b\f\n\r\t'],
    [String.raw`"\u00e9\u0022\u2713"`, 'é"✓'],
    [String.raw`"\u00E9\u00C9"`, 'éÉ'],
    [String.raw`"\ud834\udd1e"`, '𝄞'],
    [String.raw`"\ud83d\ude00!"`, '😀!'],
    [String.raw`"\u0000"`, '\u0000'],
    ['"plain é ✓ 𝄞"', 'plain é ✓ 𝄞'],
    ['""', '']
  ])('%s → %j', (literal, text) => {
    expect(unescaped(literal).toString('utf8')).toBe(text)
  })

  it.each([
    [String.raw`"\ud83d"`, '\ufffd'],
    [String.raw`"\ude00"`, '\ufffd'],
    [String.raw`"a\ud83db"`, 'a\ufffdb'],
    [String.raw`"\ud83d\u0041"`, '\ufffdA'],
    [String.raw`"\ude00\ud83d"`, '\ufffd\ufffd'],
    [String.raw`"\ud83d\ud83d\ude00"`, '\ufffd😀'],
    [String.raw`"\ud83d\\ude00"`, '\ufffd\\ude00'],
    [String.raw`"\ud83d\n"`, '\ufffd\n']
  ])('writes the lone surrogate in %s as U+FFFD', (literal, text) => {
    expect(unescaped(literal).toString('utf8')).toBe(text)
    // As UTF-8 encoding of what JSON.parse gives would have it.
    expect(unescaped(literal)).toEqual(Buffer.from(JSON.parse(literal) as string))
  })

  it('agrees with JSON.parse on every simple escape, every \\u form and multi-byte text', () => {
    const samples = [
      '',
      ' ',
      '"',
      '\\',
      '/',
      '\\"',
      '"\\',
      'a\r\nb',
      '\b\f\n\r\t',
      '\u0000\u0001\u001f\u007f',
      '}]",:{[',
      '{"a":1}',
      '\\u0041',
      'é',
      'ça va ✓',
      '𝄞 music',
      '😀😀',
      '\u00a0\uFEFF\u2028\u2029',
      '\ud83d',
      'x\ude00y',
      '\ud83d\ud83d\ude00',
      'mixed "é" \\ ✓ \n 𝄞 \t end'
    ]
    const next = random(17)
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '/',
      '\b',
      '\f',
      '\n',
      '\r',
      '\t',
      '\u0001',
      'é',
      '✓',
      '𝄞',
      '😀',
      '\ud83d',
      '\ude00',
      '\u00a0',
      '\uffff'
    ]
    for (let i = 0; i < 500; i++) {
      let text = ''
      const length = Math.floor(next() * 12)
      for (let k = 0; k < length; k++) text += pick(next, alphabet)
      samples.push(text)
    }
    for (const text of samples) {
      const literals = [
        JSON.stringify(text),
        allEscaped(text, false),
        allEscaped(text, true),
        JSON.stringify(text).replaceAll('/', '\\/')
      ]
      for (const literal of literals) {
        const expected = Buffer.from(JSON.parse(literal) as string)
        expectSame(unescaped(literal), expected, literal)
      }
    }
  })

  it('copies a long string with no escapes unchanged', () => {
    const text = 'é✓𝄞 '.repeat(10_000)
    expect(unescaped(`"${text}"`).toString('utf8')).toBe(text)
  })
})

describe('checkJsonValue', () => {
  it.each([
    ['{}', 0],
    ['[]', 0],
    ['{"a":1}', 0],
    ['[1,"two",null,[3],{"x":{}}]', 0],
    ['42', 0],
    ['-1.5e3', 0],
    ['0', 0],
    ['-0', 0],
    ['1E+5', 0],
    ['true', 0],
    ['false', 0],
    ['null', 0],
    ['9007199254740993', 0],
    ['{"s":"with spaces, \\"quotes\\" and \\\\ é"}', 0],
    ['{ }', 1],
    ['[ ]', 1],
    ['{"a": 1}', 1],
    ['[1 ,2]', 1],
    ['{\n"a"\t:\r\n1\n}', 1],
    ['[[ ]]', 1]
  ])('accepts %j (%d)', (text, result) => {
    expect(check(text)).toBe(result)
  })

  it.each([
    '',
    '"string"',
    '"{}"',
    '{',
    '}',
    '[',
    '[1,]',
    '[,1]',
    '[1,,2]',
    '[1 2]',
    '{"a":1,}',
    '{"a" 1}',
    '{"a":}',
    '{a:1}',
    "{'a':1}",
    '{"a":1}}',
    '[1]]',
    '[}',
    '{]',
    '1 2',
    '1,2',
    '01',
    '-',
    '+1',
    '.5',
    '1.',
    '1e',
    '1e+',
    '0x10',
    'NaN',
    'Infinity',
    'tru',
    'truex',
    'nul',
    'nulls',
    'True',
    '["\t"]',
    '["\n"]',
    '["\\x"]',
    '["\\u12"]',
    '["\\u12G4"]',
    '["unterminated]',
    '\u00a0[1]',
    '[1]\u00a0',
    '\uFEFF{}',
    'é',
    'boundedElastic-1',
    'text with spaces'
  ])('refuses %j', text => {
    expect(check(text)).toBe(-1)
  })

  it('agrees with JSON.parse on thousands of random JSON-ish strings', () => {
    const alphabet = [...'{}[],:"\\ 0123456789-+.eEtruefalsn\t\n\rabxu/', 'é', '✓', '\u0001', '\u00a0']
    const next = random(2024)
    let accepted = 0
    for (let trial = 0; trial < 20_000; trial++) {
      let text = ''
      const length = Math.floor(next() * 10)
      for (let k = 0; k < length; k++) text += pick(next, alphabet)
      const expected = expectedCheck(text)
      if (expected !== -1) accepted++
      if (check(text) !== expected) expect(check(text), JSON.stringify(text)).toBe(expected)
    }
    // The alphabet makes sure both answers are well represented.
    expect(accepted).toBeGreaterThan(300)
  })

  it('agrees with JSON.parse on random JSON values, laid out and then damaged', () => {
    const next = random(99)
    let accepted = 0
    let refused = 0
    for (let trial = 0; trial < 3000; trial++) {
      const { tokens } = randomJson(next, 4)
      const text = layOut(tokens, next, next() < 0.5 ? 0 : 0.3)
      const cases = [text, damage(text, next), damage(damage(text, next), next)]
      for (const candidate of cases) {
        const expected = expectedCheck(candidate)
        if (expected === -1) refused++
        else accepted++
        if (check(candidate) !== expected) expect(check(candidate), JSON.stringify(candidate)).toBe(expected)
      }
    }
    expect(accepted).toBeGreaterThan(3000)
    expect(refused).toBeGreaterThan(1000)
  })

  it('tells spaced JSON (1) from compact JSON (0)', () => {
    const next = random(5)
    for (let trial = 0; trial < 1000; trial++) {
      const { tokens } = randomJson(next, 3)
      const compact = tokens.join('')
      if (compact.startsWith('"')) continue
      expectSame(check(compact), 0, compact)
      const spaced = layOut(tokens, next, 1)
      if (tokens.length > 1) expectSame(check(spaced), 1, spaced)
      // Space around the value is not inside it: the caller trims it.
      expectSame(check(` \n${compact}\t\r`), 0, compact)
    }
  })

  it('handles 500 levels of nesting', () => {
    const arrays = '['.repeat(500) + ']'.repeat(500)
    const objects = '{"a":'.repeat(500) + '[1, "x"]' + '}'.repeat(500)
    expect(check(arrays)).toBe(0)
    expect(check('[ '.repeat(500) + ']'.repeat(500))).toBe(1)
    expect(check(objects)).toBe(1)
    expect(check(objects.replace('[1, "x"]', '[1,"x"]'))).toBe(0)
    expect(check('['.repeat(500) + ']'.repeat(499))).toBe(-1)
    expect(check('['.repeat(500) + ']'.repeat(501))).toBe(-1)
    expect(check('{"a":'.repeat(500) + '1' + '}'.repeat(499) + ']')).toBe(-1)
  })

  it('reads only the range it is given', () => {
    const b = Buffer.from('[1,2]]')
    expect(checkJsonValue(b, 0, 5)).toBe(0)
    expect(checkJsonValue(b, 0, 6)).toBe(-1)
    expect(checkJsonValue(b, 0, 4)).toBe(-1)
    const literal = Buffer.from('truex')
    expect(checkJsonValue(literal, 0, 4)).toBe(0)
    expect(checkJsonValue(literal, 0, 3)).toBe(-1)
    const number = Buffer.from('12.5e3')
    expect(checkJsonValue(number, 0, 2)).toBe(0)
    expect(checkJsonValue(number, 0, 3)).toBe(-1)
    expect(checkJsonValue(number, 0, 5)).toBe(-1)
    const escape = Buffer.from('["\\u00e9"]')
    expect(checkJsonValue(escape, 0, escape.length)).toBe(0)
    for (let end = 1; end < escape.length; end++) expect(checkJsonValue(escape, 0, end), `end ${end}`).toBe(-1)
  })
})

describe('compactInto', () => {
  function compact(text: string): string {
    const { b, start, end } = framed(text)
    const out = Buffer.alloc(end - start + 6, 0xee)
    const stop = compactInto(b, start, end, out, 2)
    expect(out.subarray(0, 2).every(byte => byte === 0xee)).toBe(true)
    expect(out.subarray(stop).every(byte => byte === 0xee)).toBe(true)
    return out.toString('utf8', 2, stop)
  }

  it('removes the white space between tokens and keeps it inside strings', () => {
    const text =
      '{\r\n  "message": "two  spaces\\tand a tab, and a\\nbreak",\n\t"list": [\n    1,\n    2\n  ],\n  "empty": { },\n  "q": "a \\" b \\\\"\n}'
    expect(compact(text)).toBe(
      '{"message":"two  spaces\\tand a tab, and a\\nbreak","list":[1,2],"empty":{},"q":"a \\" b \\\\"}'
    )
  })

  it('keeps the digits of numbers and multi-byte text', () => {
    expect(compact('[ 12345678901234567890 , 0.1000000000000000055511151231257827 , "é ✓ 𝄞" ]')).toBe(
      '[12345678901234567890,0.1000000000000000055511151231257827,"é ✓ 𝄞"]'
    )
  })

  it('gives the same JSON with no white space outside strings, for random laid-out values', () => {
    const next = random(31)
    for (let trial = 0; trial < 2000; trial++) {
      const { tokens } = randomJson(next, 4)
      const text = layOut(tokens, next, 0.5)
      const out = compact(text)
      expectSame(out, tokens.join(''), text)
      expectSame(JSON.parse(out), JSON.parse(text), text)
      expectHolds(!spacedOutsideStrings(out), out)
    }
  })

  it('handles 500 levels of nesting', () => {
    const text = '[ {\n"a" : '.repeat(500) + '"x y"' + ' }\n]'.repeat(500)
    const expected = '[{"a":'.repeat(500) + '"x y"' + '}]'.repeat(500)
    expect(compact(text)).toBe(expected)
    expect(JSON.parse(compact(text))).toEqual(JSON.parse(text))
  })
})

/** A random JSON value as its tokens (strings whole), to be laid out with or without white space. */
function randomJson(next: () => number, depth: number): { tokens: string[] } {
  const tokens: string[] = []
  const strings = [
    '',
    'a',
    'two words',
    'é✓𝄞',
    'q"uote',
    'back\\slash',
    'line\nbreak',
    'tab\t',
    '{"inner": [1, 2]}',
    ' ',
    ',:[]{}'
  ]
  const numbers = [
    '0',
    '-0',
    '1',
    '-12',
    '3.25',
    '-0.5e-3',
    '1E+5',
    '9007199254740993',
    '12345678901234567890',
    '1e400'
  ]
  const value = (level: number): void => {
    const r = next()
    if (level > 0 && r < 0.25) {
      tokens.push('[')
      const n = Math.floor(next() * 4)
      for (let i = 0; i < n; i++) {
        if (i > 0) tokens.push(',')
        value(level - 1)
      }
      tokens.push(']')
    } else if (level > 0 && r < 0.5) {
      tokens.push('{')
      const n = Math.floor(next() * 4)
      for (let i = 0; i < n; i++) {
        if (i > 0) tokens.push(',')
        tokens.push(JSON.stringify(pick(next, strings)), ':')
        value(level - 1)
      }
      tokens.push('}')
    } else if (r < 0.7) {
      tokens.push(pick(next, numbers))
    } else if (r < 0.85) {
      tokens.push(pick(next, ['true', 'false', 'null']))
    } else {
      tokens.push(JSON.stringify(pick(next, strings)))
    }
  }
  value(depth)
  return { tokens }
}

/** Joins tokens, putting random JSON white space between them with probability `p`. */
function layOut(tokens: readonly string[], next: () => number, p: number): string {
  let out = ''
  for (const token of tokens) {
    out += token
    if (next() < p) out += pick(next, [' ', '\n', '\t', '\r\n', '  '])
  }
  return out
}

/** Deletes, inserts or replaces one character. */
function damage(text: string, next: () => number): string {
  const chars = [...'{}[],:"\\ 0123456789-+.etrufalsn\t']
  const i = Math.floor(next() * (text.length + 1))
  const r = next()
  if (r < 0.33) return text.slice(0, i) + text.slice(i + 1)
  if (r < 0.66) return text.slice(0, i) + pick(next, chars) + text.slice(i)
  return text.slice(0, i) + pick(next, chars) + text.slice(i + 1)
}

describe('checkedStringEnd', () => {
  /**
   * What the literal's bytes must give, from independent oracles: a fatal TextDecoder, JSON.parse, a surrogate regex.
   */
  function expected(bytes: Buffer): 'ok' | 'invalid' {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return 'invalid'
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return 'invalid'
    }
    return typeof value === 'string' &&
      !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)
      ? 'ok'
      : 'invalid'
  }

  it.each([
    ['"abc"'],
    ['""'],
    [String.raw`"\"\\\/\b\f\n\r\t"`],
    [String.raw`"\u0041\u00e9\uD834\uDD1E\uffff"`],
    ['"é✓𝄞\u007f"']
  ])('finds the end of the valid literal %s', text => {
    const { b, start, end } = framed(text)
    expect(checkedStringEnd(b, start, end)).toBe(end)
    expect(checkedStringEnd(b, start, b.length)).toBe(end)
  })

  it.each([
    ['a raw NUL', Buffer.from('"ab\u0000c"'), RAW_CONTROL, 3],
    ['a raw line feed', Buffer.from('"a\nb"'), RAW_CONTROL, 2],
    ['\\x', Buffer.from(String.raw`"a\x41"`), BAD_ESCAPE, 2],
    ['\\u with a bad digit', Buffer.from(String.raw`"\u00g0"`), BAD_ESCAPE, 1],
    ['a lone high surrogate', Buffer.from(String.raw`"ab\ud800"`), LONE_SURROGATE, 3],
    ['a lone low surrogate', Buffer.from(String.raw`"\udc00"`), LONE_SURROGATE, 1],
    ['a high surrogate and a character', Buffer.from(String.raw`"\ud800\u0041"`), LONE_SURROGATE, 1],
    ['a stray continuation byte', Buffer.from([0x22, 0x61, 0x80, 0x22]), BAD_UTF8, 2],
    ['an overlong form', Buffer.from([0x22, 0xc0, 0x80, 0x22]), BAD_UTF8, 1],
    ['an encoded surrogate', Buffer.from([0x22, 0xed, 0xb0, 0x80, 0x22]), BAD_UTF8, 1],
    ['a missing continuation byte', Buffer.from([0x22, 0x61, 0x62, 0xe2, 0x9c, 0x22]), BAD_UTF8, 3]
  ])('reports %s, and where', (_, b, problem, at) => {
    expect(checkedStringEnd(b, 0, b.length)).toBe(problem)
    expect(stringProblemAt()).toBe(at)
  })

  it('lets a lone surrogate escape pass when asked to (JSON inside a dynamic value)', () => {
    const b = Buffer.from(String.raw`"a\ud800b\udc00"`)
    expect(checkedStringEnd(b, 0, b.length)).toBe(LONE_SURROGATE)
    expect(checkedStringEnd(b, 0, b.length, true)).toBe(b.length)
  })

  it('says -1 (not ended yet) for every proper prefix of a valid literal, whatever it cuts', () => {
    const b = Buffer.from(String.raw`"a\"é\u00e9\ud834\udd1e𝄞✓\\"`)
    for (let end = 0; end < b.length; end++) expect(checkedStringEnd(b, 0, end), `cut at ${end}`).toBe(-1)
    expect(checkedStringEnd(b, 0, b.length)).toBe(b.length)
  })

  it('agrees with TextDecoder and JSON.parse on thousands of random byte strings', () => {
    const next = random(1234)
    const alphabet = [
      0x22, 0x5c, 0x75, 0x30, 0x64, 0x38, 0x63, 0x66, 0x41, 0x6e, 0x78, 0x0a, 0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc2, 0xc0,
      0xe0, 0xed, 0xa0, 0x9f, 0xef, 0xf0, 0xf4, 0x90, 0x8f, 0xf5, 0xff
    ]
    for (let trial = 0; trial < 20000; trial++) {
      const inner = Array.from({ length: Math.floor(next() * 8) }, () => pick(next, alphabet))
      const literal = Buffer.from([0x22, ...inner, 0x22])
      const end = checkedStringEnd(literal, 0, literal.length)
      // A literal whose quote closes early is judged on the part up to that quote.
      const judged = end > 0 ? literal.subarray(0, end) : literal
      const got = end > 0 ? 'ok' : end === -1 ? 'unended' : 'invalid'
      if (got === 'unended') {
        expectSame(expected(judged), 'invalid', literal.toString('hex'))
        continue
      }
      expectSame(got, expected(judged), literal.toString('hex'))
    }
  })
})

describe('duplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['[{"x":{"k":1,"j":[{"k":2}],"k":3}}]', 'k'],
    ['{"a":{},"b":[{"c":1},{"c":2,"c":3}]}', 'c'],
    ['{"a":"a","b":"a"}', undefined],
    ['{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}', undefined],
    ['[1,"a","a",{}]', undefined],
    ['{"é":1,"e\u0301":2}', undefined]
  ])('finds the name twice in one object of %s: %s', (text, name) => {
    const { b, start, end } = framed(text)
    expect(duplicateKey(b, start, end)).toBe(name)
  })
})
