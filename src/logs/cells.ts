/**
 * Cells kept as text (the preview rows of the summary, `value`): the raw JSON
 * of each value, exactly as the service sent it (`"text"`, `123`,
 * `12345678901234567890`, `true`, `null`). Keeping the text, not a parsed value,
 * is what keeps a `long` beyond 2^53 digit for digit.
 */

/** The text of a JSON string literal (`"a\"b"` → `a"b`). */
export function unquote(raw: string): string {
  return raw.indexOf('\\') === -1 ? raw.slice(1, -1) : (JSON.parse(raw) as string)
}

/** A cell as a person reads it: strings without quotes, `null` as an empty string. */
export function cellText(raw: string): string {
  if (raw === 'null') return ''
  return raw.charCodeAt(0) === QUOTE ? unquote(raw) : raw
}

/** A cell as a number, or undefined when it holds none (`decimal` and `real` may arrive as strings). */
export function cellNumber(raw: string): number | undefined {
  if (raw === 'null' || raw === 'true' || raw === 'false') return undefined
  const text = raw.charCodeAt(0) === QUOTE ? unquote(raw).trim() : raw
  if (text === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

const QUOTE = 34
