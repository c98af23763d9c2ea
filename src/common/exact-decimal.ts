/**
 * Exact comparison of decimal numbers written as text: integers and decimals
 * of any length, with any exponent (`9007199254740993`, a 30-digit `decimal`,
 * `1e-400`, `1e999999999999`). Nothing goes through a double, so nothing is
 * rounded: `9223372036854775807` is above `9223372036854775806`, and `1e-400`
 * is above `0`.
 */

/** A plain decimal number: `5`, `-2.5`, `.5`, `1.`, `1e3`, `+7E-2`. Not `0x10`, `Infinity`, `NaN` or `1_000`. */
const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/

/** A number as sign × 0.digits × 10^exponent, digits without leading or trailing zeros (none for zero). */
interface Normal {
  sign: -1 | 0 | 1
  digits: string
  /** The position of the decimal point after the first digit: `123` is 0.123e3, so 3. */
  exponent: bigint
}

/** Whether `text` is a decimal number this module compares (white space around it is not allowed). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text)
}

/** `text` as sign, digits and exponent; undefined when it is not a decimal number. */
function normalise(text: string): Normal | undefined {
  const match = DECIMAL.exec(text)
  if (!match) return undefined
  const [, sign, mantissa, exponent] = match
  const point = mantissa.indexOf('.')
  const whole = point === -1 ? mantissa : mantissa.slice(0, point)
  const all = point === -1 ? mantissa : whole + mantissa.slice(point + 1)
  const leading = all.length - all.replace(/^0+/, '').length
  const digits = all.slice(leading).replace(/0+$/, '')
  if (digits === '') return { sign: 0, digits: '', exponent: 0n }
  return { sign: sign === '-' ? -1 : 1, digits, exponent: BigInt(whole.length - leading) + BigInt(exponent ?? 0) }
}

/** Negative, zero or positive as `a` is below, equal to or above `b`; undefined when either is not a decimal number. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = normalise(a)
  const y = normalise(b)
  if (!x || !y) return undefined
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1
  if (x.sign === 0) return 0
  const magnitude =
    x.exponent !== y.exponent
      ? x.exponent < y.exponent
        ? -1
        : 1
      : x.digits === y.digits
        ? 0
        : x.digits < y.digits
          ? -1
          : 1
  return magnitude === 0 ? 0 : x.sign === 1 ? magnitude : magnitude === 1 ? -1 : 1
}

/** Whether `text` is a whole number of zero or more written as digits (`0`, `+12`, `007`), of any size. */
export function isCount(text: string): boolean {
  return /^\+?\d+$/.test(text)
}

/** A decimal number as the nearest double, kept finite (for drawing it on a chart, never for judging it). */
export function approximate(text: string): number {
  const value = Number(text)
  return Number.isNaN(value) ? 0 : Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, value))
}
