import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSummaryFile } from '../../../src/runner/summary-file.js'

const folder = mkdtempSync(join(tmpdir(), 'summary-file-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('writeSummaryFile', () => {
  it('writes the text to a new file of a random name in the folder', () => {
    const text = '### ✅ Log Analytics query passed\n\n| a | b |\n'
    const first = writeSummaryFile(text, folder)
    const second = writeSummaryFile(text, folder)
    expect(dirname(first)).toBe(folder)
    expect(first).not.toBe(second)
    expect(first).toMatch(/log-analytics-summary-[0-9a-f-]{36}\.md$/)
    expect(readFileSync(first, 'utf8')).toBe(text)
    expect(readdirSync(folder)).toHaveLength(2)
  })

  it('fails rather than write into a folder that is not there', () => {
    expect(() => writeSummaryFile('x', join(folder, 'missing'))).toThrow(/ENOENT/)
  })
})
