import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { log, MAX_LINE, safeLine } from '../../../src/common/log.js'
import { renderSummary, SUMMARY_BUDGET } from '../../../src/summary/render.js'
import { HOSTILE, injectedCommands, LINE_BREAKS, MARK, PAYLOADS, strayLineBreaks } from '../../e2e/hostile-text.js'
import { expectSame, expectHolds } from '../fixtures/expect-same.js'
import { pick, random } from '../fixtures/random.js'
import { summaryModel } from '../fixtures/summary.js'

/** Pieces hostile text is made of: runner commands, line breaks, escapes, Markdown and HTML that could break out. */
const PIECES = [
  ...PAYLOADS,
  '::',
  '##[',
  '\n',
  '\r',
  '\r\n',
  '\u0085',
  '\u2028',
  '\u2029',
  '\v',
  '\f',
  '\u001b[31m',
  '\u0000',
  '\t',
  ' ',
  '%0A',
  '%25',
  '# ',
  '- ',
  '> ',
  '```',
  '|',
  '<img src=x onerror=alert(1)>',
  '</details>',
  '[x](https://evil.example)',
  'www.evil.example',
  '&#10;',
  '\\',
  '`',
  MARK,
  'é',
  '😀',
  '\ud800'
]

function hostileText(next: () => number): string {
  const parts: string[] = ['ctx ', MARK]
  const length = Math.floor(next() * 12)
  for (let i = 0; i < length; i++) parts.push(pick(next, PIECES))
  return parts.join('')
}

/** Captures what @actions/core writes to stdout while `body` runs. */
function captured(body: () => void): string {
  const write = process.stdout.write.bind(process.stdout)
  let out = ''
  process.stdout.write = (chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }
  try {
    body()
  } finally {
    process.stdout.write = write
  }
  return out
}

describe('safeLine', () => {
  it.each(PAYLOADS)('makes %j one inert line', payload => {
    const line = safeLine(payload)
    expect(line).not.toMatch(LINE_BREAKS)
    expect(line).not.toMatch(/^\s*::/)
    expect(line).not.toContain('##[')
    expect(line).toContain(MARK)
  })

  it('shows a line break as ⏎ and an escape character as \\u001b', () => {
    expect(safeLine('a\r\nb\nc')).toBe('a ⏎ b ⏎ c')
    expect(safeLine('\u001b[31mred')).toBe('\\u001b[31mred')
  })

  it('leaves ordinary text alone', () => {
    expect(safeLine('count: 12 (json) to /tmp/x.json — 3 attempts, 50 %')).toBe(
      'count: 12 (json) to /tmp/x.json — 3 attempts, 50 %'
    )
  })

  it(`cuts a line past ${MAX_LINE} characters`, () => {
    const line = safeLine('x'.repeat(5_000_000))
    expect(line.length).toBeLessThan(MAX_LINE + 40)
    expect(line).toMatch(/… \(4991808 more characters\)$/)
  })
})

describe('every way to the log (fuzz)', () => {
  let exitCode: typeof process.exitCode
  beforeEach(() => (exitCode = process.exitCode))
  afterEach(() => (process.exitCode = exitCode))

  it('no random hostile text becomes a runner command or a line break, in any log call', () => {
    const next = random(10)
    for (let i = 0; i < 2000; i++) {
      const text = hostileText(next)
      const out = captured(() => {
        log.info(text)
        log.debug(text)
        log.warning(text, { title: text })
        log.error(text, { title: text })
        log.fail(text)
      })
      expectSame(injectedCommands(out), [], JSON.stringify(text))
      expectSame(strayLineBreaks(out), [], JSON.stringify(text))
    }
  })

  it('is the only module in src/ that writes to the log', () => {
    const src = join(import.meta.dirname, '../../../src')
    const writers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter(file => file.endsWith('.ts'))
      .filter(file =>
        /\bcore\.(info|debug|warning|error|notice|setFailed|group|startGroup|endGroup|issueCommand)\b|process\.std(out|err)\.write|console\./.test(
          readFileSync(join(src, file), 'utf8')
        )
      )
      .map(file => relative(src, join(src, file)))
    expect(writers).toEqual(['common/log.ts'])
  })
})

describe('the job summary (fuzz)', () => {
  /** The lines of Markdown, and the HTML tags in it (but the `<br>` a line break in a table cell becomes). */
  function shape(markdown: string): { lines: number; tags: string[] } {
    const tags = [...markdown.matchAll(/<\/?[a-z][^>]*>/gi)].map(tag => tag[0]).filter(tag => tag !== '<br>')
    return { lines: markdown.split('\n').length, tags }
  }

  it('hostile text in any field keeps the summary the same shape as plain text does, under the budget', () => {
    const next = random(11)
    for (let i = 0; i < 300; i++) {
      const text = hostileText(next)
      const plain = 'plain'
      const model = (value: string) =>
        summaryModel({
          conclusion: { verdict: 'fail', reasons: [`value ${value} > max-value 5`], story: `after ${value}` },
          gate: { maxValue: '5' },
          value,
          workspace: value,
          recordsFile: value,
          partialError: value,
          columns: [{ name: value, type: 'string' }],
          preview: [[JSON.stringify(value)]],
          count: 1,
          written: 1
        })
      const hostile = renderSummary(model(text))
      expectSame(shape(hostile), shape(renderSummary(model(plain))), JSON.stringify(text))
      expectHolds(Buffer.byteLength(hostile) < SUMMARY_BUDGET, `${JSON.stringify(text)}: over the budget`)
    }
  })

  it('a multi-megabyte message leaves the summary under 256 KiB', () => {
    const huge = `${'y'.repeat(3_000_000)}${HOSTILE}`
    const text = renderSummary(
      summaryModel({ partialError: huge, conclusion: { verdict: 'fail', reasons: [huge], story: huge } })
    )
    expect(Buffer.byteLength(text)).toBeLessThan(SUMMARY_BUDGET)
  })
})
