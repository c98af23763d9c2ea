import { describe, expect, it } from 'vitest'
import { approximate, compareDecimal, isCount, isDecimal } from '../../../src/common/exact-decimal.js'
import { expectSame } from '../fixtures/expect-same.js'
import { pick, random } from '../fixtures/random.js'

const sign = (n: bigint): -1 | 0 | 1 => (n < 0n ? -1 : n > 0n ? 1 : 0)

describe('compareDecimal', () => {
  it.each([
    ['9007199254740993', '9007199254740992', 1],
    ['9223372036854775807', '9223372036854775806', 1],
    ['9223372036854775808', '9223372036854775807', 1],
    ['123456789012345678901234567890', '12345678901234567890123456789', 1],
    ['0.123456789012345678901234567891', '0.12345678901234567890123456789', 1],
    ['1e-400', '0', 1],
    ['-1e-400', '0', -1],
    ['1.5e309', '1e309', 1],
    ['15e308', '1e309', 1],
    ['1e999999999999', '9e999999999998', 1],
    ['1e-999999999999', '1e-1000000000000', 1],
    ['-0', '0', 0],
    ['+0', '-0.000', 0],
    ['0e5', '0', 0],
    ['0.0e-7', '-0e99', 0],
    ['007', '7', 0],
    ['7.000', '7', 0],
    ['700e-2', '7', 0],
    ['.5', '0.5', 0],
    ['5.', '5', 0],
    ['1E3', '1000', 0],
    ['0.07e2', '7', 0],
    ['-2.5', '-2', -1],
    ['-10', '-9', -1],
    ['-0.5', '0.25', -1],
    ['2', '19', -1],
    ['0.2', '0.19', 1],
    ['12', '123', -1],
    ['0.12', '0.123', -1]
  ])('%s vs %s is %d', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected)
    expect(compareDecimal(b, a)).toBe(-expected || 0)
  })

  it.each([
    '',
    ' 1',
    '1 ',
    'abc',
    '0x10',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    '1,5',
    '--1',
    '1e',
    'e5',
    '.',
    '1e+',
    '5%',
    '1.2.3'
  ])('is undefined for %j', text => {
    expect(compareDecimal(text, '0')).toBeUndefined()
    expect(compareDecimal('0', text)).toBeUndefined()
    expect(isDecimal(text)).toBe(false)
  })

  it('agrees with BigInt on integers of any size, however written', () => {
    const next = random(20261125)
    const integer = () => {
      const length = 1 + Math.floor(next() * 40)
      let digits = ''
      for (let i = 0; i < length; i++) digits += pick(next, '0123456789'.split(''))
      return (next() < 0.5 ? -1n : 1n) * BigInt(digits)
    }
    /**
     * The same integer in one of several spellings: plain, padded, with a fraction of zeros, or scaled by an exponent.
     */
    const spell = (n: bigint): string => {
      const text = (n < 0n ? -n : n).toString()
      const minus = n < 0n ? '-' : pick(next, ['', '+'])
      switch (Math.floor(next() * 4)) {
        case 0:
          return minus + text
        case 1:
          return `${minus}000${text}.000`
        case 2:
          return `${minus}${text}00e-2`
        default:
          return text.length > 1 ? `${minus}${text[0]}.${text.slice(1)}e${text.length - 1}` : minus + text
      }
    }
    for (let i = 0; i < 2000; i++) {
      const a = integer()
      const b = next() < 0.2 ? a + BigInt(Math.floor(next() * 3) - 1) : integer()
      expectSame(compareDecimal(spell(a), spell(b)), sign(a - b), `${a} vs ${b}`)
    }
  })

  it('agrees with doubles where doubles are exact', () => {
    const next = random(7)
    for (let i = 0; i < 2000; i++) {
      const a = Math.round((next() - 0.5) * 2000) / 8
      const b = Math.round((next() - 0.5) * 2000) / 8
      expectSame(compareDecimal(String(a), String(b)), Math.sign(a - b) || 0, `${a} vs ${b}`)
    }
  })
})

describe('isCount', () => {
  it.each(['0', '5', '+12', '007', '123456789012345678901234567890'])('takes %j', text =>
    expect(isCount(text)).toBe(true)
  )
  it.each(['-1', '1.5', '1e3', '', ' 1', 'abc'])('refuses %j', text => expect(isCount(text)).toBe(false))
})

describe('approximate', () => {
  it('is the nearest finite double', () => {
    expect(approximate('0.5')).toBe(0.5)
    expect(approximate('1e999')).toBe(Number.MAX_VALUE)
    expect(approximate('-1e999')).toBe(-Number.MAX_VALUE)
    expect(approximate('1e-400')).toBe(0)
  })
})
