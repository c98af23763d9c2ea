import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { baselineOutputs, capText, OUTPUT_CAP_BYTES, setOutputs } from '../../../src/runner/outputs.js'
import { parseOutputs } from '../../e2e/harness.js'

describe('capText', () => {
  it('keeps text that fits', () => {
    expect(capText('hello', 5)).toBe('hello')
    expect(capText('é'.repeat(10), 20)).toBe('é'.repeat(10))
    expect(capText('', 0)).toBe('')
  })

  it('cuts text that does not fit, an ellipsis marking the cut', () => {
    expect(capText('abcdefghij', 8)).toBe('abcde…')
    expect(Buffer.byteLength(capText('x'.repeat(100_000), OUTPUT_CAP_BYTES))).toBe(OUTPUT_CAP_BYTES)
  })

  it('cuts on a character boundary, never inside a character or a surrogate pair', () => {
    for (const char of ['é', '✓', '😀']) {
      for (let max = 3; max < 20; max++) {
        const capped = capText(char.repeat(10), max)
        expect(Buffer.byteLength(capped), `${char} in ${max}`).toBeLessThanOrEqual(max)
        expect(capped.endsWith('…')).toBe(true)
        expect(capped.slice(0, -1)).toBe(char.repeat(capped.slice(0, -1).length / char.length))
      }
    }
  })
})

describe('setOutputs', () => {
  let file: string
  let logged: string[]
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'laq-outputs-')), 'github-output')
    writeFileSync(file, '')
    vi.stubEnv('GITHUB_OUTPUT', file)
    logged = []
    vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      logged.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('sets every output given, small ones whole and without a word in the log', () => {
    setOutputs({
      count: 3,
      value: '0.93',
      recordsFile: '/tmp/r.json',
      recordsWritten: 3,
      samples: 1,
      verdict: 'pass',
      truncated: false,
      searchTable: 'T_SRCH',
      baselineCount: 2,
      baselineValue: '0.5'
    })
    expect(parseOutputs(readFileSync(file, 'utf8'))).toEqual({
      count: '3',
      value: '0.93',
      'records-file': '/tmp/r.json',
      'records-written': '3',
      samples: '1',
      verdict: 'pass',
      truncated: 'false',
      'search-table': 'T_SRCH',
      'baseline-count': '2',
      'baseline-value': '0.5'
    })
    expect(logged).toEqual([])
  })

  it('caps value at 64 KiB and says so in one line', () => {
    setOutputs({ value: 'v'.repeat(5 * 1024 * 1024) })
    const { value } = parseOutputs(readFileSync(file, 'utf8'))
    expect(Buffer.byteLength(value)).toBe(OUTPUT_CAP_BYTES)
    expect(value).toBe(`${'v'.repeat(OUTPUT_CAP_BYTES - 3)}…`)
    expect(logged).toEqual([
      'value: the first cell is 5,242,880 characters; the output holds its first 65,533, ending …\n'
    ])
  })

  it('counts characters, not bytes or UTF-16 units', () => {
    setOutputs({ value: '😀'.repeat(20_000) })
    const { value } = parseOutputs(readFileSync(file, 'utf8'))
    expect(value).toBe(`${'😀'.repeat(16_383)}…`)
    expect(logged).toEqual([
      'value: the first cell is 20,000 characters; the output holds its first 16,383, ending …\n'
    ])
  })

  it('caps every output, not only value', () => {
    setOutputs({ recordsFile: `/tmp/${'d'.repeat(70_000)}` })
    expect(Buffer.byteLength(parseOutputs(readFileSync(file, 'utf8'))['records-file'])).toBe(OUTPUT_CAP_BYTES)
    expect(logged[0]).toMatch(
      /^records-file: the path is 70,005 characters; the output holds its first 65,533, ending …/
    )
  })
})

describe('baselineOutputs', () => {
  const outcome = (count: number, preview: string[][]) => ({
    status: 'ok' as const,
    result: { columns: [], count, written: 0, preview, tables: 1 },
    count,
    truncated: false
  })

  it("is the baseline's count and the text of its first cell, as value takes it", () => {
    expect(
      baselineOutputs(
        outcome(2, [
          ['"api"', '8'],
          ['"web"', '3']
        ])
      )
    ).toEqual({ baselineCount: 2, baselineValue: 'api' })
    expect(baselineOutputs(outcome(1, [['9007199254740993']]))).toEqual({
      baselineCount: 1,
      baselineValue: '9007199254740993'
    })
  })

  it('is an empty value without rows', () => {
    expect(baselineOutputs(outcome(0, []))).toEqual({ baselineCount: 0, baselineValue: '' })
  })
})
