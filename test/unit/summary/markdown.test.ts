import { describe, expect, it } from 'vitest'
import { codeBlock, inline, table, tableCell } from '../../../src/summary/markdown.js'

describe('inline', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<script>', '&lt;script&gt;'],
    ['&lt;', '&amp;lt;'],
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['[link](x)', '\\[link\\](x)'],
    ['back\\slash', 'back\\\\slash'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['# heading', '\\# heading'],
    ['![img](x)', '\\!\\[img\\](x)'],
    ['plain text, 123.', 'plain text, 123.']
  ])('%j → %j', (text, markdown) => {
    expect(inline(text)).toBe(markdown)
  })
})

describe('tableCell', () => {
  it('escapes | < > & ` * _ [ ]', () => {
    expect(tableCell('| < > & ` * _ [ ]')).toBe('\\| &lt; &gt; &amp; \\` \\* \\_ \\[ \\]')
  })

  it('turns every kind of line break into <br>', () => {
    expect(tableCell('a\nb\r\nc\rd')).toBe('a<br>b<br>c<br>d')
    expect(tableCell('\r\n\r\n')).toBe('<br><br>')
  })

  it('leaves no raw HTML and no unescaped pipe', () => {
    const hostile = '<img src=x onerror=alert(1)>|<script>alert("x")</script>|&#60;'
    const cell = tableCell(hostile, 1000)
    expect(cell).not.toMatch(/</)
    expect(cell).not.toMatch(/(^|[^\\])\|/)
    expect(cell).toContain('&amp;\\#60;')
  })

  it('shortens long text with …, to the given length', () => {
    const cell = tableCell('a'.repeat(200))
    expect(cell).toBe(`${'a'.repeat(119)}…`)
    expect(tableCell('abcdefghij', 5)).toBe('abcd…')
  })

  it('keeps text of exactly the limit', () => {
    expect(tableCell('a'.repeat(120))).toBe('a'.repeat(120))
    expect(tableCell('abcde', 5)).toBe('abcde')
  })

  it('shortens before escaping, so an escape is never cut in half', () => {
    const cell = tableCell('<'.repeat(10), 5)
    expect(cell).toBe('&lt;&lt;&lt;&lt;…')
  })
})

describe('codeBlock', () => {
  it('fences code with three backticks and a language', () => {
    expect(codeBlock('Heartbeat | count', 'kusto')).toBe('```kusto\nHeartbeat | count\n```\n')
    expect(codeBlock('x')).toBe('```\nx\n```\n')
  })

  it.each([
    ['`single`', 3],
    ['``double``', 3],
    ['```\ntriple\n```', 4],
    ['a ````` five', 6],
    ['```` and ``` and `', 5]
  ])('uses a fence longer than the backtick runs in %j', (code, length) => {
    const block = codeBlock(code, 'kusto')
    const fence = '`'.repeat(length)
    expect(block).toBe(`${fence}kusto\n${code}\n${fence}\n`)
    // No line inside can close the block.
    for (const line of code.split('\n')) expect(line.startsWith(fence)).toBe(false)
  })

  it('does not escape the code', () => {
    expect(codeBlock('<b>*x*</b> | y')).toContain('\n<b>*x*</b> | y\n')
  })
})

describe('table', () => {
  it('builds a header, a separator and the rows', () => {
    expect(
      table(
        ['a', 'b'],
        [
          ['1', '2'],
          ['3', '4']
        ]
      )
    ).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n')
  })

  it('builds a table without rows', () => {
    expect(table(['only'], [])).toBe('| only |\n| --- |\n')
  })
})
