/**
 * JSON on raw UTF-8 bytes, for the hot path: the answer is never decoded into
 * JS strings, cells are byte ranges of what arrived, and records are written
 * by copying those bytes. Only what must change is touched: the escapes of a
 * `dynamic` cell's inner JSON, and the text of a CSV field.
 */

export const QUOTE = 34
export const BACKSLASH = 92
const SPACE = 32
const TAB = 9
const LF = 10
const CR = 13

/** Index just past the string literal opening at `i`, or -1 when it does not end before `end`. */
export function stringEnd(b: Uint8Array, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = b[j]
    if (c === QUOTE) return j + 1
    if (c === BACKSLASH) j++
  }
  return -1
}

/**
 * What makes a string literal malformed, as returned by `checkedStringEnd`
 * (-1 is kept for "not ended yet"): a raw control character (U+0000–U+001F),
 * an escape JSON does not have, a \u escape of a lone surrogate (not a
 * character: UTF-8 cannot hold it), bytes that are not UTF-8.
 */
export const RAW_CONTROL = -3
export const BAD_ESCAPE = -4
export const LONE_SURROGATE = -5
export const BAD_UTF8 = -6

/** One line for each of the problems above. */
export const STRING_PROBLEMS: Readonly<Record<number, string>> = {
  [RAW_CONTROL]: 'a raw control character in a string',
  [BAD_ESCAPE]: 'an invalid escape in a string',
  [LONE_SURROGATE]: 'a \\u escape of a lone surrogate in a string',
  [BAD_UTF8]: 'bytes that are not UTF-8 in a string'
}

/** Where `checkedStringEnd` last found a problem: the offending byte. */
let problemAt = 0
export const stringProblemAt = (): number => problemAt

/** Bytes the string scan stops at: control characters, `"`, `\`, and the bytes of multi-byte UTF-8. */
const STOP = new Uint8Array(256)
for (let c = 0; c < 256; c++) STOP[c] = c < 0x20 || c === QUOTE || c === BACKSLASH || c >= 0x80 ? 1 : 0

/** The characters a one-letter escape may name: `" \ / b f n r t`. */
const SIMPLE_ESCAPE = new Uint8Array(256)
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1

/**
 * Like `stringEnd`, but the literal is checked whole on the way: index just
 * past it, -1 when it does not end before `end` (more bytes may complete it),
 * or one of the problems above (`stringProblemAt()` tells where). With
 * `loneSurrogates`, a \u escape of a lone surrogate passes (JSON's grammar
 * allows it; the answer's own text may not hold one).
 */
export function checkedStringEnd(b: Uint8Array, i: number, end: number, loneSurrogates = false): number {
  for (let j = i + 1; j < end; j++) {
    const c = b[j]
    if (STOP[c] === 0) continue
    if (c === QUOTE) return j + 1
    const next = c === BACKSLASH ? escapeEnd(b, j, end, loneSurrogates) : c < 0x20 ? RAW_CONTROL : utf8End(b, j, end)
    if (next < 0) {
      if (next !== -1) problemAt = j
      return next
    }
    j = next - 1
  }
  return -1
}

/** The end of the escape at `j` (a backslash), -1 when it is cut off by `end`, or BAD_ESCAPE / LONE_SURROGATE. */
function escapeEnd(b: Uint8Array, j: number, end: number, loneSurrogates: boolean): number {
  if (j + 1 >= end) return -1
  if (b[j + 1] !== 117 /* u */) return SIMPLE_ESCAPE[b[j + 1]] === 1 ? j + 2 : BAD_ESCAPE
  const code = hexAt(b, j + 2, end)
  if (code < 0 || code < 0xd800 || code > 0xdfff || loneSurrogates) return code < 0 ? code : j + 6
  if (code >= 0xdc00) return LONE_SURROGATE
  // A high surrogate: the low one must follow as the next escape.
  for (let k = j + 6; k <= j + 7; k++) {
    if (k >= end) return -1
    if (b[k] !== (k === j + 6 ? BACKSLASH : 117)) return LONE_SURROGATE
  }
  const low = hexAt(b, j + 8, end)
  if (low < 0) return low
  return low >= 0xdc00 && low <= 0xdfff ? j + 12 : LONE_SURROGATE
}

/** The four hex digits at `i` as a number, -1 when `end` cuts them off, BAD_ESCAPE when they are not hex digits. */
function hexAt(b: Uint8Array, i: number, end: number): number {
  let value = 0
  for (let k = i; k < i + 4; k++) {
    if (k >= end) return -1
    const c = b[k]
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
    if (digit < 0) return BAD_ESCAPE
    value = value * 16 + digit
  }
  return value
}

