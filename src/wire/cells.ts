/**
 * Cells kept as text (the preview rows of the summary, `value`): the raw JSON
 * of each value, exactly as the service sent it (`"text"`, `123`,
 * `12345678901234567890`, `true`, `null`). Keeping the text, not a parsed value,
 * is what keeps a `long` beyond 2^53 digit for digit.
 */

import { approximate, isDecimal } from '../common/exact-decimal.js'

/** The text of a JSON string literal (`"a\"b"` → `a"b`). */
export function unquote(raw: string): string {
  return raw.indexOf('\\') === -1 ? raw.slice(1, -1) : (JSON.parse(raw) as string)
}

/** A cell as a person reads it: strings without quotes, `null` as an empty string. */
export function cellText(raw: string): string {
  if (raw === 'null') return ''
  return raw.charCodeAt(0) === QUOTE ? unquote(raw) : raw
}

/**
 * A cell's number as exact decimal text (`9007199254740993`, `"0.10101"`,
 * `1e-400`), or undefined when it holds none: `null`, booleans, text, and
 * `"NaN"` or `"Infinity"` (which are not numbers to compare). `decimal` and
 * `real` may arrive as strings.
 */
export function cellDecimal(raw: string): string | undefined {
  const text = raw.charCodeAt(0) === QUOTE ? unquote(raw).trim() : raw
  return isDecimal(text) ? text : undefined
}

/** A cell as the nearest double (for charts), or undefined when it holds no number. */
export function cellNumber(raw: string): number | undefined {
  const text = cellDecimal(raw)
  return text === undefined ? undefined : approximate(text)
}

const QUOTE = 34
