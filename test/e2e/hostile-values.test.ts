import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { Raw, type Cell, type Column } from '../emulator/tables.js'
import { records, runAction, type ActionRun } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

let tables = 0

/**
 * Runs the action on a table of its own holding `rows`: the query is the table's name, so `value` is the first cell.
 */
function runOn(columns: Column[], rows: Cell[][], inputs: Record<string, string>): Promise<ActionRun> {
  const name = `Hostile${++tables}`
  emulator.tables.set(name.toLowerCase(), { name, columns, rows })
  return runAction(emulator, { query: name, ...inputs })
}

const one = (type: string, cell: Cell, inputs: Record<string, string>) => runOn([{ name: 'v', type }], [[cell]], inputs)

describe('the value gate compares exactly', () => {
  it.each([
    ['a long one above max-value near 2^53', 'long', '9007199254740993', '9007199254740992'],
    [
      'a 30-digit decimal above a 29-digit max-value',
      'decimal',
      '0.123456789012345678901234567891',
      '0.12345678901234567890123456789'
    ],
    ['2^63 − 1 against max-value 2^63 − 2', 'long', '9223372036854775807', '9223372036854775806'],
    // Written as the user wrote it in the log, the annotation and the summary: 0.0e0, not 0.
    ['a real of 1e-400 against max-value 0', 'real', '1e-400', '0.0e0']
  ])('fails %s', async (_, type, value, maxValue) => {
    // A decimal arrives as a JSON string, a long or a real as a JSON number, digit for digit.
    const result = await one(type, type === 'decimal' ? value : new Raw(value), { 'max-value': maxValue })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toContain(`Gate failed: value ${value} > max-value ${maxValue}`)
    expect(result.outputs).toMatchObject({ value, verdict: 'fail' })
    expect(result.summary).toContain(`max-value ${maxValue}`)
  })

  it('takes a count threshold of any size', async () => {
    const result = await one('long', 1, { 'min-count': '123456789012345678901234567890' })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toContain('Gate failed: count 1 < min-count 123456789012345678901234567890')
  })
})

describe('csv-formulas', () => {
  const columns = [
    { name: 'Text', type: 'string' },
    { name: 'Long', type: 'long' },
    { name: 'Real', type: 'real' },
    { name: 'Decimal', type: 'decimal' },
    { name: 'Bool', type: 'bool' }
  ]
  const texts = ['=HYPERLINK("http://x","y")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx']
  const rows = texts.map((text, i): Cell[] => [text, -5 - i, new Raw('-1.5e3'), '-2.5', i % 2 === 0])
  const numbers = (i: number) => `${-5 - i},-1.5e3,-2.5,${i % 2 === 0}`

  it("escapes text that starts like a formula with ' by default, keeps it with keep, and never touches numbers", async () => {
    const escaped = records(await runOn(columns, rows, { 'output-format': 'csv' })).split('\r\n')
    expect(escaped[0]).toBe('Text,Long,Real,Decimal,Bool')
    expect(escaped.slice(1, -1)).toEqual(texts.map((text, i) => `"'${text.replaceAll('"', '""')}",${numbers(i)}`))

    const kept = records(await runOn(columns, rows, { 'output-format': 'csv', 'csv-formulas': 'keep' })).split('\r\n')
    expect(kept.slice(1, -1)).toEqual([
      `"=HYPERLINK(""http://x"",""y"")",${numbers(0)}`,
      ...texts.slice(1).map((text, i) => `${text.includes('\r') ? `"${text}"` : text},${numbers(i + 1)}`)
    ])
  })
})

describe('the value output', () => {
  it('holds at most 64 KiB of a 5 MB cell, says so, and the gate judges the whole cell', async () => {
    const digits = `1${'0'.repeat(5 * 1024 * 1024 - 1)}`
    const result = await one('decimal', digits, { 'max-value': '1e5242879' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('pass')
    expect(Buffer.byteLength(result.outputs.value)).toBeLessThanOrEqual(64 * 1024)
    expect(result.outputs.value).toBe(`${digits.slice(0, 64 * 1024 - 3)}…`)
    expect(result.stdout).toContain(
      'value: the first cell is 5,242,880 characters; the output holds its first 65,533, ending …'
    )
    expect(result.stdout).toContain('≤ max-value 1e5242879')
  })
})
