import { describe, expect, it } from 'vitest'
import type { Column } from '../../src/logs/columns.js'
import { createRecordWriter, OUTPUT_FORMATS, type OutputFormat } from '../../src/records/record-writer.js'
import { CsvWriter, csvField } from '../../src/records/csv-writer.js'
import { JsonWriter } from '../../src/records/json-writer.js'
import type { TextSink } from '../../src/records/text-sink.js'

const BIG = '9007199254740993'

const COLUMNS: Column[] = [
  { name: 'String', type: 'string' },
  { name: 'Bool', type: 'bool' },
  { name: 'DateTime', type: 'datetime' },
  { name: 'Int', type: 'int' },
  { name: 'Long', type: 'long' },
  { name: 'Real', type: 'real' },
  { name: 'Guid', type: 'guid' },
  { name: 'Timespan', type: 'timespan' },
  { name: 'Decimal', type: 'decimal' },
  { name: 'Dynamic', type: 'dynamic' }
]

/** Cells as raw JSON text, the way the response parser hands them over. */
const TYPED = [
  '"hello"',
  'true',
  '"2015-12-31T23:59:59.9Z"',
  '12345',
  BIG,
  '12345.6789',
  '"74be27de-1e4e-49d9-b579-fe0b331d3642"',
  '"1.02:03:04.5"',
  '"0.10101"',
  String.raw`"{\"a\":123,\"big\":9007199254740993,\"s\":\"x, \\\"y\\\"\"}"`
]
const NULLS = COLUMNS.map(() => 'null')
const EMPTY = ['""', 'false', '"0001-01-01T00:00:00Z"', '0', '-' + BIG, '-1.5e+10', '"00000000-0000-0000-0000-000000000000"', '"00:00:00"', '"0"', '"boundedElastic-1"']
const HOSTILE = [
  String.raw`"comma, \"quote\" and\nnewline\r\nCRLF ✓"`,
  'false',
  'null',
  '-1',
  '0',
  '0.5',
  'null',
  'null',
  'null',
  String.raw`"[\n  1,\n  \"two, three\"\n]"`
]

function render(format: OutputFormat, columns: readonly Column[], rows: readonly string[][]): { text: string; chunks: string[] } {
  const chunks: string[] = []
  const sink: TextSink = { write: text => chunks.push(text) }
  const writer = createRecordWriter(format, sink)
  writer.begin(columns)
  for (const row of rows) writer.row(row)
  writer.end()
  return { text: chunks.join(''), chunks }
}

