/**
 * Cells as they arrive: the raw JSON text of each value, exactly as the service
 * sent it (`"text"`, `123`, `12345678901234567890`, `true`, `null`). Keeping the
 * text, not a parsed value, is what keeps a `long` beyond 2^53 digit for digit.
 * These helpers turn that text into what each consumer needs.
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

/**
 * A `dynamic` cell as the JSON value it holds. The service sends dynamic values as a
 * JSON string containing JSON (`"{\"a\":1}"`); a plain string value arrives bare
 * (`"boundedElastic-1"`), which is not JSON and so stays a string. The inner text is
 * used as it is (digits of large numbers included) and only compacted when it spans
 * lines, so that every record stays on one line.
 */
export function dynamicJson(raw: string): string {
  if (raw.charCodeAt(0) !== QUOTE) return raw
  const inner = unquote(raw).trim()
  if (!isJson(inner)) return raw
  return /[\r\n]/.test(inner) ? compactJson(inner) : inner
}

/** The JSON text a `dynamic` cell holds, or its plain text (for CSV). */
export function dynamicText(raw: string): string {
  return raw.charCodeAt(0) === QUOTE ? unquote(raw) : raw === 'null' ? '' : raw
}

const QUOTE = 34

/** Whether trimmed text is one JSON value. */
function isJson(t: string): boolean {
  const first = t.charCodeAt(0)
  if (first === 116 /* t */ || first === 102 /* f */ || first === 110 /* n */) {
    return t === 'true' || t === 'false' || t === 'null'
  }
  // Only what can open a JSON value is worth a parse attempt: plain text fails fast here.
  if (first !== 123 /* { */ && first !== 91 /* [ */ && first !== 45 /* - */ && !(first >= 48 && first <= 57)) {
    return false
  }
  try {
    JSON.parse(t)
    return true
  } catch {
    return false
  }
}

/** Removes the white space between the tokens of valid JSON text. */
function compactJson(text: string): string {
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = skipString(text, i)
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      out += text.slice(start, i)
      start = i + 1
    }
  }
  return out + text.slice(start)
}

/** Index of the closing quote of the string literal opening at `i`, or -1 when it is not closed. */
export function skipString(text: string, i: number): number {
  let from = i + 1
  for (;;) {
    const q = text.indexOf('"', from)
    if (q === -1) return -1
    let backslashes = 0
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++
    if (backslashes % 2 === 0) return q
    from = q + 1
  }
}
