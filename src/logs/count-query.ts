import { ActionError, quoted } from '../common/errors.js'
import { queryEnd } from './row-level-query.js'

/**
 * The query that counts what another query matches, for when the service cut
 * the answer short (row or size cap) and the rows that arrived are not all:
 * the same query, without a trailing `render`, followed by `| count`.
 */
export function countQuery(query: string): string {
  return `${openEnded(query)}\n| count`
}

/**
 * The query ready for another operator at its end: without the white space, comments and `;` after its last step,
 * read on its structure (a `;` or `//` in a string stays; line by line for a query that cannot be read), and without a
 * trailing `render`.
 */
export function openEnded(query: string): string {
  const end = queryEnd(query)
  return stripTrailingRender(end === undefined ? stripTrailingComments(query) : query.slice(0, end))
}

/** Removes `// …` comment lines and white space at the end, so nothing swallows the appended operator. */
function stripTrailingComments(query: string): string {
  const lines = query.replace(/\s+$/, '').split(/\r?\n/)
  while (lines.length > 1 && /^\s*(\/\/.*)?$/.test(lines[lines.length - 1])) lines.pop()
  return lines.join('\n').replace(/;\s*$/, '')
}

/** `render` only draws the result; it must be last, so it goes before `| count` is added. */
function stripTrailingRender(query: string): string {
  return query.replace(/\|\s*render\s+\w+(\s+with\s*\([^)]*\))?\s*$/i, '').replace(/\s+$/, '')
}

/**
 * The service's `| count` answer: a whole number of rows written as digits.
 * Anything else (a fraction, a sign, text, a number beyond what a count of rows
 * can exactly be) is a malformed answer, never a count to gate on.
 */
export function serverCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(count))
    throw new ActionError(
      `The service's answer was malformed: it counted ${quoted(raw)} rows, which is not a whole number of rows from 0 to ${Number.MAX_SAFE_INTEGER}.`
    )
  return count
}
