import { shorten } from '../common/format.js'
import { LINE_BREAKS } from '../common/log.js'

/** Markdown building blocks that are safe for any text (GitHub-flavoured Markdown, which also renders HTML). */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g

/** Inline text is cut at this many characters unless the caller says otherwise. */
export const INLINE_MAX = 1000

/** Text in a table cell: HTML and Markdown specials escaped, line breaks kept visible, long text shortened. */
export function tableCell(text: string, maxLength = 120): string {
  return escape(shorten(text, maxLength)).replace(LINE_BREAKS, '<br>')
}

/**
 * Text inline in a sentence: nothing in it can start HTML or Markdown formatting,
 * break out of its line or block (line breaks become spaces), or become a link;
 * long text is shortened.
 */
export function inline(text: string, maxLength = INLINE_MAX): string {
  return escape(shorten(text, maxLength).replace(LINE_BREAKS, ' '))
}

/** HTML and Markdown specials escaped, autolinks (`https://`, `www.`, `a@b`) broken, control characters dropped. */
function escape(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!@])/g, '\\$1')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, match => `${match.slice(0, 3)}\\.`)
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

/**
 * Text as code in a table cell: `<code>` with the text escaped (in a Markdown
 * code span, `&lt;` would show as typed), so nothing in it can end the cell,
 * the row or the code.
 */
export function codeCell(text: string, maxLength = INLINE_MAX): string {
  return `<code>${inline(text, maxLength)}</code>`
}
