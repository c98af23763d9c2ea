import { shorten } from './format.js'

/** Markdown building blocks that are safe for any text (GitHub-flavoured Markdown, which also renders HTML). */

/** Text in a table cell: HTML and Markdown specials escaped, line breaks kept visible, long text shortened. */
export function tableCell(text: string, maxLength = 120): string {
  return inline(shorten(text, maxLength)).replace(/\r\n|\r|\n/g, '<br>')
}

/** Text inline in a sentence: nothing in it can start HTML or Markdown formatting. */
export function inline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
}

/** A fenced code block that no backtick run in `code` can close early. */
export function codeBlock(code: string, language = ''): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  return `${fence}${language}\n${code}\n${fence}\n`
}

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`]
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`)
  return lines.join('\n') + '\n'
}

/** Text as inline code in a table cell: no backtick can end it, no pipe can split the cell. */
export function codeCell(text: string): string {
  return `\`${text.replace(/`/g, '').replace(/\|/g, '\\|')}\``
}
