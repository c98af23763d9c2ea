/**
 * The query that counts what another query matches, for when the service cut
 * the answer short (row or size cap) and the rows that arrived are not all:
 * the same query, without a trailing `render`, followed by `| count`.
 */
export function countQuery(query: string): string {
  const withoutRender = stripTrailingRender(stripTrailingComments(query))
  return `${withoutRender}\n| count`
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