/**
 * The end of the UTF-8 character whose first byte (not ASCII) is at `j`, -1
 * when `end` cuts it off, BAD_UTF8 when it is not UTF-8: a stray continuation
 * byte, an overlong form, a surrogate, beyond U+10FFFF, a missing continuation.
 */
function utf8End(b: Uint8Array, j: number, end: number): number {
  const c = b[j]
  let length: number
  let low = 0x80
  let high = 0xbf
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3
    if (c === 0xe0) low = 0xa0
    else if (c === 0xed) high = 0x9f
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4
    if (c === 0xf0) low = 0x90
    else if (c === 0xf4) high = 0x8f
  } else {
    return BAD_UTF8
  }
  for (let k = 1; k < length; k++) {
    if (j + k >= end) return -1
    const d = b[j + k]
    if (d < low || d > high) return BAD_UTF8
    low = 0x80
    high = 0xbf
  }
  return j + length
}

/** Whether the bytes of a string literal (quotes included) hold an escape. */
export function hasEscape(b: Uint8Array, start: number, end: number): boolean {
  for (let j = start + 1; j < end - 1; j++) if (b[j] === BACKSLASH) return true
  return false
}

/**
 * Writes the text of the string literal `b[start..end)` (quotes included) as
 * UTF-8 into `out` at `at`; returns the position after it. `out` needs at most
 * `end - start` bytes: an escape is never shorter than what it stands for.
 */
export function unescapeInto(b: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at
  const last = end - 1
  for (let j = start + 1; j < last; j++) {
    const c = b[j]
    if (c !== BACKSLASH) {
      out[o++] = c
      continue
    }
    const e = b[++j]
    switch (e) {
      case 110: // n
        out[o++] = LF
        break
      case 116: // t
        out[o++] = TAB
        break
      case 114: // r
        out[o++] = CR
        break
      case 98: // b
        out[o++] = 8
        break
      case 102: // f
        out[o++] = 12
        break
      case 117: {
        // u: one UTF-16 unit, or a surrogate pair in two escapes
        let code = hex4(b, j + 1)
        j += 4
        if (code >= 0xd800 && code <= 0xdbff && b[j + 1] === BACKSLASH && b[j + 2] === 117) {
          const low = hex4(b, j + 3)
          if (low >= 0xdc00 && low <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
            j += 6
          }
        }
        o = putCodePoint(out, o, code)
        break
      }
      default: // " \ / and anything else escaped stands for itself
        out[o++] = e
    }
  }
  return o
}

function hex4(b: Uint8Array, i: number): number {
  let value = 0
  for (let k = i; k < i + 4; k++) {
    const c = b[k]
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
    if (digit < 0) return 0xfffd
    value = value * 16 + digit
  }
  return value
}

function putCodePoint(out: Uint8Array, o: number, code: number): number {
  // A lone surrogate cannot be UTF-8: it becomes U+FFFD, as TextDecoder would make it.
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd
  if (code < 0x80) {
    out[o++] = code
  } else if (code < 0x800) {
    out[o++] = 0xc0 | (code >> 6)
    out[o++] = 0x80 | (code & 63)
  } else if (code < 0x10000) {
    out[o++] = 0xe0 | (code >> 12)
    out[o++] = 0x80 | ((code >> 6) & 63)
    out[o++] = 0x80 | (code & 63)
  } else {
    out[o++] = 0xf0 | (code >> 18)
    out[o++] = 0x80 | ((code >> 12) & 63)
    out[o++] = 0x80 | ((code >> 6) & 63)
    out[o++] = 0x80 | (code & 63)
  }
  return o
}

/** The first index at or after `i` that is not JSON white space. */
export function skipJsonSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break
    i++
  }
  return i
}

/** The end of `b[start..end)` without trailing JSON white space. */
export function trimJsonSpaceEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const c = b[end - 1]
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break
    end--
  }
  return end
}

const containers: number[] = []
const OBJECT = 1
const ARRAY = 2

/**
 * Whether `b[start..end)` (already trimmed) is exactly one JSON object, array,
 * number or literal. A bare string is not accepted: a `dynamic` holding text
 * arrives as that text. Returns -1 when it is not, 1 when it is and holds white
 * space between its tokens, 0 when it is compact.
 */