/** A strict RFC 4180 reader (CRLF record ends only), independent of the writer. */
function readCsv(text: string): string[][] {
  const records: string[][] = []
  let fields: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unclosed quote')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        field += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`)
        field += text[i++]
      }
    }
    fields.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.startsWith('\r\n', i)) {
      records.push(fields)
      fields = []
      i += 2
      if (i === text.length) return records
      continue
    }
    throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`)
  }
}

describe('createRecordWriter', () => {
  it('makes a writer for each format', () => {
    expect(OUTPUT_FORMATS).toEqual(['json', 'ndjson', 'csv'])
    const sink: TextSink = { write: () => undefined }
    expect(createRecordWriter('json', sink)).toBeInstanceOf(JsonWriter)
    expect(createRecordWriter('ndjson', sink)).toBeInstanceOf(JsonWriter)
    expect(createRecordWriter('csv', sink)).toBeInstanceOf(CsvWriter)
  })
})

describe('json records', () => {
  const { text } = render('json', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])

  it('is a JSON array with one record per line', () => {
    const lines = text.split('\n')
    expect(lines[0]).toBe('[')
    expect(lines.slice(-2)).toEqual([']', ''])
    expect(lines).toHaveLength(7)
    for (const line of lines.slice(1, 4)) expect(line.endsWith('},')).toBe(true)
    expect(lines[4].endsWith('}')).toBe(true)
    expect((JSON.parse(text) as unknown[]).length).toBe(4)
  })

  it('keeps every column type', () => {
    const [typed] = JSON.parse(text) as Record<string, unknown>[]
    expect(typed).toEqual({
      String: 'hello',
      Bool: true,
      DateTime: '2015-12-31T23:59:59.9Z',
      Int: 12345,
      Long: Number(BIG),
      Real: 12345.6789,
      Guid: '74be27de-1e4e-49d9-b579-fe0b331d3642',
      Timespan: '1.02:03:04.5',
      Decimal: '0.10101',
      Dynamic: { a: 123, big: Number(BIG), s: 'x, "y"' }
    })
  })

  it('writes the digits of longs beyond 2^53 as they came, in cells and in dynamic values', () => {
    expect(text).toContain(`"Long":${BIG},`)
    expect(text).toContain(`"Long":-${BIG},`)
    expect(text).toContain(`"Dynamic":{"a":123,"big":${BIG},`)
  })

  it('writes null cells as null and empty strings as ""', () => {
    const [, nulls, empty] = JSON.parse(text) as Record<string, unknown>[]
    expect(Object.keys(nulls)).toEqual(COLUMNS.map(column => column.name))
    for (const value of Object.values(nulls)) expect(value).toBeNull()
    expect(empty.String).toBe('')
    expect(empty.Bool).toBe(false)
    expect(empty.Int).toBe(0)
    expect(empty.Dynamic).toBe('boundedElastic-1')
  })

  it('writes text with quotes and line breaks, and multi-line dynamic values, on one line', () => {
    const hostile = (JSON.parse(text) as Record<string, unknown>[])[3]
    expect(hostile.String).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(hostile.Dynamic).toEqual([1, 'two, three'])
    expect(text.split('\n')[4]).toContain('"Dynamic":[1,"two, three"]}')
  })

  it('writes [] for zero rows', () => {
    expect(render('json', COLUMNS, []).text).toBe('[]\n')
  })

  it('writes a null for a row shorter than the columns', () => {
    const { text: short } = render('json', [{ name: 'a', type: 'long' }, { name: 'b', type: 'dynamic' }], [['1']])
    expect(JSON.parse(short)).toEqual([{ a: 1, b: null }])
  })

  it('escapes column names', () => {
    const { text: odd } = render('json', [{ name: 'we"ird\\name\n', type: 'string' }], [['"v"']])
    expect(JSON.parse(odd)).toEqual([{ 'we"ird\\name\n': 'v' }])
  })

  it('writes {} for records without columns', () => {
    expect(render('json', [], [[], []]).text).toBe('[\n{},\n{}\n]\n')
  })
})

describe('ndjson records', () => {
  const { text } = render('ndjson', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])

  it('is one JSON object per line, each line ended', () => {
    expect(text.endsWith('}\n')).toBe(true)
    const lines = text.slice(0, -1).split('\n')
    expect(lines).toHaveLength(4)
    const records = lines.map(line => JSON.parse(line) as Record<string, unknown>)
    expect(records[0].Dynamic).toEqual({ a: 123, big: Number(BIG), s: 'x, "y"' })
    expect(records[0].Bool).toBe(true)
    expect(records[0].Real).toBe(12345.6789)
    expect(records[1].Long).toBeNull()
    expect(records[2].String).toBe('')
    expect(records[3].String).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(records[3].Dynamic).toEqual([1, 'two, three'])
  })

  it('writes the digits of longs beyond 2^53 as they came', () => {
    expect(text.split('\n')[0]).toContain(`"Long":${BIG},`)
    expect(text.split('\n')[0]).toContain(`"big":${BIG}`)
    expect(text.split('\n')[2]).toContain(`"Long":-${BIG},`)
  })

  it('writes nothing for zero rows', () => {
    expect(render('ndjson', COLUMNS, []).text).toBe('')
  })

  it('is not wrapped in an array', () => {
    expect(text.startsWith('{"String":')).toBe(true)
    expect(text).not.toMatch(/^\[|\]\n$/)
  })
})

describe('csv records', () => {
  const { text } = render('csv', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])
  const records = readCsv(text)

  it('starts with a header of column names', () => {
    expect(text.startsWith('String,Bool,DateTime,Int,Long,Real,Guid,Timespan,Decimal,Dynamic\r\n')).toBe(true)
    expect(records[0]).toEqual(COLUMNS.map(column => column.name))
  })

  it('ends every line with CRLF', () => {
    expect(text.endsWith('\r\n')).toBe(true)
    // Outside quoted fields, no line feed without its carriage return.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '')
    expect(unquoted).not.toMatch(/[^\r]\n/)
    expect(unquoted.split('\r\n')).toHaveLength(6)
  })

  it('writes each type as its text, numbers digit for digit', () => {
    expect(records[1]).toEqual([
      'hello',
      'true',
      '2015-12-31T23:59:59.9Z',
      '12345',
      BIG,
      '12345.6789',
      '74be27de-1e4e-49d9-b579-fe0b331d3642',
      '1.02:03:04.5',
      '0.10101',
      `{"a":123,"big":${BIG},"s":"x, \\"y\\""}`
    ])
    expect(text).toContain(`,${BIG},`)
    expect(text).toContain(`,-${BIG},`)
    expect(text).toContain(`""big"":${BIG},`)
  })

  it('writes null as an empty field and an empty string as ""', () => {
    expect(text.split('\r\n')[2]).toBe(','.repeat(COLUMNS.length - 1))
    expect(text.split('\r\n')[3].startsWith('"",false,')).toBe(true)
    expect(records[2]).toEqual(COLUMNS.map(() => ''))
    expect(records[3][0]).toBe('')
    expect(records[3][9]).toBe('boundedElastic-1')
  })

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(text).toContain('"comma, ""quote"" and\nnewline\r\nCRLF ✓",false,,-1,0,0.5,,,,"[\n  1,\n  ""two, three""\n]"\r\n')
    expect(records[4][0]).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(records[4][9]).toBe('[\n  1,\n  "two, three"\n]')
  })

  it('writes only the header for zero rows', () => {
    expect(render('csv', COLUMNS, []).text).toBe('String,Bool,DateTime,Int,Long,Real,Guid,Timespan,Decimal,Dynamic\r\n')
  })

  it('quotes column names that need it', () => {
    const { text: odd } = render('csv', [{ name: 'a,b', type: 'string' }, { name: 'say "x"', type: 'long' }], [['"v"', '1']])
    expect(odd).toBe('"a,b","say ""x"""\r\nv,1\r\n')
  })

  it('writes an empty field for a row shorter than the columns', () => {
    expect(render('csv', [{ name: 'a', type: 'long' }, { name: 'b', type: 'dynamic' }], [['1']]).text).toBe('a,b\r\n1,\r\n')
  })

  it('keeps a dynamic null distinct from a dynamic plain string', () => {
    const dyn = render('csv', [{ name: 'd', type: 'dynamic' }], [['null'], ['"x"'], ['5'], ['true']]).text
    expect(dyn).toBe('d\r\n\r\nx\r\n5\r\ntrue\r\n')
  })

  it('writes a dynamic empty string as "" and a dynamic null as an empty field', () => {
    const dyn = render('csv', [{ name: 'd', type: 'dynamic' }], [['""'], ['null']]).text
    expect(dyn).toBe('d\r\n""\r\n\r\n')
  })
})

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    ['a\rb', '"a\rb"'],
    ['"', '""""'],
    [' spaced ', ' spaced ']
  ])('%j → %j', (text, field) => {
    expect(csvField(text)).toBe(field)
  })
})
