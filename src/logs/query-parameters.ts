import type { ParameterType, QueryParameter } from '../settings.js'

/**
 * Query parameters as KQL: each value written as a literal that nothing in it
 * can end early, and the `let` statements that put them in front of the query.
 *
 * A string becomes `"…"` in which every character but ASCII letters, digits,
 * space and `_.:,+=@-` is a `\uXXXX` escape (one per UTF-16 unit, as
 * Kusto.Language decodes it): no quote, backslash, line break, `;`, `/` or `|`
 * of the value is ever in the query text as itself. Typed values are checked
 * against a strict form first and written only from what passed the check.
 */

/** The types a parameter can have, `string` first (the default). */
export const PARAMETER_TYPES: readonly ParameterType[] = [
  'string',
  'long',
  'int',
  'real',
  'decimal',
  'bool',
  'datetime',
  'timespan',
  'guid',
  'dynamic'
]

/** `let name = literal;` for each parameter, in order, then the query. */
export function withParameters(query: string, parameters: readonly QueryParameter[]): string {
  if (parameters.length === 0) return query
  return parameters.map(parameter => `let ${parameter.name} = ${parameter.literal};\n`).join('') + query
}

/** A KQL string literal that holds exactly `text`. */
export function kqlString(text: string): string {
  let literal = '"'
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    literal += SAFE.test(c) ? c : `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`
  }
  return `${literal}"`
}

const SAFE = /^[A-Za-z0-9 _.:,+=@-]$/

/** The literal of `value` as a `type`, or what is wrong with the value (a sentence fragment: "is not …"). */
export function kqlLiteral(type: ParameterType, value: string): { literal: string } | { problem: string } {
  const literal = LITERALS[type](value)
  return literal.startsWith('!') ? { problem: literal.slice(1) } : { literal }
}

const LONG_MAX = 2n ** 63n
const INT_MAX = 2n ** 31n
/** The largest .NET decimal (96 bits), the range of a Kusto `decimal`. */
const DECIMAL_MAX = 79228162514264337593543950335n

/** Each type's writer: the literal, or `!` and the problem. */
const LITERALS: Record<ParameterType, (value: string) => string> = {
  string: value => kqlString(value),
  long: value => whole(value, LONG_MAX, 'long'),
  int: value => whole(value, INT_MAX, 'int'),
  real: value => {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value)
    if (!match || (match[2] === '' && !match[3])) return '!is not a number: write it like 1.5, -2 or 6.02e23'
    if (!Number.isFinite(Number(value))) return '!is beyond the range of a real (about ±1.8e308)'
    const [, sign, whole, fraction, exponent] = match
    return `real(${sign === '-' ? '-' : ''}${whole || '0'}${fraction ? `.${fraction}` : ''}${exponent ? `e${exponent}` : ''})`
  },
  decimal: value => {
    const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value)
    if (!match) return '!is not a decimal: write it like 12.50 or -3 (no exponent)'
    const [, sign, whole, fraction = ''] = match
    if (BigInt(whole) > DECIMAL_MAX || fraction.length > 28)
      return '!is beyond the range of a decimal (29 digits, at most 28 after the point)'
    return `decimal(${sign === '-' ? '-' : ''}${BigInt(whole)}${fraction ? `.${fraction}` : ''})`
  },
  bool: value =>
    /^(true|false)$/i.test(value) ? `bool(${value.toLowerCase()})` : '!is not a bool: write true or false',
  datetime: value => datetime(value),
  timespan: value => timespan(value),
  guid: value =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      ? `guid(${value.toLowerCase()})`
      : '!is not a GUID: write it like 74be27de-1e4e-49d9-b579-fe0b331d3642',
  dynamic: value => {
    try {
      JSON.parse(value)
    } catch {
      return '!is not JSON: write a JSON value such as {"region":"westeurope"}, [1,2] or "text"'
    }
    return `parse_json(${kqlString(value)})`
  }
}

function whole(value: string, limit: bigint, type: 'long' | 'int'): string {
  if (!/^[+-]?\d+$/.test(value)) return `!is not a whole number: write it like 42 or -7`
  const number = BigInt(value)
  if (number >= limit || number < -limit)
    return `!is beyond the range of ${type === 'long' ? 'a long (64 bits)' : 'an int (32 bits)'}: ${-limit} to ${limit - 1n}`
  return `${type}(${number})`
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/

/**
 * An ISO 8601 date or date and time (`2026-11-01`, `2026-11-01T08:30:00Z`,
 * `2026-11-01T09:30:00.5+01:00`), a real instant of the calendar, written in UTC
 * with every fraction digit kept.
 */
function datetime(value: string): string {
  const problem = '!is not an ISO 8601 date and time: write it like 2026-11-01T08:30:00Z or 2026-11-01'
  const match = DATETIME.exec(value)
  if (!match) return problem
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(part => Number(part ?? 0))
  const at = new Date(0)
  at.setUTCFullYear(year, month - 1, day)
  at.setUTCHours(hour, minute, second)
  const real =
    at.getUTCFullYear() === year &&
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  const zone = match[8] ?? 'Z'
  if (!real || Number(zone.slice(4, 6)) >= 60)
    return '!is not a real date and time: a month 1 to 12, a day of that month, hours below 24'
  const offsetMinutes =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  at.setTime(at.getTime() - offsetMinutes * 60_000)
  if (at.getUTCFullYear() < 1 || at.getUTCFullYear() > 9999) return '!is outside the years 0001 to 9999'
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const fraction = match[7] ? `.${match[7]}` : ''
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`
  return `datetime(${date}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${fraction}Z)`
}

/** A length of time: `5m`, `1.5h`, `250ms` (units d, h, m, s, ms, microsecond, tick), or `[d.]hh:mm:ss[.fffffff]`. */
function timespan(value: string): string {
  if (/^\d+(\.\d+)?(d|h|m|s|ms|microsecond|tick)$/.test(value)) return `timespan(${value})`
  const match = /^(?:\d+\.)?(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,7})?$/.exec(value)
  if (match && Number(match[1]) < 24 && Number(match[2]) < 60 && Number(match[3]) < 60) return `timespan(${value})`
  return '!is not a timespan: write it like 5m, 1.5h, 250ms or 1.02:30:00 (days.hours:minutes:seconds)'
}
