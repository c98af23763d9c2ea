import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import { createRecordWriter } from '../../../src/records/create-writer.js'
import { SlicedRecords } from '../../../src/records/sliced-records.js'
import type { CsvFormulas, OutputFormat, OutputSettings } from '../../../src/settings.js'
import type { Column } from '../../../src/wire/columns.js'
import { pick, random } from '../fixtures/random.js'
import { rowCells } from '../fixtures/row-cells.js'

const BIG = '9007199254740993'

const COLUMNS: Column[] = [
  { name: 'String', type: 'string' },
  { name: 'Bool', type: 'bool' },
  { name: 'DateTime', type: 'datetime' },
  { name: 'Long', type: 'long' },
  { name: 'Real', type: 'real' },
  { name: 'Timespan', type: 'timespan' },
  { name: 'Dynamic', type: 'dynamic' },
  { name: 'Odd, "name"\r\n', type: 'string' }
]

/** Cells as raw JSON text, the way the response parser hands them over (as in create-writer.test.ts). */
const ROWS: string[][] = [
  ['"hello"', 'true', '"2015-12-31T23:59:59.9Z"', BIG, '12345.6789', '"1.02:03:04.5"', '"{\\"a\\":1}"', '"x"'],
  COLUMNS.map(() => 'null'),
  ['""', 'false', '"0001-01-01T00:00:00Z"', '-' + BIG, '-1.5e+10', '"00:00:00"', '"boundedElastic-1"', '""'],
  [
    String.raw`"comma, \"quote\" and\nnewline\r\nCRLF ✓"`,
    'false',
    'null',
    '0',
    '0.5',
    'null',
    String.raw`"[\n  1,\n  \"two, three\"\n]"`,
    String.raw`"\"\n\""`
  ],
  ['"=HYPERLINK(\\"http://x\\",\\"y\\")"', 'true', 'null', '1', '1', 'null', '"@SUM(1)"', '"-1"'],
  ['"\\"\\r"', 'true', 'null', '2', '2', 'null', String.raw`"{\"s\":\"}\\n,\"}"`, '"\\n"'],
  ['"short"']
]

/** A varied run of `n` rows. */
function rows(n: number, seed: number): string[][] {
  const next = random(seed)
  return Array.from({ length: n }, (_, i) => {
    const row = [...pick(next, ROWS)]
    if (row.length > 1) row[3] = String(i)
    return row
  })
}

/** What the records file holds when `rows` are written in one go. */
function inOneGo(format: OutputFormat, columns: readonly Column[], all: string[][], formulas: CsvFormulas): Buffer {
  const chunks: Buffer[] = []
  const writer = createRecordWriter(format, { write: chunk => void chunks.push(Buffer.from(chunk)) }, formulas)
  writer.begin(columns)
  for (const row of all) writer.row(rowCells(row))
  writer.end()
  return Buffer.concat(chunks)
}

let base: string
let folder: string
let output: OutputSettings

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sliced-records-')))
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

let cases = 0
beforeEach(() => {
  folder = join(base, `case-${cases++}`, 'out')
  mkdirSync(folder, { recursive: true })
})

function settings(format: OutputFormat, maxRecords = 0, csvFormulas: CsvFormulas = 'escape'): OutputSettings {
  return { file: join(folder, `records.${format}`), format, maxRecords, csvFormulas, roots: [base] }
}

/** Writes one attempt at part `id` and commits it. */
function writePart(sliced: SlicedRecords, id: number, part: string[][], columns = COLUMNS): void {
  const records = sliced.open(id)
  records.writer.begin(columns)
  for (const row of part) {
    const cells = rowCells(row)
    records.writer.row(cells)
    cells.bytes.fill(0x3f)
  }
  records.writer.end()
  records.commit()
}

/** Writes `parts` in `openOrder` and joins them in time order (their index). */
function joinParts(
  format: OutputFormat,
  parts: string[][][],
  openOrder = parts.map((_, id) => id),
  maxRecords = 0,
  formulas: CsvFormulas = 'escape'
): { written: number; bytes: number; file: Buffer } {
  output = settings(format, maxRecords, formulas)
  const sliced = new SlicedRecords(output)
  for (const id of openOrder) writePart(sliced, id, parts[id])
  const joined = sliced.join(
    parts.map((part, id) => ({ id, records: part.length })),
    COLUMNS
  )
  expect(readdirSync(folder)).toEqual([`records.${format}`])
  return { ...joined, file: readFileSync(output.file) }
}

const FORMATS = ['json', 'ndjson', 'csv'] as const