export function checkJsonValue(b: Uint8Array, start: number, end: number): -1 | 0 | 1 {
  if (start >= end || b[start] === QUOTE) return -1
  containers.length = 0
  let spaced = false
  let expect: 'value' | 'key' | 'colon' | 'after' = 'value'
  let i = start
  while (i < end) {
    const next = skipJsonSpace(b, i, end)
    if (next !== i) {
      spaced = true
      i = next
      if (i >= end) break
    }
    const c = b[i]
    const top = containers.length === 0 ? 0 : containers[containers.length - 1]
    if (expect === 'value') {
      if (c === 123 /* { */ || c === 91 /* [ */) {
        const close = c === 123 ? 125 : 93
        const after = skipJsonSpace(b, i + 1, end)
        if (after !== i + 1) spaced = true
        if (b[after] === close && after < end) {
          i = after + 1
          expect = 'after'
        } else {
          containers.push(c === 123 ? OBJECT : ARRAY)
          i = after
          expect = c === 123 ? 'key' : 'value'
        }
      } else {
        i =
          c === QUOTE
            ? checkedStringEnd(b, i, end, true)
            : c === 45 || (c >= 48 && c <= 57)
              ? numberEnd(b, i, end)
              : literalEnd(b, i, end)
        if (i < 0) return -1
        expect = 'after'
      }
    } else if (expect === 'key') {
      if (c !== QUOTE) return -1
      i = checkedStringEnd(b, i, end, true)
      if (i < 0) return -1
      expect = 'colon'
    } else if (expect === 'colon') {
      if (c !== 58 /* : */) return -1
      i++
      expect = 'value'
    } else {
      // after a value: a comma, or the close of its container
      if (c === 44 /* , */ && top !== 0) {
        i++
        expect = top === OBJECT ? 'key' : 'value'
      } else if ((c === 125 && top === OBJECT) || (c === 93 && top === ARRAY)) {
        containers.pop()
        i++
      } else {
        return -1
      }
    }
  }
  return expect === 'after' && containers.length === 0 ? (spaced ? 1 : 0) : -1
}

/** The end of a valid JSON number at `i`, or -1 (also when it runs into `end`: more digits may follow). */
export function numberEnd(b: Uint8Array, i: number, end: number): number {
  let j = i
  if (b[j] === 45) j++
  if (j >= end) return -1
  if (b[j] === 48) j++
  else if (b[j] >= 49 && b[j] <= 57) while (j < end && b[j] >= 48 && b[j] <= 57) j++
  else return -1
  if (j < end && b[j] === 46) {
    j++
    const digits = j
    while (j < end && b[j] >= 48 && b[j] <= 57) j++
    if (j === digits) return -1
  }
  if (j < end && (b[j] === 101 || b[j] === 69)) {
    j++
    if (j < end && (b[j] === 43 || b[j] === 45)) j++
    const digits = j
    while (j < end && b[j] >= 48 && b[j] <= 57) j++
    if (j === digits) return -1
  }
  return j
}

const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')]

function literalEnd(b: Uint8Array, i: number, end: number): number {
  const c = b[i]
  if (c !== 116 && c !== 102 && c !== 110) return -1
  const word = LITERALS[c === 116 ? 0 : c === 102 ? 1 : 2]
  if (i + word.length > end) return -1
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1
  return i + word.length
}

/** Copies valid JSON `b[start..end)` into `out` at `at` without the white space outside strings. */
export function compactInto(b: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at
  for (let j = start; j < end; j++) {
    const c = b[j]
    if (c === QUOTE) {
      const close = stringEnd(b, j, end)
      for (let k = j; k < close; k++) out[o++] = b[k]
      j = close - 1
    } else if (c !== SPACE && c !== LF && c !== CR && c !== TAB) {
      out[o++] = c
    }
  }
  return o
}

/**
 * The first name that appears twice in one object of the valid JSON
 * `b[start..end)` (names compared as text: `"a"` and `"\u0061"` are the same),
 * or undefined. `JSON.parse` would keep the last silently.
 */
export function duplicateKey(b: Uint8Array, start: number, end: number): string | undefined {
  /** One entry per open container: the names seen for an object, undefined for an array. */
  const open: (Set<string> | undefined)[] = []
  let keyNext = false
  for (let j = start; j < end; j++) {
    const c = b[j]
    if (c === QUOTE) {
      const close = stringEnd(b, j, end)
      if (keyNext) {
        const names = open[open.length - 1] as Set<string>
        const name = JSON.parse(Buffer.from(b.buffer, b.byteOffset + j, close - j).toString('utf8')) as string
        if (names.has(name)) return name
        names.add(name)
        keyNext = false
      }
      j = close - 1
    } else if (c === 123 /* { */) {
      open.push(new Set())
      keyNext = true
    } else if (c === 91 /* [ */) {
      open.push(undefined)
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      open.pop()
    } else if (c === 44 /* , */) {
      keyNext = open[open.length - 1] !== undefined
    }
  }
  return undefined
}
