import { InputError, quoted } from '../common/errors.js'
import { isCount, isDecimal } from '../common/exact-decimal.js'
import { formatSpan } from '../common/format.js'
import { readConfinedFile, workspaceRoot } from '../common/confined-path.js'
import { parseDurationMs } from './durations.js'
import type { InputReader } from './input-reader.js'

/** A whole number input within [min, max]; `fallback` when empty. */
export function readWholeNumber(
  read: InputReader,
  name: string,
  range: { min: number; max?: number; fallback?: number }
): number | undefined {
  const text = read(name)
  if (text === '') return range.fallback
  if (!/^[+]?\d+$/.test(text)) {
    const hint = /^-\d+$/.test(text) ? 'it cannot be negative' : 'it must be a whole number'
    throw new InputError(
      name,
      `${quoted(text)} is not valid: ${hint}${range.max === undefined ? '' : ` from ${range.min} to ${range.max}`}.`
    )
  }
  const value = Number(text)
  if (value < range.min || (range.max !== undefined && value > range.max) || !Number.isSafeInteger(value)) {
    throw new InputError(
      name,
      `${text} is out of range: use ${range.max === undefined ? `${range.min} or more` : `${range.min} to ${range.max}`}.`
    )
  }
  return value
}

/** A boolean input (`true`/`false` in any case); `fallback` when empty. */
export function readBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const text = read(name).toLowerCase()
  if (text === '') return fallback
  if (text === 'true') return true
  if (text === 'false') return false
  throw new InputError(name, `${quoted(read(name))} is not a boolean: use true or false.`)
}

/** One of a fixed set of words (case-insensitive); `fallback` when empty. */
export function readChoice<T extends string>(read: InputReader, name: string, choices: readonly T[], fallback: T): T {
  const text = read(name).toLowerCase()
  if (text === '') return fallback
  const choice = choices.find(option => option === text)
  if (!choice) throw new InputError(name, `${quoted(read(name))} is not one of: ${choices.join(', ')}.`)
  return choice
}

/** An https URL input, reduced to its origin; undefined when empty. */
export function readHttpsOrigin(read: InputReader, name: string): string | undefined {
  const text = read(name)
  if (text === '') return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(name, `${quoted(text)} is not a URL: write it as https://host[:port].`)
  }
  if (url.protocol !== 'https:')
    throw new InputError(name, `${quoted(text)} must use https:// (tokens are never sent in clear text).`)
  if (url.username || url.password) throw new InputError(name, 'must not contain a user name or password.')
  return url.origin
}

/** Non-empty lines of a multi-line input, without comments. */
export function readLines(read: InputReader, name: string): string[] {
  return read(name)
    .split(/\r?\n|,/)
    .map(line => line.replace(/#.*$/, '').trim())
    .filter(line => line !== '')
}

/** A decimal number input (`0.9`, `-3`, `1e3`, any number of digits), as written; undefined when empty. */
export function readDecimal(read: InputReader, name: string): string | undefined {
  const text = read(name).trim()
  if (text === '') return undefined
  if (!isDecimal(text)) throw new InputError(name, `${quoted(text)} is not a number: write it like 5, 0.9 or -2.5.`)
  return text
}

/** A whole number input of zero or more (any number of digits), as written; undefined when empty. */
export function readCount(read: InputReader, name: string): string | undefined {
  const text = read(name).trim()
  if (text === '') return undefined
  if (!isCount(text)) {
    const hint = isDecimal(text) && text.startsWith('-') ? 'it cannot be negative' : 'it must be a whole number'
    throw new InputError(name, `${quoted(text)} is not valid: ${hint}.`)
  }
  return text
}

/**
 * A duration input (`90s`, `5m`, `1h`, or ISO 8601 such as `PT5M`; `0` for none) in
 * milliseconds, within [min, max]; `fallback` when empty.
 */
export function readDuration(
  read: InputReader,
  name: string,
  range: { min: number; max: number; fallback?: number }
): number | undefined {
  const text = read(name).trim()
  if (text === '') return range.fallback
  const ms = text === '0' ? 0 : parseDurationMs(text)
  if (ms === undefined)
    throw new InputError(name, `${quoted(text)} is not a duration: write 90s, 5m, 1h or ISO 8601 (PT5M).`)
  if (ms < range.min)
    throw new InputError(
      name,
      ms === 0 ? 'must be longer than zero.' : `${quoted(text)} is too short: use ${formatSpan(range.min)} or more.`
    )
  if (ms > range.max) throw new InputError(name, `${quoted(text)} is too long: at most ${formatSpan(range.max)}.`)
  return ms
}

/**
 * The text of a file an input names (absolute `path`): a regular file of at most
 * 1 MiB whose real path is inside the repository (`workspace`). Any problem
 * (missing, a folder, a FIFO, too large, a link leading outside) is an
 * InputError ending with `hint`.
 */
export function readInputFile(name: string, path: string, workspace: string, hint: string): string {
  return readConfinedFile(name, path, [workspaceRoot(workspace)], hint).toString('utf8')
}