describe('SlicedRecords.join', () => {
  for (const format of FORMATS) {
    describe(format, () => {
      it('writes byte for byte what one writer writes for the same rows, parts opened in any order', () => {
        const parts = [rows(3, 1), [], rows(5, 2), rows(1, 3), [], rows(7, 4)]
        const all = parts.flat()
        const joined = joinParts(format, parts, [5, 2, 0, 4, 1, 3])
        expect(joined.file.equals(inOneGo(format, COLUMNS, all, 'escape'))).toBe(true)
        expect(joined.file.toString()).toBe(inOneGo(format, COLUMNS, all, 'escape').toString())
        expect(joined).toMatchObject({ written: all.length, bytes: joined.file.length })
      })

      it('writes what one writer writes for no parts, and for empty parts only', () => {
        const none = joinParts(format, [])
        expect(none.file.toString()).toBe(inOneGo(format, COLUMNS, [], 'escape').toString())
        expect(none).toMatchObject({ written: 0, bytes: none.file.length })
        const empty = joinParts(format, [[], [], []], [2, 0, 1])
        expect(empty.file.toString()).toBe(inOneGo(format, COLUMNS, [], 'escape').toString())
      })

      it('keeps the first max-records records, cut inside a part or at its end', () => {
        const parts = [rows(4, 5), [], rows(1, 6), rows(6, 7)]
        const all = parts.flat()
        for (let max = 1; max <= all.length + 1; max++) {
          const joined = joinParts(format, parts, [3, 1, 0, 2], max)
          const expected = inOneGo(format, COLUMNS, all.slice(0, max), 'escape')
          expect(joined.file.toString(), `max-records ${max}`).toBe(expected.toString())
          expect(joined.written).toBe(Math.min(max, all.length))
        }
      })

      it('joins parts larger than the chunks it reads and writes, cut across a chunk', () => {
        const long = (seed: number, n: number) =>
          rows(n, seed).map((row, i) =>
            row.length > 1 ? [JSON.stringify(`${'x'.repeat(700)}\n${i}, "✓"`), ...row.slice(1)] : row
          )
        const parts = [long(8, 1_500), long(9, 1), long(10, 2_000)]
        const all = parts.flat()
        const whole = joinParts(format, parts, [2, 0, 1])
        expect(whole.file.length).toBeGreaterThan(2 << 20)
        expect(whole.file.equals(inOneGo(format, COLUMNS, all, 'escape'))).toBe(true)
        const cut = joinParts(format, parts, [0, 1, 2], 2_900)
        expect(cut.file.equals(inOneGo(format, COLUMNS, all.slice(0, 2_900), 'escape'))).toBe(true)
      })
    })
  }

  it('writes CSV formulas as one writer would, escaped or kept', () => {
    const parts = [rows(5, 11), rows(5, 12)]
    for (const formulas of ['escape', 'keep'] as const) {
      const joined = joinParts('csv', parts, [1, 0], 0, formulas)
      expect(joined.file.toString()).toBe(inOneGo('csv', COLUMNS, parts.flat(), formulas).toString())
    }
    expect(joinParts('csv', parts, [1, 0], 0, 'keep').file.toString()).not.toBe(
      joinParts('csv', parts, [1, 0], 0, 'escape').file.toString()
    )
  })

  it('writes records without columns as one writer would', () => {
    for (const format of FORMATS) {
      output = settings(format)
      const sliced = new SlicedRecords(output)
      writePart(sliced, 1, [[], []], [])
      writePart(sliced, 0, [[]], [])
      sliced.join(
        [
          { id: 0, records: 1 },
          { id: 1, records: 2 }
        ],
        []
      )
      expect(readFileSync(output.file, 'utf8')).toBe(inOneGo(format, [], [[], [], []], 'escape').toString())
    }
  })
})

describe('SlicedRecords parts', () => {
  const partials = () => readdirSync(folder).filter(name => name.endsWith('.partial'))

  it('keeps each part in a temporary file beside the records file until the join', () => {
    output = settings('ndjson')
    const sliced = new SlicedRecords(output)
    writePart(sliced, 0, rows(2, 1))
    writePart(sliced, 1, rows(2, 2))
    expect(partials()).toHaveLength(2)
    for (const name of partials()) expect(name).toMatch(/^records\.ndjson\..+\.partial$/)
    sliced.join(
      [
        { id: 0, records: 2 },
        { id: 1, records: 2 }
      ],
      COLUMNS
    )
    expect(readdirSync(folder)).toEqual(['records.ndjson'])
  })

  it('removes every part, and writes no records file, on discardAll', () => {
    output = settings('json')
    const sliced = new SlicedRecords(output)
    for (let id = 0; id < 3; id++) writePart(sliced, id, rows(3, id))
    expect(partials()).toHaveLength(3)
    sliced.discardAll()
    expect(readdirSync(folder)).toEqual([])
  })

  it('removes an attempt that is discarded, and leaves it out of the join', () => {
    output = settings('ndjson')
    const sliced = new SlicedRecords(output)
    const first = rows(2, 1)
    writePart(sliced, 0, first)
    const attempt = sliced.open(1)
    attempt.writer.begin(COLUMNS)
    attempt.writer.row(rowCells(ROWS[0]))
    attempt.writer.end()
    expect(partials()).toHaveLength(2)
    attempt.discard()
    expect(partials()).toHaveLength(1)
    const { written } = sliced.join(
      [
        { id: 0, records: 2 },
        { id: 1, records: 1 }
      ],
      COLUMNS
    )
    expect(written).toBe(2)
    expect(readFileSync(output.file, 'utf8')).toBe(inOneGo('ndjson', COLUMNS, first, 'escape').toString())
  })

  it('drops a part: its file is removed and the join leaves it out', () => {
    output = settings('csv')
    const sliced = new SlicedRecords(output)
    const [a, b, c] = [rows(2, 1), rows(3, 2), rows(4, 3)]
    writePart(sliced, 0, a)
    writePart(sliced, 1, b)
    writePart(sliced, 2, c)
    sliced.drop(1)
    sliced.drop(7)
    expect(partials()).toHaveLength(2)
    sliced.join(
      [
        { id: 0, records: 2 },
        { id: 2, records: 4 }
      ],
      COLUMNS
    )
    expect(readFileSync(output.file, 'utf8')).toBe(inOneGo('csv', COLUMNS, [...a, ...c], 'escape').toString())
  })

  it('replaces a part with a retried attempt once that one is committed', () => {
    output = settings('json')
    const sliced = new SlicedRecords(output)
    writePart(sliced, 0, rows(5, 1))
    const retry = rows(2, 2)
    const attempt = sliced.open(0)
    // Until the retry is committed, the first attempt stands.
    expect(partials()).toHaveLength(2)
    attempt.writer.begin(COLUMNS)
    for (const row of retry) attempt.writer.row(rowCells(row))
    attempt.writer.end()
    attempt.commit()
    expect(partials()).toHaveLength(1)
    sliced.join([{ id: 0, records: 2 }], COLUMNS)
    expect(readFileSync(output.file, 'utf8')).toBe(inOneGo('json', COLUMNS, retry, 'escape').toString())
  })

  it('keeps a committed part when a retried attempt is discarded', () => {
    output = settings('ndjson')
    const sliced = new SlicedRecords(output)
    const first = rows(3, 1)
    writePart(sliced, 0, first)
    sliced.open(0).discard()
    sliced.join([{ id: 0, records: 3 }], COLUMNS)
    expect(readFileSync(output.file, 'utf8')).toBe(inOneGo('ndjson', COLUMNS, first, 'escape').toString())
  })
})

describe('SlicedRecords.join when it fails', () => {
  it('writes no records file when a part is gone (the output folder removed before the join)', () => {
    output = settings('json')
    const sliced = new SlicedRecords(output)
    writePart(sliced, 0, rows(3, 1))
    writePart(sliced, 1, rows(3, 2))
    rmSync(folder, { recursive: true })
    const order = [
      { id: 0, records: 3 },
      { id: 1, records: 3 }
    ]
    expect(() => sliced.join(order, COLUMNS)).toThrow(/ENOENT/)
    // The folder was made again for the records file, whose temporary file is removed too.
    expect(readdirSync(folder)).toEqual([])
  })

  it('writes no records file and removes the parts when the output folder now leads outside the roots', () => {
    const real = join(folder, '..', 'real')
    mkdirSync(real)
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sliced-outside-')))
    try {
      const link = join(folder, 'link')
      symlinkSync(real, link)
      output = { ...settings('csv'), file: join(link, 'records.csv') }
      const sliced = new SlicedRecords(output)
      writePart(sliced, 0, rows(3, 1))
      writePart(sliced, 1, rows(3, 2))
      expect(readdirSync(real)).toHaveLength(2)
      unlinkSync(link)
      symlinkSync(outside, link)
      const order = [
        { id: 0, records: 3 },
        { id: 1, records: 3 }
      ]
      expect(() => sliced.join(order, COLUMNS)).toThrow(ActionError)
      expect(readdirSync(outside)).toEqual([])
      expect(readdirSync(real)).toEqual([])
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
